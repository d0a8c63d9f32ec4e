/**
 * @module Instance paths as `getInstance`, `deleteInstance` and `createInstanceEnum` read them:
 * the key forms that name the same instance (key type normalisation, an unnamed single key, a
 * superclass path), and the HRESULT and message of every path that names none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimValue } from '../../src/model/cim-value.js';
import {
  createInstanceEnum,
  deleteInstance,
  getInstance,
  putInstance,
} from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import { commit, commitPutClass, ENV, INSTANCE, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const key = qualifier('Key', true);
const keyed = (name: string, type: string, superclass: string | null = null) =>
  cimClass({
    name,
    superclass,
    properties: [cimProperty('K', type, { qualifiers: [key] })],
  });

function sample(): TestStore {
  const s = new TestStore();
  for (const c of [
    cimClass({
      name: 'Foo',
      properties: [
        cimProperty('Id', 'string', { qualifiers: [key] }),
        cimProperty('N', 'uint32', { value: 7 }),
      ],
    }),
    cimClass({ name: 'Bar', superclass: 'Foo' }),
    cimClass({ name: 'Baz', superclass: 'Bar' }),
    keyed('Num', 'uint32'),
    keyed('Neg', 'sint16'),
    keyed('Big', 'sint64'),
    keyed('Flag', 'boolean'),
    keyed('Chr', 'char16'),
    keyed('U64', 'uint64'),
    cimClass({
      name: 'Marked',
      qualifiers: [qualifier('ToInstance', 'i', { flavor: 0x1 }), qualifier('ClassOnly', 'c')],
      properties: [cimProperty('K', 'uint8', { qualifiers: [key] })],
    }),
    cimClass({
      name: 'Two',
      properties: [
        cimProperty('A', 'string', { qualifiers: [key] }),
        cimProperty('B', 'uint32', { qualifiers: [key] }),
      ],
    }),
    cimClass({
      name: 'Cfg',
      qualifiers: [qualifier('Singleton', true)],
      properties: [cimProperty('V', 'uint32')],
    }),
    cimClass({ name: 'NoKey', properties: [cimProperty('P', 'string')] }),
    // A singleton without an instance, and a subclass the (restricted) Singleton does not reach.
    cimClass({ name: 'Unset', qualifiers: [qualifier('Singleton', true)] }),
    cimClass({ name: 'UnsetPart', superclass: 'Unset' }),
  ]) {
    commitPutClass(s, c);
  }
  const put = (cls: string, values: Record<string, CimValue>) =>
    commit(s, putInstance(s, cimInstance(cls, values), INSTANCE, ENV));
  put('Foo', { Id: 'a' });
  put('Foo', { Id: '5' });
  put('Bar', { Id: 'b' });
  put('Baz', { Id: 'z' });
  put('Num', { K: 5 });
  put('Neg', { K: -3 });
  put('Big', { K: '12' });
  put('Flag', { K: true });
  put('Chr', { K: '5' });
  put('U64', { K: '12' });
  put('Num', { K: 12 });
  put('Marked', { K: 1 });
  put('Two', { A: 'x', B: 1 });
  put('Cfg', { V: 1 });
  return s;
}

const STORE = sample();

const FOUND: readonly { readonly path: string; readonly relpath: string }[] = [
  { path: 'Foo.Id="a"', relpath: 'Foo.Id="a"' },
  { path: 'foo.ID="a"', relpath: 'Foo.Id="a"' },
  { path: 'Foo="a"', relpath: 'Foo.Id="a"' },
  { path: 'Foo.Id=5', relpath: 'Foo.Id="5"' },
  { path: 'Foo.Id="b"', relpath: 'Bar.Id="b"' },
  { path: 'Foo.Id="z"', relpath: 'Baz.Id="z"' },
  { path: 'Bar.Id="z"', relpath: 'Baz.Id="z"' },
  { path: 'Num.K=5', relpath: 'Num.K=5' },
  { path: 'Num.K="5"', relpath: 'Num.K=5' },
  { path: 'Neg.K="-3"', relpath: 'Neg.K=-3' },
  { path: 'Big.K=12', relpath: 'Big.K=12' },
  { path: 'Big.K="12"', relpath: 'Big.K=12' },
  { path: 'Flag.K=TRUE', relpath: 'Flag.K=TRUE' },
  { path: 'Chr.K=5', relpath: 'Chr.K="5"' },
  { path: 'U64.K=12', relpath: 'U64.K=12' },
  { path: 'Num.K="12"', relpath: 'Num.K=12' },
  { path: 'Two.B=1,A="x"', relpath: 'Two.A="x",B=1' },
  { path: 'Cfg=@', relpath: 'Cfg=@' },
];

const REFUSED: readonly {
  readonly path: unknown;
  readonly hresult: string;
  readonly message: RegExp;
}[] = [
  { path: '', hresult: 'WBEM_E_INVALID_PARAMETER', message: /: an instance path is required$/ },
  { path: 7, hresult: 'WBEM_E_INVALID_PARAMETER', message: /: an instance path is required$/ },
  {
    path: 'Nope.Id="x"',
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: class "Nope" does not exist$/,
  },
  {
    path: 'Foo.Id="zz"',
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: instance Foo\.Id="zz" does not exist$/,
  },
  {
    path: 'Baz.Id="b"',
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: instance Baz\.Id="b" does not exist$/,
  },
  {
    path: `Foo.Id="${'x'.repeat(400)}"`,
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: instance Foo\.Id="x{292} does not exist$/,
  },
  {
    path: 'Unset=@',
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: instance Unset=@ does not exist$/,
  },
  {
    path: 'Cfg.V=1',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: the class is a singleton: Cfg\.V=1$/,
  },
  {
    path: 'Foo=@',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: Foo is not a singleton: Foo=@$/,
  },
  {
    path: 'NoKey.P="x"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: NoKey has no keys: NoKey\.P="x"$/,
  },
  {
    path: 'Two.A="x"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: the path does not give every key: Two\.A="x"$/,
  },
  {
    path: 'Two="x"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: the path does not give every key: Two="x"$/,
  },
  {
    path: 'Foo.Nope="x"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: Nope is not a key of Foo: Foo\.Nope="x"$/,
  },
  {
    path: 'Two.A="x",a="y"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: a key is given twice: Two\.A="x",a="y"$/,
  },
  {
    path: 'Num.K="abc"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Num\.K="abc" does not fit its type$/,
  },
  {
    path: 'Num.K=-1',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Num\.K=-1 does not fit its type$/,
  },
  {
    path: 'Num.K=TRUE',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Num\.K=TRUE does not fit its type$/,
  },
  {
    path: `Foo.Nope="${'x'.repeat(400)}"`,
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: Nope is not a key of Foo: Foo\.Nope="x{290}$/,
  },
  {
    path: 'Num.K="+5"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Num\.K="\+5" does not fit its type$/,
  },
  {
    path: 'Num.K="5.0"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Num\.K="5\.0" does not fit its type$/,
  },
  {
    path: `${'N'.repeat(400)}.Id="x"`,
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: class "N{300}" does not exist$/,
  },
  {
    path: 'Flag.K="yes"',
    hresult: 'WBEM_E_INVALID_OBJECT_PATH',
    message: /: key K in Flag\.K="yes" does not fit its type$/,
  },
];

describe('GetObject (instance paths)', () => {
  for (const c of FOUND) {
    it(`returns ${c.relpath} when the path is ${c.path}`, () => {
      const got = getInstance(STORE, c.path, ENV);
      assert.equal(got.systemProperties?.__RELPATH, c.relpath);
    });
  }

  for (const c of REFUSED) {
    it(`fails with ${c.hresult} naming the path when it is ${JSON.stringify(c.path)}`, () => {
      const err = refusal(() => getInstance(STORE, c.path, ENV));
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }

  it('returns the ancestors of the instance class as __DERIVATION when read through a superclass', () => {
    const got = getInstance(STORE, 'Foo.Id="z"', ENV);
    assert.equal(got.className, 'Baz');
    assert.deepEqual(got.systemProperties?.__DERIVATION, ['Bar', 'Foo']);
  });
});

describe('GetObject (instance qualifiers)', () => {
  it('carries only the class qualifiers whose flavor propagates to instances', () => {
    const got = getInstance(STORE, 'Marked.K=1', ENV);
    assert.deepEqual([...(got.qualifiers?.keys() ?? [])], ['toinstance']);
    assert.equal(got.qualifiers?.get('toinstance')?.value, 'i');
  });
});

describe('DeleteInstance', () => {
  it('deletes the instance of the subclass a superclass path names, with one deletion event', () => {
    const m = deleteInstance(STORE, 'Foo.Id="z"', ENV);
    assert.deepEqual(m.changes.deleteInstances, [{ className: 'Baz', key: 'Baz.Id="z"' }]);
    assert.deepEqual(m.changes.putInstances, []);
    assert.deepEqual(m.changes.deleteClasses, []);
    assert.equal(m.events.length, 1);
    const event = m.events[0];
    assert.equal(event?.eventClass, '__InstanceDeletionEvent');
    assert.equal(event?.namespace, 'root/test');
    assert.equal(event?.timeCreated, '133000000000000000');
    assert.equal(event?.targetInstance?.systemProperties?.__RELPATH, 'Baz.Id="z"');
    assert.deepEqual(event?.targetInstance?.systemProperties?.__DERIVATION, ['Bar', 'Foo']);
  });

  it('fails as GetObject does when the path names no instance', () => {
    for (const c of REFUSED) {
      const err = refusal(() => deleteInstance(STORE, c.path, ENV));
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    }
  });
});

describe('CreateInstanceEnum', () => {
  const relpaths = (name: unknown, deep: unknown) =>
    createInstanceEnum(STORE, name, deep, ENV).map((i) => i.systemProperties?.__RELPATH);

  it('returns the instances of the class, then of its subclasses, when deep', () => {
    assert.deepEqual(relpaths('foo', true), [
      'Foo.Id="a"',
      'Foo.Id="5"',
      'Bar.Id="b"',
      'Baz.Id="z"',
    ]);
  });

  it('returns only the instances of the class itself when shallow', () => {
    assert.deepEqual(relpaths('Foo', false), ['Foo.Id="a"', 'Foo.Id="5"']);
    assert.deepEqual(relpaths('Bar', false), ['Bar.Id="b"']);
  });

  it('returns each instance with the default of a property it was put without', () => {
    const [first] = createInstanceEnum(STORE, 'Bar', false, ENV);
    assert.equal(first?.properties.get('n')?.value, 7);
    assert.deepEqual(first?.systemProperties?.__DERIVATION, ['Foo']);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when deep is not a boolean', () => {
    const err = refusal(() => createInstanceEnum(STORE, 'Foo', 1, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_PARAMETER');
    assert.match(err.message, /: deep must be a boolean$/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when no class is named', () => {
    for (const name of ['', null, 3]) {
      const err = refusal(() => createInstanceEnum(STORE, name, true, ENV));
      assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_PARAMETER');
      assert.match(err.message, /: a class name is required$/);
    }
  });

  it('fails with WBEM_E_INVALID_CLASS naming the class when it does not exist', () => {
    const err = refusal(() => createInstanceEnum(STORE, 'Nope', true, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_CLASS');
    assert.match(err.message, /: class "Nope" does not exist$/);
  });
});
