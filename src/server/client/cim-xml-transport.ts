/**
 * @module The HTTP half of `CimXmlClient`: one keep-alive agent, Basic auth, DSP0200 request
 * headers, and the reply read back as an element tree (or a `WbemError` for HTTP-level faults).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_FAILED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_TRANSPORT_FAILURE,
  WbemError,
} from '../../index.js';
import { parseXml, type XmlElement } from '../xml-tree.js';

export interface CimXmlClientOptions {
  /**
   * `http(s)://[user[:password]@]host[:port][/namespace]`; the namespace defaults to
   * `root/cimv2` and may be percent-encoded (`/root%2Fcimv2`).
   */
  readonly url: string | URL;
  /** Overrides the URL's user. */
  readonly user?: string;
  /** Overrides the URL's password. */
  readonly password?: string;
  /** Check the server's TLS certificate. Default true. */
  readonly verifyTls?: boolean;
  /** One request's time limit, ms. Default 60 s. */
  readonly timeoutMs?: number;
  /** Extra headers on every request (`X-WBEMRX-UpdateMode` is set per call by `modifyClass`). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ResolvedTarget {
  readonly url: URL;
  readonly namespace: string;
  readonly authorization: string | undefined;
}

/**
 * Splits a client URL into endpoint, namespace and credentials.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a URL that is not http(s).
 */
export function resolveTarget(options: CimXmlClientOptions): ResolvedTarget {
  let url: URL;
  try {
    url = new URL(String(options.url));
  } catch {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${String(options.url)} is not a URL`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${url.protocol} is not http: or https:`,
    });
  }
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const user = options.user ?? decodeURIComponent(url.username);
  const password = options.password ?? decodeURIComponent(url.password);
  const endpoint = new URL(`${url.protocol}//${url.host}/cimom`);
  return {
    url: endpoint,
    namespace: path === '' ? 'root/cimv2' : path,
    authorization:
      user === '' ? undefined : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

export class CimXmlTransport {
  readonly #target: ResolvedTarget;
  readonly #options: CimXmlClientOptions;
  readonly #agent: HttpAgent;

  constructor(target: ResolvedTarget, options: CimXmlClientOptions) {
    this.#target = target;
    this.#options = options;
    this.#agent =
      target.url.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: options.verifyTls ?? true })
        : new HttpAgent({ keepAlive: true });
  }

  /**
   * Posts one intrinsic method call and returns the parsed `CIM` root.
   * @throws {WbemError} WBEM_E_ACCESS_DENIED (401/403), WBEM_E_TRANSPORT_FAILURE (network, timeout),
   * WBEM_E_FAILED (another HTTP status, with its `CIMError` header).
   */
  post(
    method: string,
    namespace: string,
    body: string,
    extra: Record<string, string> = {},
  ): Promise<XmlElement> {
    const send = this.#target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const timeoutMs = this.#options.timeoutMs ?? 60_000;
    const headers: Record<string, string> = {
      'Content-Type': 'application/xml; charset="utf-8"',
      'Content-Length': String(Buffer.byteLength(body)),
      CIMOperation: 'MethodCall',
      CIMMethod: method,
      CIMObject: encodeURIComponent(namespace),
      ...this.#options.headers,
      ...extra,
    };
    if (this.#target.authorization !== undefined)
      headers['Authorization'] = this.#target.authorization;
    // A kept-alive connection the server closes for being idle can take the next request as it
    // closes: the request then fails on a reused socket before any reply, unread by the server,
    // and is sent once more on a new connection (the retry Node's HTTP documentation describes
    // for `reusedSocket`). A request on a new connection is never sent twice.
    return new Promise((resolve, reject) => {
      const attempt = (mayRetry: boolean): void => {
        let replied = false;
        const req = send(
          this.#target.url,
          { method: 'POST', agent: this.#agent, timeout: timeoutMs, headers },
          (res) => {
            replied = true;
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (e) => reject(transport(e)));
            res.on('end', () => {
              const status = res.statusCode ?? 0;
              if (status !== 200) {
                const cimError = res.headers['cimerror'];
                const hr = status === 401 || status === 403 ? WBEM_E_ACCESS_DENIED : WBEM_E_FAILED;
                reject(
                  new WbemError(hr, {
                    message: `HTTP ${status}${cimError === undefined ? '' : ` (CIMError: ${String(cimError)})`} from ${this.#target.url.host}`,
                  }),
                );
                return;
              }
              try {
                resolve(
                  parseXml(Buffer.concat(chunks).toString('utf8'), {
                    maxDepth: 200,
                    maxElements: 50_000_000,
                  }),
                );
              } catch (error) {
                reject(
                  new WbemError(WBEM_E_FAILED, {
                    message: `the reply is not CIM-XML: ${String(error)}`,
                    cause: error,
                  }),
                );
              }
            });
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no reply within ${timeoutMs} ms`)));
        req.on('error', (e: NodeJS.ErrnoException) => {
          if (mayRetry && !replied && req.reusedSocket && e.code === 'ECONNRESET') {
            attempt(false);
            return;
          }
          reject(transport(e));
        });
        req.end(body);
      };
      attempt(true);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function transport(error: Error): WbemError {
  return new WbemError(WBEM_E_TRANSPORT_FAILURE, { message: error.message, cause: error });
}
