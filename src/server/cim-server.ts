/**
 * @module `startServer`: the engine as a CIM-XML WBEM server (DSP0200 operations, DSP0201
 * encoding) on `node:http` or `node:https`, so that WBEM tools (pywbem, wbemcli, cimcli) use it
 * unchanged.
 *
 * @example
 * const engine = await WbemEngine.start();
 * const server = await startServer(engine, { port: 5988, users: new UserDirectory(file) });
 * // ... later
 * await server.close();
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WBEM_E_FAILED, type WbemEngine, WbemError } from '../index.js';
import { BasicAuthenticator } from './basic-auth.js';
import { CallDispatcher } from './call-dispatcher.js';
import { EnumerationContexts } from './enumeration-contexts.js';
import { serveRequest } from './http-front.js';
import { IndicationService } from './indication-service.js';
import { guardSubscriptionWrites } from './indication-subscription-guard.js';
import { ensureProfileSchema } from './interop-profile-schema.js';
import { operationTable } from './operations.js';
import { publishedInteropView } from './published-interop.js';
import { resolveServerOptions, type ServerOptions } from './server-options.js';
import { readUsersFile, UserDirectory } from './user-store.js';
import { type UsersFileWatch, watchUsersFile } from './users-file-watch.js';
import { WqlQueryBackend } from './wql-query-backend.js';

/** A running server. */
export interface CimServer {
  /** The port it listens on (the one chosen when `port: 0` was asked). */
  readonly port: number;
  readonly host: string;
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** Open enumeration contexts (pull operations). */
  readonly openEnumerations: () => number;
  /** The DSP1054 subscriptions served (null when `indications: false`). */
  readonly indications: IndicationService | null;
  /** Stops listening, ends every connection and closes open enumerations. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts serving `engine` over CIM-XML. The engine stays the caller's: closing the server does
 * not shut it down.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for bad options; WBEM_E_FAILED when the address
 * cannot be bound (in use, not permitted).
 */
export async function startServer(
  engine: WbemEngine,
  options: ServerOptions = {},
): Promise<CimServer> {
  const resolved = resolveServerOptions(options);
  const users =
    resolved.users ??
    (resolved.usersFile === null
      ? null
      : new UserDirectory(await readUsersFile(resolved.usersFile)));
  const enumerations = new EnumerationContexts(resolved.enumeration);
  // The default backend is the server's own, so it is closed with it; one passed in stays the caller's.
  const ownQueries = options.queries === undefined ? new WqlQueryBackend(engine.events$) : null;
  const operations = operationTable(ownQueries ?? resolved.queries);
  const interop = resolved.indications !== false;
  const dispatcher = new CallDispatcher(
    engine,
    interop ? guardSubscriptionWrites(operations, engine) : operations,
    enumerations,
    interop ? publishedInteropView(engine) : null,
  );
  const auth = users === null ? null : new BasicAuthenticator(users, resolved.allowAnonymous);
  const handler: Parameters<typeof createHttpServer>[1] = (req, res) => {
    void serveRequest(req, res, resolved, auth, dispatcher);
  };
  const { limits } = resolved;
  // Node checks the header and request timeouts only this often (30 s by default).
  const connectionsCheckingInterval = Math.max(
    100,
    Math.min(1000, limits.headersTimeoutMs / 2, limits.requestTimeoutMs / 2),
  );
  const server: Server =
    resolved.tls === null
      ? createHttpServer({ connectionsCheckingInterval }, handler)
      : createHttpsServer(
          { cert: resolved.tls.cert, key: resolved.tls.key, connectionsCheckingInterval },
          handler,
        );
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.maxHeadersCount = 100;
  // A client that stalls mid-request is cut off by requestTimeout; one that opens a socket and
  // sends nothing, by headersTimeout. Neither holds anything another client needs. Node's parser
  // knows no M-POST (DSP0200 §7.2.2), nor any other method it has no name for: such a request is
  // answered 501, on which a DSP0200 client that tried M-POST retries with POST.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? '431 Request Header Fields Too Large'
          : error.code === 'HPE_INVALID_METHOD'
            ? '501 Not Implemented'
            : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    ownQueries?.close();
    throw new WbemError(WBEM_E_FAILED, {
      message: `cannot listen on ${resolved.host}:${resolved.port}: ${(error as Error).message}`,
      cause: error,
    });
  });
  let indications: IndicationService | null = null;
  if (resolved.indications !== false) {
    try {
      indications = await IndicationService.start(engine, resolved.indications);
      await ensureProfileSchema(engine);
    } catch (error) {
      indications?.close();
      ownQueries?.close();
      server.close();
      server.closeAllConnections();
      throw error;
    }
  }
  let usersWatch: UsersFileWatch | null = null;
  if (resolved.usersFile !== null && users !== null) {
    try {
      usersWatch = watchUsersFile(resolved.usersFile, users);
    } catch (error) {
      // A file whose directory cannot be watched still serves the users read at start.
      process.emitWarning(`users file ${resolved.usersFile} is not watched: ${String(error)}`);
    }
  }
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host: resolved.host,
    scheme: resolved.tls === null ? 'http' : 'https',
    openEnumerations: () => enumerations.size,
    indications,
    close() {
      closing ??= new Promise<void>((resolve) => {
        enumerations.closeAll();
        usersWatch?.close();
        indications?.close();
        ownQueries?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
