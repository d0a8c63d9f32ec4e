/**
 * @module MOF file bytes → text, as mofcomp reads them: UTF-16LE or UTF-16BE with a byte-order
 * mark, UTF-16LE without one (Windows tools write it; recognised, as mofcomp does, by a zero
 * high byte in the first character), UTF-8 with or without a mark. Invalid UTF-8 is an error at
 * its line and column, never a silent U+FFFD.
 */
import { MofError } from './mof-error.js';
import { WBEMMOF_E_INVALID_FILE } from './mof-status.js';

/** The encoding `decodeMof` found. */
export type MofEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Encoding of `bytes` and the length of its byte-order mark. */
export function detectEncoding(bytes: Uint8Array): { encoding: MofEncoding; bom: number } {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bom: 3 };
  // No mark: MOF text starts with ASCII (a comment, `#pragma`, `[`, `class`), so a zero byte
  // beside it means 16-bit units.
  if (bytes.length >= 2 && b0 !== 0 && b1 === 0) return { encoding: 'utf-16le', bom: 0 };
  if (bytes.length >= 2 && b0 === 0 && b1 !== 0) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * Decodes well-formed UTF-8 natively, throwing on the first malformed sequence: the WHATWG
 * decoder's errors are exactly RFC 3629's (overlong forms, surrogates, code points past U+10FFFF,
 * cut-off sequences). The byte loop below runs only to position the error: on a load's first
 * pass it is interpreted, and it would visit every byte of every file (4 MB for the DMTF schema).
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Byte offset of the first malformed UTF-8 sequence, or -1 (RFC 3629 well-formedness). */
function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * The text of a MOF file's bytes.
 * @throws {MofError} WBEMMOF_E_INVALID_FILE for malformed UTF-8 (at its line and column) or
 * UTF-16 text of an odd byte length.
 */
export function decodeMof(bytes: Uint8Array, file: string): string {
  const { encoding, bom } = detectEncoding(bytes);
  if (encoding !== 'utf-8') {
    if ((bytes.length - bom) % 2 !== 0) {
      throw new MofError(
        WBEMMOF_E_INVALID_FILE,
        { file, line: 0, column: 0 },
        `${encoding.toUpperCase()} text of an odd length (${bytes.length} bytes)`,
      );
    }
    return new TextDecoder(encoding).decode(bytes.subarray(bom));
  }
  try {
    return STRICT_UTF8.decode(bytes.subarray(bom));
  } catch {
    // Malformed: find where, below.
  }
  const bad = firstInvalidUtf8(bytes, bom);
  if (bad < 0) return new TextDecoder('utf-8').decode(bytes.subarray(bom));
  const before = new TextDecoder('utf-8').decode(bytes.subarray(bom, bad));
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  throw new MofError(
    WBEMMOF_E_INVALID_FILE,
    { file, line, column: before.length - lineStart + 1 },
    // A malformed sequence starts at 0x80 or above: always two hex digits.
    `invalid UTF-8 byte 0x${(bytes[bad] as number).toString(16)} (save the file as UTF-8 or UTF-16)`,
  );
}
