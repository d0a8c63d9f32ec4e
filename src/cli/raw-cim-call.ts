/**
 * @module `cimCall`: one DSP0200 intrinsic call posted as written, for the instance the client
 * library cannot send. `CimXmlClient.createInstance` and `deleteInstance` type the values by the
 * class's own definition, which lacks inherited properties, so the keys of a
 * `CIM_ListenerDestinationCIMXML` (all inherited from `CIM_ListenerDestination`) would be
 * dropped; here the caller writes the XML itself.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WBEM_E_FAILED, WBEM_E_TRANSPORT_FAILURE, WbemError } from '../index.js';

/** Where to post: the server's URL (user and password in it, or given), TLS checks. */
export interface RawTarget {
  readonly url: URL;
  readonly password?: string;
  readonly insecure: boolean;
}

export function xmlText(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** `INSTANCENAME` of string keys. */
export function instanceNameXml(className: string, keys: Readonly<Record<string, string>>): string {
  const bindings = Object.entries(keys)
    .map(
      ([k, v]) =>
        `<KEYBINDING NAME="${xmlText(k)}"><KEYVALUE VALUETYPE="string">${xmlText(v)}</KEYVALUE></KEYBINDING>`,
    )
    .join('');
  return `<INSTANCENAME CLASSNAME="${xmlText(className)}">${bindings}</INSTANCENAME>`;
}

/** `INSTANCE` of string properties. */
export function instanceXml(className: string, values: Readonly<Record<string, string>>): string {
  const properties = Object.entries(values)
    .map(
      ([k, v]) =>
        `<PROPERTY NAME="${xmlText(k)}" TYPE="string"><VALUE>${xmlText(v)}</VALUE></PROPERTY>`,
    )
    .join('');
  return `<INSTANCE CLASSNAME="${xmlText(className)}">${properties}</INSTANCE>`;
}

/**
 * Posts `method` with `params` (IPARAMVALUE elements) to `namespace`; resolves when the server
 * answers without an ERROR.
 * @throws {WbemError} WBEM_E_TRANSPORT_FAILURE when the server cannot be reached; WBEM_E_FAILED
 * with the server's description for an HTTP or CIM error.
 */
export function cimCall(
  target: RawTarget,
  method: string,
  namespace: string,
  params: string,
): Promise<void> {
  const ns = namespace
    .split('/')
    .map((n) => `<NAMESPACE NAME="${xmlText(n)}"/>`)
    .join('');
  const body = `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="1" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL NAME="${method}"><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`;
  const user = decodeURIComponent(target.url.username);
  const password = target.password ?? decodeURIComponent(target.url.password);
  const headers: Record<string, string> = {
    'Content-Type': 'application/xml; charset="utf-8"',
    'Content-Length': String(Buffer.byteLength(body)),
    CIMOperation: 'MethodCall',
    CIMMethod: method,
    CIMObject: encodeURIComponent(namespace),
  };
  if (user !== '')
    headers['Authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const endpoint = new URL(`${target.url.protocol}//${target.url.host}/cimom`);
  const send = endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      endpoint,
      { method: 'POST', headers, timeout: 60_000, rejectUnauthorized: !target.insecure },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const error = /<ERROR\b[^>]*DESCRIPTION="([^"]*)"/.exec(text);
          if (res.statusCode !== 200 || error !== null) {
            reject(
              new WbemError(WBEM_E_FAILED, {
                message: `${method} from the server: ${error?.[1] ?? `HTTP ${res.statusCode}`}`,
              }),
            );
          } else resolve();
        });
        res.on('error', (e) => reject(new WbemError(WBEM_E_TRANSPORT_FAILURE, { cause: e })));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 60 s')));
    req.on('error', (e) =>
      reject(new WbemError(WBEM_E_TRANSPORT_FAILURE, { message: e.message, cause: e })),
    );
    req.end(body);
  });
}
