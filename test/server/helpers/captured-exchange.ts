/**
 * @module Test helper: the captured CIM-XML exchanges in `test/server/fixtures/cimxml-examples/`
 * (pywbem and sblim-wbemcli requests, with the responses another server gave), read back as the
 * request's headers and body, or sent to a test server (`replay`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CimClient, type CimReply, readCimReply } from './cim-client.js';

export interface CapturedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The request of a captured exchange, by file name. */
export function capturedRequest(file: string): CapturedRequest {
  const path = fileURLToPath(
    new URL(`../../../../test/server/fixtures/cimxml-examples/${file}`, import.meta.url),
  );
  const text = readFileSync(path, 'utf8');
  const request = text.split('########## RESPONSE')[0] ?? '';
  const [head = '', ...rest] = request.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/).slice(2)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  // Keep only the CIM headers and the content type; the agent sets the rest.
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([k]) => /^(cim|content-type)/i.test(k)),
  );
  return { headers: kept, body: rest.join('\n\n').trim() };
}

/**
 * Sends a captured request (its CIM headers and body, through `edit` when given) and reads the
 * reply; the HTTP status must be 200.
 */
export async function replay(
  client: CimClient,
  file: string,
  edit: (body: string) => string = (body) => body,
): Promise<CimReply> {
  const { headers, body } = capturedRequest(file);
  const http = await client.post(edit(body), headers);
  assert.equal(http.status, 200, http.body);
  return readCimReply(http);
}
