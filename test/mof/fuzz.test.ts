import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MofError } from '../../src/mof/mof-error.js';
import { parseMof } from '../../src/mof/parser.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { compileText } from './helpers/memory-files.js';

const PIECES = [
  'class',
  'instance',
  'of',
  'as',
  'Qualifier',
  'Scope',
  'Flavor',
  'REF',
  'ref',
  'object',
  'string',
  'uint32',
  'sint64',
  'boolean',
  'void',
  'true',
  'NULL',
  'A',
  'B',
  'Key',
  'Description',
  '#pragma',
  'include',
  'namespace',
  'classflags',
  '"createonly"',
  '"x.mof"',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ';',
  ',',
  ':',
  '=',
  '$A',
  '"s"',
  '"\\n"',
  "'c'",
  '0x1F',
  '101b',
  '017',
  '-5',
  '1.5e3',
  '/* c */',
  '// c\n',
  '\n',
  ' ',
  '"unterminated',
  '/* open',
  '\\',
  '@',
  '18446744073709551616',
  'ToSubclass',
];

const soup = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 60 })
  .map((parts) => parts.join(' '));

/** Succeeds or throws a positioned WbemError; anything else is a bug. */
function outcome(run: () => unknown): 'ok' | 'error' {
  try {
    run();
    return 'ok';
  } catch (thrown) {
    assert.ok(thrown instanceof WbemError, `not a WbemError: ${String(thrown)}`);
    if (thrown instanceof MofError) assert.ok(thrown.line >= 0 && thrown.column >= 0);
    return 'error';
  }
}

describe('MOF parser and compiler: arbitrary input', () => {
  it('returns or fails with a WbemError when given token soup', () => {
    fc.assert(
      fc.property(soup, (text) => {
        outcome(() => parseMof(text, 'fuzz.mof'));
        outcome(() => compileText(text));
      }),
      { numRuns: 400 },
    );
  });

  it('returns or fails with a WbemError when given arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        outcome(() => compileText(text));
      }),
      { numRuns: 300 },
    );
  });

  it('compiles a well-formed class inside random whitespace and comments', () => {
    const gap = fc.constantFrom(' ', '\n', '\t', '/* x */', '// y\n', '\r\n');
    fc.assert(
      fc.property(fc.array(gap, { minLength: 9, maxLength: 9 }), (g) => {
        const text = `${g[0]}class${g[1]}A${g[2]}{${g[3]}string${g[4]}S${g[5]}=${g[6]}"v"${g[7]};${g[8]}};`;
        const op = compileText(text).operations[0];
        assert.equal(op?.kind === 'class' ? op.cls.properties.get('s')?.value : undefined, 'v');
      }),
      { numRuns: 100 },
    );
  });
});

describe('MOF literals: round trip', () => {
  const SINT64_MIN = -(2n ** 63n);
  const SINT64_MAX = 2n ** 63n - 1n;

  it('reads every sint64 back as its decimal text when written in decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: SINT64_MIN, max: SINT64_MAX }), (n) => {
        const op = compileText(`class A { sint64 P = ${n}; };`).operations[0];
        assert.equal(
          op?.kind === 'class' ? op.cls.properties.get('p')?.value : undefined,
          n.toString(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('reads the same uint32 when written in hex, octal, binary or decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffffffff }), (n) => {
        const forms = [`0x${n.toString(16)}`, `0${n.toString(8)}`, `${n.toString(2)}b`, `${n}`];
        const text = `class A { ${forms.map((f, i) => `uint32 P${i} = ${f};`).join(' ')} };`;
        const op = compileText(text).operations[0];
        const values =
          op?.kind === 'class' ? [...op.cls.properties.values()].map((p) => p.value) : [];
        assert.deepEqual(values, [n, n, n, n]);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a string back unchanged when every character is written as an escape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (s) => {
        const escaped = [...s].map((ch) => `\\x${ch.charCodeAt(0).toString(16)}`).join('');
        const op = compileText(`class A { string P = "${escaped}"; };`).operations[0];
        assert.equal(op?.kind === 'class' ? op.cls.properties.get('p')?.value : undefined, s);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a real64 back as the same number when written with an exponent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = x.toExponential();
        const op = compileText(`class A { real64 P = ${text}; };`).operations[0];
        assert.equal(
          op?.kind === 'class' ? op.cls.properties.get('p')?.value : undefined,
          Number(text),
        );
      }),
      { numRuns: 200 },
    );
  });
});
