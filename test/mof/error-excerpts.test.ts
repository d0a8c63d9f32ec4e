import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMof } from '../../src/mof/compile.js';
import { decodeMof } from '../../src/mof/decode-mof.js';
import { MofError } from '../../src/mof/mof-error.js';
import {
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_INVALID_FILE,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
} from '../../src/mof/mof-status.js';
import { quoteSourceLine } from '../../src/mof/quote-source.js';
import { WBEM_E_FAILED, WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { throwsMof } from './helpers/mof-assert.js';

/** A `readFile` over `files` that counts the reads of each path. */
function countingReader(files: Readonly<Record<string, string>>) {
  const reads = new Map<string, number>();
  const readFile = (path: string): string => {
    reads.set(path, (reads.get(path) ?? 0) + 1);
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  };
  return { readFile, reads };
}

const unreadable = (path: string): string => {
  throw new Error(`ENOENT: ${path}`);
};

describe('compileMof: the quoted source line of a declaration error', () => {
  it('quotes the line from an entry given as text when readFile cannot read it', () => {
    const e = throwsMof(
      () =>
        compileMof([{ path: 'given.mof', text: 'class A {};\nclass B : Missing {};' }], {
          readFile: unreadable,
        }),
      { hresult: WBEM_E_NOT_FOUND, file: 'given.mof', line: 2, column: 1 },
    );
    assert.equal(e.excerpt, '  class B : Missing {};\n  ^');
  });

  it('quotes the text of the entry the error is in when several are given as text', () => {
    const e = throwsMof(
      () =>
        compileMof(
          [
            'first.mof',
            { path: 'a.mof', text: 'class A {};\nclass AA {};' },
            { path: 'b.mof', text: 'class B {};\nclass C : Gone {};' },
          ],
          { readFile: countingReader({ 'first.mof': 'class F {};' }).readFile },
        ),
      { hresult: WBEM_E_NOT_FOUND, file: 'b.mof', line: 2, column: 1 },
    );
    assert.equal(e.excerpt, '  class C : Gone {};\n  ^');
  });

  it('reads the file again to quote it when the entry names it by path', () => {
    const { readFile, reads } = countingReader({ 'main.mof': '\nclass B : Missing {};' });
    const e = throwsMof(() => compileMof(['main.mof'], { readFile }), {
      hresult: WBEM_E_NOT_FOUND,
      line: 2,
      column: 1,
    });
    assert.equal(e.excerpt, '  class B : Missing {};\n  ^');
    assert.equal(reads.get('main.mof'), 2);
  });

  it('reads a file once when its syntax error already quotes the parsed text', () => {
    const { readFile, reads } = countingReader({ 'main.mof': 'class A {}\nclass B {};' });
    const e = throwsMof(() => compileMof(['main.mof'], { readFile }), {
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      line: 2,
      column: 1,
    });
    assert.equal(e.excerpt, '  class B {};\n  ^');
    assert.equal(reads.get('main.mof'), 1);
  });

  it('does not read an unreadable file again when the error names no line', () => {
    const { readFile, reads } = countingReader({});
    throwsMof(() => compileMof(['gone.mof'], { readFile }), {
      hresult: WBEMMOF_E_INVALID_FILE,
      file: 'gone.mof',
      line: 0,
    });
    assert.equal(reads.get('gone.mof'), 1);
  });

  it('reports the error without a quote when the file cannot be read a second time', () => {
    let reads = 0;
    const readFile = (path: string): string => {
      reads++;
      if (reads > 1) throw new Error(`EACCES: ${path}`);
      return 'class B : Missing {};';
    };
    const e = throwsMof(() => compileMof(['main.mof'], { readFile }), {
      hresult: WBEM_E_NOT_FOUND,
      line: 1,
    });
    assert.equal(e.excerpt, undefined);
  });
});

describe('quoteSourceLine', () => {
  it('returns the error unchanged and reads no file when it is not a MofError', () => {
    const error = new WbemError(WBEM_E_FAILED, { message: 'not positioned' });
    const { readFile, reads } = countingReader({});
    assert.equal(quoteSourceLine(error, [{ path: 'a.mof', text: 'x' }], readFile), error);
    assert.equal(reads.size, 0);
  });
});

describe('MofError.withSource (the quoted line)', () => {
  const at = (line: number, column: number) =>
    new MofError(WBEMMOF_E_UNRECOGNIZED_TOKEN, { file: 'f.mof', line, column }, 'bad');

  it('quotes an empty line when the error is on an empty first line', () => {
    assert.equal(at(1, 1).withSource('\nclass A {};').excerpt, '  \n  ^');
  });

  it('quotes the second line when the first line is empty', () => {
    assert.equal(at(2, 7).withSource('\nclass A {};').excerpt, '  class A {};\n        ^');
  });

  it('keeps a carriage return inside the line when it drops the one ending it', () => {
    assert.equal(at(1, 3).withSource('ab\rcd\r\nnext').excerpt, '  ab\rcd\n    ^');
  });
});

describe('decodeMof: UTF-8 lead bytes', () => {
  it('fails with WBEMMOF_E_INVALID_FILE when a lead byte above 0xF4 precedes continuation bytes', () => {
    for (const lead of [0xf5, 0xf8, 0xff]) {
      const bytes = new Uint8Array([0x41, lead, 0x90, 0x80, 0x80]);
      throwsMof(() => decodeMof(bytes, 'x.mof'), {
        hresult: WBEMMOF_E_INVALID_FILE,
        line: 1,
        column: 2,
      });
    }
  });

  it('fails with WBEMMOF_E_INVALID_FILE when a character starts with a continuation byte or 0xC0', () => {
    for (const lead of [0x80, 0xc0]) {
      const bytes = new Uint8Array([0x41, 0x42, lead, 0x90, 0x80, 0x80]);
      throwsMof(() => decodeMof(bytes, 'x.mof'), {
        hresult: WBEMMOF_E_INVALID_FILE,
        line: 1,
        column: 3,
      });
    }
  });

  it('decodes a four-byte character when its lead byte is 0xF0', () => {
    assert.equal(decodeMof(new Uint8Array([0xf0, 0x9f, 0x98, 0x80]), 'x.mof'), '\u{1f600}');
  });
});
