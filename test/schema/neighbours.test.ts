import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  createClassEnum,
  createInstanceEnum,
  deleteClass,
  deleteInstance,
  deleteQualifierDeclaration,
  enumQualifierDeclarations,
  getClass,
  getInstance,
  getQualifierDeclaration,
  putInstance,
  putQualifierDeclaration,
} from '../../src/schema/index.js';
import { commit, commitPutClass, ENV, INSTANCE, outcome } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const key = qualifier('Key', true);

function store(...classes: CimClass[]): TestStore {
  const s = new TestStore();
  for (const c of classes) commitPutClass(s, c);
  return s;
}

const keyed = (name: string, superclass: string | null = null): CimClass =>
  superclass === null
    ? cimClass({
        name,
        properties: [
          cimProperty('Id', 'string', { qualifiers: [key] }),
          cimProperty('N', 'uint32', { value: 7 }),
        ],
      })
    : cimClass({ name, superclass });

const names = (classes: readonly CimClass[]): string[] => classes.map((c) => c.name).sort();

describe('GetObject (classes)', () => {
  it('B86: returns an empty class with __GENUS 1 for a null path', () => {
    const empty = getClass(new TestStore(), null, {}, ENV);
    assert.equal(empty.genus, 1);
    assert.equal(empty.systemProperties?.__GENUS, 1);
    assert.equal(empty.properties.size, 0);
  });
  it('B87: fails with WBEM_E_NOT_FOUND for an unknown class', () => {
    assert.equal(
      outcome(() => getClass(new TestStore(), 'NoSuchClass', {}, ENV)),
      'WBEM_E_NOT_FOUND',
    );
  });
  it('reads a namespace-qualified class path', () => {
    const s = store(cimClass({ name: 'Foo' }));
    assert.equal(getClass(s, '\\\\HOST\\root\\test:Foo', {}, ENV).name, 'Foo');
    assert.equal(getClass(s, 'root\\test:foo', {}, ENV).name, 'Foo');
  });
  it('fails with WBEM_E_INVALID_PARAMETER when the name is not a string', () => {
    assert.equal(
      outcome(() => getClass(new TestStore(), 42, {}, ENV)),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
  it('reads system classes in every namespace', () => {
    const status = getClass(new TestStore(), '__ExtendedStatus', {}, ENV);
    assert.deepEqual(
      [...status.properties.values()].map((p) => p.name),
      ['Description', 'Operation', 'ParameterInfo', 'ProviderName', 'StatusCode'],
    );
    assert.deepEqual(
      getClass(new TestStore(), '__classcreationevent', {}, ENV).systemProperties?.__DERIVATION,
      ['__ClassOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'],
    );
    assert.equal(
      getClass(new TestStore(), '__NAMESPACE', {}, ENV)
        .properties.get('name')
        ?.qualifiers.get('key')?.value,
      true,
    );
  });
});

describe('CreateClassEnum', () => {
  const s = store(
    cimClass({ name: 'Foo' }),
    cimClass({ name: 'Bar', superclass: 'Foo' }),
    cimClass({ name: 'Baz', superclass: 'Bar' }),
  );
  it('B88: deep from Foo returns Bar and Baz', () => {
    assert.deepEqual(names(createClassEnum(s, 'Foo', true, {}, ENV)), ['Bar', 'Baz']);
  });
  it('B89: shallow from Foo returns Bar', () => {
    assert.deepEqual(names(createClassEnum(s, 'Foo', false, {}, ENV)), ['Bar']);
  });
  it('B90: shallow from the top returns only classes without a superclass', () => {
    const top = createClassEnum(s, null, false, {}, ENV);
    assert.ok(top.every((c) => c.systemProperties?.__SUPERCLASS === null));
    assert.ok(top.some((c) => c.name === 'Foo'));
    assert.ok(!top.some((c) => c.name === 'Bar'));
    assert.ok(top.some((c) => c.name === '__SystemClass'));
  });
  it('deep from the top returns every class, system classes included', () => {
    const all = names(createClassEnum(s, '', true, {}, ENV));
    for (const n of ['Foo', 'Bar', 'Baz', '__NAMESPACE', '__ClassCreationEvent', '__Win32Provider'])
      assert.ok(all.includes(n), n);
  });
  it('B91: fails with WBEM_E_INVALID_CLASS for an unknown superclass', () => {
    assert.equal(
      outcome(() => createClassEnum(s, 'NoSuch', true, {}, ENV)),
      'WBEM_E_INVALID_CLASS',
    );
  });
  it('B92: returns zero classes below a leaf', () => {
    assert.deepEqual(createClassEnum(s, 'Baz', true, {}, ENV), []);
  });
  it('marks results amended when asked for amended qualifiers', () => {
    assert.ok(
      createClassEnum(s, 'Foo', true, { useAmendedQualifiers: true }, ENV).every(
        (c) => c.amended === true,
      ),
    );
  });
});

describe('DeleteClass', () => {
  it('B93: deletes Foo, Bar and their instances; re-created classes have none', () => {
    const s = store(keyed('Foo'), keyed('Bar', 'Foo'));
    commit(s, putInstance(s, cimInstance('Foo', { Id: 'a' }), INSTANCE, ENV));
    commit(s, putInstance(s, cimInstance('Bar', { Id: 'b' }), INSTANCE, ENV));
    const m = commit(s, deleteClass(s, 'foo', ENV));
    assert.deepEqual(
      m.events.map((e) => [e.eventClass, e.targetClass?.name]),
      [
        ['__ClassDeletionEvent', 'Foo'],
        ['__ClassDeletionEvent', 'Bar'],
      ],
    );
    assert.equal(
      outcome(() => getClass(s, 'Foo', {}, ENV)),
      'WBEM_E_NOT_FOUND',
    );
    assert.equal(
      outcome(() => getClass(s, 'Bar', {}, ENV)),
      'WBEM_E_NOT_FOUND',
    );
    commitPutClass(s, keyed('Foo'));
    commitPutClass(s, keyed('Bar', 'Foo'));
    assert.equal(createInstanceEnum(s, 'Foo', true, ENV).length, 0);
  });
  it('B94: fails with WBEM_E_INVALID_OPERATION for __SystemClass', () => {
    assert.equal(
      outcome(() => deleteClass(new TestStore(), '__SystemClass', ENV)),
      'WBEM_E_INVALID_OPERATION',
    );
  });
  it('fails with WBEM_E_NOT_FOUND for an unknown class and WBEM_E_INVALID_PARAMETER for no name', () => {
    assert.equal(
      outcome(() => deleteClass(new TestStore(), 'Nope', ENV)),
      'WBEM_E_NOT_FOUND',
    );
    assert.equal(
      outcome(() => deleteClass(new TestStore(), null, ENV)),
      'WBEM_E_INVALID_PARAMETER',
    );
  });
});

describe('PutInstance / GetObject / DeleteInstance / CreateInstanceEnum', () => {
  it('stores an instance and returns its canonical path', () => {
    const s = store(keyed('Foo'));
    const m = commit(s, putInstance(s, cimInstance('Foo', { Id: 'x"y' }), INSTANCE, ENV));
    assert.equal(m.path, 'Foo.Id="x\\"y"');
    assert.equal(m.events[0]?.eventClass, '__InstanceCreationEvent');
    const got = getInstance(s, 'foo.ID="x\\"y"', ENV);
    assert.equal(got.properties.get('n')?.value, 7);
    assert.equal(got.systemProperties?.__RELPATH, 'Foo.Id="x\\"y"');
    assert.equal(got.systemProperties?.__PATH, '\\\\HOST\\root\\test:Foo.Id="x\\"y"');
  });
  it('updates with a modification event and honours CREATE_ONLY / UPDATE_ONLY', () => {
    const s = store(keyed('Foo'));
    commit(s, putInstance(s, cimInstance('Foo', { Id: 'a' }), INSTANCE, ENV));
    assert.equal(
      outcome(() => putInstance(s, cimInstance('Foo', { Id: 'a' }), { mode: 'create-only' }, ENV)),
      'WBEM_E_ALREADY_EXISTS',
    );
    assert.equal(
      outcome(() => putInstance(s, cimInstance('Foo', { Id: 'b' }), { mode: 'update-only' }, ENV)),
      'WBEM_E_NOT_FOUND',
    );
    const m = putInstance(s, cimInstance('Foo', { Id: 'a', N: 1 }), INSTANCE, ENV);
    assert.equal(m.events[0]?.eventClass, '__InstanceModificationEvent');
    assert.equal(m.events[0]?.previousInstance?.properties.get('n')?.value, 7);
  });
  const cases: { desc: string; setup: CimClass[]; input: unknown; expect: string }[] = [
    {
      desc: 'the object is a class',
      setup: [keyed('Foo')],
      input: cimClass({ name: 'Foo' }),
      expect: 'WBEM_E_INVALID_OBJECT',
    },
    { desc: 'the object is null', setup: [], input: null, expect: 'WBEM_E_INVALID_PARAMETER' },
    {
      desc: 'the class does not exist',
      setup: [],
      input: cimInstance('Nope', { Id: 'a' }),
      expect: 'WBEM_E_INVALID_CLASS',
    },
    {
      desc: 'the class is abstract',
      setup: [cimClass({ name: 'A', qualifiers: [qualifier('Abstract', true)] })],
      input: cimInstance('A'),
      expect: 'WBEM_E_INVALID_OPERATION',
    },
    {
      desc: 'the class is a system class',
      setup: [],
      input: cimInstance('__NAMESPACE', { Name: 'x' }),
      expect: 'WBEM_E_INVALID_OPERATION',
    },
    {
      desc: 'the key is NULL',
      setup: [keyed('Foo')],
      input: cimInstance('Foo', { N: 1 }),
      expect: 'WBEM_E_NO_KEY',
    },
    {
      desc: 'one of two keys is NULL',
      setup: [
        cimClass({
          name: 'Two',
          properties: [
            cimProperty('A', 'string', { qualifiers: [key] }),
            cimProperty('B', 'string', { qualifiers: [key] }),
          ],
        }),
      ],
      input: cimInstance('Two', { A: 'x' }),
      expect: 'WBEM_E_ILLEGAL_NULL',
    },
    {
      desc: 'the class has no keys and is not a singleton',
      setup: [cimClass({ name: 'K', properties: [cimProperty('P', 'string')] })],
      input: cimInstance('K', { P: 'x' }),
      expect: 'WBEM_E_NO_KEY',
    },
    {
      desc: 'a value has the wrong type',
      setup: [keyed('Foo')],
      input: cimInstance('Foo', { Id: 'a', N: 'x' }),
      expect: 'WBEM_E_TYPE_MISMATCH',
    },
    {
      desc: 'a value is out of range',
      setup: [keyed('Foo')],
      input: cimInstance('Foo', { Id: 'a', N: -1 }),
      expect: 'WBEM_E_VALUE_OUT_OF_RANGE',
    },
    {
      desc: 'a property is unknown',
      setup: [keyed('Foo')],
      input: cimInstance('Foo', { Id: 'a', Z: 1 }),
      expect: 'WBEM_E_INVALID_PROPERTY',
    },
    {
      desc: 'properties are a plain object',
      setup: [keyed('Foo')],
      input: { genus: 2, className: 'Foo', properties: { Id: 'a' } },
      expect: 'WBEM_E_INVALID_OBJECT',
    },
  ];
  for (const c of cases) {
    it(`fails with ${c.expect} when ${c.desc}`, () => {
      const s = store(...c.setup);
      assert.equal(
        outcome(() => putInstance(s, c.input, INSTANCE, ENV)),
        c.expect,
      );
    });
  }
  it('addresses a singleton as Class=@', () => {
    const s = store(
      cimClass({
        name: 'Cfg',
        qualifiers: [qualifier('Singleton', true)],
        properties: [cimProperty('V', 'uint32')],
      }),
    );
    assert.equal(
      commit(s, putInstance(s, cimInstance('Cfg', { V: 1 }), INSTANCE, ENV)).path,
      'Cfg=@',
    );
    assert.equal(getInstance(s, 'Cfg=@', ENV).properties.get('v')?.value, 1);
  });
  it('finds an instance of a subclass through the superclass path, enumerates deep and shallow, deletes it', () => {
    const s = store(keyed('Foo'), keyed('Bar', 'Foo'));
    commit(s, putInstance(s, cimInstance('Foo', { Id: 'a' }), INSTANCE, ENV));
    commit(s, putInstance(s, cimInstance('Bar', { Id: 'b' }), INSTANCE, ENV));
    assert.equal(getInstance(s, 'Foo.Id="b"', ENV).className, 'Bar');
    assert.equal(createInstanceEnum(s, 'Foo', true, ENV).length, 2);
    assert.equal(createInstanceEnum(s, 'Foo', false, ENV).length, 1);
    const m = commit(s, deleteInstance(s, 'Foo.Id="b"', ENV));
    assert.equal(m.events[0]?.eventClass, '__InstanceDeletionEvent');
    assert.equal(
      outcome(() => getInstance(s, 'Bar.Id="b"', ENV)),
      'WBEM_E_NOT_FOUND',
    );
  });
  it('fails with WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_CLASS and WBEM_E_NOT_FOUND on bad lookups', () => {
    const s = store(keyed('Foo'));
    assert.equal(
      outcome(() => getInstance(s, 'Foo.Id="x', ENV)),
      'WBEM_E_INVALID_OBJECT_PATH',
    );
    assert.equal(
      outcome(() => getInstance(s, 'Foo.Nope="x"', ENV)),
      'WBEM_E_INVALID_OBJECT_PATH',
    );
    assert.equal(
      outcome(() => getInstance(s, 'Nope.Id="x"', ENV)),
      'WBEM_E_INVALID_CLASS',
    );
    assert.equal(
      outcome(() => getInstance(s, 'Foo.Id="x"', ENV)),
      'WBEM_E_NOT_FOUND',
    );
    assert.equal(
      outcome(() => deleteInstance(s, 7, ENV)),
      'WBEM_E_INVALID_PARAMETER',
    );
    assert.equal(
      outcome(() => createInstanceEnum(s, 'Nope', true, ENV)),
      'WBEM_E_INVALID_CLASS',
    );
  });
});

describe('Qualifier declarations', () => {
  it('puts, gets, enumerates and deletes a declaration', () => {
    const s = new TestStore();
    commit(
      s,
      putQualifierDeclaration(
        s,
        { name: 'Units', type: 8, isArray: false, value: null, scopes: ['property'], flavor: 0x2 },
        ENV,
      ),
    );
    assert.equal(getQualifierDeclaration(s, 'units').name, 'Units');
    assert.equal(enumQualifierDeclarations(s).length, 1);
    commit(s, deleteQualifierDeclaration(s, 'UNITS', ENV));
    assert.equal(
      outcome(() => getQualifierDeclaration(s, 'Units')),
      'WBEM_E_NOT_FOUND',
    );
  });
  const bad: { desc: string; decl: unknown; expect: string }[] = [
    { desc: 'it is null', decl: null, expect: 'WBEM_E_INVALID_PARAMETER' },
    {
      desc: 'the type is object',
      decl: { name: 'Q', type: 13, value: null },
      expect: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    },
    {
      desc: 'the default does not fit',
      decl: { name: 'Q', type: 11, value: 'yes' },
      expect: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    },
    {
      desc: 'the flavor has origin bits',
      decl: { name: 'Q', type: 11, value: true, flavor: 0x20 },
      expect: 'WBEM_E_INVALID_FLAVOR',
    },
    {
      desc: 'a scope is unknown',
      decl: { name: 'Q', type: 11, value: true, scopes: ['everywhere'] },
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'the name is not an identifier',
      decl: { name: '1Q', type: 11 },
      expect: 'WBEM_E_INVALID_PARAMETER',
    },
  ];
  for (const c of bad) {
    it(`fails with ${c.expect} when ${c.desc}`, () => {
      assert.equal(
        outcome(() => putQualifierDeclaration(new TestStore(), c.decl, ENV)),
        c.expect,
      );
    });
  }
});
