/**
 * @module `--url` for the reading verbs: which running CIM-XML server to act on instead of a local
 * engine, and the client that talks to it. The client's failures are already `WbemError`s (a CIM
 * status mapped to its HRESULT, or WBEM_E_TRANSPORT_FAILURE / WBEM_E_ACCESS_DENIED), so `main`
 * prints them as `<HRESULT name>: <message>` like any local failure.
 */
import {
  CimXmlClient,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_TRANSPORT_FAILURE,
  WbemError,
} from '../index.js';
import type { CommandOptions } from './command.js';
import type { CommandArgs } from './command-args.js';

export const SERVER_OPTIONS: CommandOptions = {
  url: { type: 'string' },
  insecure: { type: 'boolean' },
};

export const SERVER_OPTIONS_HELP = `Server options:
      --url URL        act on a running server (wbemrx serve or any CIM-XML server) instead
                       of a local repository: http[s]://user[:password]@host:port/namespace
                       (the password from $WBEMRX_PASSWORD when the URL has none)
      --insecure       with https, do not check the server's certificate`;

/** Where a command reads: the server's client and the namespace its URL names. */
export interface ServerTarget {
  readonly client: CimXmlClient;
  readonly namespace: string;
}

/**
 * The server `--url` names, or `null` when the command works on a local repository.
 * @throws {WbemError} `WBEM_E_INVALID_PARAMETER` for a URL that is not http(s), or for
 * `--insecure` / `--namespace` given with it where they make no sense.
 */
export function serverTargetOf(
  args: CommandArgs,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): ServerTarget | null {
  const url = args.optionalString('url');
  if (url === undefined) {
    if (args.flag('insecure'))
      throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: '--insecure needs --url' });
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `--url '${url}' is not a URL (expected http://user@host:port/namespace)`,
    });
  }
  if (args.optionalString('namespace') !== undefined)
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: '--namespace does not apply with --url: the namespace is the URL path',
    });
  const password =
    parsed.password === '' && parsed.username !== '' ? environment['WBEMRX_PASSWORD'] : undefined;
  const client = new CimXmlClient({
    url: parsed,
    ...(password === undefined ? {} : { password }),
    verifyTls: !args.flag('insecure'),
  });
  return { client, namespace: client.namespace };
}

/**
 * Runs `work` against the server and closes the client whatever happened; anything that is not
 * already a `WbemError` (a socket failure the client did not classify) becomes
 * WBEM_E_TRANSPORT_FAILURE, so the CLI always reports an HRESULT.
 * @throws {WbemError} what the server or the transport reported.
 */
export async function withServer<T>(
  target: ServerTarget,
  work: (client: CimXmlClient) => Promise<T>,
): Promise<T> {
  try {
    return await work(target.client);
  } catch (thrown) {
    if (thrown instanceof WbemError) throw thrown;
    throw new WbemError(WBEM_E_TRANSPORT_FAILURE, {
      message: `the server did not answer: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    });
  } finally {
    target.client.close();
  }
}
