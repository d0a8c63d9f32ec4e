import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CimTypeSpec,
  cimClass,
  cimInstance,
  cimMethod,
  cimParameter,
  cimProperty,
  idParameter,
  type PropertyOptions,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import {
  CIM_BOOLEAN,
  CIM_EMPTY,
  CIM_REAL64,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT32,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';

describe('qualifier (builder)', () => {
  it('infers sint32 at the edges of its range and real64 beyond them', () => {
    assert.equal(qualifier('Q', -2147483648).type, CIM_SINT32);
    assert.equal(qualifier('Q', 2147483647).type, CIM_SINT32);
    assert.equal(qualifier('Q', -2147483649).type, CIM_REAL64);
    assert.equal(qualifier('Q', 2147483648).type, CIM_REAL64);
    assert.equal(qualifier('Q', 1.5).type, CIM_REAL64);
    assert.equal(qualifier('Q', 0).type, CIM_SINT32);
  });

  it('infers boolean and string, and string for an empty array or null', () => {
    assert.equal(qualifier('Q', false).type, CIM_BOOLEAN);
    assert.equal(qualifier('Q', 'x').type, CIM_STRING);
    assert.equal(qualifier('Q', null).type, CIM_STRING);
    assert.deepStrictEqual(qualifier('Q', []), {
      name: 'Q',
      type: CIM_STRING,
      isArray: true,
      value: [],
      flavor: 0,
    });
  });

  it('infers an array type from its first element when the value is an array', () => {
    assert.deepStrictEqual(qualifier('Q', [true, 'x']), {
      name: 'Q',
      type: CIM_BOOLEAN,
      isArray: true,
      value: [true, 'x'],
      flavor: 0,
    });
    assert.equal(qualifier('Q', [3]).type, CIM_SINT32);
  });

  it('takes the given type and flavor and leaves isArray out when the value is scalar', () => {
    assert.deepStrictEqual(qualifier('Q', 3, { type: CIM_UINT8, flavor: 0x12 }), {
      name: 'Q',
      type: CIM_UINT8,
      value: 3,
      flavor: 0x12,
    });
  });

  it('uses the defaults when the options are null', () => {
    const q = qualifier('Q', true, null as unknown as undefined);
    assert.deepStrictEqual(q, { name: 'Q', type: CIM_BOOLEAN, value: true, flavor: 0 });
  });
});

describe('cimProperty (builder)', () => {
  it('reads a MOF keyword with [] as an array type', () => {
    assert.deepStrictEqual(cimProperty('P', 'string[]'), {
      name: 'P',
      type: CIM_STRING,
      isArray: true,
      value: null,
      qualifiers: new Map(),
    });
  });

  it('takes a CIMTYPE number as a scalar type unless isArray is given', () => {
    assert.equal(cimProperty('P', CIM_UINT32).isArray, false);
    assert.equal(cimProperty('P', CIM_UINT32, { isArray: true }).isArray, true);
    assert.equal(cimProperty('P', 'uint32[]', { isArray: false }).isArray, false);
  });

  it('gives NaN for an unknown keyword or a type that is neither number nor string', () => {
    assert.ok(Number.isNaN(cimProperty('P', 'uint33').type));
    assert.equal(cimProperty('P', 'uint33').isArray, false);
    const p = cimProperty('P', {} as unknown as CimTypeSpec);
    assert.ok(Number.isNaN(p.type));
    assert.equal(p.isArray, false);
  });

  it('keeps every option given, a zero value included', () => {
    const options: PropertyOptions = {
      value: 0,
      arraySize: 4,
      referenceClass: 'R',
      embeddedObjectClass: 'E',
      qualifiers: [qualifier('Key', true)],
    };
    const p = cimProperty('P', 'uint8', options);
    assert.equal(p.value, 0);
    assert.equal(p.arraySize, 4);
    assert.equal(p.referenceClass, 'R');
    assert.equal(p.embeddedObjectClass, 'E');
    assert.deepEqual([...p.qualifiers.keys()], ['key']);
  });

  it('leaves optional fields out when they are not given or the options are null', () => {
    const p = cimProperty('P', 'uint8', null as unknown as undefined);
    assert.deepStrictEqual(Object.keys(p).sort(), [
      'isArray',
      'name',
      'qualifiers',
      'type',
      'value',
    ]);
  });

  it('passes a qualifier list that is not an array on as it is', () => {
    const odd = 'Key' as unknown as readonly Qualifier[];
    assert.equal(cimProperty('P', 'uint8', { qualifiers: odd }).qualifiers, odd as unknown);
  });

  it('keeps elements without a string name under keys of their own', () => {
    const noName = { type: CIM_BOOLEAN } as unknown as Qualifier;
    const p = cimProperty('P', 'uint8', {
      qualifiers: [noName, null as unknown as Qualifier, qualifier('A', true)],
    });
    assert.deepEqual([...p.qualifiers.keys()], ['\u00000', '\u00001', 'a']);
    assert.equal(p.qualifiers.get('\u00000'), noName);
  });

  it('gives an empty qualifier map when the list is null', () => {
    const p = cimProperty('P', 'uint8', { qualifiers: null as unknown as readonly Qualifier[] });
    assert.ok(p.qualifiers instanceof Map);
    assert.equal(p.qualifiers.size, 0);
  });

  it('keeps an element given as undefined, or a function, under a key of its own', () => {
    function Named(): void {}
    const p = cimProperty('P', 'uint8', {
      qualifiers: [undefined, Named] as unknown as readonly Qualifier[],
    });
    assert.deepEqual([...p.qualifiers.keys()], ['\u00000', '\u00001']);
  });

  it('skips holes when the qualifier list is sparse', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the case under test
    const sparse = [qualifier('A', true), , qualifier('B', true)] as Qualifier[];
    assert.deepEqual(
      [...cimProperty('P', 'uint8', { qualifiers: sparse }).qualifiers.keys()],
      ['a', 'b'],
    );
  });

  it('orders the keys of a property the same way whichever options are given', () => {
    const all = cimProperty('P', 'uint8', {
      value: 1,
      arraySize: 4,
      referenceClass: 'R',
      embeddedObjectClass: 'E',
    });
    assert.deepStrictEqual(Object.keys(all), [
      'name',
      'type',
      'isArray',
      'arraySize',
      'referenceClass',
      'embeddedObjectClass',
      'value',
      'qualifiers',
    ]);
    assert.deepStrictEqual(Object.keys(cimProperty('P', 'uint8[]', { arraySize: 2 })), [
      'name',
      'type',
      'isArray',
      'arraySize',
      'value',
      'qualifiers',
    ]);
    assert.deepStrictEqual(Object.keys(cimProperty('P', 'uint8', { referenceClass: 'R' })), [
      'name',
      'type',
      'isArray',
      'referenceClass',
      'value',
      'qualifiers',
    ]);
    assert.deepStrictEqual(Object.keys(qualifier('Q', [1])), [
      'name',
      'type',
      'isArray',
      'value',
      'flavor',
    ]);
  });
});

