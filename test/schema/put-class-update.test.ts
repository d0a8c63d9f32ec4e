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
import { createInstanceEnum, getClass, putClass, putInstance } from '../../src/schema/index.js';
import { WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../../src/wbem/flavor.js';
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
const fooDef = (...extra: ReturnType<typeof cimProperty>[]): CimClass =>
  cimClass({
    name: 'Foo',
    properties: [cimProperty('Id', 'string', { qualifiers: [key] }), ...extra],
  });

function store(...classes: CimClass[]): TestStore {
  const s = new TestStore();
  for (const c of classes) commitPutClass(s, c);
  return s;
}

function addInstance(s: TestStore, className: string, id: string): void {
  commit(s, putInstance(s, cimInstance(className, { Id: id }), INSTANCE, ENV));
}

/** The update fails with `expect`, and nothing in the store changed (B72). */
function assertRefused(
  s: TestStore,
  cls: CimClass,
  flags: ReturnType<typeof intent>,
  expect: string,
): void {
  const before = s.snapshot();
  assert.equal(
    outcome(() => putClass(s, cls, flags, ENV)),
    expect,
  );
  assert.deepEqual(s.snapshot(), before);
}

describe('PutClass: update modes', () => {
  it('B53: fails with WBEM_E_CLASS_HAS_CHILDREN when Foo has a subclass in compatible mode', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    assertRefused(s, fooDef(cimProperty('P', 'string')), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('B54: fails with WBEM_E_CLASS_HAS_INSTANCES when Foo has an instance in compatible mode', () => {
    const s = store(fooDef());
    addInstance(s, 'Foo', 'a');
    assertRefused(s, fooDef(cimProperty('P', 'string')), NONE, 'WBEM_E_CLASS_HAS_INSTANCES');
  });

  it('A18: reports WBEM_E_CLASS_HAS_CHILDREN before instances in compatible mode', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    addInstance(s, 'Foo', 'a');
    assertRefused(s, fooDef(cimProperty('P', 'string')), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('B55: succeeds when only Description changes although subclasses and instances exist', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    addInstance(s, 'Foo', 'a');
    const withDescription = cimClass({
      name: 'Foo',
      qualifiers: [qualifier('Description', 'new')],
      properties: [...fooDef().properties.values()],
    });
    assert.equal(
      outcome(() => commitPutClass(s, withDescription)),
      'WBEM_S_NO_ERROR',
    );
    assert.equal(s.instanceCount('Foo'), 1);
  });

  it('B56/A9: succeeds with a modification event when an identical class is put', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    addInstance(s, 'Foo', 'a');
    const m = putClass(s, fooDef(), NONE, ENV);
    assert.equal(m.events.length, 1);
    assert.equal(m.events[0]?.eventClass, '__ClassModificationEvent');
    assert.equal(m.events[0]?.previousClass?.name, 'Foo');
    assert.equal(m.changes.putClasses.length, 1);
  });

  it('B57: safe mode adds P to Foo and Bar inherits it', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    const m = commitPutClass(s, fooDef(cimProperty('P', 'string')), SAFE);
    assert.deepEqual(
      m.changes.putClasses.map((r) => r.local.name),
      ['Foo', 'Bar'],
    );
    const p = getClass(s, 'Bar', {}, ENV).properties.get('p');
    assert.equal(p?.classOrigin, 'Foo');
    assert.equal(p?.propagated, true);
  });

  it('B58: safe mode fails with WBEM_E_CLASS_HAS_INSTANCES when Foo has an instance', () => {
    const s = store(fooDef());
    addInstance(s, 'Foo', 'a');
    assertRefused(s, fooDef(cimProperty('P', 'string')), SAFE, 'WBEM_E_CLASS_HAS_INSTANCES');
  });

  it('B59: safe mode fails with WBEM_E_CLASS_HAS_INSTANCES when only Bar has an instance', () => {
    const s = store(fooDef(), cimClass({ name: 'Bar', superclass: 'Foo' }));
    addInstance(s, 'Bar', 'b');
    assertRefused(s, fooDef(cimProperty('P', 'string')), SAFE, 'WBEM_E_CLASS_HAS_INSTANCES');
  });

  const lockedQ = cimClass({ name: 'Foo', qualifiers: [qualifier('Q', 2, { flavor: 0x12 })] });
  it('B60: safe mode fails with WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED when Bar has its own Q', () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Q', 1)] }),
    );
    assertRefused(s, lockedQ, SAFE, 'WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED');
  });

  it("B61: force mode deletes Bar's own Q and Bar shows Q=2 as propagated", () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [qualifier('Q', 1)] }),
    );
    commitPutClass(s, lockedQ, FORCE);
    const q = getClass(s, 'Bar', {}, ENV).qualifiers.get('q');
    assert.equal(q?.value, 2);
    assert.ok(((q?.flavor ?? 0) & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0);
    assert.equal(s.getClass('Bar')?.local.qualifiers.has('q'), false);
  });

  it('B62: safe mode fails with WBEM_E_UPDATE_TYPE_MISMATCH when Bar defines uint32 P and Foo adds string P', () => {
    const s = store(
      fooDef(),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
    );
    assertRefused(s, fooDef(cimProperty('P', 'string')), SAFE, 'WBEM_E_UPDATE_TYPE_MISMATCH');
  });

  it('B63: force mode makes Bar.P a string inherited from Foo', () => {
    const s = store(
      fooDef(),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
    );
    commitPutClass(s, fooDef(cimProperty('P', 'string')), FORCE);
    const p = getClass(s, 'Bar', {}, ENV).properties.get('p');
    assert.equal(p?.type, 8);
    assert.equal(p?.classOrigin, 'Foo');
  });

  it('B64: safe mode fails with WBEM_E_UPDATE_PROPAGATED_METHOD when Bar declares M(sint32) and Foo adds M(string)', () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        methods: [cimMethod('M', 'void', { parameters: [idParameter('a', 'sint32', 0)] })],
      }),
    );
    const next = cimClass({
      name: 'Foo',
      methods: [cimMethod('M', 'void', { parameters: [idParameter('a', 'string', 0)] })],
    });
    assertRefused(s, next, SAFE, 'WBEM_E_UPDATE_PROPAGATED_METHOD');
  });

  it('B65: force mode fails with WBEM_E_CLASS_HAS_INSTANCES when the conflicting Bar has instances', () => {
    const s = store(
      fooDef(),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
    );
    addInstance(s, 'Bar', 'b');
    assertRefused(s, fooDef(cimProperty('P', 'string')), FORCE, 'WBEM_E_CLASS_HAS_INSTANCES');
  });

  it('B66/A2: force mode on static Foo with instances succeeds and deletes its instances', () => {
    const s = store(fooDef());
    addInstance(s, 'Foo', 'a');
    const m = commitPutClass(s, fooDef(cimProperty('P', 'string')), FORCE);
    assert.deepEqual(m.changes.deleteInstancesOf, ['Foo']);
    assert.equal(createInstanceEnum(s, 'Foo', true, ENV).length, 0);
  });

  it('B67: force mode on a provider-backed Foo requests no instance deletion', () => {
    const dyn = (extra: boolean) =>
      cimClass({
        name: 'Foo',
        qualifiers: [qualifier('Dynamic', true), qualifier('Provider', 'P')],
        properties: [
          cimProperty('Id', 'string', { qualifiers: [key] }),
          ...(extra ? [cimProperty('X', 'string')] : []),
        ],
      });
    const s = store(dyn(false));
    const m = putClass(s, dyn(true), FORCE, ENV);
    assert.deepEqual(m.changes.deleteInstancesOf, []);
  });

  it('B68: safe mode fails with WBEM_E_CLASS_HAS_INSTANCES when a key is added to a class with an instance', () => {
    const s = store(fooDef());
    addInstance(s, 'Foo', 'a');
    assertRefused(
      s,
      fooDef(cimProperty('Id2', 'string', { qualifiers: [key] })),
      SAFE,
      'WBEM_E_CLASS_HAS_INSTANCES',
    );
  });

  it('B69: safe mode fails with WBEM_E_CLASS_HAS_INSTANCES when Bar with instances is re-parented', () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Other' }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
      }),
    );
    addInstance(s, 'Bar', 'b');
    assertRefused(
      s,
      cimClass({
        name: 'Bar',
        superclass: 'Other',
        properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
      }),
      SAFE,
      'WBEM_E_CLASS_HAS_INSTANCES',
    );
  });

  it('B70: fails with WBEM_E_CIRCULAR_REFERENCE when Foo is re-parented under its subclass', () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
      cimClass({ name: 'Baz', superclass: 'Bar' }),
    );
    assertRefused(
      s,
      cimClass({ name: 'Foo', superclass: 'Bar' }),
      NONE,
      'WBEM_E_CIRCULAR_REFERENCE',
    );
    assertRefused(
      s,
      cimClass({ name: 'Foo', superclass: 'Baz' }),
      FORCE,
      'WBEM_E_CIRCULAR_REFERENCE',
    );
    assertRefused(
      s,
      cimClass({ name: 'Foo', superclass: 'foo' }),
      NONE,
      'WBEM_E_CIRCULAR_REFERENCE',
    );
  });

  it('B71: re-parents a leaf without instances and updates __DERIVATION', () => {
    const s = store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Other' }),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
    );
    commitPutClass(s, cimClass({ name: 'Bar', superclass: 'Other' }));
    assert.deepEqual(getClass(s, 'Bar', {}, ENV).systemProperties?.__DERIVATION, ['Other']);
    assert.deepEqual(s.subclassNames('Foo'), []);
  });

  it('re-parenting a class with subclasses re-derives them in safe mode', () => {
    const s = store(
      cimClass({ name: 'Foo', properties: [cimProperty('F', 'string')] }),
      cimClass({ name: 'Other', properties: [cimProperty('O', 'string')] }),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
      cimClass({ name: 'Baz', superclass: 'Bar' }),
    );
    const m = commitPutClass(s, cimClass({ name: 'Bar', superclass: 'Other' }), SAFE);
    assert.deepEqual(
      m.changes.putClasses.map((r) => r.local.name),
      ['Bar', 'Baz'],
    );
    const baz = getClass(s, 'Baz', {}, ENV);
    assert.deepEqual(baz.systemProperties?.__DERIVATION, ['Bar', 'Other']);
    assert.deepEqual([...baz.properties.keys()], ['o']);
  });

  it('safe mode fails with WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE when the key set of a class with subclasses changes', () => {
    const s = store(
      fooDef(cimProperty('K2', 'string')),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
    );
    assertRefused(
      s,
      fooDef(cimProperty('K2', 'string', { qualifiers: [key] })),
      SAFE,
      'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    );
  });

  it('safe mode fails with WBEM_E_CLASS_HAS_CHILDREN when Foo removes a property Bar overrides; force removes the override', () => {
    const s = store(
      fooDef(cimProperty('P', 'string')),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [cimProperty('P', 'string', { value: 'x' })],
      }),
    );
    assertRefused(s, fooDef(), SAFE, 'WBEM_E_CLASS_HAS_CHILDREN');
    commitPutClass(s, fooDef(), FORCE);
    assert.equal(getClass(s, 'Bar', {}, ENV).properties.has('p'), false);
  });

  it('B72: a failed update leaves the class, its subclasses and all instances as they were', () => {
    const s = store(
      fooDef(),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [cimProperty('P', 'uint32')] }),
    );
    addInstance(s, 'Foo', 'a');
    addInstance(s, 'Bar', 'b');
    for (const flags of [NONE, SAFE, FORCE])
      assertRefused(
        s,
        fooDef(cimProperty('P', 'string')),
        flags,
        flags === NONE ? 'WBEM_E_CLASS_HAS_CHILDREN' : 'WBEM_E_CLASS_HAS_INSTANCES',
      );
    assert.equal(createInstanceEnum(s, 'Foo', true, ENV).length, 2);
  });
});
