/**
 * @module Keys, Indexed sets and property overrides across a hierarchy, through `putClass`: which
 * overrides of an inherited property a subclass may declare, and which updates of a class with
 * subclasses keep the subclasses valid (safe and force mode).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { DMTF_RULES, getClass, putClass, putInstance } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import {
  caseTitle,
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

const key = qualifier('Key', true);
const notKey = qualifier('Key', false);
const indexed = qualifier('Indexed', true);
const str = (name: string, ...qualifiers: ReturnType<typeof qualifier>[]) =>
  cimProperty(name, 'string', { qualifiers });
const base = (...properties: CimProperty[]): CimClass => cimClass({ name: 'Base', properties });
const sub = (...properties: CimProperty[]): CimClass =>
  cimClass({ name: 'Sub', superclass: 'Base', properties });

function store(...classes: CimClass[]): TestStore {
  const s = new TestStore();
  for (const c of classes) commitPutClass(s, c);
  return s;
}

const OVERRIDES: readonly { desc: string; base: CimClass; sub: CimClass; expect: string }[] = [
  {
    desc: 'when an override restates an inherited key without the Key qualifier',
    base: base(str('Id', key)),
    sub: sub(str('Id', qualifier('Description', 'mine'))),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'when an override restates an inherited key as Key true',
    base: base(str('Id', key)),
    sub: sub(str('Id', key)),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'when an override of a plain property says Key false',
    base: base(str('Id', key), str('P')),
    sub: sub(str('P', notKey)),
    expect: 'WBEM_S_NO_ERROR',
  },
  {
    desc: 'when an override makes a plain property of a keyed superclass a key',
    base: base(str('Id', key), str('P')),
    sub: sub(str('P', key)),
    expect: 'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
  },
  {
    desc: 'when an override makes an inherited scalar an array',
    base: base(str('P')),
    sub: sub(cimProperty('P', 'string[]')),
    expect: 'WBEM_E_TYPE_MISMATCH',
  },
];

describe('PutClass: overrides of inherited properties', () => {
  for (const c of OVERRIDES) {
    it(caseTitle(c.desc, c.expect), () => {
      assert.equal(
        outcome(() => putClass(store(c.base), c.sub, intent(), ENV)),
        c.expect,
      );
    });
  }

  it('names the property that adds a key by overriding a plain one', () => {
    try {
      putClass(store(base(str('Id', key), str('P'))), sub(str('P', key)), intent(), ENV);
      assert.fail('the override was accepted');
    } catch (e) {
      assert.ok(e instanceof WbemError);
      assert.match(e.message, /: Sub\.P adds a key below a keyed superclass$/);
    }
  });

  it('accepts, under DMTF rules, reference overrides where either side names no class', () => {
    const dmtf = { ...ENV, rules: DMTF_RULES };
    const ref = (cls?: string) =>
      cimProperty('R', 'ref', cls === undefined ? {} : { referenceClass: cls });
    for (const [from, to] of [
      ['Elem', undefined],
      [undefined, 'Elem'],
    ] as const) {
      const s = store(cimClass({ name: 'Elem' }), base(ref(from)));
      assert.equal(
        outcome(() => putClass(s, sub(ref(to)), intent(), dmtf)),
        'WBEM_S_NO_ERROR',
        `${from} → ${to}`,
      );
    }
  });

  it('fails with WBEM_E_CANNOT_BE_SINGLETON naming both classes under DMTF rules when a singleton derives from a concrete keyless class', () => {
    const dmtf = { ...ENV, rules: DMTF_RULES };
    const single = cimClass({
      name: 'Sub',
      superclass: 'Base',
      qualifiers: [qualifier('Singleton', true)],
    });
    try {
      putClass(store(base(str('P'))), single, intent(), dmtf);
      assert.fail('the singleton was accepted');
    } catch (e) {
      assert.ok(e instanceof WbemError);
      assert.equal(hresultName(e.hresult), 'WBEM_E_CANNOT_BE_SINGLETON');
      assert.match(e.message, /: Sub is a singleton below Base, which is concrete or keyed$/);
    }
  });
});

describe('PutClass: updates of a class with subclasses', () => {
  it('succeeds in safe mode when a property no subclass overrides is removed', () => {
    const s = store(base(str('Id', key), str('Q')), sub(str('C')));
    commitPutClass(s, base(str('Id', key)), SAFE);
    const names = [...getClass(s, 'Sub', {}, ENV).properties.values()].map((p) => p.name);
    assert.deepEqual(names, ['Id', 'C']);
  });

  it('succeeds in safe mode when the Indexed set stays as it was', () => {
    const s = store(base(str('P', indexed)), sub());
    commitPutClass(s, base(str('P', indexed), str('Q')), SAFE);
    assert.equal(getClass(s, 'Sub', {}, ENV).properties.has('q'), true);
  });

  it('succeeds in safe mode when the key properties are only reordered', () => {
    const s = store(base(str('A', key), str('B', key)), sub());
    commitPutClass(s, base(str('B', key), str('A', key), str('X')), SAFE);
    assert.equal(getClass(s, 'Sub', {}, ENV).properties.has('x'), true);
  });

  it('fails with WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE in safe mode when other properties become the keys', () => {
    const s = store(base(str('AB', key), str('C', key), str('A'), str('BC')), sub());
    assert.equal(
      outcome(() =>
        putClass(s, base(str('AB'), str('C'), str('A', key), str('BC', key)), SAFE, ENV),
      ),
      'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
    );
  });

  it('removes the Key false of a subclass override in force mode when the superclass makes the property a key', () => {
    const s = store(base(str('Id')), sub(str('Id', notKey)));
    commitPutClass(s, base(str('Id', key)), FORCE);
    const id = getClass(s, 'Sub', {}, ENV).properties.get('id');
    assert.equal(id?.qualifiers.get('key')?.value, true);
  });

  for (const mark of [qualifier('Provider', 'P'), qualifier('Dynamic', true)]) {
    it(`keeps the stored instances of a class whose only provider mark is ${mark.name} in force mode`, () => {
      const provided = (extra: CimProperty[]) =>
        cimClass({ name: 'Prov', qualifiers: [mark], properties: [str('Id', key), ...extra] });
      const s = store(provided([]));
      commit(s, putInstance(s, cimInstance('Prov', { Id: 'a' }), INSTANCE, ENV));
      const m = putClass(s, provided([str('X')]), FORCE, ENV);
      assert.deepEqual(m.changes.deleteInstancesOf, []);
    });
  }
});

describe('PutClass: creation', () => {
  it('creates a base class when the superclass is an empty string', () => {
    const s = new TestStore();
    commitPutClass(s, { ...cimClass({ name: 'Foo' }), superclass: '' });
    assert.equal(getClass(s, 'Foo', {}, ENV).superclass, null);
  });

  it('raises a creation event whose class is not marked amended', () => {
    const m = putClass(new TestStore(), cimClass({ name: 'Foo' }), intent(), ENV);
    assert.equal(m.events[0]?.eventClass, '__ClassCreationEvent');
    assert.equal('amended' in (m.events[0]?.targetClass ?? {}), false);
  });
});
