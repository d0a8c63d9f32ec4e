/**
 * @module Force mode over subclasses (spec §5.3): which conflicts it removes and which refuse the
 * update, and the class each refusal names, seen through `putClass` and the store afterwards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimInstance,
  cimMethod,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { getClass, putClass, putInstance } from '../../src/schema/index.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  commit,
  commitPutClass,
  ENV,
  FORCE,
  INSTANCE,
  intent,
  outcome,
  SAFE,
} from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const NONE = intent();
const key = qualifier('Key', true);
/** ToSubclass | DisableOverride: a qualifier subclasses may not override. */
const LOCKED = 0x12;
const idProperty = cimProperty('Id', 'string', { qualifiers: [key] });
const foo = (...extra: CimProperty[]): CimClass =>
  cimClass({ name: 'Foo', properties: [idProperty, ...extra] });

function store(...classes: CimClass[]): TestStore {
  const s = new TestStore();
  for (const c of classes) commitPutClass(s, c);
  return s;
}

function addInstance(s: TestStore, className: string, id: string): void {
  commit(s, putInstance(s, cimInstance(className, { Id: id }), INSTANCE, ENV));
}

function refused(s: TestStore, cls: CimClass, how: ReturnType<typeof intent>, expect: string) {
  const before = s.snapshot();
  assert.equal(
    outcome(() => putClass(s, cls, how, ENV)),
    expect,
  );
  assert.deepEqual(s.snapshot(), before);
}

