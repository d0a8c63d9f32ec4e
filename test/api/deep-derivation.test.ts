/**
 * A deep `CreateClassEnum` sends `__DERIVATION` in chained form (`runtime/derivation-streams.ts`);
 * what callers get must be the objects they got before, on every wire encoding: each class equal
 * (deep-strict) to what `GetClass` returns for it, and alike under structured clone,
 * `JSON.stringify`, `toJson` and spread, through the promise and the sink forms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimClass,
  cimClass,
  cimProperty,
  toJson,
  WBEM_FLAG_DEEP,
  WBEM_S_NO_ERROR,
  WbemEngine,
  type WbemServices,
} from '../../src/index.js';
import type { WireEncoding } from '../../src/runtime/protocol.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

/** Two reply posts: one full slice of 256 classes, then the rest with the final status. */
const DEPTH = 300;
const ENCODINGS: readonly WireEncoding[] = ['msgpack', 'clone', 'json', 'copy'];

for (const encoding of ENCODINGS) {
  describe(`CreateClassEnum of a deep chain (${encoding} wire)`, () => {
    let engine: WbemEngine;
    let svc: WbemServices;
    let enumerated: CimClass[];
    let fetched: CimClass[];

    before(async () => {
      // The copy encoding is the calling-thread host's: tested where it runs.
      const placement = encoding === 'copy' ? 'calling-thread' : 'worker-threads';
      engine = await WbemEngine.start({ storage: 'memory', hosts: 1, encoding, placement });
      svc = await engine.connectServer('root');
      // One actor runs them in order, each after its superclass.
      await Promise.all(
        Array.from({ length: DEPTH }, (_, i) =>
          svc.putClass(
            cimClass({
              name: `Fidelity_${i}`,
              superclass: i === 0 ? null : `Fidelity_${i - 1}`,
              properties: [cimProperty(`P${i % 4}`, 'uint32')],
            }),
          ),
        ),
      );
      enumerated = await svc.createClassEnum('Fidelity_0', WBEM_FLAG_DEEP);
      fetched = await Promise.all(enumerated.map((c) => svc.getClass(c.name)));
    });

    after(async () => {
      await engine.shutdown();
    });

    it('returns each class deep-strict-equal to its GetClass when the chain spans two posts', () => {
      assert.equal(enumerated.length, DEPTH - 1);
      assert.deepStrictEqual(enumerated, fetched);
      const deepest = enumerated[enumerated.length - 1];
      assert.deepEqual(
        deepest?.systemProperties?.__DERIVATION,
        Array.from({ length: DEPTH - 1 }, (_, i) => `Fidelity_${DEPTH - 2 - i}`),
      );
    });

    it('clones, stringifies and spreads alike when the classes are serialised', async () => {
      // A fresh result each time: the first read of `__DERIVATION` is what each check exercises.
      const fresh = () => svc.createClassEnum('Fidelity_0', WBEM_FLAG_DEEP);
      assert.deepStrictEqual(structuredClone(await fresh()), structuredClone(fetched));
      assert.equal(JSON.stringify(await fresh()), JSON.stringify(fetched));
      assert.equal(toJson(await fresh()), toJson(fetched));
      const spread = (await fresh()).map((c) => ({
        ...c,
        systemProperties: { ...c.systemProperties },
      }));
      assert.deepStrictEqual(spread, fetched);
      const keys = (await fresh()).map((c) => Object.keys(c.systemProperties ?? {}));
      assert.deepStrictEqual(
        keys,
        fetched.map((c) => Object.keys(c.systemProperties ?? {})),
      );
    });

    it('gives every class its own mutable array when __DERIVATION is read', async () => {
      const classes = await svc.createClassEnum('Fidelity_0', WBEM_FLAG_DEEP);
      const [first, second] = classes.map((c) => c.systemProperties?.__DERIVATION as string[]);
      assert.ok(Array.isArray(first) && Array.isArray(second));
      second?.push('Extra');
      assert.deepEqual(first, ['Fidelity_0']);
      assert.deepEqual(second, ['Fidelity_1', 'Fidelity_0', 'Extra']);
      assert.deepEqual(classes[1]?.systemProperties?.__DERIVATION, second);
    });

    it('indicates the same classes through a sink as the promise form resolves with', async () => {
      const sink = new RecordingSink();
      assert.equal(
        svc.createClassEnumAsync('Fidelity_0', WBEM_FLAG_DEEP, null, sink),
        WBEM_S_NO_ERROR,
      );
      await sink.done;
      const indicated = sink.calls.flatMap((c) => (c.method === 'indicate' ? c.objects : []));
      assert.deepStrictEqual(indicated, fetched);
    });
  });
}
