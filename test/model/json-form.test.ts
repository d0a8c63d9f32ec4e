import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { parseFlavorWords, typeName } from '../../src/model/cim-json-names.js';
import { fromJson } from '../../src/model/from-json.js';
import { nameMap } from '../../src/model/names.js';
import type { QualifierDeclaration } from '../../src/model/qualifier-declaration.js';
import type { SystemProperties } from '../../src/model/system-properties.js';
import { toJson, toJsonValue } from '../../src/model/to-json.js';
import {
  CIM_BOOLEAN,
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_STRING,
  CIM_UINT32,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';
import { WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_SYNTAX } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

/** Asserts that `fromJson(input)` fails with WBEM_E_INVALID_OBJECT and exactly `message`. */
function rejects(input: unknown, message: string): void {
  assert.throws(
    () => fromJson(input),
    (e: unknown) => {
      assert.ok(e instanceof WbemError);
      assert.equal(e.hresult, WBEM_E_INVALID_OBJECT);
      assert.equal(e.message, `WBEM_E_INVALID_OBJECT: ${message}`);
      return true;
    },
  );
}

const cls = (fields: Record<string, unknown>) => ({ kind: 'class', name: 'A', ...fields });
const prop = (fields: Record<string, unknown>) =>
  cls({ properties: [{ name: 'P', type: 'uint32', ...fields }] });
const qual = (fields: Record<string, unknown>) =>
  cls({ qualifiers: [{ name: 'Q', type: 'boolean', value: true, ...fields }] });
const method = (fields: Record<string, unknown>) => cls({ methods: [{ name: 'M', ...fields }] });
const decl = (fields: Record<string, unknown>) => ({
  kind: 'qualifierDeclaration',
  name: 'Q',
  type: 'string',
  ...fields,
});

describe('fromJson (the JSON form)', () => {
  describe('refusals', () => {
    const cases: readonly (readonly [string, unknown, string])[] = [
      ['the value is a number', 42, '$: expected an object'],
      ['the value is null', null, '$: expected an object'],
      ['an array element is an array', [[]], '[0]: expected an object'],
      ['the second array element is a string', [cls({}), 'x'], '[1]: expected an object'],
      [
        'the kind is unknown',
        { kind: 'event' },
        "$.kind: expected 'class', 'instance' or 'qualifierDeclaration'",
      ],
      ['a class has no name', { kind: 'class' }, '$.name: expected a string'],
      ['a superclass is a number', cls({ superclass: 5 }), '$.superclass: expected a string'],
      ['amended is a string', cls({ amended: 'yes' }), '$.amended: expected true or false'],
      ['properties is an object', cls({ properties: {} }), '$.properties: expected an array'],
      ['a property is a string', cls({ properties: ['P'] }), '$.properties[0]: expected an object'],
      [
        'a property has no type',
        prop({ type: undefined }),
        '$.properties[0].type: expected a string',
      ],
      ['a property has no name', prop({ name: 7 }), '$.properties[0].name: expected a string'],
      [
        'a type word is unknown',
        prop({ type: 'int' }),
        "$.properties[0].type: 'int' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)",
      ],
      [
        'an arraySize is negative',
        prop({ arraySize: -1 }),
        '$.properties[0].arraySize: expected a non-negative integer',
      ],
      [
        'an arraySize is a fraction',
        prop({ arraySize: 1.5 }),
        '$.properties[0].arraySize: expected a non-negative integer',
      ],
      [
        'an arraySize is a string',
        prop({ arraySize: '3' }),
        '$.properties[0].arraySize: expected a non-negative integer',
      ],
      [
        'a classOrigin is a number',
        prop({ classOrigin: 3 }),
        '$.properties[0].classOrigin: expected a string',
      ],
      [
        'propagated is a string',
        prop({ propagated: 'no' }),
        '$.properties[0].propagated: expected true or false',
      ],
      [
        'a value array holds an array',
        prop({ type: 'uint32[]', value: [1, [2]] }),
        '$.properties[0].value[1]: expected a string, number, boolean or object',
      ],
      [
        'an embedded object is the value of a string property',
        prop({ type: 'string', value: { kind: 'instance', className: 'X' } }),
        '$.properties[0].value: an embedded object needs type object',
      ],
      [
        'a qualifier declaration is a value',
        prop({ type: 'object', value: decl({}) }),
        '$.properties[0].value: a qualifier declaration cannot be a value',
      ],
      [
        'an embedded object is malformed',
        prop({ type: 'object', value: { kind: 'instance' } }),
        '$.properties[0].value.className: expected a string',
      ],
      ['qualifiers is a string', cls({ qualifiers: 'Key' }), '$.qualifiers: expected an array'],
      [
        'the qualifiers of a property are an object',
        prop({ qualifiers: {} }),
        '$.properties[0].qualifiers: expected an array',
      ],
      ['a qualifier is a number', cls({ qualifiers: [1] }), '$.qualifiers[0]: expected an object'],
      ['a qualifier has no name', qual({ name: null }), '$.qualifiers[0].name: expected a string'],
      [
        'a qualifier type is unknown',
        qual({ type: 'bool' }),
        "$.qualifiers[0].type: 'bool' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)",
      ],
      [
        'flavors is a string',
        qual({ flavors: 'Amended' }),
        '$.qualifiers[0].flavors: expected an array',
      ],
      [
        'a flavor word is a number',
        qual({ flavors: ['Amended', 2] }),
        '$.qualifiers[0].flavors[1]: expected a string',
      ],
      [
        'a flavor word is unknown',
        qual({ flavors: ['Restricted'] }),
        '$.qualifiers[0].flavors: unknown flavor in ["Restricted"] (ToInstance, ToSubclass, DisableOverride, Amended)',
      ],
      ['methods is an object', cls({ methods: {} }), '$.methods: expected an array'],
      ['a method is a string', cls({ methods: ['M'] }), '$.methods[0]: expected an object'],
      ['a method has no name', cls({ methods: [{}] }), '$.methods[0].name: expected a string'],
      [
        'a return type is a number',
        method({ returnType: 5 }),
        '$.methods[0].returnType: expected a string',
      ],
      [
        'a return type is unknown',
        method({ returnType: 'nothing' }),
        "$.methods[0].returnType: 'nothing' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)",
      ],
      [
        'parameters is an object',
        method({ parameters: {} }),
        '$.methods[0].parameters: expected an array',
      ],
      [
        'a parameter has no type',
        method({ parameters: [{ name: 'X' }] }),
        '$.methods[0].parameters[0].type: expected a string',
      ],
      [
        'a parameter value has the wrong shape',
        method({ parameters: [{ name: 'X', type: 'uint32', value: [[1]] }] }),
        '$.methods[0].parameters[0].value[0]: expected a string, number, boolean or object',
      ],
      [
        'a method qualifier is malformed',
        method({ qualifiers: [{ name: 'Q' }] }),
        '$.methods[0].qualifiers[0].type: expected a string',
      ],
      [
        'a method propagated flag is a number',
        method({ propagated: 1 }),
        '$.methods[0].propagated: expected true or false',
      ],
      [
        'systemProperties is a string',
        cls({ systemProperties: 'x' }),
        '$.systemProperties: expected an object',
      ],
      ['an instance has no class name', { kind: 'instance' }, '$.className: expected a string'],
      [
        'an instance property is a number',
        { kind: 'instance', className: 'X', properties: [1] },
        '$.properties[0]: expected an object',
      ],
      [
        'an instance property has no name',
        { kind: 'instance', className: 'X', properties: [{ value: 1 }] },
        '$.properties[0].name: expected a string',
      ],
      [
        'an instance property value is an array of arrays',
        { kind: 'instance', className: 'X', properties: [{ name: 'P', value: [[]] }] },
        '$.properties[0].value[0]: expected a string, number, boolean or object',
      ],
      [
        'instance qualifiers are an object',
        { kind: 'instance', className: 'X', qualifiers: {} },
        '$.qualifiers: expected an array',
      ],
      [
        'instance systemProperties are an array',
        { kind: 'instance', className: 'X', systemProperties: [] },
        '$.systemProperties: expected an object',
      ],
      ['a declaration has no type', decl({ type: undefined }), '$.type: expected a string'],
      ['a declaration has no name', decl({ name: undefined }), '$.name: expected a string'],
      ['scopes is a string', decl({ scopes: 'class' }), '$.scopes: expected an array'],
      [
        'a scope is unknown',
        decl({ scopes: ['class', 'table'] }),
        "$.scopes[1]: 'table' is not a qualifier scope",
      ],
      [
        'a declaration arraySize is negative',
        decl({ arraySize: -2 }),
        '$.arraySize: expected a non-negative integer',
      ],
      ['declaration flavors are a string', decl({ flavors: 'x' }), '$.flavors: expected an array'],
      [
        'a declaration value has the wrong shape',
        decl({ value: [[]] }),
        '$.value[0]: expected a string, number, boolean or object',
      ],
      [
        'a property value holds a null item',
        prop({ value: [1, null] }),
        '$.properties[0].value[1]: expected a string, number, boolean or object',
      ],
      [
        'a qualifier value has the wrong shape',
        qual({ value: [[]] }),
        '$.qualifiers[0].value[0]: expected a string, number, boolean or object',
      ],
      [
        'the properties of an instance are not a list',
        { kind: 'instance', className: 'X', properties: 'P' },
        '$.properties: expected an array',
      ],
    ];
    for (const [condition, input, message] of cases) {
      it(`fails with WBEM_E_INVALID_OBJECT naming the field when ${condition}`, () => {
        rejects(input, message);
        rejects(JSON.stringify(input), message);
      });
    }

    it('fails naming the item when a property value holds an undefined item', () => {
      rejects(
        prop({ value: [1, undefined] }),
        '$.properties[0].value[1]: expected a string, number, boolean or object',
      );
    });

    it('reads an embedded object as the value of an instance property, which has no type', () => {
      const inner = { kind: 'instance', className: 'Inner', properties: [{ name: 'N', value: 1 }] };
      const outer = fromJson({
        kind: 'instance',
        className: 'Outer',
        properties: [{ name: 'E', value: inner }],
      }) as CimInstance;
      const value = outer.properties.get('e')?.value as CimInstance;
      assert.equal(value.className, 'Inner');
      assert.equal(value.genus, WBEM_GENUS_INSTANCE);
    });

    it('fails with WBEM_E_INVALID_SYNTAX and the parser message when the text is not JSON', () => {
      let parserMessage = '';
      try {
        JSON.parse('{"kind":');
      } catch (e) {
        parserMessage = (e as Error).message;
      }
      assert.throws(
        () => fromJson('{"kind":'),
        (e: unknown) =>
          e instanceof WbemError &&
          e.hresult === WBEM_E_INVALID_SYNTAX &&
          e.message === `WBEM_E_INVALID_SYNTAX: not JSON: ${parserMessage}` &&
          e.cause instanceof SyntaxError,
      );
    });
  });

  describe('what it reads', () => {
    it('reads a minimal class with no superclass and no members when only kind and name are given', () => {
      const read = fromJson({ kind: 'class', name: 'A' }) as CimClass;
      assert.deepStrictEqual(read, {
        genus: WBEM_GENUS_CLASS,
        name: 'A',
        superclass: null,
        qualifiers: new Map(),
        properties: new Map(),
        methods: new Map(),
      });
    });

    it('keeps the superclass, amended and system properties when they are given', () => {
      const read = fromJson(
        cls({ superclass: 'B', amended: false, systemProperties: { __PATH: 'x' } }),
      ) as CimClass;
      assert.equal(read.superclass, 'B');
      assert.equal(read.amended, false);
      assert.deepEqual(read.systemProperties, { __PATH: 'x' });
    });

    it('reads a property with arraySize 0, origin and reference target when they are given', () => {
      const read = fromJson(
        prop({
          type: 'ref:CIM_Foo[]',
          arraySize: 0,
          classOrigin: 'B',
          propagated: true,
          value: null,
        }),
      ) as CimClass;
      assert.deepStrictEqual(read.properties.get('p'), {
        name: 'P',
        type: CIM_REFERENCE,
        isArray: true,
        referenceClass: 'CIM_Foo',
        arraySize: 0,
        qualifiers: new Map(),
        value: null,
        classOrigin: 'B',
        propagated: true,
      });
    });

    it('leaves origin fields out when a property does not give them', () => {
      const p = (fromJson(prop({})) as CimClass).properties.get('p');
      assert.ok(p !== undefined);
      assert.equal('classOrigin' in p, false);
      assert.equal('propagated' in p, false);
      assert.equal('arraySize' in p, false);
      assert.equal(p.value, null);
    });

    it('reads NaN and infinities of real properties from their words when the type is real', () => {
      const read = fromJson(
        cls({
          properties: [
            { name: 'A', type: 'real64[]', value: ['NaN', 'Infinity', '-Infinity', 1.5, '2'] },
            { name: 'B', type: 'real32', value: 'Infinity' },
            { name: 'C', type: 'string', value: 'NaN' },
            { name: 'D', type: 'real32', value: '-Infinity' },
          ],
        }),
      ) as CimClass;
      assert.deepStrictEqual(read.properties.get('a')?.value, [
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        1.5,
        '2',
      ]);
      assert.equal(read.properties.get('a')?.type, CIM_REAL64);
      assert.equal(read.properties.get('b')?.value, Number.POSITIVE_INFINITY);
      assert.equal(read.properties.get('b')?.type, CIM_REAL32);
      assert.equal(read.properties.get('c')?.value, 'NaN');
      assert.equal(read.properties.get('d')?.value, Number.NEGATIVE_INFINITY);
    });

    it('reads an embedded instance when the property type is object', () => {
      const read = fromJson(
        prop({
          type: 'object:X',
          value: { kind: 'instance', className: 'X', properties: [{ name: 'N', value: 'v' }] },
        }),
      ) as CimClass;
      const p = read.properties.get('p');
      assert.equal(p?.type, CIM_OBJECT);
      assert.equal(p?.embeddedObjectClass, 'X');
      const value = p?.value as CimInstance;
      assert.equal(value.genus, WBEM_GENUS_INSTANCE);
      assert.equal(value.properties.get('n')?.value, 'v');
    });

    it('reads qualifiers with their flavors in any case and hex words when they are given', () => {
      const read = fromJson(
        cls({
          qualifiers: [
            { name: 'Values', type: 'string[]', value: ['a'], flavors: ['tosubclass', '0x100'] },
            { name: 'Key', type: 'boolean', value: true },
          ],
        }),
      ) as CimClass;
      assert.deepStrictEqual(read.qualifiers.get('values'), {
        name: 'Values',
        type: CIM_STRING,
        isArray: true,
        value: ['a'],
        flavor: 0x102,
      });
      assert.deepStrictEqual(read.qualifiers.get('key'), {
        name: 'Key',
        type: CIM_BOOLEAN,
        value: true,
        flavor: 0,
      });
    });

    it('reads a method returning void when the return type is missing or void', () => {
      const read = fromJson(
        cls({ methods: [{ name: 'M' }, { name: 'N', returnType: 'void' }] }),
      ) as CimClass;
      for (const key of ['m', 'n']) {
        assert.deepStrictEqual(read.methods.get(key), {
          name: key.toUpperCase(),
          returnType: CIM_EMPTY,
          parameters: new Map(),
          qualifiers: new Map(),
        });
      }
    });

    it('reads an array return type, parameters with and without defaults and origins', () => {
      const read = fromJson(
        method({
          returnType: 'uint32[]',
          classOrigin: 'Base',
          propagated: false,
          parameters: [
            { name: 'In', type: 'string', value: 'x' },
            { name: 'Out', type: 'uint32' },
          ],
        }),
      ) as CimClass;
      const m = read.methods.get('m');
      assert.equal(m?.returnType, CIM_UINT32);
      assert.equal(m?.returnIsArray, true);
      assert.equal(m?.classOrigin, 'Base');
      assert.equal(m?.propagated, false);
      assert.equal(m?.parameters.get('in')?.value, 'x');
      assert.equal('value' in (m?.parameters.get('out') ?? {}), false);
      assert.deepEqual([...(m?.parameters.keys() ?? [])], ['in', 'out']);
    });

    it('reads an instance with and without qualifiers when they are given or not', () => {
      const plain = fromJson({
        kind: 'instance',
        className: 'X',
        properties: [{ name: 'P' }],
      }) as CimInstance;
      assert.deepStrictEqual(plain, {
        genus: WBEM_GENUS_INSTANCE,
        className: 'X',
        properties: nameMap([{ name: 'P', value: null }]),
      });
      const qualified = fromJson({
        kind: 'instance',
        className: 'X',
        qualifiers: [{ name: 'Q', type: 'sint32', value: -1, flavors: ['Amended'] }],
        systemProperties: { __CLASS: 'X' },
      }) as CimInstance;
      assert.equal(qualified.qualifiers?.get('q')?.value, -1);
      assert.equal(qualified.qualifiers?.get('q')?.flavor, 0x80);
      assert.deepEqual(qualified.systemProperties, { __CLASS: 'X' });
    });

    it('reads a qualifier declaration with its scopes, array size and flavors', () => {
      const read = fromJson(
        decl({
          type: 'string[]',
          arraySize: 2,
          value: ['a', 'b'],
          scopes: ['class', 'property'],
          flavors: ['ToSubclass', 'DisableOverride'],
        }),
      ) as QualifierDeclaration;
      assert.deepStrictEqual(read, {
        name: 'Q',
        type: CIM_STRING,
        isArray: true,
        arraySize: 2,
        value: ['a', 'b'],
        scopes: ['class', 'property'],
        flavor: 0x12,
      });
      const bare = fromJson(decl({})) as QualifierDeclaration;
      assert.deepStrictEqual(bare, {
        name: 'Q',
        type: CIM_STRING,
        isArray: false,
        value: null,
        scopes: [],
        flavor: 0,
      });
    });

    it('reads each element when the value is an array of objects', () => {
      const read = fromJson([cls({}), decl({})]) as unknown[];
      assert.equal(read.length, 2);
      assert.equal((read[0] as CimClass).genus, WBEM_GENUS_CLASS);
      assert.deepEqual((read[1] as QualifierDeclaration).scopes, []);
    });
  });
});

describe('toJson / toJsonValue', () => {
  const sample: CimClass = {
    genus: WBEM_GENUS_CLASS,
    name: 'A',
    superclass: 'B',
    qualifiers: nameMap([{ name: 'Q', type: CIM_STRING, isArray: true, value: ['x'], flavor: 0 }]),
    properties: nameMap([
      {
        name: 'R',
        type: CIM_REAL64,
        isArray: true,
        arraySize: 3,
        value: [Number.NaN, Number.NEGATIVE_INFINITY, 1],
        qualifiers: nameMap([]),
        classOrigin: 'B',
        propagated: true,
      },
    ]),
    methods: nameMap([
      {
        name: 'M',
        returnType: CIM_EMPTY,
        parameters: nameMap([
          { name: 'P', type: CIM_UINT32, isArray: false, qualifiers: nameMap([]) },
          { name: 'D', type: CIM_UINT32, isArray: false, value: 3, qualifiers: nameMap([]) },
        ]),
        qualifiers: nameMap([]),
        classOrigin: 'A',
      },
      {
        name: 'N',
        returnType: CIM_EMPTY,
        returnIsArray: true,
        parameters: nameMap([]),
        qualifiers: nameMap([]),
      },
      { name: 'G', returnType: CIM_UINT32, parameters: nameMap([]), qualifiers: nameMap([]) },
    ]),
    amended: true,
    systemProperties: { __CLASS: 'A' } as unknown as SystemProperties,
  };

  it('writes every field of a class in its documented form', () => {
    assert.deepStrictEqual(toJsonValue(sample), {
      kind: 'class',
      name: 'A',
      superclass: 'B',
      qualifiers: [{ name: 'Q', type: 'string[]', value: ['x'], flavors: [] }],
      properties: [
        {
          name: 'R',
          type: 'real64[]',
          arraySize: 3,
          value: ['NaN', '-Infinity', 1],
          qualifiers: [],
          classOrigin: 'B',
          propagated: true,
        },
      ],
      methods: [
        {
          name: 'M',
          returnType: 'void',
          parameters: [
            { name: 'P', type: 'uint32', qualifiers: [] },
            { name: 'D', type: 'uint32', value: 3, qualifiers: [] },
          ],
          qualifiers: [],
          classOrigin: 'A',
        },
        { name: 'N', returnType: 'cim:0[]', parameters: [], qualifiers: [] },
        { name: 'G', returnType: 'uint32', parameters: [], qualifiers: [] },
      ],
      amended: true,
      systemProperties: { __CLASS: 'A' },
    });
  });

  it('reads back what it writes when the class has every optional field', () => {
    assert.deepStrictEqual(fromJson(toJson(sample)), sample);
  });

  it('writes pretty-printed text ending in a newline', () => {
    const text = toJson({ kind: 1 });
    assert.equal(text, '{\n  "kind": 1\n}\n');
  });

  it('writes an instance without qualifiers and a declaration with its array size', () => {
    const instance: CimInstance = {
      genus: WBEM_GENUS_INSTANCE,
      className: 'X',
      properties: nameMap([{ name: 'P', value: undefined as unknown as null }]),
    };
    assert.deepStrictEqual(toJsonValue(instance), {
      kind: 'instance',
      className: 'X',
      properties: [{ name: 'P', value: null }],
    });
    const qualified = { ...instance, qualifiers: nameMap([]), systemProperties: {} };
    assert.deepStrictEqual(toJsonValue(qualified), {
      kind: 'instance',
      className: 'X',
      properties: [{ name: 'P', value: null }],
      qualifiers: [],
      systemProperties: {},
    });
    const declaration: QualifierDeclaration = {
      name: 'Q',
      type: CIM_UINT32,
      isArray: true,
      arraySize: 4,
      value: null,
      scopes: ['property'],
      flavor: 0x80,
    };
    assert.deepStrictEqual(toJsonValue(declaration), {
      kind: 'qualifierDeclaration',
      name: 'Q',
      type: 'uint32[]',
      arraySize: 4,
      value: null,
      scopes: ['property'],
      flavors: ['Amended'],
    });
  });

  it('writes other values as JSON would, Maps as their values and bigints as decimals', () => {
    assert.equal(toJsonValue(undefined), null);
    assert.deepStrictEqual(
      toJsonValue({ m: new Map([['a', 1]]), big: 12345678901234567890n, s: 'x' }),
      { m: [1], big: '12345678901234567890', s: 'x' },
    );
  });

  it('leaves look-alikes of model objects unchanged when a field that identifies them is missing', () => {
    const notClass = { genus: WBEM_GENUS_CLASS, name: 'A', methods: [] };
    assert.deepStrictEqual(toJsonValue(notClass), notClass);
    const notInstance = { genus: WBEM_GENUS_INSTANCE, className: 'X', properties: [] };
    assert.deepStrictEqual(toJsonValue(notInstance), notInstance);
    const notDeclarations = [
      { name: 1, type: 1, flavor: 0, scopes: [] },
      { name: 'Q', type: '1', flavor: 0, scopes: [] },
      { name: 'Q', type: 1, flavor: '0', scopes: [] },
      { name: 'Q', type: 1, flavor: 0, scopes: 'class' },
    ];
    for (const item of notDeclarations) assert.deepStrictEqual(toJsonValue(item), item);
    assert.deepStrictEqual(toJsonValue([null, 'x']), [null, 'x']);
  });

  it('tells a class from an instance by its genus, not only by its maps', () => {
    const instanceWithMethods = {
      genus: WBEM_GENUS_INSTANCE,
      className: 'X',
      properties: new Map(),
      methods: new Map(),
    };
    assert.equal((toJsonValue(instanceWithMethods) as { kind?: string }).kind, 'instance');
    const classWithoutMethods = { genus: WBEM_GENUS_CLASS, name: 'A', properties: new Map() };
    assert.deepStrictEqual(toJsonValue(classWithoutMethods), {
      genus: WBEM_GENUS_CLASS,
      name: 'A',
      properties: [],
    });
  });

  it('writes a member given without a value or qualifiers with a null value and no qualifiers', () => {
    const bare = {
      genus: WBEM_GENUS_CLASS,
      name: 'A',
      superclass: null,
      qualifiers: new Map(),
      properties: new Map([['p', { name: 'P', type: CIM_UINT32 }]]),
      methods: new Map(),
    } as unknown as CimClass;
    const json = toJsonValue(bare) as { properties: Record<string, unknown>[] };
    assert.deepStrictEqual(json.properties, [
      { name: 'P', type: 'uint32', value: null, qualifiers: [] },
    ]);
  });
});

describe('type and flavor words of the JSON form', () => {
  const typeOf = (word: string) => (fromJson(prop({ type: word })) as CimClass).properties.get('p');

  it('names a class target only for a reference or an embedded object', () => {
    assert.equal(
      typeName({ type: CIM_UINT32, isArray: false, embeddedObjectClass: 'E' }),
      'uint32',
    );
    assert.equal(typeName({ type: CIM_UINT32, isArray: false, referenceClass: 'R' }), 'uint32');
    assert.equal(
      typeName({ type: CIM_OBJECT, isArray: true, embeddedObjectClass: 'E' }),
      'object:E[]',
    );
  });

  it('reads a hex flavor word only when it starts with 0x', () => {
    assert.equal(parseFlavorWords(['0x100']), 0x100);
    assert.equal(parseFlavorWords(['a0x100']), undefined);
  });

  it('reads a numbered type word and refuses one without a number', () => {
    assert.equal(typeOf('cim:4095')?.type, 4095);
    assert.equal(typeOf('cim:4095[]')?.isArray, true);
    for (const word of ['cim:', 'cim:x', 'cim:-1', 'cim:1.5', 'cim', 'cim:99999999999999999999']) {
      rejects(
        prop({ type: word }),
        `$.properties[0].type: '${word}' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)`,
      );
    }
  });

  it('reads reference and embedded-object targets and refuses other targets', () => {
    assert.deepStrictEqual(
      { ...typeOf('ref:CIM_A[]'), qualifiers: undefined },
      {
        name: 'P',
        type: CIM_REFERENCE,
        isArray: true,
        referenceClass: 'CIM_A',
        value: null,
        qualifiers: undefined,
      },
    );
    assert.equal(typeOf('object:X')?.embeddedObjectClass, 'X');
    assert.equal('referenceClass' in (typeOf('ref') ?? {}), false);
    assert.equal('embeddedObjectClass' in (typeOf('object') ?? {}), false);
    for (const word of ['uint32:X', 'ref:', 'object:', ' uint32', 'uint32 ', 'uint32[][]', '[]']) {
      rejects(
        prop({ type: word }),
        `$.properties[0].type: '${word}' is not a CIM type (e.g. uint32, string[], ref:CIM_Foo)`,
      );
    }
  });

  it('writes an unknown CIMTYPE as its number and unknown flavor bits as one hex word', () => {
    const json = toJsonValue({
      genus: WBEM_GENUS_CLASS,
      name: 'A',
      superclass: null,
      qualifiers: nameMap([
        { name: 'Q', type: 4095, isArray: true, value: null, flavor: 0x80000f01 },
        { name: 'R', type: CIM_UINT32, value: 1, flavor: 0x7f },
      ]),
      properties: nameMap([]),
      methods: nameMap([]),
    } satisfies CimClass) as { qualifiers: { type: string; flavors: string[] }[] };
    assert.deepEqual(json.qualifiers[0], {
      name: 'Q',
      type: 'cim:4095[]',
      value: null,
      flavors: ['ToInstance', '0x80000f00'],
    });
    assert.deepEqual(json.qualifiers[1]?.flavors, [
      'ToInstance',
      'ToSubclass',
      'DisableOverride',
      'Propagated',
      'System',
      '0xc',
    ]);
    const back = fromJson(json) as CimClass;
    assert.equal(back.qualifiers.get('q')?.flavor, 0x80000f01);
    assert.equal(back.qualifiers.get('r')?.flavor, 0x7f);
  });

  it('reads every flavor word in any case', () => {
    const flavors = [
      'toinstance',
      'TOSUBCLASS',
      'DisableOverride',
      'amended',
      'Propagated',
      'system',
    ];
    assert.equal(
      (fromJson(qual({ flavors })) as CimClass).qualifiers.get('q')?.flavor,
      0x1 | 0x2 | 0x10 | 0x80 | 0x20 | 0x40,
    );
    rejects(
      qual({ flavors: ['0x', 'x0x1'] }),
      '$.qualifiers[0].flavors: unknown flavor in ["0x","x0x1"] (ToInstance, ToSubclass, DisableOverride, Amended)',
    );
    rejects(
      qual({ flavors: ['0x1g'] }),
      '$.qualifiers[0].flavors: unknown flavor in ["0x1g"] (ToInstance, ToSubclass, DisableOverride, Amended)',
    );
    assert.equal(
      (fromJson(qual({ flavors: ['0XFF'] })) as CimClass).qualifiers.get('q')?.flavor,
      0xff,
    );
  });
});
