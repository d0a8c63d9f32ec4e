/**
 * @module `putInstance` as a caller sees it: the instance it stores (only the values given, in the
 * class's spelling, arrays copied), the path and event it returns, and the HRESULT and message of
 * every refusal.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { PutInstanceIntent } from '../../src/schema/index.js';
import { putInstance } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { commit, commitPutClass, ENV, INSTANCE, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const key = qualifier('Key', true);

function sample(): TestStore {
  const s = new TestStore();
  commitPutClass(
    s,
    cimClass({
      name: 'Foo',
      properties: [
        cimProperty('Id', 'string', { qualifiers: [key] }),
        cimProperty('N', 'uint32', { value: 7 }),
        cimProperty('Tags', 'string[]'),
        cimProperty('Must', 'string', { value: 'm', qualifiers: [qualifier('Not_Null', true)] }),
      ],
    }),
  );
  commitPutClass(s, cimClass({ name: 'Bar', superclass: 'Foo' }));
  commitPutClass(s, cimClass({ name: 'Abs', qualifiers: [qualifier('Abstract', true)] }));
  commitPutClass(s, cimClass({ name: 'Keyless', properties: [cimProperty('P', 'string')] }));
  commitPutClass(
    s,
    cimClass({
      name: 'Pair',
      properties: [
        cimProperty('A', 'string', { qualifiers: [key] }),
        cimProperty('B', 'uint32', { qualifiers: [key] }),
      ],
    }),
  );
  commit(s, putInstance(s, cimInstance('Foo', { Id: 'a', N: 1 }), INSTANCE, ENV));
  return s;
}

const refused = (op: () => unknown): WbemError => refusal(op, 'putInstance accepted the instance');

const instance = (properties: unknown, className: unknown = 'Foo') => ({
  genus: 2,
  className,
  properties,
});

const REFUSED: readonly {
  readonly desc: string;
  readonly input: unknown;
  readonly intent?: unknown;
  readonly hresult: string;
  readonly message: RegExp;
}[] = [
  {
    desc: 'reading the class name throws',
    input: {
      genus: 2,
      get className(): string {
        throw new Error('boom');
      },
    },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the instance object could not be read$/,
  },
  {
    desc: 'a system class name is longer than a message shows',
    input: cimInstance(`__${'x'.repeat(400)}`, {}),
    hresult: 'WBEM_E_INVALID_OPERATION',
    message: /: instances of system class __x{298} are not stored$/,
  },
  {
    desc: 'an unknown property name is longer than a message shows',
    input: cimInstance('Foo', { Id: 'x', [`Z${'z'.repeat(400)}`]: 1 }),
    hresult: 'WBEM_E_INVALID_PROPERTY',
    message: /: Foo has no property "Zz{299}"$/,
  },
  {
    desc: 'the class has no keys and is not a singleton',
    input: cimInstance('Keyless', { P: 'x' }),
    hresult: 'WBEM_E_NO_KEY',
    message: /: class Keyless has no key properties and is not a singleton$/,
  },
  {
    desc: 'the intent has no mode',
    input: cimInstance('Foo', { Id: 'b' }),
    intent: {},
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: the put intent is not valid \(parse lFlags with parsePutInstanceFlags\)$/,
  },
  {
    desc: 'the intent is null',
    input: cimInstance('Foo', { Id: 'b' }),
    intent: null,
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: the put intent is not valid/,
  },
  {
    desc: 'no object is given',
    input: 'Foo',
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: no instance object was given$/,
  },
  {
    desc: 'the object has genus 1',
    input: { genus: 1, className: 'Foo', properties: [] },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the object is not an instance \(genus is not 2\)$/,
  },
  {
    desc: 'the object names no class',
    input: instance([], ''),
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: the instance names no class$/,
  },
  {
    desc: 'the class name is a number',
    input: instance([], 5),
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: the instance names no class$/,
  },
  {
    desc: 'the properties are a string',
    input: instance('Id=a'),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: instance properties must be a Map or an array$/,
  },
  {
    desc: 'the class is a system class whose instances are not stored',
    input: cimInstance('__NAMESPACE', { Name: 'x' }),
    hresult: 'WBEM_E_INVALID_OPERATION',
    message: /: instances of system class __NAMESPACE are not stored$/,
  },
  {
    desc: 'the class does not exist',
    input: cimInstance('Nope', { Id: 'x' }),
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: class "Nope" does not exist$/,
  },
  {
    desc: 'the class does not exist and its name is past 300 characters',
    input: cimInstance('N'.repeat(400), {}),
    hresult: 'WBEM_E_INVALID_CLASS',
    message: /: class "N{300}" does not exist$/,
  },
  {
    desc: 'the class is abstract',
    input: cimInstance('abs', {}),
    hresult: 'WBEM_E_INVALID_OPERATION',
    message: /: class Abs is abstract$/,
  },
  {
    desc: 'a property is not an object',
    input: instance(['Id']),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: an instance property is not an object$/,
  },
  {
    desc: 'a property is null',
    input: instance([null]),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: an instance property is not an object$/,
  },
  {
    desc: 'a property has no name',
    input: instance([{ value: 'x' }]),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: an instance property has no name$/,
  },
  {
    desc: 'a property is not declared by the class',
    input: cimInstance('Foo', { Id: 'x', Zed: 1 }),
    hresult: 'WBEM_E_INVALID_PROPERTY',
    message: /: Foo has no property "Zed"$/,
  },
  {
    desc: 'a property is given twice in different case',
    input: instance([
      { name: 'Id', value: 'x' },
      { name: 'ID', value: 'y' },
    ]),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property Id is given twice$/,
  },
  {
    desc: 'a value does not fit its type',
    input: cimInstance('Foo', { Id: 'x', N: 'seven' }),
    hresult: 'WBEM_E_TYPE_MISMATCH',
    message: /: Foo\.N: the value does not fit its type$/,
  },
  {
    desc: 'a Not_Null property is given NULL',
    input: cimInstance('Foo', { Id: 'x', Must: null }),
    hresult: 'WBEM_E_ILLEGAL_NULL',
    message: /: Foo\.Must is Not_Null$/,
  },
  {
    desc: 'one key of two is given, the other NULL',
    input: cimInstance('Pair', { B: 1 }),
    hresult: 'WBEM_E_ILLEGAL_NULL',
    message: /: key Pair\.A is NULL$/,
  },
  {
    desc: 'no key value is given',
    input: cimInstance('Foo', { N: 1 }),
    hresult: 'WBEM_E_NO_KEY',
    message: /: the instance of Foo has no key values$/,
  },
  {
    desc: 'reading a property throws',
    input: instance([
      {
        get name(): string {
          throw new Error('boom');
        },
      },
    ]),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the instance properties could not be read$/,
  },
  {
    desc: 'the instance exists and the mode is create-only',
    input: cimInstance('Foo', { Id: 'a' }),
    intent: { mode: 'create-only' },
    hresult: 'WBEM_E_ALREADY_EXISTS',
    message: /: instance Foo\.Id="a" already exists$/,
  },
  {
    desc: 'the instance does not exist and the mode is update-only',
    input: cimInstance('Foo', { Id: 'b' }),
    intent: { mode: 'update-only' },
    hresult: 'WBEM_E_NOT_FOUND',
    message: /: instance Foo\.Id="b" does not exist$/,
  },
];

describe('PutInstance', () => {
  for (const c of REFUSED) {
    it(`fails with ${c.hresult} and names the defect when ${c.desc}`, () => {
      const s = sample();
      const how = ('intent' in c ? c.intent : INSTANCE) as PutInstanceIntent;
      const err = refused(() => putInstance(s, c.input, how, ENV));
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }

  it('stores only the values given, spelled as the class spells them, with an array copied', () => {
    const s = sample();
    const tags = ['x'];
    const m = putInstance(
      s,
      instance([{ name: 'id', value: 'b' }, { name: 'TAGS', value: tags }, { name: 'n' }]),
      { mode: 'create-only' },
      ENV,
    );
    tags.push('y');
    assert.equal(m.path, 'Foo.Id="b"');
    assert.equal(m.changes.putInstances.length, 1);
    const [put] = m.changes.putInstances;
    assert.equal(put?.key, 'Foo.Id="b"');
    assert.equal(put?.instance.className, 'Foo');
    assert.equal(put?.instance.genus, 2);
    assert.deepEqual(
      [...(put?.instance.properties.entries() ?? [])],
      [
        ['id', { name: 'Id', value: 'b' }],
        ['tags', { name: 'Tags', value: ['x'] }],
        ['n', { name: 'N', value: null }],
      ],
    );
  });

  it('accepts properties as a Map and none at all', () => {
    const s = sample();
    const m = putInstance(
      s,
      instance(new Map([['id', { name: 'Id', value: 'm' }]])),
      INSTANCE,
      ENV,
    );
    assert.equal(m.path, 'Foo.Id="m"');
    assert.equal(
      hresultName(refused(() => putInstance(s, instance(undefined), INSTANCE, ENV)).hresult),
      'WBEM_E_NO_KEY',
    );
  });

  it('raises a creation event with the new instance and its defaults when it is new', () => {
    const m = putInstance(sample(), cimInstance('Bar', { Id: 'b' }), INSTANCE, ENV);
    assert.equal(m.path, 'Bar.Id="b"');
    assert.equal(m.events.length, 1);
    const event = m.events[0];
    assert.equal(event?.eventClass, '__InstanceCreationEvent');
    assert.equal(event?.namespace, 'root/test');
    assert.equal(event?.timeCreated, '133000000000000000');
    assert.equal('previousInstance' in (event ?? {}), false);
    assert.equal(event?.targetInstance?.properties.get('n')?.value, 7);
    assert.deepEqual(event?.targetInstance?.systemProperties?.__DERIVATION, ['Foo']);
  });

  it('raises a modification event with the previous instance when it replaces one', () => {
    const m = putInstance(sample(), cimInstance('Foo', { Id: 'a', N: 2 }), INSTANCE, ENV);
    const event = m.events[0];
    assert.equal(event?.eventClass, '__InstanceModificationEvent');
    assert.equal(event?.targetInstance?.properties.get('n')?.value, 2);
    assert.equal(event?.previousInstance?.properties.get('n')?.value, 1);
    assert.equal(event?.previousInstance?.systemProperties?.__RELPATH, 'Foo.Id="a"');
  });

  it('hands back the stored instance when it is put again exactly as stored, and still raises the event', () => {
    const s = sample();
    const held = s.getInstance('Foo', 'Foo.Id="a"');
    const same = putInstance(s, cimInstance('FOO', { ID: 'a', n: 1 }), INSTANCE, ENV);
    assert.equal(same.changes.putInstances[0]?.instance, held, 'the stored object itself');
    assert.equal(same.events[0]?.eventClass, '__InstanceModificationEvent');
    for (const other of [{ Id: 'a', N: 2 }, { N: 1, Id: 'a' }, { Id: 'a' }]) {
      const m = putInstance(s, cimInstance('Foo', other), INSTANCE, ENV);
      assert.notEqual(m.changes.putInstances[0]?.instance, held, JSON.stringify(other));
    }
  });

  it('uses a key default only when the key is not given, and refuses an explicit NULL key', () => {
    const s = sample();
    commitPutClass(
      s,
      cimClass({
        name: 'Dflt',
        properties: [cimProperty('K', 'string', { value: 'd', qualifiers: [key] })],
      }),
    );
    assert.equal(putInstance(s, cimInstance('Dflt', {}), INSTANCE, ENV).path, 'Dflt.K="d"');
    const err = refused(() => putInstance(s, cimInstance('Dflt', { K: null }), INSTANCE, ENV));
    assert.equal(hresultName(err.hresult), 'WBEM_E_NO_KEY');
  });

  it('replaces an instance in update-only mode', () => {
    const m = putInstance(sample(), cimInstance('Foo', { Id: 'a' }), { mode: 'update-only' }, ENV);
    assert.equal(m.events[0]?.eventClass, '__InstanceModificationEvent');
  });
});
