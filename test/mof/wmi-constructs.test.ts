import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMof } from '../../src/mof/compile.js';
import { decodeMof } from '../../src/mof/decode-mof.js';
import { MofError } from '../../src/mof/mof-error.js';
import type { MofClassOperation } from '../../src/mof/mof-operation.js';
import {
  WBEMMOF_E_INVALID_FILE,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from '../../src/mof/mof-status.js';
import { encodeMof } from '../../src/mof/to-mof.js';
import { CIM_OBJECT, CIM_REFERENCE, CIM_UINT16 } from '../../src/wbem/cim-type.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { WBEM_FLAVOR_AMENDED } from '../../src/wbem/flavor.js';
import { WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { compileText } from './helpers/memory-files.js';
import { throwsMof } from './helpers/mof-assert.js';
import { classOps, names } from './helpers/operations.js';

const classNamed = (ops: readonly MofClassOperation[], name: string, ns = 'root/cimv2') =>
  ops.find((op) => op.cls.name === name && op.namespace === ns)?.cls;

describe('MOF data types: a class name as the type of an embedded object', () => {
  const r = compileText(`class Win32_Foo { uint32 X; };
class Win32_Bar {
  Win32_Foo Setting;
  Win32_Foo List[];
  __Event Event;
  Win32_Foo Get([in] Win32_Foo Template, [out] Win32_Foo Copies[]);
};`);
  const bar = classNamed(classOps(r.operations), 'Win32_Bar');

  it('stores CIM_OBJECT with CIMTYPE "object:Win32_Foo" when a property is typed by a class', () => {
    const p = bar?.properties.get('setting');
    assert.deepEqual([p?.type, p?.embeddedObjectClass], [CIM_OBJECT, 'Win32_Foo']);
    assert.equal(p?.qualifiers.get('cimtype')?.value, 'object:Win32_Foo');
  });

  it('stores an array of embedded objects when the class-typed property has brackets', () => {
    const p = bar?.properties.get('list');
    assert.deepEqual(
      [p?.type, p?.isArray, p?.qualifiers.get('cimtype')?.value],
      [CIM_OBJECT, true, 'object:Win32_Foo'],
    );
  });

  it('accepts a system class as the embedded type when the class is __Event', () => {
    assert.equal(bar?.properties.get('event')?.embeddedObjectClass, '__Event');
  });

  it('types method parameters and the return value when they name a class', () => {
    const m = bar?.methods.get('get');
    assert.equal(m?.returnType, CIM_OBJECT);
    assert.equal(m?.qualifiers.get('cimtype')?.value, 'object:Win32_Foo');
    assert.equal(m?.parameters.get('template')?.embeddedObjectClass, 'Win32_Foo');
    assert.equal(m?.parameters.get('copies')?.isArray, true);
  });

  it('orders the embedded class before its user when it is declared later', () => {
    assert.deepEqual(names(compileText('class A { B Inner; };\nclass B {};').operations), [
      'B',
      'A',
    ]);
  });

  it('fails with WBEMMOF_E_UNRECOGNIZED_TYPE naming the closest type when the type is misspelt', () => {
    throwsMof(() => compileText('class A {\n  uint23 X;\n};'), {
      hresult: WBEMMOF_E_UNRECOGNIZED_TYPE,
      line: 2,
      column: 3,
      reason: /did you mean uint32\?/,
    });
  });
});

describe('MOF data types: object ref', () => {
  it('stores CIM_REFERENCE with CIMTYPE "ref" and no class when written object ref', () => {
    const r = compileText('class A { object ref Target; };');
    const p = classNamed(classOps(r.operations), 'A')?.properties.get('target');
    assert.deepEqual(
      [p?.type, p?.referenceClass, p?.qualifiers.get('cimtype')?.value],
      [CIM_REFERENCE, undefined, 'ref'],
    );
  });
});

describe('MOF method parameters: default values', () => {
  it('keeps the default typed by the parameter when written [in] uint16 Mode = 1', () => {
    const r = compileText(
      'class A { uint32 M([in] uint16 Mode = 1, [in] string Names[] = {"a", "b"}); };',
    );
    const m = classNamed(classOps(r.operations), 'A')?.methods.get('m');
    assert.deepEqual(
      [m?.parameters.get('mode')?.type, m?.parameters.get('mode')?.value],
      [CIM_UINT16, 1],
    );
    assert.deepEqual(m?.parameters.get('names')?.value, ['a', 'b']);
  });
});

describe('MOF file encodings', () => {
  const text = 'class Gerät_A { string Name = "Grüße"; };\n';
  const compileBytes = (bytes: Uint8Array) => compileMof(['x.mof'], { readFile: () => bytes });
  const utf16be = (s: string, bom: boolean): Uint8Array => {
    const le = encodeMof(s, 'utf-16le');
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2)
      [be[i], be[i + 1]] = [le[i + 1] as number, le[i] as number];
    return bom ? be : be.subarray(2);
  };
  const cases: { desc: string; bytes: Uint8Array }[] = [
    { desc: 'UTF-16LE with a BOM', bytes: encodeMof(text, 'utf-16le') },
    { desc: 'UTF-16LE without a BOM', bytes: encodeMof(text, 'utf-16le').subarray(2) },
    { desc: 'UTF-16BE with a BOM', bytes: utf16be(text, true) },
    { desc: 'UTF-8 with a BOM', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...encodeMof(text)]) },
    { desc: 'UTF-8 without a BOM', bytes: encodeMof(text) },
  ];
  for (const c of cases) {
    it(`reads the same class when the file is ${c.desc}`, () => {
      const cls = classOps(compileBytes(c.bytes).operations)[0]?.cls;
      assert.deepEqual([cls?.name, cls?.properties.get('name')?.value], ['Gerät_A', 'Grüße']);
    });
  }

  it('fails with WBEMMOF_E_INVALID_FILE at the line and column of an invalid UTF-8 byte', () => {
    const bytes = new Uint8Array([
      ...encodeMof('class A {\n  string S = "ab'),
      0xff,
      ...encodeMof('";\n};'),
    ]);
    throwsMof(() => compileBytes(bytes), { hresult: WBEMMOF_E_INVALID_FILE, line: 2, column: 17 });
    assert.throws(() => decodeMof(bytes, 'x.mof'), /invalid UTF-8 byte 0xff/);
  });
});

