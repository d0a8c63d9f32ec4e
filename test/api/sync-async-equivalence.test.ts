import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CimClass,
  cimClass,
  cimInstance,
  cimProperty,
  hresultName,
  qualifier,
  succeeded,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_INFINITE,
  WBEM_NO_WAIT,
  WBEM_S_NO_ERROR,
  WbemEngine,
  type WbemServices,
} from '../../src/index.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

/**
 * B18: the hResult a PutClassAsync sink receives equals what PutClass returns for the same input.
 * Each run prepares two namespaces identically, then applies the same random steps to both: the
 * async form on one, a sync form (putClassSync, semisync + GetCallStatus, or sync with a call
 * result) on the other. Valid and invalid inputs alike; state-dependent outcomes (existence,
 * update modes, subclasses, instances) come from the steps before.
 */

const CLASS_NAMES = ['Eq_A', 'Eq_B', 'eq_a', 'Eq_Base', 'Eq_Child', 'Eq_Sub'];
const BAD_NAMES = ['_Lead', 'Trail_', '9Digit', 'Bad Name', 'Bad-Name', '', 'Eq__Ok'];
const SUPERS = [null, null, 'Eq_Base', 'Eq_Child', 'Eq_A', 'Eq_Missing', '__SystemClass'];
const PROP_NAMES = ['Id', 'P', 'q', 'Q', '_Under', 'Bad Prop'];
const TYPES = ['string', 'string', 'uint32', 'real64', 'boolean', 'datetime', 'sint64'];

const propArb = fc.record({
  name: fc.constantFrom(...PROP_NAMES),
  type: fc.constantFrom(...TYPES),
  key: fc.boolean(),
});

const wellFormedArb = fc.record({
  kind: fc.constant('class' as const),
  name: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...CLASS_NAMES) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_NAMES) },
  ),
  superclass: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...SUPERS) },
    { weight: 1, arbitrary: fc.constant('self') },
  ),
  abstract: fc.boolean(),
  props: fc.array(propArb, { maxLength: 3 }),
});

/** Objects a caller might pass that are not well-formed classes. */
const ODD_SHAPES: readonly (() => unknown)[] = [
  () => null,
  () => ({}),
  () => 'Eq_A',
  () => ({ genus: 1, name: 'Eq_Odd' }),
  () => ({ genus: 2, name: 'Eq_Odd', properties: new Map() }),
  () => ({ ...cimClass({ name: 'Eq_Odd' }), properties: [cimProperty('P', 'string')] }),
  () => ({
    ...cimClass({ name: 'Eq_Odd' }),
    properties: new Map([['p', cimProperty('Q', 'string')]]),
  }),
  () => ({ ...cimClass({ name: 'Eq_Odd' }), name: 42 }),
  () => ({ ...cimClass({ name: 'Eq_Odd' }), describe: () => 'not cloneable' }),
];

const inputArb = fc.oneof(
  { weight: 8, arbitrary: wellFormedArb },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('odd' as const),
      at: fc.integer({ min: 0, max: ODD_SHAPES.length - 1 }),
    }),
  },
);

/** Flag bits both forms share: mostly valid ones (ignored bits included), sometimes a bad one. */
const validFlagsArb = fc
  .tuple(
    fc.constantFrom(0, 0, 0x1, 0x2),
    fc.constantFrom(0, 0, 0x20, 0x40),
    fc.constantFrom(0, 0, 0, 0x20000, 0x10000, 0x100000),
  )
  .map(([mode, update, extra]) => mode | update | extra);

/** Forbidden pairs (UPDATE_ONLY|CREATE_ONLY, SAFE|FORCE) and undefined bits. */
const BAD_BITS = [0x3, 0x60, 0x8, 0x4, 0x100, 0x400, 0x80000000];

const flagsArb = fc
  .tuple(
    validFlagsArb,
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_BITS) },
    ),
  )
  .map(([valid, bad]) => (valid | bad) >>> 0);

const stepArb = fc.record({
  input: inputArb,
  flags: flagsArb,
  /** Each side's own delivery bit: SEND_STATUS on the async call, RETURN_IMMEDIATELY on semisync. */
  sendStatus: fc.boolean(),
  form: fc.constantFrom('sync' as const, 'semisync' as const, 'sync-with-call-result' as const),
  /** The other variant's bit on each side (RETURN_IMMEDIATELY async, SEND_STATUS sync): B5 / B7. */
  wrongVariant: fc.integer({ min: 0, max: 14 }).map((n) => n === 0),
});

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function build(input: Step['input']): unknown {
  if (input.kind === 'odd') return ODD_SHAPES[input.at]?.() ?? null;
  const superclass = input.superclass === 'self' ? input.name : input.superclass;
  return cimClass({
    name: input.name,
    superclass,
    qualifiers: input.abstract ? [qualifier('Abstract', true)] : [],
    properties: input.props.map((p) =>
      cimProperty(p.name, p.type, { qualifiers: p.key ? [qualifier('Key', true)] : [] }),
    ),
  });
}

