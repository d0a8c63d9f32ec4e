import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MofClassNode, MofPropertyNode } from '../../src/mof/ast.js';
import {
  WBEMMOF_E_EXPECTED_CLOSE_BRACE,
  WBEMMOF_E_EXPECTED_CLOSE_BRACKET,
  WBEMMOF_E_EXPECTED_OPEN_BRACE,
  WBEMMOF_E_EXPECTED_PROPERTY_NAME,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_UNEXPECTED_ARRAY_INIT,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
} from '../../src/mof/mof-status.js';
import { parseMof } from '../../src/mof/parser.js';
import { throwsMof } from './helpers/mof-assert.js';

const one = <T>(text: string): T => parseMof(text, 't.mof').declarations[0] as T;

describe('MOF parser: pragmas', () => {
  const cases: { text: string; name: string; args: (string | number)[] }[] = [
    { text: '#pragma include ("Core/CIM_A.mof")', name: 'include', args: ['Core/CIM_A.mof'] },
    {
      text: '#pragma namespace("\\\\\\\\.\\\\root\\\\test")',
      name: 'namespace',
      args: ['\\\\.\\root\\test'],
    },
    { text: '#pragma locale ("en_US")', name: 'locale', args: ['en_US'] },
    {
      text: '#pragma classflags("forceupdate", "updateonly")',
      name: 'classflags',
      args: ['forceupdate', 'updateonly'],
    },
    { text: '#pragma classflags(64)', name: 'classflags', args: [64] },
    { text: '#pragma instanceflags("createonly")', name: 'instanceflags', args: ['createonly'] },
    { text: '#pragma autorecover', name: 'autorecover', args: [] },
  ];
  for (const c of cases) {
    it(`reads #pragma ${c.name} when written as ${c.text}`, () => {
      const p = one<{ kind: string; name: string; args: unknown[] }>(c.text);
      assert.deepEqual([p.kind, p.name, p.args], ['pragma', c.name, c.args]);
    });
  }

  it('fails with a positioned WBEMMOF_E_INVALID_PRAGMA when the pragma is unknown', () => {
    throwsMof(() => parseMof('class A {};\n  #pragma frobnicate("x")', 'p.mof'), {
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      file: 'p.mof',
      line: 2,
      column: 11,
      reason: /unknown pragma/,
    });
  });

  it('fails with WBEMMOF_E_INVALID_PRAGMA when deleteclass has no FAIL/NOFAIL argument', () => {
    throwsMof(() => parseMof('#pragma deleteclass("A")', 'p.mof'), {
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      line: 1,
      column: 9,
    });
  });

  it('fails with WBEMMOF_E_INVALID_PRAGMA when include has no argument', () => {
    throwsMof(() => parseMof('#pragma include()', 'p.mof'), {
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      line: 1,
      column: 9,
    });
  });

  it('fails with WBEMMOF_E_INVALID_PRAGMA at the argument when namespace gets a number', () => {
    throwsMof(() => parseMof('#pragma namespace(5)', 'p.mof'), {
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      line: 1,
      column: 19,
    });
  });
});

describe('MOF parser: malformed and hostile input', () => {
  const cases: { desc: string; text: string; hresult: number; line: number; column: number }[] = [
    {
      desc: 'the file ends inside a class',
      text: 'class A {\n  string X;\n',
      hresult: WBEMMOF_E_EXPECTED_CLOSE_BRACE,
      line: 3,
      column: 1,
    },
    {
      desc: 'the file ends after a property type',
      text: 'class A { string',
      hresult: WBEMMOF_E_EXPECTED_PROPERTY_NAME,
      line: 1,
      column: 17,
    },
    {
      desc: 'the class lacks its semicolon',
      text: 'class A { }',
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      line: 1,
      column: 12,
    },
    {
      desc: 'the class body has no brace',
      text: 'class A : B string X; };',
      hresult: WBEMMOF_E_EXPECTED_OPEN_BRACE,
      line: 1,
      column: 13,
    },
    {
      desc: 'a qualifier list is not closed',
      text: '[Key class A {};',
      hresult: WBEMMOF_E_EXPECTED_CLOSE_BRACKET,
      line: 1,
      column: 6,
    },
    {
      desc: 'a value is missing',
      text: 'class A { string X = ; };',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      line: 1,
      column: 22,
    },
    {
      desc: 'stray text stands at top level',
      text: 'hello;',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      line: 1,
      column: 1,
    },
  ];
  for (const c of cases) {
    it(`fails with a positioned error when ${c.desc}`, () => {
      throwsMof(() => parseMof(c.text, 'm.mof'), {
        hresult: c.hresult,
        file: 'm.mof',
        line: c.line,
        column: c.column,
      });
    });
  }

  it('fails with WBEMMOF_E_UNEXPECTED_ARRAY_INIT when 100k braces nest', () => {
    const text = `class A { string X[] = ${'{'.repeat(100_000)}"a"${'}'.repeat(100_000)}; };`;
    throwsMof(() => parseMof(text, 'deep.mof'), {
      hresult: WBEMMOF_E_UNEXPECTED_ARRAY_INIT,
      line: 1,
      column: 25,
    });
  });

  it('fails with WBEMMOF_E_INVALID_INSTANCE_DECLARATION when embedded instances nest 100k deep', () => {
    const text = `instance of A { P = ${'instance of A { P = '.repeat(100_000)}1;${' };'.repeat(100_000)} };`;
    const error = throwsMof(() => parseMof(text, 'deep.mof'), {
      hresult: WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
      line: 1,
    });
    assert.match(error.reason, /nest deeper than 64/);
  });

  it('parses embedded instances nested 64 deep and refuses the 65th level', () => {
    const nested = (depth: number) =>
      `instance of A { P = ${'instance of A { P = '.repeat(depth)}1;${' };'.repeat(depth)} };`;
    assert.equal(parseMof(nested(64), 'ok.mof').declarations.length, 1);
    throwsMof(() => parseMof(nested(65), 'deep.mof'), {
      hresult: WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
      line: 1,
      column: 1 + 'instance of A { P = '.length * 65,
    });
  });

  it('counts the nesting of embedded instances, not how many follow one another', () => {
    const siblings = Array.from({ length: 100 }, () => 'instance of B { Q = 1; }').join(', ');
    const [instance] = parseMof(`instance of A { P = {${siblings}}; };`, 'ok.mof').declarations;
    const value = instance?.kind === 'instance' ? instance.properties[0]?.value : undefined;
    assert.equal(value?.kind === 'array' ? value.items.length : 0, 100);
  });

  it('parses a 5 MB string default when a property carries it', () => {
    const big = 'y'.repeat(5 * 1024 * 1024);
    const cls = parseMof(`class A { string X = "${big}"; };`, 'big.mof')
      .declarations[0] as MofClassNode;
    const value = (cls.features[0] as MofPropertyNode).value;
    assert.equal(value?.kind === 'string' ? value.value.length : 0, big.length);
  });
});
