/**
 * @module What kind of change an update is (spec §5.1) and what each mode then does with the
 * subclasses and instances (§5.2-§5.4), seen through `putClass` and the store afterwards.
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
import { createInstanceEnum, getClass, putClass, putInstance } from '../../src/schema/index.js';
import { WBEM_FLAVOR_AMENDED } from '../../src/wbem/flavor.js';
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

/** Foo(Id, P uint32 = 1) with subclass Bar, and one instance of each. */
function populated(): TestStore {
  const s = store(
    foo(cimProperty('P', 'uint32', { value: 1 })),
    cimClass({ name: 'Bar', superclass: 'Foo' }),
  );
  addInstance(s, 'Foo', 'a');
  addInstance(s, 'Bar', 'b');
  return s;
}

function refused(s: TestStore, cls: CimClass, how: ReturnType<typeof intent>, expect: string) {
  const before = s.snapshot();
  assert.equal(
    outcome(() => putClass(s, cls, how, ENV)),
    expect,
  );
  assert.deepEqual(s.snapshot(), before);
}

describe('PutClass: a changed existing property is a change', () => {
  const changes: { desc: string; next: CimProperty }[] = [
    { desc: 'its type changes', next: cimProperty('P', 'string') },
    {
      desc: 'it becomes an array',
      next: cimProperty('P', 'uint32', { isArray: true }),
    },
    { desc: 'its default value changes', next: cimProperty('P', 'uint32', { value: 2 }) },
    { desc: 'its default value is dropped', next: cimProperty('P', 'uint32') },
    {
      desc: 'it becomes a reference',
      next: cimProperty('P', 'ref', { referenceClass: 'Foo' }),
    },
  ];
  for (const { desc, next } of changes) {
    it(`fails with WBEM_E_CLASS_HAS_CHILDREN in compatible mode when ${desc}`, () => {
      refused(populated(), foo(next), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
    });
    it(`fails with WBEM_E_CLASS_HAS_INSTANCES in safe mode when ${desc}`, () => {
      refused(populated(), foo(next), SAFE, 'WBEM_E_CLASS_HAS_INSTANCES');
    });
    it(`deletes the stored instances in force mode when ${desc}`, () => {
      const s = populated();
      const m = commitPutClass(s, foo(next), FORCE);
      assert.deepEqual(m.changes.deleteInstancesOf, ['Foo']);
      assert.deepEqual(
        createInstanceEnum(s, 'Foo', false, ENV).map((i) => i.className),
        [],
      );
    });
  }

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a property is replaced by one of another name', () => {
    refused(
      populated(),
      foo(cimProperty('Q', 'uint32', { value: 1 })),
      NONE,
      'WBEM_E_CLASS_HAS_CHILDREN',
    );
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a method is replaced by one of another name', () => {
    const withMethod = (name: string) =>
      cimClass({ name: 'Foo', properties: [idProperty], methods: [cimMethod(name, 'uint32')] });
    const s = store(withMethod('M'), cimClass({ name: 'Bar', superclass: 'Foo' }));
    refused(s, withMethod('N'), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a method parameter changes type', () => {
    const withMethod = (type: string) =>
      cimClass({
        name: 'Foo',
        properties: [idProperty],
        methods: [cimMethod('M', 'uint32', { parameters: [idParameter('a', type, 0)] })],
      });
    const s = store(withMethod('uint32'), cimClass({ name: 'Bar', superclass: 'Foo' }));
    refused(s, withMethod('string'), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a non-cosmetic property qualifier is added', () => {
    const p = cimProperty('P', 'uint32', { value: 1, qualifiers: [qualifier('MaxValue', 9)] });
    refused(populated(), foo(p), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a property qualifier value changes', () => {
    const withUnits = (u: string) =>
      foo(cimProperty('P', 'uint32', { qualifiers: [qualifier('Units', u)] }));
    const s = store(withUnits('bytes'), cimClass({ name: 'Bar', superclass: 'Foo' }));
    refused(s, withUnits('bits'), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });
});

describe('PutClass: what else counts as a change of a member', () => {
  const sub = cimClass({ name: 'Bar', superclass: 'Foo' });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when a non-cosmetic property qualifier is removed', () => {
    const withUnits = (units: boolean) =>
      foo(cimProperty('P', 'uint32', { qualifiers: units ? [qualifier('Units', 'bytes')] : [] }));
    const s = store(withUnits(true), sub);
    refused(s, withUnits(false), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('fails with WBEM_E_CLASS_HAS_CHILDREN when an array property gains an arraySize', () => {
    const fixed = (size?: number) =>
      foo(
        cimProperty(
          'P',
          'uint8',
          size === undefined ? { isArray: true } : { isArray: true, arraySize: size },
        ),
      );
    const s = store(fixed(), sub);
    refused(s, fixed(4), NONE, 'WBEM_E_CLASS_HAS_CHILDREN');
  });

  it('succeeds when only the spelling of a property name changes although a subclass exists', () => {
    const s = store(foo(cimProperty('size', 'uint32')), sub);
    commitPutClass(s, foo(cimProperty('Size', 'uint32')));
    assert.equal(s.getClass('Foo')?.local.properties.get('size')?.name, 'Size');
  });

  it('succeeds when a qualifier that was Amended changes value and flavor, the Amended side making it cosmetic', () => {
    const units = (q: ReturnType<typeof qualifier>) =>
      foo(cimProperty('P', 'uint32', { qualifiers: [q] }));
    const s = store(units(qualifier('Units', 'a', { flavor: WBEM_FLAVOR_AMENDED })), sub);
    addInstance(s, 'Foo', 'x');
    commitPutClass(s, units(qualifier('Units', 'b')));
    assert.equal(s.instanceCount('Foo'), 1);
    const s2 = store(units(qualifier('Units', 'a')), sub);
    commitPutClass(s2, units(qualifier('Units', 'b', { flavor: WBEM_FLAVOR_AMENDED })));
    assert.equal(
      s2.getClass('Foo')?.local.properties.get('p')?.qualifiers.get('units')?.value,
      'b',
    );
  });
});

describe('PutClass: cosmetic changes of members', () => {
  const cosmetic: { desc: string; qualifiers: ReturnType<typeof qualifier>[] }[] = [
    { desc: 'a Description is added to a property', qualifiers: [qualifier('Description', 'd')] },
    { desc: 'a DisplayName is added to a property', qualifiers: [qualifier('DisplayName', 'P')] },
    {
      desc: 'an Amended qualifier is added to a property',
      qualifiers: [qualifier('Units', 'x', { flavor: WBEM_FLAVOR_AMENDED })],
    },
  ];
  for (const { desc, qualifiers } of cosmetic) {
    it(`succeeds in compatible mode and keeps every instance when ${desc}`, () => {
      const s = populated();
      commitPutClass(s, foo(cimProperty('P', 'uint32', { value: 1, qualifiers })));
      assert.equal(createInstanceEnum(s, 'Foo', true, ENV).length, 2);
      const p = s.getClass('Foo')?.local.properties.get('p');
      assert.equal(p?.qualifiers.size, 1);
    });
  }

  it('succeeds and stores the new text when a property Description changes', () => {
    const described = (text: string) =>
      foo(cimProperty('P', 'uint32', { value: 1, qualifiers: [qualifier('Description', text)] }));
    const s = store(described('old'), cimClass({ name: 'Bar', superclass: 'Foo' }));
    addInstance(s, 'Foo', 'a');
    commitPutClass(s, described('new'));
    const p = getClass(s, 'Foo', {}, ENV).properties.get('p');
    assert.equal(p?.qualifiers.get('description')?.value, 'new');
    assert.equal(s.instanceCount('Foo'), 1);
  });

  it('succeeds when a method Description is removed although a subclass exists', () => {
    const withMethod = (q: ReturnType<typeof qualifier>[]) =>
      cimClass({
        name: 'Foo',
        properties: [idProperty],
        methods: [cimMethod('M', 'uint32', { qualifiers: q })],
      });
    const s = store(
      withMethod([qualifier('Description', 'm')]),
      cimClass({ name: 'Bar', superclass: 'Foo' }),
    );
    commitPutClass(s, withMethod([]));
    assert.equal(getClass(s, 'Foo', {}, ENV).methods.get('m')?.qualifiers.size, 0);
  });

  it('reports a modification with the previous class when a property Description changes', () => {
    const described = (text: string) =>
      foo(cimProperty('P', 'uint32', { qualifiers: [qualifier('Description', text)] }));
    const s = store(described('old'));
    const m = putClass(s, described('new'), NONE, ENV);
    assert.equal(m.events[0]?.eventClass, '__ClassModificationEvent');
    assert.equal(
      m.events[0]?.previousClass?.properties.get('p')?.qualifiers.get('description')?.value,
      'old',
    );
  });
});

describe('PutClass: re-parenting', () => {
  const tree = () =>
    store(
      cimClass({ name: 'Foo' }),
      cimClass({ name: 'Other' }),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [idProperty] }),
      cimClass({ name: 'Baz', superclass: 'Bar' }),
    );
  const moved = cimClass({ name: 'Bar', superclass: 'Other', properties: [idProperty] });

  for (const how of [SAFE, FORCE]) {
    it(`fails with WBEM_E_CLASS_HAS_INSTANCES in ${how.update} mode when the re-parented class has instances`, () => {
      const s = tree();
      addInstance(s, 'Bar', 'b');
      refused(s, moved, how, 'WBEM_E_CLASS_HAS_INSTANCES');
    });
    it(`fails with WBEM_E_CLASS_HAS_INSTANCES in ${how.update} mode when only a descendant has instances`, () => {
      const s = tree();
      addInstance(s, 'Baz', 'z');
      refused(s, moved, how, 'WBEM_E_CLASS_HAS_INSTANCES');
    });
  }

  it('re-parents in force mode when no class of the subtree has instances', () => {
    const s = tree();
    commitPutClass(s, moved, FORCE);
    assert.deepEqual(getClass(s, 'Baz', {}, ENV).systemProperties?.__DERIVATION, ['Bar', 'Other']);
    assert.deepEqual(s.subclassNames('Other'), ['Bar']);
  });
});
