import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { applyMof } from '../../src/mof/apply-mof.js';
import { compileMof } from '../../src/mof/compile.js';
import { quote } from '../../src/mof/mof-literals.js';
import { encodeMof, toMof } from '../../src/mof/to-mof.js';
import { type StoreTarget, storeTarget } from './helpers/store-target.js';

/**
 * Random WMI-style schemas, written as MOF source: a keyed root, a hierarchy below it, scalar
 * and array properties of every CIM type with defaults, qualifiers with flavors, embedded
 * objects typed by class, `object ref` and forward references, methods with parameter
 * defaults, and instances. Each is compiled and loaded, exported with `toMof`, compiled into an
 * empty repository, and must read back identical.
 */

interface ScalarType {
  readonly name: string;
  readonly literal: fc.Arbitrary<string>;
}

const real = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .filter((n) => !Object.is(n, -0))
  .map((n) => (Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n)));
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
);
const intIn = (min: number, max: number) => fc.integer({ min, max }).map(String);
const bigIn = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(String);
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

const SCALARS: readonly ScalarType[] = [
  { name: 'uint8', literal: intIn(0, 255) },
  { name: 'sint8', literal: intIn(-128, 127) },
  { name: 'uint16', literal: intIn(0, 65535) },
  { name: 'sint16', literal: intIn(-32768, 32767) },
  { name: 'uint32', literal: intIn(0, 4294967295) },
  { name: 'sint32', literal: intIn(-2147483648, 2147483647) },
  { name: 'uint64', literal: bigIn(0n, 2n ** 64n - 1n) },
  { name: 'sint64', literal: bigIn(-(2n ** 63n), 2n ** 63n - 1n) },
  { name: 'real32', literal: fc.integer({ min: -1000, max: 1000 }).map((n) => `${n / 4}`) },
  { name: 'real64', literal: real },
  { name: 'string', literal: text.map(quote) },
  { name: 'boolean', literal: fc.boolean().map((b) => (b ? 'TRUE' : 'FALSE')) },
  {
    name: 'char16',
    literal: fc.integer({ min: 0x21, max: 0xd7ff }).map((c) => {
      const ch = String.fromCharCode(c);
      return ch === "'" || ch === '\\' ? `'\\${ch}'` : `'${ch}'`;
    }),
  },
  { name: 'datetime', literal: digits(14).map((d) => `"${d}.000000+000"`) },
];

const FLAVORS = fc.constantFrom(
  '',
  ' : ToSubclass',
  ' : Restricted',
  ' : ToInstance',
  ' : DisableOverride',
  ' : ToInstance DisableOverride',
  ' : Amended',
);

const propertyQualifiers = fc
  .record({
    description: fc.option(fc.tuple(text, FLAVORS), { nil: undefined }),
    maxLen: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
    weight: fc.option(real, { nil: undefined }),
    big: fc.option(fc.integer({ min: 2 ** 31, max: 2 ** 40 }), { nil: undefined }),
    values: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
  })
  .map((q) => {
    const items: string[] = [];
    if (q.description !== undefined)
      items.push(`Description(${quote(q.description[0])})${q.description[1]}`);
    if (q.maxLen !== undefined) items.push(`MaxLen(${q.maxLen})`);
    if (q.weight !== undefined) items.push(`Weight(${q.weight})`);
    if (q.big !== undefined) items.push(`Big(${q.big})`);
    if (q.values !== undefined) items.push(`Values{${q.values.map(quote).join(', ')}}`);
    return items.length === 0 ? '' : `[${items.join(', ')}] `;
  });

