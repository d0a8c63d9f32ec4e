/**
 * @module `findConflicts` and `sameSignature` called directly: every defect with its code and the
 * local element it names (its site). The site is what force mode removes from a subclass
 * (spec §5.3), so a wrong site changes what force mode does even where the put's HRESULT, the
 * first defect's code, stays right.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimMethod,
  cimParameter,
  cimProperty,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { findConflicts, sameSignature } from '../../src/schema/class-conflicts.js';
import { DMTF_RULES, type SchemaRules, WMI_RULES } from '../../src/schema/decisions.js';
import { resolveClass } from '../../src/schema/resolve-class.js';
import { WBEM_MAX_USER_PROPERTIES } from '../../src/wbem/flags.js';
import {
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../../src/wbem/flavor.js';
import { hresultName } from '../../src/wbem/status.js';

const LOCKED = WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
const key = qualifier('Key', true);

/** The defects of `local` put below `parent` (a local definition, resolved here), as names. */
function defects(local: CimClass, parent: CimClass | null = null, rules: SchemaRules = WMI_RULES) {
  const parentView = parent === null ? null : resolveClass(parent, null);
  return findConflicts(local, resolveClass(local, parentView), parentView, undefined, rules).map(
    (c) => ({ code: hresultName(c.hresult), site: c.site, message: c.message }),
  );
}

const base = (spec: Partial<Parameters<typeof cimClass>[0]> = {}) =>
  cimClass({ name: 'Base', ...spec });
const sub = (spec: Partial<Parameters<typeof cimClass>[0]> = {}) =>
  cimClass({ name: 'Sub', superclass: 'Base', ...spec });

describe('findConflicts: sites', () => {
  it('a Key on a type that cannot be a key names that Key qualifier, as spelled', () => {
    const found = defects(
      base({
        properties: [cimProperty('R', 'real64', { qualifiers: [qualifier('KEY', true)] })],
      }),
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_CANNOT_BE_KEY', { kind: 'propertyQualifier', member: 'R', name: 'KEY' }]],
    );
    assert.equal(found[0]?.message, 'Base.R: Key is not allowed on this type');
  });

  it('a locked class qualifier overridden names the class qualifier, with no member', () => {
    const parent = base({ qualifiers: [qualifier('Tag', 'a', { flavor: LOCKED })] });
    const found = defects(sub({ qualifiers: [qualifier('Tag', 'b')] }), parent);
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_OVERRIDE_NOT_ALLOWED', { kind: 'classQualifier', name: 'Tag' }]],
    );
  });

  it('a new key below a keyed parent names each new key property, in order', () => {
    const parent = base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] });
    const found = defects(
      sub({
        properties: [
          cimProperty('A', 'string', { qualifiers: [key] }),
          cimProperty('Plain', 'string'),
          cimProperty('B', 'uint32', { qualifiers: [key] }),
        ],
      }),
      parent,
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [
        [
          'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
          { kind: 'propertyQualifier', member: 'A', name: 'Key' },
        ],
        [
          'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
          { kind: 'propertyQualifier', member: 'B', name: 'Key' },
        ],
      ],
    );
  });

  it('an inherited non-key property made a key below a keyed parent is a new key', () => {
    const parent = base({
      properties: [cimProperty('Id', 'string', { qualifiers: [key] }), cimProperty('P', 'string')],
    });
    const found = defects(
      sub({ properties: [cimProperty('P', 'string', { qualifiers: [key] })] }),
      parent,
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [
        [
          'WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE',
          { kind: 'propertyQualifier', member: 'P', name: 'Key' },
        ],
      ],
    );
  });

  it('keys are fine below a keyless parent, and an inherited key repeated is no new key', () => {
    assert.deepEqual(
      defects(sub({ properties: [cimProperty('A', 'string', { qualifiers: [key] })] }), base()),
      [],
    );
    const keyed = base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] });
    assert.deepEqual(
      defects(sub({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }), keyed),
      [],
    );
  });

  it('an abstract class below a concrete one names its Abstract qualifier (WMI rules)', () => {
    const found = defects(sub({ qualifiers: [qualifier('Abstract', true)] }), base());
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_CANNOT_BE_ABSTRACT', { kind: 'classQualifier', name: 'Abstract' }]],
    );
  });

  it('a singleton with its own key names the key, even when Singleton is its own too', () => {
    const found = defects(
      base({
        qualifiers: [qualifier('Singleton', true)],
        properties: [cimProperty('Id', 'string', { qualifiers: [key] })],
      }),
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_CANNOT_BE_SINGLETON', { kind: 'propertyQualifier', member: 'Id', name: 'Key' }]],
    );
  });

  it('a singleton with inherited keys names its Singleton qualifier', () => {
    const parent = base({ properties: [cimProperty('Id', 'string', { qualifiers: [key] })] });
    const found = defects(sub({ qualifiers: [qualifier('Singleton', true)] }), parent);
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_CANNOT_BE_SINGLETON', { kind: 'classQualifier', name: 'Singleton' }]],
    );
  });

  it('a singleton below a concrete keyless parent names its Singleton qualifier (DMTF rules)', () => {
    const singleton = sub({ qualifiers: [qualifier('Singleton', true)] });
    assert.deepEqual(defects(singleton, base()), []);
    const found = defects(singleton, base(), DMTF_RULES);
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_CANNOT_BE_SINGLETON', { kind: 'classQualifier', name: 'Singleton' }]],
    );
  });

  it('too many properties names no element (nothing single can be removed)', () => {
    const properties = Array.from({ length: WBEM_MAX_USER_PROPERTIES + 1 }, (_, i) =>
      cimProperty(`P${i}`, 'uint8'),
    );
    const found = defects(base({ properties }));
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_TOO_MANY_PROPERTIES', { kind: 'none' }]],
    );
  });
});

describe('sameSignature', () => {
  const param = (name: string, ...qualifiers: Qualifier[]) =>
    cimParameter(name, 'uint32', { qualifiers: [qualifier('ID', 0), ...qualifiers] });
  const method = (...parameters: ReturnType<typeof cimParameter>[]) =>
    cimMethod('M', 'uint32', { parameters });
  const inQ = qualifier('In', true);
  const outQ = qualifier('Out', true);

  it('is true for the same parameters with the same directions', () => {
    assert.equal(sameSignature(method(param('A', inQ)), method(param('A', inQ))), true);
  });

  it('is false when the other method has a parameter more', () => {
    const more = method(
      param('A', inQ),
      cimParameter('B', 'uint32', { qualifiers: [qualifier('ID', 1), inQ] }),
    );
    assert.equal(sameSignature(method(param('A', inQ)), more), false);
  });

  it('is false when only the In direction differs', () => {
    assert.equal(sameSignature(method(param('A', inQ, outQ)), method(param('A', outQ))), false);
  });

  it('is false when only the Out direction differs', () => {
    assert.equal(sameSignature(method(param('A', inQ, outQ)), method(param('A', inQ))), false);
  });

  it('refuses an override with a parameter more, through findConflicts', () => {
    const parent = base({ methods: [method(param('A', inQ))] });
    const found = defects(
      sub({
        methods: [
          method(
            param('A', inQ),
            cimParameter('B', 'uint32', { qualifiers: [qualifier('ID', 1), inQ] }),
          ),
        ],
      }),
      parent,
    );
    assert.deepEqual(
      found.map((d) => [d.code, d.site]),
      [['WBEM_E_PROPAGATED_METHOD', { kind: 'method', name: 'M' }]],
    );
  });
});