/** PutClassAsync's effective result: the return value if it failed, else the sink's final hResult. */
async function viaAsync(svc: WbemServices, cls: unknown, flags: number): Promise<number> {
  const sink = new RecordingSink();
  const hr = svc.putClassAsync(cls as CimClass | null, flags, null, sink);
  if (hr !== WBEM_S_NO_ERROR) return hr;
  return (await sink.done).hResult ?? Number.NaN;
}

/** PutClass's effective result, through one of its three forms. */
async function viaSync(
  svc: WbemServices,
  cls: unknown,
  flags: number,
  form: Step['form'],
): Promise<number> {
  const input = cls as CimClass | null;
  switch (form) {
    case 'sync':
      return svc.putClassSync(input, flags);
    case 'semisync': {
      const { hr, callResult } = await svc.putClassSemisync(
        input,
        flags | WBEM_FLAG_RETURN_IMMEDIATELY,
      );
      if (callResult === null) return hr;
      assert.equal(hr, WBEM_S_NO_ERROR);
      const reply = await callResult.getCallStatus(WBEM_INFINITE);
      assert.equal(reply.hr, WBEM_S_NO_ERROR);
      return reply.status ?? Number.NaN;
    }
    case 'sync-with-call-result': {
      const { hr, callResult } = await svc.putClassSemisync(input, flags);
      if (callResult !== null) {
        assert.deepEqual(await callResult.getCallStatus(WBEM_NO_WAIT), {
          hr: WBEM_S_NO_ERROR,
          status: hr,
        });
      }
      return hr;
    }
  }
}

/** What each namespace holds, minus the parts that name the namespace. */
async function snapshot(svc: WbemServices): Promise<string[]> {
  const classes = await svc.createClassEnum(null, WBEM_FLAG_DEEP);
  return classes
    .map((c) =>
      JSON.stringify([
        c.name,
        c.superclass,
        [...c.qualifiers.keys()].sort(),
        [...c.properties.values()].map((p) => [p.name, p.type, [...p.qualifiers.keys()].sort()]),
      ]),
    )
    .sort();
}

/** The same starting point in both namespaces: a keyed base, a subclass, and an instance. */
async function prepare(svc: WbemServices): Promise<void> {
  const id = cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] });
  await svc.putClass(cimClass({ name: 'Eq_Base', properties: [id] }));
  await svc.putClass(
    cimClass({
      name: 'Eq_Child',
      superclass: 'Eq_Base',
      properties: [cimProperty('Extra', 'uint32')],
    }),
  );
  await svc.putClass(cimClass({ name: 'Eq_Other', properties: [id] }));
  await svc.putInstance(cimInstance('Eq_Other', { Id: 'one' }));
}

const name = (hr: number): string => `${hresultName(hr)} (0x${hr.toString(16)})`;

describe('PutClass vs PutClassAsync (B18)', () => {
  let engine: WbemEngine;
  let run = 0;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  });
  after(() => engine.shutdown());

  it('B18: the sink final hResult of PutClassAsync equals the PutClass return (WBEM_S_NO_ERROR or the same failure) for random inputs and flags', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 5 }), async (steps) => {
        run++;
        await engine.createNamespace('root', `EqAsync${run}`);
        await engine.createNamespace('root', `EqSync${run}`);
        const a = await engine.connectServer(`root/EqAsync${run}`);
        const s = await engine.connectServer(`root/EqSync${run}`);
        await prepare(a);
        await prepare(s);
        for (const [at, step] of steps.entries()) {
          const asyncFlags =
            step.flags |
            (step.sendStatus ? WBEM_FLAG_SEND_STATUS : 0) |
            (step.wrongVariant ? WBEM_FLAG_RETURN_IMMEDIATELY : 0);
          const syncFlags = step.flags | (step.wrongVariant ? WBEM_FLAG_SEND_STATUS : 0);
          const viaA = await viaAsync(a, build(step.input), asyncFlags >>> 0);
          const viaS = await viaSync(s, build(step.input), syncFlags >>> 0, step.form);
          assert.equal(name(viaS), name(viaA), `step ${at}: ${JSON.stringify(step)}`);
          const key = succeeded(viaA) ? 'WBEM_S_NO_ERROR' : hresultName(viaA);
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        assert.deepEqual(await snapshot(s), await snapshot(a));
        await engine.deleteNamespace(`root/EqAsync${run}`);
        await engine.deleteNamespace(`root/EqSync${run}`);
      }),
      { numRuns: 200 },
    );
    // The generators must reach successes and a spread of failures, or the property says little.
    assert.ok((seen.get('WBEM_S_NO_ERROR') ?? 0) > 5, `outcomes: ${JSON.stringify([...seen])}`);
    assert.ok(seen.size >= 6, `outcomes: ${JSON.stringify([...seen])}`);
  });
});
