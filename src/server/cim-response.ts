/**
 * @module The CIM-XML response envelope: `SIMPLERSP` with an `IMETHODRESPONSE` (or a
 * `METHODRESPONSE` for an extrinsic call) holding the return value, out parameters or `ERROR`.
 * A void reply has no `IRETURNVALUE` at all: pywbem refuses an empty one.
 */
import type { CimErrorReply } from './cim-status.js';
import type { OperationReply } from './operation.js';
import { XmlChunks } from './xml-chunks.js';
import { xmlAttr } from './xml-escape.js';

/** The headers of every CIM-XML response but `Content-Length`, as `writeHead`'s flat list. */
export const RESPONSE_HEADERS: readonly string[] = [
  'Content-Type',
  'application/xml; charset="utf-8"',
  'CIMOperation',
  'MethodResponse',
  'Cache-Control',
  'no-cache',
];

function envelopeHead(messageId: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE${xmlAttr('ID', messageId)} PROTOCOLVERSION="1.0"><SIMPLERSP>`;
}

const ENVELOPE_TAIL = '</SIMPLERSP></MESSAGE></CIM>\n';

function envelope(messageId: string, body: string): string {
  return `${envelopeHead(messageId)}${body}${ENVELOPE_TAIL}`;
}

function tag(extrinsic: boolean): string {
  return extrinsic ? 'METHODRESPONSE' : 'IMETHODRESPONSE';
}

/** A response body: text, or UTF-8 chunks in order (a reply whose value came as `XmlChunks`). */
export type ResponseBody = string | readonly Buffer[];

/** A successful response. */
export function replyXml(messageId: string, method: string, reply: OperationReply): ResponseBody {
  const { returnValue } = reply;
  const open = `<IMETHODRESPONSE${xmlAttr('NAME', method)}>`;
  const close = `${reply.outParams ?? ''}</IMETHODRESPONSE>`;
  if (returnValue instanceof XmlChunks) {
    return [
      Buffer.from(`${envelopeHead(messageId)}${open}<IRETURNVALUE>`),
      ...returnValue.buffers(),
      Buffer.from(`</IRETURNVALUE>${close}${ENVELOPE_TAIL}`),
    ];
  }
  const value = returnValue === null ? '' : `<IRETURNVALUE>${returnValue}</IRETURNVALUE>`;
  return envelope(messageId, `${open}${value}${close}`);
}

/** An error response (HTTP 200, DSP0200 §5.2). */
export function errorXml(
  messageId: string,
  method: string,
  error: CimErrorReply,
  extrinsic = false,
): string {
  const t = tag(extrinsic);
  return envelope(
    messageId,
    `<${t}${xmlAttr('NAME', method)}><ERROR${xmlAttr('CODE', String(error.code))}${xmlAttr('DESCRIPTION', error.description)}/></${t}>`,
  );
}
