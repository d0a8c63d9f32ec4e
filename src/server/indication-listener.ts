/**
 * @module A small CIM-XML indication listener (DSP0200 export messages): it accepts
 * `ExportIndication` POSTs and emits each indication as an Observable, for `wbemrx watch --url`
 * and for tests of the server's subscriptions.
 *
 * @example
 * const listener = await startIndicationListener({ port: 0 });
 * listener.indications$.subscribe((i) => console.log(i.className));
 * // subscribe with Destination = listener.url, ... later
 * await listener.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Observable, Subject } from 'rxjs';
import {
  type CimInstance,
  WBEM_E_FAILED,
  WBEM_E_INVALID_SYNTAX,
  WBEM_E_TOO_MUCH_DATA,
  WbemError,
} from '../index.js';
import { CimHttpError } from './cim-http-error.js';
import { decodeInstance, NO_DECLARATIONS } from './decode-cim.js';
import { xmlAttr } from './xml-escape.js';
import { childNamed, parseXml, type XmlElement } from './xml-tree.js';

export interface IndicationListenerOptions {
  /** Default 0 (a free port). */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Largest request body, bytes (413 beyond). Default 4 MiB. */
  readonly maxBodyBytes?: number;
}

/** One indication received. */
export interface ReceivedIndication {
  /** `INSTANCE CLASSNAME`: the indication class (`__InstanceCreationEvent`, ...). */
  readonly className: string;
  /** Decoded; embedded objects (`TargetInstance`, ...) are decoded instances or classes. */
  readonly instance: CimInstance;
  readonly messageId: string;
}

export interface IndicationListener {
  readonly port: number;
  /** `http://host:port/` to give as `CIM_ListenerDestinationCIMXML.Destination`. */
  readonly url: string;
  /** Every indication received, in arrival order; completes on `close`. */
  readonly indications$: Observable<ReceivedIndication>;
  /** Requests refused (bad XML, not an ExportIndication, too large). */
  readonly refused: () => number;
  close(): Promise<void>;
}

function notValid(message: string): CimHttpError {
  return new CimHttpError(WBEM_E_INVALID_SYNTAX, 400, 'request-not-valid', message);
}

/**
 * The indication of an export request body.
 * @throws {CimHttpError} request-not-well-formed / request-not-valid.
 */
export function readExportIndication(body: string): ReceivedIndication {
  const root = parseXml(body, { maxDepth: 64, maxElements: 1_000_000 });
  const message = root.name === 'CIM' ? childNamed(root, 'MESSAGE') : undefined;
  const req = message === undefined ? undefined : childNamed(message, 'SIMPLEEXPREQ');
  const call = req === undefined ? undefined : childNamed(req, 'EXPMETHODCALL');
  if (message === undefined || call === undefined)
    throw notValid('not a CIM export request (CIM/MESSAGE/SIMPLEEXPREQ/EXPMETHODCALL)');
  if (call.attrs['NAME']?.toLowerCase() !== 'exportindication')
    throw notValid(`export method ${call.attrs['NAME'] ?? '(none)'} is not ExportIndication`);
  const param = call.children.find(
    (c) => c.name === 'EXPPARAMVALUE' && c.attrs['NAME']?.toLowerCase() === 'newindication',
  );
  const inst: XmlElement | undefined =
    param === undefined ? undefined : childNamed(param, 'INSTANCE');
  if (inst === undefined) throw notValid('ExportIndication carries no NewIndication INSTANCE');
  let instance: CimInstance;
  try {
    instance = decodeInstance(inst, NO_DECLARATIONS);
  } catch (error) {
    // The detail, not the message: the refusal names its own HRESULT in front of it.
    const detail = error instanceof WbemError ? error.detail : undefined;
    throw notValid(detail ?? (error instanceof Error ? error.message : String(error)));
  }
  return { className: instance.className, instance, messageId: message.attrs['ID'] ?? '' };
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        // Not `req.destroy()`: that cut the connection before the 413 could be written. The
        // refusal closes the connection once written; the bytes before that are dropped here.
        // Stryker disable next-line StringLiteral: the message is never sent: a refusal is its status and headers
        reject(new CimHttpError(WBEM_E_TOO_MUCH_DATA, 413, undefined, 'body too large'));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Listens for ExportIndication requests.
 * @throws {WbemError} WBEM_E_FAILED when the address cannot be bound.
 */
export async function startIndicationListener(
  options: IndicationListenerOptions = {},
): Promise<IndicationListener> {
  const subject = new Subject<ReceivedIndication>();
  const max = options.maxBodyBytes ?? 4 * 1024 * 1024;
  let refused = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (req.method !== 'POST')
        // Stryker disable next-line StringLiteral: the message is never sent: a refusal is its status and headers
        throw new CimHttpError(WBEM_E_INVALID_SYNTAX, 405, undefined, 'POST only');
      const indication = readExportIndication(await readBody(req, max));
      res.writeHead(200, {
        'Content-Type': 'application/xml; charset="utf-8"',
        CIMExport: 'MethodResponse',
      });
      res.end(
        `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE${xmlAttr('ID', indication.messageId)} PROTOCOLVERSION="1.0"><SIMPLEEXPRSP><EXPMETHODRESPONSE NAME="ExportIndication"></EXPMETHODRESPONSE></SIMPLEEXPRSP></MESSAGE></CIM>`,
      );
      subject.next(indication);
    } catch (error) {
      refused++;
      const e =
        error instanceof CimHttpError
          ? error
          : new CimHttpError(WBEM_E_FAILED, 500, undefined, String(error));
      if (!res.headersSent)
        res.writeHead(e.httpStatus, { Connection: 'close', ...e.refusalHeaders() });
      res.end();
    }
  };
  const server = createServer({ requestTimeout: 30_000 }, (req, res) => {
    void handle(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw new WbemError(WBEM_E_FAILED, {
      message: `cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`,
      cause: error,
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    indications$: subject.asObservable(),
    refused: () => refused,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        subject.complete();
      });
      return closing;
    },
  };
}
