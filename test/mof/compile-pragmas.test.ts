import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  WBEMMOF_E_INVALID_FLAGS_SYNTAX,
  WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
  WBEMMOF_E_MULTIPLE_ALIASES,
} from '../../src/mof/mof-status.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../src/wbem/flags.js';
import { WBEM_E_CIRCULAR_REFERENCE, WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { classOps, names } from './helpers/operations.js';

describe('compileMof: pragmas', () => {
  const flags: { args: string; flags: number }[] = [
    { args: '"createonly"', flags: WBEM_FLAG_CREATE_ONLY },
    { args: '"updateonly"', flags: WBEM_FLAG_UPDATE_ONLY },
    { args: '"safeupdate"', flags: WBEM_FLAG_UPDATE_SAFE_MODE },
    { args: '"forceupdate"', flags: WBEM_FLAG_UPDATE_FORCE_MODE },
    {
      args: '"updateonly", "safeupdate"',
      flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE,
    },
    {
      args: '"ForceUpdate", "UpdateOnly"',
      flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE,
    },
    { args: '65', flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE },
  ];
  for (const c of flags) {
    it(`sets PutClass flags ${c.flags} when #pragma classflags(${c.args}) precedes a class`, () => {
      const r = compileText(`#pragma classflags(${c.args})\nclass A {};`, { classFlags: 0 });
      assert.equal(classOps(r.operations)[0]?.flags, c.flags);
    });
  }

  const badFlags = [
    '"createonly", "updateonly"',
    '"safeupdate", "forceupdate"',
    '"createonly", "forceupdate"',
    '"sometimes"',
    '128',
  ];
  for (const args of badFlags) {
    it(`fails with WBEMMOF_E_INVALID_FLAGS_SYNTAX when #pragma classflags(${args}) is written`, () => {
      throwsMof(() => compileText(`class A {};\n  #pragma classflags(${args})`), {
        hresult: WBEMMOF_E_INVALID_FLAGS_SYNTAX,
        file: 'main.mof',
        line: 2,
        column: 3,
      });
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
    throwsMof(() => compileText('#pragma namespace("root/a b")'), {
      hresult: WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
      line: 1,
      column: 1,
    });
  });
});

describe('compileMof: class order and dependencies', () => {
  it('orders classes by superclass and reference when declared in reverse', () => {
    const r = compileText(
      'class C : B { A REF R; };\nclass B : A {};\nclass A {};\nclass Z { C REF Y; };',
    );
    const ops = classOps(r.operations);
    assert.deepEqual(
      ops.map((op) => [op.cls.name, op.level]),
      [
        ['A', 0],
        ['B', 1],
        ['C', 2],
        ['Z', 3],
      ],
    );
  });

  it('orders method parameter references and CIMTYPE object targets before their user', () => {
    const r = compileText(
      'class U { uint32 M(T REF p); [CIMTYPE("object:E")] object O; };\nclass T {};\nclass E {};',
    );
    assert.deepEqual(names(r.operations), ['T', 'E', 'U']);
  });

  it('accepts classes that reference each other when no superclass cycle exists', () => {
    const r = compileText('class A { B REF ToB; };\nclass B : A { A REF ToA; };');
    assert.deepEqual(names(r.operations), ['A', 'B']);
  });

  it('fails with WBEM_E_CIRCULAR_REFERENCE when superclasses form a cycle', () => {
    throwsMof(() => compileText('class A : B {};\nclass B : A {};'), {
      hresult: WBEM_E_CIRCULAR_REFERENCE,
      file: 'main.mof',
      line: 1,
      column: 1,
    });
  });

  it('fails with WBEM_E_CIRCULAR_REFERENCE at the class when it names itself as its superclass', () => {
    throwsMof(() => compileText('class Z {};\nclass A : A { A REF Self; };'), {
      hresult: WBEM_E_CIRCULAR_REFERENCE,
      file: 'main.mof',
      line: 2,
      column: 1,
    });
  });

  it('accepts a class that references its own class', () => {
    const r = compileText('class A { A REF Self; };');
    assert.deepEqual(names(r.operations), ['A']);
  });

  it('fails with WBEM_E_NOT_FOUND at the class when its superclass is nowhere', () => {
    throwsMof(() => compileText('class A {};\n\nclass B : Missing {};'), {
      hresult: WBEM_E_NOT_FOUND,
      file: 'main.mof',
      line: 3,
      column: 1,
      reason: /superclass Missing/,
    });
  });

  it('accepts a reference to a class that is nowhere when the rules are wmi (decision A23)', () => {
    const r = compileText('class A {\n  Missing REF R;\n};');
    assert.deepEqual(names(r.operations), ['A']);
  });

  it('fails with WBEM_E_NOT_FOUND at the property when a referenced class is nowhere under dmtf rules', () => {
    throwsMof(() => compileText('class A {\n  Missing REF R;\n};', { rules: 'dmtf' }), {
      hresult: WBEM_E_NOT_FOUND,
      line: 2,
      column: 3,
      reason: /referenced class Missing/,
    });
  });

  it('accepts a superclass and reference target the target namespace already holds', () => {
    const asked: string[] = [];
    const r = compileText('class B : Existing { Other REF R; };', {
      rules: 'dmtf',
      existingClass: (name, ns) => {
        asked.push(`${ns}:${name}`);
        return true;
      },
    });
    assert.deepEqual(names(r.operations), ['B']);
    assert.deepEqual(asked, ['root/cimv2:Existing', 'root/cimv2:Other']);
  });

  it('keeps namespaces apart when the same class name appears in two', () => {
    const r = compileText(
      'class A {};\n#pragma namespace("root/two")\nclass A {};\nclass B : A {};',
    );
    assert.deepEqual(
      classOps(r.operations).map((op) => `${op.namespace}:${op.cls.name}`),
      ['root/cimv2:A', 'root/two:A', 'root/two:B'],
    );
  });

  it('puts a class twice, the second after the first, when it is declared twice in one namespace', () => {
    const r = compileText(
      'class A {};\nclass B : A {};\n#pragma classflags("updateonly")\nclass a { uint32 X; };',
    );
    const ops = classOps(r.operations);
    assert.deepEqual(
      ops.map((op) => [op.cls.name, op.level, op.flags]),
      [
        ['A', 0, 0],
        ['B', 1, 0],
        ['a', 1, WBEM_FLAG_UPDATE_ONLY],
      ],
    );
  });

  it('fails with WBEMMOF_E_MULTIPLE_ALIASES when two instances take one alias', () => {
    throwsMof(() => compileText('class A {};\ninstance of A as $X {};\ninstance of A as $X {};'), {
      hresult: WBEMMOF_E_MULTIPLE_ALIASES,
      line: 3,
      column: 1,
    });
  });

  it('uses existing qualifier declarations of the target when the MOF declares none', () => {
    const r = compileText('class A { [MaxLen(4)] string S; };', {
      existingQualifier: (name) =>
        name.toLowerCase() === 'maxlen'
          ? {
              name: 'MaxLen',
              type: 19,
              isArray: false,
              value: null,
              scopes: ['property'],
              flavor: 0,
            }
          : undefined,
    });
    const q = classOps(r.operations)[0]?.cls.properties.get('s')?.qualifiers.get('maxlen');
    assert.deepEqual([q?.type, q?.value, q?.flavor], [3, 4, 0]);
  });
});