describe('PutClass: force mode over subclasses', () => {
  it('succeeds when only an unaltered subclass below the altered one has instances', () => {
    const s = store(
      foo(),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
      cimClass({ name: 'Baz', superclass: 'Bar' }),
    );
    addInstance(s, 'Baz', 'z');
    const m = commitPutClass(s, foo(cimProperty('P', 'string')), FORCE);
    assert.deepEqual(m.changes.deleteInstancesOf, []);
    assert.equal(s.instanceCount('Baz'), 1);
    assert.equal(getClass(s, 'Baz', {}, ENV).properties.get('p')?.type, 8);
    assert.equal(s.getClass('Bar')?.local.properties.has('p'), false);
  });

  it('fails with WBEM_E_CLASS_HAS_INSTANCES when the altered subclass is deeper and has instances', () => {
    const s = store(
      foo(),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
      cimClass({ name: 'Baz', superclass: 'Bar', properties: [cimProperty('P', 'uint32')] }),
    );
    addInstance(s, 'Baz', 'z');
    refused(s, foo(cimProperty('P', 'string')), FORCE, 'WBEM_E_CLASS_HAS_INSTANCES');
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a subclass would exceed the property limit', () => {
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => cimProperty(`${prefix}${i}`, 'uint8'));
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: many(30, 'B') }),
    );
    refused(
      s,
      cimClass({ name: 'Foo', properties: many(1000, 'F') }),
      FORCE,
      'WBEM_E_CLASS_HAS_CHILDREN',
    );
  });

  it('reports the first conflict of a subclass in safe mode when it has several', () => {
    const s = store(
      foo(),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [
          cimProperty('P', 'uint32'),
          cimProperty('Q', 'string', { qualifiers: [qualifier('Units', 'a')] }),
        ],
      }),
    );
    const next = foo(
      cimProperty('P', 'string'),
      cimProperty('Q', 'string', { qualifiers: [qualifier('Units', 'b', { flavor: LOCKED })] }),
    );
    refused(s, next, SAFE, 'WBEM_E_UPDATE_TYPE_MISMATCH');
    const reversed = foo(
      cimProperty('Q', 'string', { qualifiers: [qualifier('Units', 'b', { flavor: LOCKED })] }),
    );
    refused(s, reversed, SAFE, 'WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED');
  });

  it('removes a locked property qualifier the subclass overrides and keeps its property', () => {
    const s = store(
      foo(cimProperty('Q', 'string')),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [
          cimProperty('Q', 'string', {
            value: 'mine',
            qualifiers: [qualifier('Units', 'a'), qualifier('Description', 'kept')],
          }),
        ],
      }),
    );
    const next = foo(
      cimProperty('Q', 'string', { qualifiers: [qualifier('Units', 'b', { flavor: LOCKED })] }),
    );
    refused(s, next, SAFE, 'WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED');
    commitPutClass(s, next, FORCE);
    const local = s.getClass('Bar')?.local.properties.get('q');
    assert.equal(local?.value, 'mine');
    assert.deepEqual([...(local?.qualifiers.keys() ?? [])], ['description']);
    assert.equal(
      getClass(s, 'Bar', {}, ENV).properties.get('q')?.qualifiers.get('units')?.value,
      'b',
    );
  });

  it('removes a locked method qualifier the subclass overrides and keeps its method', () => {
    const method = (q: ReturnType<typeof qualifier>[]) =>
      cimMethod('M', 'uint32', { qualifiers: q });
    const s = store(
      cimClass({ name: 'Foo', methods: [method([])] }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        methods: [method([qualifier('Units', 'a'), qualifier('Description', 'kept')])],
      }),
    );
    const next = cimClass({
      name: 'Foo',
      methods: [method([qualifier('Units', 'b', { flavor: LOCKED })])],
    });
    refused(s, next, SAFE, 'WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED');
    commitPutClass(s, next, FORCE);
    const local = s.getClass('Bar')?.local.methods.get('m');
    assert.ok(local !== undefined);
    assert.deepEqual([...local.qualifiers.keys()], ['description']);
    assert.equal(getClass(s, 'Bar', {}, ENV).methods.get('m')?.qualifiers.get('units')?.value, 'b');
  });

  it('removes the Key of a subclass when its superclass becomes a singleton in force mode', () => {
    const s = store(
      cimClass({ name: 'Foo', qualifiers: [qualifier('Abstract', true)] }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [cimProperty('K', 'string', { qualifiers: [key] }), cimProperty('V', 'string')],
      }),
    );
    const next = cimClass({
      name: 'Foo',
      qualifiers: [qualifier('Abstract', true), qualifier('Singleton', true, { flavor: 0x2 })],
    });
    refused(s, next, SAFE, 'WBEM_E_CANNOT_BE_SINGLETON');
    commitPutClass(s, next, FORCE);
    const bar = s.getClass('Bar')?.local;
    assert.equal(bar?.properties.get('k')?.qualifiers.has('key'), false);
    assert.equal(bar?.properties.has('v'), true);
  });

  it('removes the Singleton qualifier of a subclass when its superclass gains a key in force mode', () => {
    const s = store(
      cimClass({ name: 'Foo', qualifiers: [qualifier('Abstract', true)] }),
      cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Singleton', true)] }),
    );
    const next = cimClass({
      name: 'Foo',
      qualifiers: [qualifier('Abstract', true)],
      properties: [idProperty],
    });
    commitPutClass(s, next, FORCE);
    assert.equal(s.getClass('Bar')?.local.qualifiers.has('singleton'), false);
    assert.equal(getClass(s, 'Bar', {}, ENV).properties.has('id'), true);
  });

  it('keeps the stored instances of a provider-backed class in force mode', () => {
    const dyn = (...extra: CimProperty[]) =>
      cimClass({
        name: 'Foo',
        qualifiers: [qualifier('Dynamic', true), qualifier('Provider', 'P')],
        properties: [idProperty, ...extra],
      });
    const s = store(foo());
    addInstance(s, 'Foo', 'a');
    const m = commitPutClass(s, dyn(cimProperty('X', 'string')), FORCE);
    assert.deepEqual(m.changes.deleteInstancesOf, []);
    assert.equal(s.instanceCount('Foo'), 1);
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN in safe mode when Foo removes a method Bar overrides; force removes the override', () => {
    const s = store(
      cimClass({ name: 'Foo', methods: [cimMethod('M', 'uint32'), cimMethod('N', 'void')] }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        methods: [cimMethod('M', 'uint32', { qualifiers: [qualifier('Description', 'b')] })],
      }),
    );
    const next = cimClass({ name: 'Foo', methods: [cimMethod('N', 'void')] });
    refused(s, next, SAFE, 'WBEM_E_CLASS_HAS_CHILDREN');
    commitPutClass(s, next, FORCE);
    assert.equal(s.getClass('Bar')?.local.methods.size, 0);
    assert.deepEqual([...getClass(s, 'Bar', {}, ENV).methods.keys()], ['n']);
  });

  it('removes the method of a subclass whose signature conflicts in force mode and keeps the others', () => {
    const m = (type: string) => cimMethod('M', 'void', { parameters: [idParameter('a', type, 0)] });
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        methods: [m('sint32'), cimMethod('Own', 'string')],
      }),
    );
    commitPutClass(s, cimClass({ name: 'Foo', methods: [m('string')] }), FORCE);
    const bar = getClass(s, 'Bar', {}, ENV);
    assert.equal(bar.methods.get('m')?.classOrigin, 'Foo');
    assert.equal(bar.methods.get('m')?.parameters.get('a')?.type, 8);
    assert.equal(bar.methods.get('own')?.classOrigin, 'Bar');
  });

  it('removes the own key of a subclass when its superclass gains a key in force mode', () => {
    const s = store(
      cimClass({ name: 'Foo', qualifiers: [qualifier('Abstract', true)] }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [cimProperty('K', 'string', { qualifiers: [key] })],
      }),
    );
    const next = cimClass({
      name: 'Foo',
      qualifiers: [qualifier('Abstract', true)],
      properties: [idProperty],
    });
    refused(s, next, SAFE, 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE');
    commitPutClass(s, next, FORCE);
    const bar = getClass(s, 'Bar', {}, ENV);
    assert.equal(bar.properties.get('k')?.qualifiers.has('key'), false);
    assert.equal(bar.properties.get('id')?.qualifiers.get('key')?.value, true);
  });

  it('fails with WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE in safe mode when the Indexed set of a class with subclasses changes; force accepts it', () => {
    const indexed = (on: boolean) =>
      foo(
        cimProperty('P', 'string', {
          qualifiers: on ? [qualifier('Indexed', true, { flavor: 0x2 })] : [],
        }),
      );
    const s = store(indexed(false), cimClass({ name: 'Bar', superclass: 'Foo' }));
    refused(s, indexed(true), SAFE, 'WBEM_E_CANNOT_CHANGE_INDEX_INHERITANCE');
    commitPutClass(s, indexed(true), FORCE);
    assert.equal(
      getClass(s, 'Bar', {}, ENV).properties.get('p')?.qualifiers.get('indexed')?.value,
      true,
    );
  });
});