describe('cimParameter / idParameter (builders)', () => {
  it('shapes a parameter with its reference and embedded class when they are given', () => {
    assert.deepStrictEqual(
      cimParameter('P', 'ref', { referenceClass: 'R', qualifiers: [qualifier('In', true)] }),
      {
        name: 'P',
        type: 102,
        isArray: false,
        referenceClass: 'R',
        qualifiers: new Map([['in', qualifier('In', true)]]),
      },
    );
    const e = cimParameter('P', 'object[]', { embeddedObjectClass: 'E' });
    assert.equal(e.isArray, true);
    assert.equal(e.embeddedObjectClass, 'E');
    assert.equal('referenceClass' in e, false);
    assert.equal(cimParameter('P', 'uint8[]', { isArray: false }).isArray, false);
    assert.deepStrictEqual(Object.keys(cimParameter('P', 'uint8', null as unknown as undefined)), [
      'name',
      'type',
      'isArray',
      'qualifiers',
    ]);
  });

  it('qualifies the parameter In, Out or both with its ID', () => {
    const names = (direction?: 'in' | 'out' | 'inout') =>
      [...idParameter('P', 'uint32', 2, direction).qualifiers.values()].map(
        (q) => `${q.name}=${String(q.value)}`,
      );
    assert.deepEqual(names(), ['ID=2', 'In=true']);
    assert.deepEqual(names('in'), ['ID=2', 'In=true']);
    assert.deepEqual(names('out'), ['ID=2', 'Out=true']);
    assert.deepEqual(names('inout'), ['ID=2', 'In=true', 'Out=true']);
  });
});

