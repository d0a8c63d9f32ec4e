/**
 * `IWbemContext` through the engine (spec §7): checked in phase 1, forwarded to providers, and
 * attached to the events the call raises.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lastValueFrom } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { createContext, getValue, setValue } from '../../src/model/wbem-context.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  hresultName,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_PROVIDER_LOAD_FAILURE,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, startEngine } from '../runtime/helpers/engine-fixture.js';

const MEMORY_PROVIDER = new URL('../fixtures/providers/memory-provider.js', import.meta.url).href;

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine({ hosts: 1 });
  svc = await engine.connectServer('root');
  await svc.registerProvider({
    name: 'Mem',
    module: MEMORY_PROVIDER,
    classes: ['Echo', 'Mem_Class'],
  });
});
after(() => engine.shutdown());

const cyclic: Record<string, unknown> = { genus: 1, name: 'X', properties: new Map() };
cyclic['self'] = cyclic;

const BAD: readonly (readonly [string, unknown])[] = [
  ['a function value', { Fn: () => 1 }],
  ['a cycle', { Obj: cyclic }],
  ['a Date value', { When: new Date() }],
  ['a mixed array', { Mixed: [1, 'a'] }],
  ['a number instead of a context', 5],
  ['an undefined value in a Map', new Map([['U', undefined]])],
  ['a wrongly typed well-known value', { __ProviderArchitecture: 16 }],
];

describe('a bad context', () => {
  for (const [what, ctx] of BAD) {
    it(`returns WBEM_E_INVALID_PARAMETER synchronously and never calls the sink for ${what}`, async () => {
      const sink = new RecordingSink();
      const rc = svc.putClassAsync(cimClass({ name: 'Ctx_Bad' }), 0, ctx as never, sink);
      assert.equal(hresultName(rc), 'WBEM_E_INVALID_PARAMETER');
      assert.equal(
        hresultName(svc.getObjectAsync('Ctx_Bad', 0, ctx as never, sink)),
        'WBEM_E_INVALID_PARAMETER',
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(sink.calls.length, 0);
    });

    it(`rejects the promise and Rx forms with WBEM_E_INVALID_PARAMETER for ${what}`, async () => {
      const isInvalid = (e: unknown) =>
        e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER;
      await assert.rejects(svc.putClass(cimClass({ name: 'Ctx_Bad' }), 0, ctx as never), isInvalid);
      await assert.rejects(svc.getClass('Ctx_Bad', 0, ctx as never), isInvalid);
      await assert.rejects(
        lastValueFrom(svc.putClass$(cimClass({ name: 'Ctx_Bad' }), 0, ctx as never)),
        isInvalid,
      );
    });
  }

  it('fails with WBEM_E_PROVIDER_LOAD_FAILURE when another provider bitness is required', async () => {
    const ctx = createContext({ __ProviderArchitecture: 32, __RequiredArchitecture: true });
    await assert.rejects(
      svc.putClass(cimClass({ name: 'Mem_Class' }), 0, ctx),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_PROVIDER_LOAD_FAILURE,
    );
  });
});

describe('a good context', () => {
  it('is accepted as a WbemContext, a Map, a plain object or null', async () => {
    const forms: readonly unknown[] = [
      setValue(createContext(), 'Marker', 'a'),
      new Map([['Marker', 'b']]),
      { Marker: 'c', List: [1, 2] },
      null,
    ];
    for (const [i, ctx] of forms.entries()) {
      const sink = new RecordingSink();
      const rc = svc.putClassAsync(cimClass({ name: `Ctx_Good_${i}` }), 0, ctx as never, sink);
      assert.equal(rc, WBEM_S_NO_ERROR);
      assert.equal((await sink.done).hResult, WBEM_S_NO_ERROR);
    }
  });

  it('reaches the provider that serves the call, with the caller', async () => {
    const echo = await svc.getClass('Echo', 0, { Marker: 'to-provider' });
    assert.equal(echo.qualifiers.get('marker')?.value, 'to-provider');
    assert.equal(echo.qualifiers.get('principal')?.value, 'SYSTEM');
    const none = await svc.getClass('Echo');
    assert.equal(none.qualifiers.get('contextisnull')?.value, true);
  });
});

describe('context on events', () => {
  it('rides on every event the call raises, and is absent without one', async () => {
    const events: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => events.push(e));
    const keyed = cimClass({
      name: 'Ctx_Evented',
      properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
    });
    await svc.putClass(keyed, 0, { Marker: 'create' });
    await svc.putInstance(
      cimInstance('Ctx_Evented', { Id: 'x' }),
      0,
      new Map([['Marker', 'instance']]),
    );
    await svc.deleteClass('Ctx_Evented', 0, createContext({ Marker: 'delete' }));
    await svc.putClass(cimClass({ name: 'Ctx_Plain' }));
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    const seen = events.map((e) => [e.eventClass, getValue(e.context ?? null, 'Marker') ?? null]);
    assert.deepEqual(seen, [
      ['__ClassCreationEvent', 'create'],
      ['__InstanceCreationEvent', 'instance'],
      ...seen.slice(2, -1).map(([cls]) => [cls, 'delete']),
      ['__ClassCreationEvent', null],
    ]);
    assert.ok(seen.slice(2, -1).some(([cls]) => cls === '__ClassDeletionEvent'));
    assert.equal('context' in (events.at(-1) as object), false);
  });
});