const scalarProperty = fc
  .record({
    type: fc.constantFrom(...SCALARS),
    array: fc.boolean(),
    withDefault: fc.boolean(),
    qualifiers: propertyQualifiers,
  })
  .chain((p) =>
    (p.array
      ? fc.array(p.type.literal, { maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`)
      : p.type.literal
    ).map((value) => ({
      head: `${p.qualifiers}${p.type.name}`,
      array: p.array,
      value: p.withDefault ? value : undefined,
    })),
  );

const classSpec = fc.record({
  parent: fc.nat(),
  description: fc.option(text, { nil: undefined }),
  scalars: fc.array(scalarProperty, { maxLength: 4 }),
  embedded: fc.option(fc.tuple(fc.nat(), fc.boolean()), { nil: undefined }),
  reference: fc.option(fc.nat(), { nil: undefined }),
  objectRef: fc.boolean(),
  method: fc.option(
    fc.tuple(fc.constantFrom(...SCALARS), fc.nat(), fc.integer({ min: 0, max: 65535 })),
    { nil: undefined },
  ),
  instance: fc.option(fc.array(fc.boolean(), { maxLength: 4 }), { nil: undefined }),
});

type ClassSpec = typeof classSpec extends fc.Arbitrary<infer T> ? T : never;

function render(specs: readonly ClassSpec[]): string {
  const out = [
    'Qualifier Description : string = null, Scope(any), Flavor(Translatable);',
    'Qualifier MaxLen : uint32 = null, Scope(property, method, parameter);',
    'Qualifier Values : string[], Scope(property, method, parameter);',
    'Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToInstance);',
    '[Description("root")] class R_Root { [Key] string Id; };',
  ];
  const names = specs.map((_, i) => `R_C${i}`);
  specs.forEach((s, i) => {
    const parent = i === 0 || s.parent % (i + 1) === i ? 'R_Root' : (names[s.parent % i] as string);
    const body: string[] = [];
    for (const [j, p] of s.scalars.entries()) {
      const value = p.value === undefined ? '' : ` = ${p.value}`;
      body.push(`    ${p.head} P${i}_${j}${p.array ? '[]' : ''}${value};\n`);
    }
    if (s.embedded !== undefined && i > 0)
      body.push(`    ${names[s.embedded[0] % i]} E${i}${s.embedded[1] ? '[]' : ''};\n`);
    if (s.reference !== undefined)
      body.push(`    ${names[s.reference % names.length]} ref Ref${i};\n`);
    if (s.objectRef) body.push(`    object ref Any${i};\n`);
    if (s.method !== undefined) {
      const [type, other, mode] = s.method;
      const embedded = i > 0 ? `, [In, Out] ${names[other % i]} Obj` : '';
      body.push(
        `    ${type.name} M${i}([In] uint16 Mode = ${mode}${embedded}, [Out, Description("out") : ToSubclass] string Names[]);\n`,
      );
    }
    const head = s.description === undefined ? '' : `[Description(${quote(s.description)})]\n`;
    out.push(`${head}class ${names[i]} : ${parent}\n{\n${body.join('')}};`);
  });
  specs.forEach((s, i) => {
    if (s.instance === undefined) return;
    out.push(`instance of ${names[i]} { Id = "i${i}"; };`);
  });
  return `${out.join('\n')}\n`;
}

async function load(text: string, utf16: boolean): Promise<StoreTarget> {
  const target = storeTarget();
  const bytes = utf16 ? encodeMof(text, 'utf-16le') : encodeMof(text);
  const compiled = compileMof(['gen.mof'], { readFile: () => bytes });
  await applyMof(compiled.operations, target, { window: 4 });
  return target;
}

function contents(target: StoreTarget) {
  const store = target.store('root/cimv2');
  const classes = [...store.classNames()].sort().map((n) => store.getClass(n)?.local);
  const instances: CimInstance[] = [];
  for (const n of [...store.classNames()].sort()) instances.push(...store.instances(n));
  return { classes, instances, qualifiers: [...store.qualifierDeclarations()] };
}

describe('toMof round trip (property)', () => {
  it('reads every class, qualifier declaration and instance back identical when a random WMI-style schema is exported and recompiled', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(classSpec, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (specs, utf16) => {
          const source = render(specs);
          const first = contents(await load(source, false));
          const exported = toMof({
            namespace: 'root/cimv2',
            qualifiers: first.qualifiers,
            classes: first.classes.filter((c) => c !== undefined),
            instances: first.instances,
          });
          const second = contents(await load(exported, utf16));
          assert.ok(
            modelEquals(second.classes, first.classes),
            `classes differ:\n${source}\n---\n${exported}`,
          );
          assert.ok(
            modelEquals(second.qualifiers, first.qualifiers),
            'qualifier declarations differ',
          );
          assert.ok(modelEquals(second.instances, first.instances), 'instances differ');
        },
      ),
      { numRuns: 150 },
    );
  });
});
