import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimMethod, CimParameter } from '../../src/model/cim-method.js';
import type { CimProperty } from '../../src/model/cim-property.js';
import type { CimScalar, CimValue } from '../../src/model/cim-value.js';
import { fromJson } from '../../src/model/from-json.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import {
  QUALIFIER_SCOPES,
  type QualifierDeclaration,
} from '../../src/model/qualifier-declaration.js';
import { toJson, toJsonValue } from '../../src/model/to-json.js';
import {
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_TYPE_NAMES,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';

/**
 * Random model objects (classes with qualifiers, properties of every CIM type, methods and
 * embedded instances; instances; qualifier declarations) must read back from their JSON text
 * exactly as they were, Map order and optional fields included.
 */

const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString'),
);
const names = (max: number) =>
  fc.uniqueArray(name, { maxLength: max, selector: (n) => n.toLowerCase() });
const TYPES = [...CIM_TYPE_NAMES.keys()];
const finite = fc.double({ noDefaultInfinity: true, noNaN: true }).filter((n) => !Object.is(n, -0));
const plainScalar: fc.Arbitrary<CimScalar> = fc.oneof(
  fc.string({ maxLength: 8 }),
  finite,
  fc.boolean(),
);
const realScalar: fc.Arbitrary<CimScalar> = fc.oneof(
  finite,
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
);
const flavor = fc
  .subarray([0x1, 0x2, 0x10, 0x20, 0x40, 0x80, 0x100])
  .map((bits) => bits.reduce((a, b) => a | b, 0));

const embedded: fc.Arbitrary<CimInstance> = fc
  .record({ className: name, props: names(3), value: plainScalar })
  .map(({ className, props, value }) => ({
    genus: WBEM_GENUS_INSTANCE,
    className,
    properties: nameMap(props.map((p) => ({ name: p, value }))),
  }));

function valueFor(type: number, isArray: boolean): fc.Arbitrary<CimValue> {
  const scalar = type === CIM_OBJECT ? embedded : type === CIM_REAL64 ? realScalar : plainScalar;
  const one: fc.Arbitrary<CimValue> = isArray ? fc.array(scalar, { maxLength: 3 }) : scalar;
  return fc.option(one, { nil: null });
}

const qualifiers = names(3).chain((qs) =>
  fc
    .tuple(
      ...qs.map((n) =>
        fc.record({ type: fc.constantFrom(...TYPES), isArray: fc.boolean(), flavor }).chain((q) =>
          valueFor(q.type === CIM_OBJECT ? 8 : q.type, q.isArray).map(
            (value): Qualifier => ({
              name: n,
              type: q.type,
              ...(q.isArray ? { isArray: true } : {}),
              value,
              flavor: q.flavor,
            }),
          ),
        ),
      ),
    )
    .map((list) => nameMap(list)),
);

const typed = fc
  .record({
    type: fc.constantFrom(...TYPES),
    isArray: fc.boolean(),
    arraySize: fc.option(fc.nat(64), { nil: undefined }),
    target: fc.option(name, { nil: undefined }),
    qualifiers,
  })
  .map((t) => ({
    type: t.type,
    isArray: t.isArray,
    ...(t.isArray && t.arraySize !== undefined ? { arraySize: t.arraySize } : {}),
    ...(t.type === CIM_REFERENCE ? { referenceClass: t.target ?? 'CIM_Any' } : {}),
    ...(t.type === CIM_OBJECT && t.target !== undefined ? { embeddedObjectClass: t.target } : {}),
    qualifiers: t.qualifiers,
  }));

const origin = fc.record({ classOrigin: name, propagated: fc.boolean() }, { requiredKeys: [] });

const property = (n: string): fc.Arbitrary<CimProperty> =>
  fc
    .tuple(typed, origin)
    .chain(([t, o]) =>
      valueFor(t.type, t.isArray).map((value) => ({ name: n, ...t, value, ...o })),
    );

const parameter = (n: string): fc.Arbitrary<CimParameter> =>
  fc
    .tuple(typed, fc.boolean())
    .chain(([t, withValue]) =>
      withValue
        ? valueFor(t.type, t.isArray).map((value) => ({ name: n, ...t, value }))
        : fc.constant({ name: n, ...t }),
    );

const method = (n: string): fc.Arbitrary<CimMethod> =>
  fc
    .record({
      returnType: fc.constantFrom(CIM_EMPTY, ...TYPES.filter((t) => t !== CIM_OBJECT)),
      returnIsArray: fc.boolean(),
      params: names(3).chain((ps) => fc.tuple(...ps.map(parameter))),
      qualifiers,
      origin,
    })
    .map((m) => ({
      name: n,
      returnType: m.returnType,
      ...(m.returnIsArray && m.returnType !== CIM_EMPTY ? { returnIsArray: true } : {}),
      parameters: nameMap(m.params),
      qualifiers: m.qualifiers,
      ...m.origin,
    }));

