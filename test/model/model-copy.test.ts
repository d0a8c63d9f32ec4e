import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimMethod, CimParameter } from '../../src/model/cim-method.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import { localDefinition } from '../../src/model/local-definition.js';
import {
  copyMethod,
  copyParameter,
  copyProperty,
  copyQualifier,
} from '../../src/model/model-copy.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import { CIM_BOOLEAN, CIM_OBJECT, CIM_REFERENCE, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS } from '../../src/wbem/flags.js';
import {
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  WBEM_FLAVOR_ORIGIN_SYSTEM,
} from '../../src/wbem/flavor.js';

const key: Qualifier = { name: 'Key', type: CIM_BOOLEAN, value: true, flavor: 0 };
const quals = nameMap([key]);
const plain: CimProperty = {
  name: 'P',
  type: CIM_UINT32,
  isArray: false,
  value: 3,
  qualifiers: nameMap([]),
};

describe('copyProperty', () => {
  it('replaces qualifiers and origin when the property has no optional type fields', () => {
    assert.deepStrictEqual(copyProperty(plain, quals, 'A', true), {
      name: 'P',
      type: CIM_UINT32,
      isArray: false,
      value: 3,
      qualifiers: quals,
      classOrigin: 'A',
      propagated: true,
    });
    assert.equal(copyProperty(plain, quals, 'A', false, 'Q').name, 'Q');
  });

  it('keeps arraySize, reference and embedded classes when the property has them', () => {
    const typed: CimProperty = {
      ...plain,
      isArray: true,
      arraySize: 2,
      value: null,
      type: CIM_REFERENCE,
      referenceClass: 'R',
    };
    assert.deepStrictEqual(copyProperty(typed, quals, 'A', false), {
      name: 'P',
      type: CIM_REFERENCE,
      isArray: true,
      value: null,
      qualifiers: quals,
      arraySize: 2,
      referenceClass: 'R',
      classOrigin: 'A',
      propagated: false,
    });
    const embedded: CimProperty = { ...plain, type: CIM_OBJECT, embeddedObjectClass: 'E' };
    assert.equal(copyProperty(embedded, quals, 'A', true).embeddedObjectClass, 'E');
    const ref: CimProperty = { ...plain, type: CIM_REFERENCE, referenceClass: 'R' };
    assert.equal(copyProperty(ref, quals, 'A', true).referenceClass, 'R');
    const sized: CimProperty = { ...plain, arraySize: 0 };
    assert.equal(copyProperty(sized, quals, 'A', true).arraySize, 0);
  });

  it('leaves origin fields out when they are undefined', () => {
    const noOrigin = copyProperty(plain, quals, undefined, true);
    assert.equal('classOrigin' in noOrigin, false);
    assert.equal(noOrigin.propagated, true);
    const noPropagated = copyProperty(plain, quals, 'A', undefined, 'N');
    assert.deepStrictEqual(noPropagated, {
      name: 'N',
      type: CIM_UINT32,
      isArray: false,
      value: 3,
      qualifiers: quals,
      classOrigin: 'A',
    });
  });
});

describe('copyMethod', () => {
  const method: CimMethod = {
    name: 'M',
    returnType: CIM_UINT32,
    parameters: nameMap([]),
    qualifiers: nameMap([]),
  };
  const params = nameMap<CimParameter>([
    { name: 'X', type: CIM_UINT32, isArray: false, qualifiers: nameMap([]) },
  ]);

  it('replaces parameters, qualifiers and origin of a scalar method', () => {
    assert.deepStrictEqual(copyMethod(method, params, quals, 'A', true), {
      name: 'M',
      returnType: CIM_UINT32,
      parameters: params,
      qualifiers: quals,
      classOrigin: 'A',
      propagated: true,
    });
    assert.equal(copyMethod(method, params, quals, 'A', true, 'N').name, 'N');
  });

  it('keeps an array return and leaves undefined origin fields out', () => {
    const arrayMethod: CimMethod = { ...method, returnIsArray: true };
    assert.deepStrictEqual(copyMethod(arrayMethod, params, quals, 'A', false), {
      name: 'M',
      returnType: CIM_UINT32,
      parameters: params,
      qualifiers: quals,
      returnIsArray: true,
      classOrigin: 'A',
      propagated: false,
    });
    assert.deepStrictEqual(copyMethod(method, params, quals, undefined, undefined, 'N'), {
      name: 'N',
      returnType: CIM_UINT32,
      parameters: params,
      qualifiers: quals,
    });
    assert.deepStrictEqual(Object.keys(copyMethod(method, params, quals, 'A', undefined)), [
      'name',
      'returnType',
      'parameters',
      'qualifiers',
      'classOrigin',
    ]);
    assert.deepStrictEqual(Object.keys(copyMethod(method, params, quals, undefined, false)), [
      'name',
      'returnType',
      'parameters',
      'qualifiers',
      'propagated',
    ]);
  });
});

