import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import type { TaggedSinkEvent } from '../../src/sink/object-sink.js';
import { WBEM_FLAG_CREATE_ONLY, WBEM_FLAG_SEND_STATUS } from '../../src/wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { sampleClass, sleep, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine({ hosts: 1 });
  svc = await engine.connectServer('root');
});
after(() => engine.shutdown());

describe('WbemServices.putClass$', () => {
  it('emits progress then the final status and completes when the put succeeds', async () => {
    const events = await lastValueFrom(
      svc.putClass$(sampleClass('Rx_Ok'), WBEM_FLAG_SEND_STATUS).pipe(toArray()),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ['progress', 'status'],
    );
    const last = events.at(-1);
    assert.equal(last?.kind === 'status' ? last.hResult : undefined, WBEM_S_NO_ERROR);
  });

  it('errors with WbemError WBEM_E_ALREADY_EXISTS when CREATE_ONLY and the class exists', async () => {
    await svc.putClass(sampleClass('Rx_Dup'));
    await assert.rejects(
      lastValueFrom(svc.putClass$(sampleClass('Rx_Dup'), WBEM_FLAG_CREATE_ONLY)),
      {
        name: 'WbemError',
        hresult: WBEM_E_ALREADY_EXISTS,
      },
    );
  });

  it('errors with WBEM_E_INVALID_PARAMETER (phase 1) when the flags are invalid', async () => {
    await assert.rejects(firstValueFrom(svc.putClass$(sampleClass('Rx_Bad'), 0x3)), {
      hresult: WBEM_E_INVALID_PARAMETER,
    });
  });

  it('is cold: nothing is written until subscription', async () => {
    const stream = svc.putClass$(sampleClass('Rx_Cold'));
    await sleep(30);
    await assert.rejects(svc.getClass('Rx_Cold'), { hresult: WBEM_E_NOT_FOUND });
    await lastValueFrom(stream);
    assert.equal((await svc.getClass('Rx_Cold')).name, 'Rx_Cold');
  });

  it('cancels like CancelAsyncCall when unsubscribed in the same turn: nothing is written', async () => {
    const seen: TaggedSinkEvent[] = [];
    const monitor = engine.status$.subscribe((e) => seen.push(e));
    svc.putClass$(sampleClass('Rx_Unsub')).subscribe().unsubscribe();
    await sleep(50);
    monitor.unsubscribe();
    await assert.rejects(svc.getClass('Rx_Unsub'), { hresult: WBEM_E_NOT_FOUND });
    const finals = seen.filter((e) => e.event.kind === 'status');
    assert.equal(finals.length, 1);
    assert.equal(finals[0]?.event.kind === 'status' && finals[0].event.hResult >>> 0, 0x80041032);
  });
});

describe('engine.status$ and engine.events$', () => {
  it('tags every sink event with namespace, callId and operation', async () => {
    const seen: TaggedSinkEvent[] = [];
    const sub = engine.status$.subscribe((e) => seen.push(e));
    await lastValueFrom(svc.putClass$(sampleClass('Tagged'), WBEM_FLAG_SEND_STATUS));
    sub.unsubscribe();
    assert.deepEqual(
      seen.map((e) => [e.namespace, e.operation, e.event.kind]),
      [
        ['root', 'PutClass', 'progress'],
        ['root', 'PutClass', 'status'],
      ],
    );
    assert.equal(seen[0]?.callId, seen[1]?.callId);
  });

  it('B73/B74/B75: publishes creation and modification events, none for a failed put', async () => {
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    await svc.putClass(sampleClass('Evented'));
    await svc.putClass(sampleClass('Evented', 4));
    await assert.rejects(svc.putClass(sampleClass('Evented'), WBEM_FLAG_CREATE_ONLY));
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    assert.deepEqual(
      seen.map((e) => [e.eventClass, e.namespace, e.targetClass?.name]),
      [
        ['__ClassCreationEvent', 'root', 'Evented'],
        ['__ClassModificationEvent', 'root', 'Evented'],
      ],
    );
  });
});