const cimClass: fc.Arbitrary<CimClass> = fc
  .record({
    name,
    superclass: fc.option(name, { nil: null }),
    qualifiers,
    properties: names(5).chain((ps) => fc.tuple(...ps.map(property))),
    methods: names(2).chain((ms) => fc.tuple(...ms.map(method))),
    amended: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map((c) => ({
    genus: WBEM_GENUS_CLASS,
    name: c.name,
    superclass: c.superclass,
    qualifiers: c.qualifiers,
    properties: nameMap(c.properties),
    methods: nameMap(c.methods),
    ...(c.amended === undefined ? {} : { amended: c.amended }),
  }));

const declaration: fc.Arbitrary<QualifierDeclaration> = fc
  .record({
    name,
    type: fc.constantFrom(...TYPES.filter((t) => t !== CIM_OBJECT && t !== CIM_REFERENCE)),
    isArray: fc.boolean(),
    scopes: fc.subarray([...QUALIFIER_SCOPES]),
    flavor,
  })
  .chain((d) => valueFor(d.type, d.isArray).map((value) => ({ ...d, value })));

/** `toJson` as it was written first: `JSON.stringify` with a replacer (the reference). */
function replacerJson(value: unknown): string {
  const replacer = (_key: string, v: unknown): unknown => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const r = v as Record<string, unknown>;
      if (r['genus'] === WBEM_GENUS_CLASS && r['methods'] instanceof Map) return toJsonValue(v);
      if (r['genus'] === WBEM_GENUS_INSTANCE && r['properties'] instanceof Map)
        return toJsonValue(v);
      if (
        typeof r['name'] === 'string' &&
        typeof r['type'] === 'number' &&
        typeof r['flavor'] === 'number' &&
        Array.isArray(r['scopes'])
      )
        return toJsonValue(v);
    }
    if (v instanceof Map) return [...v.values()];
    if (typeof v === 'bigint') return v.toString();
    return v;
  };
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

/** Anything a caller may hand `toJson`: model objects inside plain data of every JSON kind. */
const anyData: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ maxLength: 4 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.constantFrom(() => 1, Symbol('s'), new Date(0), Object(7), Object('boxed'), Object(false), {
      toJSON: (key: string) => `at ${key}`,
    }),
    cimClass,
    embedded,
    declaration,
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(name, tie('node'), { maxKeys: 3 }),
    fc.array(tie('node'), { maxLength: 3 }).map((items) => new Map(items.map((v, i) => [i, v]))),
  ),
})).node;