describe('MOF statements applied one by one', () => {
  it('puts a class declared twice as two puts, the second under its own classflags', () => {
    const r = compileText('class A {};\n#pragma classflags("createonly")\nclass A { uint32 X; };');
    assert.deepEqual(
      classOps(r.operations).map((op) => [op.level, op.flags]),
      [
        [0, 0],
        [1, WBEM_FLAG_CREATE_ONLY],
      ],
    );
  });

  it('runs deleteclass and deleteinstance where they stand when the MOF puts classes around them', () => {
    const r = compileText(
      'class A {};\n#pragma deleteclass("A", FAIL)\nclass B {};\n#pragma deleteinstance("B=@", nofail)',
    );
    assert.deepEqual(names(r.operations), ['A', 'deleteClass:A', 'B', 'deleteInstance:B=@']);
    const del = r.operations[1];
    assert.equal(del?.kind === 'deleteClass' && del.failIfMissing, true);
  });

  it('fails with WBEMMOF_E_INVALID_PRAGMA when the flag is neither FAIL nor NOFAIL', () => {
    throwsMof(() => compileText('#pragma deleteclass("A", MAYBE)'), {
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      line: 1,
    });
  });

  it('records autorecover on the compilation when a file carries #pragma autorecover', () => {
    assert.equal(compileText('#pragma autorecover\nclass A {};').autorecover, true);
    assert.equal(compileText('class A {};').autorecover, false);
  });

  it('creates the namespace before the classes that follow when an __Namespace instance is declared', () => {
    const r = compileText(
      '#pragma namespace("\\\\\\\\.\\\\root")\ninstance of __Namespace { Name = "x"; };\n#pragma namespace("x")\nclass A : __ExtrinsicEvent {};',
    );
    assert.deepEqual(names(r.operations), ['namespace:x', 'A']);
    assert.equal(r.operations[1]?.namespace, 'root/x');
  });
});

describe('#pragma amendment', () => {
  const r = compileText(`#pragma amendment("MS_409")
Qualifier Description : string = null, Scope(any), Flavor(Translatable);
[Description("Base")] class A { [Description("Prop"), Key] string Id; };
[Description("Derived")] class B : A { uint32 Plain; };`);
  const ops = classOps(r.operations);

  it('strips amended qualifiers from the neutral class when the namespace is compiled', () => {
    const a = classNamed(ops, 'A');
    assert.equal(a?.qualifiers.has('description'), false);
    assert.equal(a?.properties.get('id')?.qualifiers.has('description'), false);
    assert.equal(a?.properties.get('id')?.qualifiers.get('key')?.value, true);
  });

  it('puts only the amended qualifiers, marked Amendment and Locale(0x409), into root/cimv2/ms_409', () => {
    const a = classNamed(ops, 'A', 'root/cimv2/ms_409');
    assert.equal(a?.qualifiers.get('description')?.value, 'Base');
    assert.ok(((a?.qualifiers.get('description')?.flavor ?? 0) & WBEM_FLAVOR_AMENDED) !== 0);
    assert.deepEqual(
      [a?.qualifiers.get('amendment')?.value, a?.qualifiers.get('locale')?.value],
      [true, 0x409],
    );
    assert.deepEqual([...(a?.properties.keys() ?? [])], ['id']);
    assert.equal(a?.properties.get('id')?.qualifiers.has('key'), false);
    const b = classNamed(ops, 'B', 'root/cimv2/ms_409');
    assert.deepEqual([b?.superclass, b?.properties.size], ['A', 0]);
    assert.deepEqual(r.amendments, ['ms_409']);
  });
});

describe('MofError', () => {
  it('quotes the source line with a caret under the column when a compile fails', () => {
    try {
      compileText('class A {\n    sint32 X = "text";\n};');
      assert.fail('expected a MofError');
    } catch (thrown) {
      assert.ok(thrown instanceof MofError);
      assert.equal(thrown.excerpt, '      sint32 X = "text";\n                 ^');
      assert.match(thrown.message, /main\.mof:2:16/);
    }
  });

  it('suggests the closest class when a superclass is misspelt', () => {
    throwsMof(() => compileText('class Win32_Device {};\nclass B : Win32_Devise {};'), {
      hresult: WBEM_E_NOT_FOUND,
      reason: /did you mean Win32_Device\?/,
    });
  });
});
