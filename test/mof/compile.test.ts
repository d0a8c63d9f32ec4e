import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMof } from '../../src/mof/compile.js';
import type { MofClassOperation, MofOperation } from '../../src/mof/mof-operation.js';
import {
  WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_CLASS_DECLARATION,
  WBEMMOF_E_INVALID_FILE,
  WBEMMOF_E_INVALID_FLAGS_SYNTAX,
  WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_MULTIPLE_ALIASES,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
} from '../../src/mof/mof-status.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../src/wbem/flags.js';
import { WBEM_E_CIRCULAR_REFERENCE, WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { fixturePath, readFixture } from './helpers/fixtures.js';
import { compileFiles, compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';

const classOps = (ops: readonly MofOperation[]): MofClassOperation[] => ops.filter((op): op is MofClassOperation => op.kind === 'class');
const names = (ops: readonly MofOperation[]): string[] =>
  ops.map((op) => (op.kind === 'class' ? op.cls.name : op.kind === 'qualifier' ? `q:${op.declaration.name}` : `i:${op.instance.className}`));

describe('compileMof: include tree on disk', () => {
  const result = compileMof([fixturePath('mof/tree/main.mof')], { readFile: readFixture });

  it('reads every included file relative to its includer, in source order', () => {
    assert.deepEqual(result.files.map((f) => f.slice(f.indexOf('mof/tree/') + 9)), ['main.mof', 'qualifiers.mof', 'sub/derived.mof', 'sub/base.mof']);
  });

  it('puts qualifier declarations first, then classes level by level, then instances', () => {
    assert.deepEqual(names(result.operations), ['q:Key', 'q:Description', 'Ex_Base', 'Ex_Other', 'Ex_Derived', 'i:Ex_Other']);
    assert.deepEqual(classOps(result.operations).map((op) => op.level), [0, 0, 1]);
    assert.deepEqual([result.qualifierCount, result.classCount, result.instanceCount], [2, 3, 1]);
  });

  it('applies #pragma namespace and classflags to the declarations after them only', () => {
    const ops = classOps(result.operations);
    assert.deepEqual(ops.map((op) => [op.cls.name, op.namespace, op.flags]), [
      ['Ex_Base', 'root/cimv2', 0],
      ['Ex_Other', 'root/other', WBEM_FLAG_UPDATE_FORCE_MODE | WBEM_FLAG_UPDATE_ONLY],
      ['Ex_Derived', 'root/cimv2', 0],
    ]);
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
    { file: 'truncated.mof', hresult: WBEMMOF_E_EXPECTED_SEMI, at: 'truncated.mof', line: 4, column: 1 },
    { file: 'bad-escape.mof', hresult: WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, at: 'bad-escape.mof', line: 2, column: 19 },
    { file: 'unknown-pragma.mof', hresult: WBEMMOF_E_INVALID_PRAGMA, at: 'unknown-pragma.mof', line: 2, column: 9 },
    { file: 'unterminated-comment.mof', hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN, at: 'unterminated-comment.mof', line: 2, column: 1 },
    { file: 'unterminated-string.mof', hresult: WBEMMOF_E_UNRECOGNIZED_TOKEN, at: 'unterminated-string.mof', line: 2, column: 14 },
    { file: 'missing-include.mof', hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, at: 'missing-include.mof', line: 2, column: 3 },
    { file: 'includes-bad.mof', hresult: WBEMMOF_E_EXPECTED_SEMI, at: 'truncated.mof', line: 4, column: 1 },
  ];
  for (const c of cases) {
    it(`fails with a positioned error naming ${c.at} when compiling ${c.file}`, () => {
      const error = throwsMof(() => compileMof([fixturePath(`mof/malformed/${c.file}`)], { readFile: readFixture }), { hresult: c.hresult, line: c.line, column: c.column });
      assert.ok(error.file.endsWith(`malformed/${c.at}`), error.file);
    });
  }

  it('fails with WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE at the closing include when includes are cyclic', () => {
    const error = throwsMof(() => compileMof([fixturePath('mof/cyclic/a.mof')], { readFile: readFixture }), { hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, line: 2, column: 1, reason: /cyclic include/ });
    assert.ok(error.file.endsWith('cyclic/b.mof'));
  });

  it('fails with WBEMMOF_E_INVALID_FILE when an entry cannot be read', () => {
    throwsMof(() => compileMof(['nowhere.mof'], { readFile: readFixture }), { hresult: WBEMMOF_E_INVALID_FILE, file: 'nowhere.mof', line: 0, column: 0 });
  });
});

describe('compileMof: includes in memory', () => {
  it('fails with WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE when a file includes itself', () => {
    throwsMof(() => compileFiles({ 'main.mof': 'class A {};\n#pragma include("main.mof")' }), { hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, file: 'main.mof', line: 2, column: 1 });
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
    const r = compileFiles({
      'main.mof': '#pragma include("a.mof")\nclass M {};',
      'a.mof': '#pragma namespace("sub")\nclass A {};',
    }, { namespace: 'root/base' });
    assert.deepEqual(classOps(r.operations).map((op) => [op.cls.name, op.namespace]), [['A', 'root/base/sub'], ['M', 'root/base']]);
  });

  it('uses a custom include resolver when one is given', () => {
    const r = compileMof(['main.mof'], {
      readFile: (p) => (p === 'main.mof' ? '#pragma include("lib:x")' : p === '/lib/x.mof' ? 'class X {};' : ''),
      resolveInclude: (_from, inc) => `/lib/${inc.slice(4)}.mof`,
    });
    assert.deepEqual(r.files, ['main.mof', '/lib/x.mof']);
  });

  it('compiles an entry given as text when no file is read', () => {
    const r = compileMof([{ path: 'inline.mof', text: 'class I {};' }], { readFile: () => { throw new Error('no reads'); } });
    assert.deepEqual(names(r.operations), ['I']);
  });
});

describe('compileMof: pragmas', () => {
  const flags: { args: string; flags: number }[] = [
    { args: '"createonly"', flags: WBEM_FLAG_CREATE_ONLY },
    { args: '"updateonly"', flags: WBEM_FLAG_UPDATE_ONLY },
    { args: '"safeupdate"', flags: WBEM_FLAG_UPDATE_SAFE_MODE },
    { args: '"forceupdate"', flags: WBEM_FLAG_UPDATE_FORCE_MODE },
    { args: '"updateonly", "safeupdate"', flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE },
    { args: '"ForceUpdate", "UpdateOnly"', flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE },
    { args: '65', flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE },
  ];
  for (const c of flags) {
    it(`sets PutClass flags ${c.flags} when #pragma classflags(${c.args}) precedes a class`, () => {
      const r = compileText(`#pragma classflags(${c.args})\nclass A {};`, { classFlags: 0 });
      assert.equal(classOps(r.operations)[0]?.flags, c.flags);
    });
  }

  const badFlags = ['"createonly", "updateonly"', '"safeupdate", "forceupdate"', '"createonly", "forceupdate"', '"sometimes"', '128'];
  for (const args of badFlags) {
    it(`fails with WBEMMOF_E_INVALID_FLAGS_SYNTAX when #pragma classflags(${args}) is written`, () => {
      throwsMof(() => compileText(`class A {};\n  #pragma classflags(${args})`), { hresult: WBEMMOF_E_INVALID_FLAGS_SYNTAX, file: 'main.mof', line: 2, column: 3 });
    });
  }

  it('sets PutInstance flags when #pragma instanceflags precedes an instance', () => {
    const r = compileText('class A {};\n#pragma instanceflags("createonly")\ninstance of A {};');
    assert.equal(r.operations.find((op) => op.kind === 'instance')?.flags, WBEM_FLAG_CREATE_ONLY);
  });

  const namespaces: { path: string; expect: string }[] = [
    { path: '\\\\\\\\.\\\\root\\\\test', expect: 'root/test' },
    { path: '//server/root/a/b', expect: 'root/a/b' },
    { path: 'ROOT\\\\x', expect: 'ROOT/x' },
    { path: 'child', expect: 'root/cimv2/child' },
  ];
  for (const c of namespaces) {
    it(`puts classes in ${c.expect} when #pragma namespace("${c.path}") is written`, () => {
      const r = compileText(`#pragma namespace("${c.path}")\nclass A {};`);
      assert.equal(r.operations[0]?.namespace, c.expect);
    });
  }

  it('fails with WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION when the namespace path is malformed', () => {
    throwsMof(() => compileText('#pragma namespace("root/a b")'), { hresult: WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION, line: 1, column: 1 });
  });
});

describe('compileMof: class order and dependencies', () => {
  it('orders classes by superclass and reference when declared in reverse', () => {
    const r = compileText('class C : B { A REF R; };\nclass B : A {};\nclass A {};\nclass Z { C REF Y; };');
    const ops = classOps(r.operations);
    assert.deepEqual(ops.map((op) => [op.cls.name, op.level]), [['A', 0], ['B', 1], ['C', 2], ['Z', 3]]);
  });

  it('orders method parameter references and CIMTYPE object targets before their user', () => {
    const r = compileText('class U { uint32 M(T REF p); [CIMTYPE("object:E")] object O; };\nclass T {};\nclass E {};');
    assert.deepEqual(names(r.operations), ['T', 'E', 'U']);
  });

  it('accepts classes that reference each other when no superclass cycle exists', () => {
    const r = compileText('class A { B REF ToB; };\nclass B : A { A REF ToA; };');
    assert.deepEqual(names(r.operations), ['A', 'B']);
  });

  it('fails with WBEM_E_CIRCULAR_REFERENCE when superclasses form a cycle', () => {
    throwsMof(() => compileText('class A : B {};\nclass B : A {};'), { hresult: WBEM_E_CIRCULAR_REFERENCE, file: 'main.mof', line: 1, column: 1 });
  });

  it('fails with WBEM_E_NOT_FOUND at the class when its superclass is nowhere', () => {
    throwsMof(() => compileText('class A {};\n\nclass B : Missing {};'), { hresult: WBEM_E_NOT_FOUND, file: 'main.mof', line: 3, column: 1, reason: /superclass Missing/ });
  });

  it('fails with WBEM_E_NOT_FOUND at the property when a referenced class is nowhere', () => {
    throwsMof(() => compileText('class A {\n  Missing REF R;\n};'), { hresult: WBEM_E_NOT_FOUND, line: 2, column: 3, reason: /referenced class Missing/ });
  });

  it('accepts a superclass and reference target the target namespace already holds', () => {
    const asked: string[] = [];
    const r = compileText('class B : Existing { Other REF R; };', { existingClass: (name, ns) => { asked.push(`${ns}:${name}`); return true; } });
    assert.deepEqual(names(r.operations), ['B']);
    assert.deepEqual(asked, ['root/cimv2:Existing', 'root/cimv2:Other']);
  });

  it('keeps namespaces apart when the same class name appears in two', () => {
    const r = compileText('class A {};\n#pragma namespace("root/two")\nclass A {};\nclass B : A {};');
    assert.deepEqual(classOps(r.operations).map((op) => `${op.namespace}:${op.cls.name}`), ['root/cimv2:A', 'root/two:A', 'root/two:B']);
  });

  it('fails with WBEMMOF_E_INVALID_CLASS_DECLARATION when a class is declared twice in one namespace', () => {
    throwsMof(() => compileText('class A {};\nclass a {};'), { hresult: WBEMMOF_E_INVALID_CLASS_DECLARATION, line: 2, column: 1, reason: /main\.mof:1:1/ });
  });

  it('fails with WBEMMOF_E_MULTIPLE_ALIASES when two instances take one alias', () => {
    throwsMof(() => compileText('class A {};\ninstance of A as $X {};\ninstance of A as $X {};'), { hresult: WBEMMOF_E_MULTIPLE_ALIASES, line: 3, column: 1 });
  });

  it('uses existing qualifier declarations of the target when the MOF declares none', () => {
    const r = compileText('class A { [MaxLen(4)] string S; };', {
      existingQualifier: (name) => (name.toLowerCase() === 'maxlen' ? { name: 'MaxLen', type: 19, isArray: false, value: null, scopes: ['property'], flavor: 0 } : undefined),
    });
    const q = classOps(r.operations)[0]?.cls.properties.get('s')?.qualifiers.get('maxlen');
    assert.deepEqual([q?.type, q?.value, q?.flavor], [19, 4, 0]);
  });
});