describe('toJson without a replacer', () => {
  it('writes exactly what JSON.stringify with the replacer writes, for any data holding model objects', () => {
    fc.assert(
      fc.property(anyData, (value) => {
        assert.equal(toJson(value), replacerJson(value));
        assert.deepStrictEqual(
          toJsonValue(value),
          JSON.parse(replacerJson(value).trim() === 'undefined' ? 'null' : replacerJson(value)),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('writes data nested deeper than its own walk goes as the replacer does', () => {
    let deep: unknown = [
      new Map([[1, 2n]]),
      { genus: WBEM_GENUS_INSTANCE, className: 'Deep', properties: new Map() },
      { name: 'Deep', type: 11, value: true, flavor: 0, scopes: ['class'] },
      {
        genus: WBEM_GENUS_CLASS,
        name: 'Deep',
        superclass: null,
        qualifiers: new Map(),
        properties: new Map(),
        methods: new Map(),
      },
    ];
    for (let i = 0; i < 300; i++) deep = i % 2 === 0 ? [deep] : { next: deep };
    assert.equal(toJson(deep), replacerJson(deep));
    for (const kind of ['class', 'instance', 'qualifierDeclaration'])
      assert.match(toJson(deep), new RegExp(`"kind": "${kind}"`));
  });

  it('calls a toJSON that bigints are given, as JSON.stringify does', () => {
    const proto = BigInt.prototype as { toJSON?: () => string };
    proto.toJSON = function (this: bigint) {
      return `${this.toString()}n`;
    };
    try {
      assert.equal(toJson({ big: 5n }), replacerJson({ big: 5n }));
      assert.match(toJson({ big: 5n }), /"5n"/);
    } finally {
      delete proto.toJSON;
    }
  });

  it('keeps a member named __proto__ a member, and fails with a TypeError on a cycle', () => {
    const data = JSON.parse('{"__proto__": {"a": 1}, "b": [2]}') as unknown;
    assert.equal(toJson(data), replacerJson(data));
    assert.match(toJson(data), /"__proto__"/);
    const cycle: Record<string, unknown> = { name: 'x' };
    cycle['self'] = [cycle];
    assert.throws(() => toJson(cycle), TypeError);
  });
});

describe('toJson / fromJson (the JSON form)', () => {
  it('reads back an identical class when it is written with toJson', () => {
    fc.assert(
      fc.property(cimClass, (cls) => {
        assert.deepStrictEqual(fromJson(toJson(cls)), cls);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back identical instances and qualifier declarations when they are in one array', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(embedded, declaration), { maxLength: 4 }), (objects) => {
        assert.deepStrictEqual(fromJson(toJson(objects)), objects);
      }),
      { numRuns: 200 },
    );
  });

  it('writes type names and flavor words when a class is converted', () => {
    const json = toJsonValue({
      genus: WBEM_GENUS_CLASS,
      name: 'Acme_Disk',
      superclass: null,
      qualifiers: nameMap([{ name: 'Key', type: 11, value: true, flavor: 0x12 }]),
      properties: nameMap([
        { name: 'Size', type: 19, isArray: false, value: 4, qualifiers: nameMap([]) },
        { name: 'Tags', type: 8, isArray: true, value: null, qualifiers: nameMap([]) },
        {
          name: 'Owner',
          type: CIM_REFERENCE,
          isArray: false,
          referenceClass: 'CIM_Foo',
          value: null,
          qualifiers: nameMap([]),
        },
        {
          name: 'Info',
          type: CIM_OBJECT,
          isArray: false,
          embeddedObjectClass: 'Win32_Foo',
          value: null,
          qualifiers: nameMap([]),
        },
      ]),
      methods: nameMap([]),
    } satisfies CimClass) as {
      properties: { type: string }[];
      qualifiers: { flavors: string[] }[];
    };
    assert.deepEqual(
      json.properties.map((p) => p.type),
      ['uint32', 'string[]', 'ref:CIM_Foo', 'object:Win32_Foo'],
    );
    assert.deepEqual(json.qualifiers[0]?.flavors, ['ToSubclass', 'DisableOverride']);
  });

  const invalid: readonly { desc: string; text: string; hresult: string; message: RegExp }[] = [
    {
      desc: 'the text is not JSON',
      text: '{',
      hresult: 'WBEM_E_INVALID_SYNTAX',
      message: /not JSON/,
    },
    {
      desc: 'the kind is missing',
      text: '{"name":"A"}',
      hresult: 'WBEM_E_INVALID_OBJECT',
      message: /\$\.kind/,
    },
    {
      desc: 'a property type is unknown',
      text: '{"kind":"class","name":"A","properties":[{"name":"P","type":"uint23"}]}',
      hresult: 'WBEM_E_INVALID_OBJECT',
      message: /properties\[0\]\.type: 'uint23' is not a CIM type/,
    },
    {
      desc: 'a flavor word is unknown',
      text: '{"kind":"class","name":"A","qualifiers":[{"name":"Q","type":"boolean","value":true,"flavors":["Sticky"]}]}',
      hresult: 'WBEM_E_INVALID_OBJECT',
      message: /qualifiers\[0\]\.flavors: unknown flavor/,
    },
    {
      desc: 'a scope is unknown',
      text: '{"kind":"qualifierDeclaration","name":"Q","type":"boolean","scopes":["table"]}',
      hresult: 'WBEM_E_INVALID_OBJECT',
      message: /scopes\[0\]/,
    },
  ];
  for (const c of invalid) {
    it(`fails with ${c.hresult} when ${c.desc}`, () => {
      assert.throws(
        () => fromJson(c.text),
        (e: unknown) =>
          e instanceof Error &&
          'hresult' in e &&
          e.name === 'WbemError' &&
          c.message.test(e.message) &&
          (c.hresult === 'WBEM_E_INVALID_SYNTAX'
            ? e.hresult === 0x80041021
            : e.hresult === 0x8004100f),
      );
    });
  }
});

describe('docs/json-form.md', () => {
  it('has an example class that fromJson reads with its types and flavors', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/json-form.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const cls = fromJson(block) as CimClass;
    assert.equal(cls.properties.get('owner')?.referenceClass, 'CIM_ManagedElement');
    assert.equal(cls.properties.get('size')?.type, 21);
    assert.equal(cls.methods.get('format')?.returnType, 19);
    assert.equal(cls.properties.get('id')?.qualifiers.get('key')?.flavor, 0x12);
  });
});
