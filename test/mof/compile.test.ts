import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMof } from '../../src/mof/compile.js';
import { MofError } from '../../src/mof/mof-error.js';
import {
  WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_FILE,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
} from '../../src/mof/mof-status.js';
import { parseMof } from '../../src/mof/parser.js';
import { WBEM_FLAG_UPDATE_FORCE_MODE, WBEM_FLAG_UPDATE_ONLY } from '../../src/wbem/flags.js';
import { WBEM_E_FAILED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { fixturePath, readFixture } from './helpers/fixtures.js';
import { compileFiles, memoryReader } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { classOps, names } from './helpers/operations.js';

describe('compileMof: include tree on disk', () => {
  const result = compileMof([fixturePath('mof/tree/main.mof')], { readFile: readFixture });

  it('reads every included file relative to its includer, in source order', () => {
    assert.deepEqual(
      result.files.map((f) => f.slice(f.indexOf('mof/tree/') + 9)),
      ['main.mof', 'qualifiers.mof', 'sub/derived.mof', 'sub/base.mof'],
    );
  });

  it('puts qualifier declarations first, then classes level by level, then instances', () => {
    assert.deepEqual(names(result.operations), [
      'q:Key',
      'q:Description',
      'Ex_Base',
      'Ex_Other',
      'Ex_Derived',
      'i:Ex_Other',
    ]);
    assert.deepEqual(
      classOps(result.operations).map((op) => op.level),
      [0, 0, 1],
    );
    assert.deepEqual([result.qualifierCount, result.classCount, result.instanceCount], [2, 3, 1]);
  });

  it('applies #pragma namespace and classflags to the declarations after them only', () => {
    const ops = classOps(result.operations);
    assert.deepEqual(
      ops.map((op) => [op.cls.name, op.namespace, op.flags]),
      [
        ['Ex_Base', 'root/cimv2', 0],
        ['Ex_Other', 'root/other', WBEM_FLAG_UPDATE_FORCE_MODE | WBEM_FLAG_UPDATE_ONLY],
        ['Ex_Derived', 'root/cimv2', 0],
      ],
    );
    assert.equal(result.operations.at(-1)?.namespace, 'root/other');
  });

  it('records the MOF position of each declaration on its operation', () => {
    const derived = classOps(result.operations).find((op) => op.cls.name === 'Ex_Derived');
    assert.match(derived?.source.file ?? '', /sub\/derived\.mof$/);
    assert.deepEqual([derived?.source.line, derived?.source.column], [2, 1]);
  });
});

describe('compileMof: malformed files on disk', () => {
  const cases: { file: string; hresult: number; at: string; line: number; column: number }[] = [
    {
      file: 'truncated.mof',
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      at: 'truncated.mof',
      line: 4,
      column: 1,
    },
    {
      file: 'bad-escape.mof',
      hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
      at: 'bad-escape.mof',
      line: 2,
      column: 19,
    },
    {
      file: 'unknown-pragma.mof',
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      at: 'unknown-pragma.mof',
      line: 2,
      column: 9,
    },
    {
      file: 'unterminated-comment.mof',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      at: 'unterminated-comment.mof',
      line: 2,
      column: 1,
    },
    {
      file: 'unterminated-string.mof',
      hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN,
      at: 'unterminated-string.mof',
      line: 2,
      column: 14,
    },
    {
      file: 'missing-include.mof',
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      at: 'missing-include.mof',
      line: 2,
      column: 3,
    },
    {
      file: 'includes-bad.mof',
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      at: 'truncated.mof',
      line: 4,
      column: 1,
    },
  ];
  for (const c of cases) {
    it(`fails with a positioned error naming ${c.at} when compiling ${c.file}`, () => {
      const error = throwsMof(
        () => compileMof([fixturePath(`mof/malformed/${c.file}`)], { readFile: readFixture }),
        { hresult: c.hresult, line: c.line, column: c.column },
      );
      assert.ok(error.file.endsWith(`malformed/${c.at}`), error.file);
    });
  }

  it('fails with WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE at the closing include when includes are cyclic', () => {
    const error = throwsMof(
      () => compileMof([fixturePath('mof/cyclic/a.mof')], { readFile: readFixture }),
      {
        hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
        line: 2,
        column: 1,
        reason: /cyclic include/,
      },
    );
    assert.ok(error.file.endsWith('cyclic/b.mof'));
  });

  it('fails with WBEMMOF_E_INVALID_FILE when an entry cannot be read', () => {
    throwsMof(() => compileMof(['nowhere.mof'], { readFile: readFixture }), {
      hresult: WBEMMOF_E_INVALID_FILE,
      file: 'nowhere.mof',
      line: 0,
      column: 0,
    });
  });

  it('fails with WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE at the include when readFile returns no text', () => {
    const readFile = (path: string): string =>
      path === 'main.mof' ? '\n #pragma include("x.mof")' : (undefined as unknown as string);
    throwsMof(() => compileMof(['main.mof'], { readFile }), {
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      file: 'main.mof',
      line: 2,
      column: 2,
      reason: /returned undefined/,
    });
  });

  it('fails with WBEM_E_FAILED when the include resolver throws', () => {
    assert.throws(
      () =>
        compileFiles(
          { 'main.mof': '#pragma include("a.mof")' },
          {
            resolveInclude: () => {
              throw new TypeError('resolver bug');
            },
          },
        ),
      (e: unknown) =>
        e instanceof WbemError && e.hresult === WBEM_E_FAILED && /resolver bug/.test(e.message),
    );
  });
});

describe('compileMof: includes in memory', () => {
  const noReads = (): never => {
    throw new Error('no reads');
  };

  it('fails with WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE when a file includes itself', () => {
    throwsMof(() => compileFiles({ 'main.mof': 'class A {};\n#pragma include("main.mof")' }), {
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      file: 'main.mof',
      line: 2,
      column: 1,
    });
  });

  it('compiles a file once when two files include it', () => {
    const r = compileFiles({
      'main.mof': '#pragma include("a.mof")\n#pragma include("b.mof")',
      'a.mof': '#pragma include("common.mof")\nclass A : C {};',
      'b.mof': '#pragma include("common.mof")\nclass B : C {};',
      'common.mof': 'class C {};',
    });
    assert.deepEqual(names(r.operations), ['C', 'A', 'B']);
  });

  it('restores the includer namespace when an included file changes it', () => {
    const r = compileFiles(
      {
        'main.mof': '#pragma include("a.mof")\nclass M {};',
        'a.mof': '#pragma namespace("sub")\nclass A {};',
      },
      { namespace: 'root/base' },
    );
    assert.deepEqual(
      classOps(r.operations).map((op) => [op.cls.name, op.namespace]),
      [
        ['A', 'root/base/sub'],
        ['M', 'root/base'],
      ],
    );
  });

  it('uses a custom include resolver when one is given', () => {
    const r = compileMof(['main.mof'], {
      readFile: (p) =>
        p === 'main.mof' ? '#pragma include("lib:x")' : p === '/lib/x.mof' ? 'class X {};' : '',
      resolveInclude: (_from, inc) => `/lib/${inc.slice(4)}.mof`,
    });
    assert.deepEqual(r.files, ['main.mof', '/lib/x.mof']);
  });

  it('resolves includes as Windows writes them: backslashes, drive letters, and paths from the root', () => {
    const r = compileMof(['dir\\main.mof'], {
      readFile: memoryReader({
        'dir\\main.mof': [
          '#pragma include("sub\\\\a.mof")',
          '#pragma include("C:\\\\lib\\\\b.mof")',
          '#pragma include("/abs/c.mof")',
        ].join('\n'),
        'dir/sub/a.mof': 'class A {};',
        'C:/lib/b.mof': 'class B {};',
        '/abs/c.mof': '#pragma include("d.mof")\nclass C {};',
        '/abs/d.mof': 'class D {};',
      }),
    });
    assert.deepEqual(r.files, [
      'dir\\main.mof',
      'dir/sub/a.mof',
      'C:/lib/b.mof',
      '/abs/c.mof',
      '/abs/d.mof',
    ]);
    assert.deepEqual(names(r.operations), ['A', 'B', 'D', 'C']);
  });

  it('includes a file beside an includer at the root as /name, and a colon past the first letter as part of a name', () => {
    const r = compileMof(['/main.mof'], {
      readFile: memoryReader({
        '/main.mof': '#pragma include("x.mof")\n#pragma include("ab:/y.mof")',
        '/x.mof': 'class X {};',
        '/ab:/y.mof': 'class Y {};',
      }),
    });
    assert.deepEqual(r.files, ['/main.mof', '/x.mof', '/ab:/y.mof']);
  });

  it('names the whole cycle when includes are cyclic', () => {
    throwsMof(
      () =>
        compileFiles({
          'main.mof': '#pragma include("a.mof")',
          'a.mof': '#pragma include("b.mof")',
          'b.mof': '#pragma include("a.mof")',
        }),
      {
        hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
        file: 'b.mof',
        line: 1,
        column: 1,
        reason: /^cyclic include: main\.mof -> a\.mof -> b\.mof -> a\.mof$/,
      },
    );
  });

  it('follows includes 256 files deep and refuses one more', () => {
    const chain = (files: number): Record<string, string> => {
      const out: Record<string, string> = {};
      for (let i = 0; i < files - 1; i++) out[`f${i}.mof`] = `#pragma include("f${i + 1}.mof")`;
      out[`f${files - 1}.mof`] = 'class Bottom {};';
      return out;
    };
    const deepest = compileMof(['f0.mof'], { readFile: memoryReader(chain(256)) });
    assert.equal(deepest.files.length, 256);
    throwsMof(() => compileMof(['f0.mof'], { readFile: memoryReader(chain(257)) }), {
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      file: 'f255.mof',
      line: 1,
      column: 1,
      reason: /^includes nest deeper than 256$/,
    });
  });

  it('passes on a MofError that readFile throws, with its own code and place', () => {
    const bad = new MofError(WBEMMOF_E_INVALID_FILE, { file: 'x.mof', line: 3, column: 4 }, 'bad');
    throwsMof(
      () =>
        compileMof(['main.mof'], {
          readFile: (path) => {
            if (path === 'main.mof') return '#pragma include("x.mof")';
            throw bad;
          },
        }),
      { hresult: WBEMMOF_E_INVALID_FILE, file: 'x.mof', line: 3, column: 4, reason: /^bad$/ },
    );
  });

  it('uses a tree parsed beforehand for a file, and parses an entry given as text itself', () => {
    const parsed = parseMof('class FromTree {};', 'main.mof');
    const trees = (path: string) => (path === 'main.mof' ? parsed : undefined);
    const fromTree = compileMof(['main.mof'], {
      parsed: trees,
      readFile: noReads,
    });
    assert.deepEqual(names(fromTree.operations), ['FromTree']);
    const fromText = compileMof([{ path: 'main.mof', text: 'class FromText {};' }], {
      parsed: trees,
      readFile: noReads,
    });
    assert.deepEqual(names(fromText.operations), ['FromText']);
  });

  it('lists each amendment once, and none when no amendment pragma is given', () => {
    assert.deepEqual(
      compileFiles({ 'main.mof': '#pragma namespace("root/x")\nclass X {};' }).amendments,
      [],
    );
    const twice = compileFiles({
      'main.mof': '#pragma amendment("MS_409")\n#pragma amendment("MS_409")\nclass X {};',
    });
    assert.equal(twice.amendments.length, 1);
  });

  it('compiles an entry given as text when no file is read', () => {
    const r = compileMof([{ path: 'inline.mof', text: 'class I {};' }], {
      readFile: noReads,
    });
    assert.deepEqual(names(r.operations), ['I']);
  });
});