describe('cimMethod (builder)', () => {
  it('returns nothing when the return type is void', () => {
    assert.deepStrictEqual(cimMethod('M', 'void'), {
      name: 'M',
      returnType: CIM_EMPTY,
      parameters: new Map(),
      qualifiers: new Map(),
    });
  });

  it('returns an array when the keyword has [] unless returnIsArray says otherwise', () => {
    assert.equal(cimMethod('M', 'uint32[]').returnIsArray, true);
    assert.equal(cimMethod('M', 'uint32[]').returnType, CIM_UINT32);
    assert.equal('returnIsArray' in cimMethod('M', 'uint32[]', { returnIsArray: false }), false);
    assert.equal(cimMethod('M', CIM_UINT32, { returnIsArray: true }).returnIsArray, true);
    assert.equal('returnIsArray' in cimMethod('M', CIM_UINT32), false);
  });

  it('keys parameters and qualifiers by name when they are given', () => {
    const m = cimMethod('M', 'uint32', {
      parameters: [idParameter('Value', 'uint32', 0)],
      qualifiers: [qualifier('Static', true)],
    });
    assert.deepEqual([...m.parameters.keys()], ['value']);
    assert.deepEqual([...m.qualifiers.keys()], ['static']);
    assert.equal(cimMethod('M', 'uint32', null as unknown as undefined).parameters.size, 0);
  });
});

describe('cimClass / cimInstance (builders)', () => {
  it('builds a class without a superclass when none is given', () => {
    assert.deepStrictEqual(cimClass({ name: 'A' }), {
      genus: WBEM_GENUS_CLASS,
      name: 'A',
      superclass: null,
      qualifiers: new Map(),
      properties: new Map(),
      methods: new Map(),
    });
  });

  it('keys the members of a class by name when they are given', () => {
    const c = cimClass({
      name: 'A',
      superclass: 'B',
      qualifiers: [qualifier('Abstract', true)],
      properties: [cimProperty('Id', 'string')],
      methods: [cimMethod('Go', 'void')],
    });
    assert.equal(c.superclass, 'B');
    assert.deepEqual(
      [c.qualifiers, c.properties, c.methods].map((m) => [...m.keys()]),
      [['abstract'], ['id'], ['go']],
    );
  });

  it('builds an empty class shape when the spec is null', () => {
    const c = cimClass(null as unknown as { name: string });
    assert.equal(c.genus, WBEM_GENUS_CLASS);
    assert.equal(c.superclass, null);
    assert.equal(c.properties.size, 0);
  });

  it('builds an instance from a record of values, or none', () => {
    assert.deepStrictEqual(cimInstance('X', { Id: 'a', N: 0 }), {
      genus: WBEM_GENUS_INSTANCE,
      className: 'X',
      properties: new Map([
        ['id', { name: 'Id', value: 'a' }],
        ['n', { name: 'N', value: 0 }],
      ]),
    });
    assert.equal(cimInstance('X').properties.size, 0);
    assert.equal(cimInstance('X', null as unknown as undefined).properties.size, 0);
  });
});