describe('PutClass: refusals name the class that blocks the update', () => {
  function message(s: TestStore, cls: CimClass, how: ReturnType<typeof intent>): string {
    try {
      putClass(s, cls, how, ENV);
    } catch (e) {
      assert.ok(e instanceof WbemError);
      return e.message;
    }
    return assert.fail('the update was accepted');
  }
  const tree = () => {
    const s = store(
      foo(),
      cimClass({ name: 'Other' }),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
      cimClass({ name: 'Baz', superclass: 'Bar' }),
    );
    return s;
  };

  it('names the class with subclasses in compatible mode', () => {
    assert.match(
      message(tree(), foo(cimProperty('X', 'string')), NONE),
      /Foo has subclasses; use safe or force mode to change it$/,
    );
  });

  it('counts the stored instances in compatible mode', () => {
    const s = store(foo());
    addInstance(s, 'Foo', 'a');
    addInstance(s, 'Foo', 'b');
    assert.match(
      message(s, foo(cimProperty('X', 'string')), NONE),
      /Foo has 2 stored instance\(s\)$/,
    );
  });

  it('names the subclass holding instances in safe mode', () => {
    const s = tree();
    addInstance(s, 'Baz', 'z');
    assert.match(message(s, foo(cimProperty('X', 'string')), SAFE), /: Baz has stored instances$/);
  });

  it('names the altered subclass holding instances in force mode', () => {
    const s = tree();
    addInstance(s, 'Bar', 'b');
    assert.match(
      message(s, foo(cimProperty('P', 'string')), FORCE),
      /subclass Bar must be altered but has stored instances$/,
    );
  });

  it('names the re-parented class and the class holding instances', () => {
    const moved = cimClass({
      name: 'Bar',
      superclass: 'Other',
      properties: [cimProperty('P', 'uint32')],
    });
    const s = tree();
    addInstance(s, 'Baz', 'z');
    assert.match(
      message(s, moved, FORCE),
      /cannot change the superclass of Bar: Baz has stored instances$/,
    );
    addInstance(s, 'Bar', 'b');
    assert.match(
      message(s, moved, FORCE),
      /cannot change the superclass of Bar: Bar has stored instances$/,
    );
  });

  it('names the subclass and its conflict in safe mode', () => {
    assert.match(
      message(tree(), foo(cimProperty('P', 'string')), SAFE),
      /subclass Bar conflicts with the update: Bar\.P redefines an inherited property with another type$/,
    );
  });
});