describe('copyParameter / copyQualifier', () => {
  it('keeps every optional field of a parameter and replaces its qualifiers', () => {
    const p: CimParameter = {
      name: 'X',
      type: CIM_REFERENCE,
      isArray: true,
      arraySize: 0,
      referenceClass: 'R',
      embeddedObjectClass: 'E',
      value: null,
      qualifiers: nameMap([]),
    };
    assert.deepStrictEqual(copyParameter(p, quals), { ...p, qualifiers: quals });
    const bare: CimParameter = { name: 'Y', type: CIM_UINT32, isArray: false, qualifiers: quals };
    assert.deepStrictEqual(Object.keys(copyParameter(bare, nameMap([]))), [
      'name',
      'type',
      'isArray',
      'qualifiers',
    ]);
  });

  it('replaces the flavor and keeps isArray only when the qualifier is an array', () => {
    assert.deepStrictEqual(copyQualifier(key, 0x12), { ...key, flavor: 0x12 });
    assert.equal('isArray' in copyQualifier({ ...key, isArray: false }, 0), false);
    const values: Qualifier = { name: 'V', type: CIM_UINT32, isArray: true, value: [1], flavor: 0 };
    assert.deepStrictEqual(copyQualifier(values, 0x2), { ...values, flavor: 0x2 });
  });
});

describe('localDefinition', () => {
  it('drops inherited members, propagated and system qualifiers and output-only fields', () => {
    const inheritedQ: Qualifier = {
      name: 'Inherited',
      type: CIM_BOOLEAN,
      value: true,
      flavor: WBEM_FLAVOR_ORIGIN_PROPAGATED,
    };
    const systemQ: Qualifier = { ...inheritedQ, name: 'Sys', flavor: WBEM_FLAVOR_ORIGIN_SYSTEM };
    const ownQ: Qualifier = {
      ...inheritedQ,
      name: 'Own',
      flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    };
    const both = nameMap([inheritedQ, systemQ, ownQ]);
    const resolved: CimClass = {
      genus: WBEM_GENUS_CLASS,
      name: 'B',
      superclass: 'A',
      qualifiers: both,
      properties: nameMap([
        { ...plain, name: 'Old', qualifiers: both, classOrigin: 'A', propagated: true },
        { ...plain, name: 'New', qualifiers: both, classOrigin: 'B', propagated: false },
        { ...plain, name: 'Bare', qualifiers: nameMap([]) },
      ]),
      methods: nameMap([
        {
          name: 'Old',
          returnType: CIM_UINT32,
          parameters: nameMap([]),
          qualifiers: both,
          classOrigin: 'A',
          propagated: true,
        },
        {
          name: 'New',
          returnType: CIM_UINT32,
          parameters: nameMap([{ name: 'X', type: CIM_UINT32, isArray: false, qualifiers: both }]),
          qualifiers: both,
          classOrigin: 'B',
          propagated: false,
        },
      ]),
      systemProperties: {
        __GENUS: 1,
        __CLASS: 'B',
        __SUPERCLASS: 'A',
        __DYNASTY: 'A',
        __DERIVATION: ['A'],
        __PROPERTY_COUNT: 3,
        __RELPATH: 'B',
        __PATH: null,
        __NAMESPACE: null,
        __SERVER: null,
      },
    };
    const own = nameMap([ownQ]);
    assert.deepStrictEqual(localDefinition(resolved), {
      genus: WBEM_GENUS_CLASS,
      name: 'B',
      superclass: 'A',
      qualifiers: own,
      properties: nameMap([
        { ...plain, name: 'New', qualifiers: own },
        { ...plain, name: 'Bare', qualifiers: nameMap([]) },
      ]),
      methods: nameMap([
        {
          name: 'New',
          returnType: CIM_UINT32,
          parameters: nameMap([{ name: 'X', type: CIM_UINT32, isArray: false, qualifiers: own }]),
          qualifiers: own,
        },
      ]),
    });
  });
});
