import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMof, detectEncoding } from '../../src/mof/decode-mof.js';
import { MofError, mofStatusName } from '../../src/mof/mof-error.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (text: string) => new TextEncoder().encode(text);

function refuses(input: Uint8Array, position: string, reason: string): void {
  assert.throws(
    () => decodeMof(input, 'f.mof'),
    (e: unknown) => {
      assert.ok(e instanceof MofError);
      assert.equal(mofStatusName(e.hresult), 'WBEMMOF_E_INVALID_FILE');
      assert.equal(`${e.file}:${e.line}:${e.column}`, `f.mof:${position}`);
      assert.equal(e.reason, reason);
      return true;
    },
  );
}

describe('detectEncoding (MOF file bytes)', () => {
  it('finds each byte-order mark and its length', () => {
    assert.deepEqual(detectEncoding(bytes(0xff, 0xfe, 0x41, 0)), { encoding: 'utf-16le', bom: 2 });
    assert.deepEqual(detectEncoding(bytes(0xfe, 0xff, 0, 0x41)), { encoding: 'utf-16be', bom: 2 });
    assert.deepEqual(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x41)), { encoding: 'utf-8', bom: 3 });
  });

  it('takes a zero byte beside the first ASCII character as UTF-16 without a mark', () => {
    assert.deepEqual(detectEncoding(bytes(0x41, 0)), { encoding: 'utf-16le', bom: 0 });
    assert.deepEqual(detectEncoding(bytes(0, 0x41)), { encoding: 'utf-16be', bom: 0 });
  });

  it('takes everything else as UTF-8 without a mark', () => {
    for (const input of [
      bytes(),
      bytes(0x41),
      bytes(0, 0),
      bytes(0x41, 0x42),
      bytes(0xff, 0xff),
      bytes(0xfe, 0xfe),
      bytes(0xef, 0xbb, 0x41),
      bytes(0xef, 0xbf, 0xbf),
      bytes(0x41, 0xbb, 0xbf),
      bytes(0),
    ]) {
      assert.deepEqual(detectEncoding(input), { encoding: 'utf-8', bom: 0 }, String([...input]));
    }
  });
});

describe('decodeMof', () => {
  it('decodes UTF-16 in both byte orders, with or without a mark', () => {
    assert.equal(decodeMof(bytes(0xff, 0xfe, 0x41, 0, 0xac, 0x20), 'f.mof'), 'A\u20ac');
    assert.equal(decodeMof(bytes(0xfe, 0xff, 0, 0x41, 0x20, 0xac), 'f.mof'), 'A\u20ac');
    assert.equal(decodeMof(bytes(0x41, 0, 0x42, 0), 'f.mof'), 'AB');
    assert.equal(decodeMof(bytes(0, 0x41, 0, 0x42), 'f.mof'), 'AB');
  });

  it('decodes UTF-8 with or without a mark, four-byte sequences included', () => {
    assert.equal(decodeMof(bytes(0xef, 0xbb, 0xbf, 0x41), 'f.mof'), 'A');
    assert.equal(decodeMof(utf8('é\u0800\uffff\u{10ffff}'), 'f.mof'), 'é\u0800\uffff\u{10ffff}');
    assert.equal(decodeMof(bytes(), 'f.mof'), '');
  });

  it('refuses UTF-16 text of an odd length with its byte count', () => {
    refuses(bytes(0xff, 0xfe, 0x41), '0:0', 'UTF-16LE text of an odd length (3 bytes)');
    refuses(bytes(0xfe, 0xff, 0, 0x41, 0), '0:0', 'UTF-16BE text of an odd length (5 bytes)');
    refuses(bytes(0x41, 0, 0x42), '0:0', 'UTF-16LE text of an odd length (3 bytes)');
  });

  it('names the line, column and byte of the first malformed UTF-8 sequence', () => {
    const hint = '(save the file as UTF-8 or UTF-16)';
    const at = (prefix: string, ...bad: number[]) =>
      Uint8Array.from([...utf8(prefix), ...bad, 0x41]);
    refuses(at('class A\n  é', 0xff), '2:4', `invalid UTF-8 byte 0xff ${hint}`);
    refuses(bytes(0xef, 0xbb, 0xbf, 0x80), '1:1', `invalid UTF-8 byte 0x80 ${hint}`);
    // Lead bytes outside the ranges: C0/C1 (overlong) and F5 and above.
    refuses(at('a', 0xc1, 0x81), '1:2', `invalid UTF-8 byte 0xc1 ${hint}`);
    refuses(at('a', 0xf5, 0x80, 0x80, 0x80), '1:2', `invalid UTF-8 byte 0xf5 ${hint}`);
    // A missing or wrong continuation byte.
    refuses(at('ab', 0xc3), '1:3', `invalid UTF-8 byte 0xc3 ${hint}`);
    refuses(bytes(0x41, 0xe2, 0x82), '1:2', `invalid UTF-8 byte 0xe2 ${hint}`);
    refuses(at('', 0xe2, 0xc2, 0x80), '1:1', `invalid UTF-8 byte 0xe2 ${hint}`);
    // Overlong three- and four-byte forms, surrogates and code points past U+10FFFF.
    refuses(at('', 0xe0, 0x9f, 0xbf), '1:1', `invalid UTF-8 byte 0xe0 ${hint}`);
    refuses(at('', 0xf0, 0x8f, 0xbf, 0xbf), '1:1', `invalid UTF-8 byte 0xf0 ${hint}`);
    refuses(at('', 0xed, 0xa0, 0x80), '1:1', `invalid UTF-8 byte 0xed ${hint}`);
    refuses(at('', 0xed, 0xbf, 0xbf), '1:1', `invalid UTF-8 byte 0xed ${hint}`);
    refuses(at('', 0xf4, 0x90, 0x80, 0x80), '1:1', `invalid UTF-8 byte 0xf4 ${hint}`);
    refuses(at('x\ny\n', 0x0f + 0xf0), '3:1', `invalid UTF-8 byte 0xff ${hint}`);
  });

  it('positions an error after the code points at the edges of each range', () => {
    // Each edge is well-formed: the error is at the malformed byte after it, whatever the edge's
    // length (its column counts UTF-16 units, as the lexer's do).
    for (const edge of [
      '\u0080',
      '\u07ff',
      '\u0800',
      '\ud7ff',
      '\ue000',
      '\uffff',
      '\u{10000}',
      '\u{10ffff}',
    ]) {
      const input = Uint8Array.from([...utf8(`a${edge}b`), 0xff]);
      refuses(
        input,
        `1:${`a${edge}b`.length + 1}`,
        'invalid UTF-8 byte 0xff (save the file as UTF-8 or UTF-16)',
      );
    }
  });

  it('accepts the code points at the edges of each range', () => {
    const edges = ['\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\u{10000}', '\u{10ffff}'];
    assert.equal(decodeMof(utf8(edges.join('')), 'f.mof'), edges.join(''));
    assert.equal(decodeMof(bytes(0xc2, 0x80, 0xdf, 0xbf), 'f.mof'), '\u0080\u07ff');
  });
});
