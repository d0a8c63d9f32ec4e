import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { from, throwError } from 'rxjs';
import { cimClass, cimInstance } from '../../src/model/cim-builders.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import { completeOnStatus, objectsOf, sinkEvents } from '../../src/sink/call-stream.js';
import { EngineStreams } from '../../src/sink/engine-streams.js';
import { eventSink } from '../../src/sink/event-sink.js';
import { isObjectSink, type SinkEvent } from '../../src/sink/object-sink.js';
import { statusError } from '../../src/sink/status-error.js';
import { WBEM_STATUS_COMPLETE, WBEM_STATUS_PROGRESS } from '../../src/wbem/flags.js';
import { WBEM_E_FAILED, WBEM_E_NOT_FOUND } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const A = cimClass({ name: 'A' });

describe('isObjectSink', () => {
  it('accepts an object with both indicate and setStatus functions', () => {
    assert.equal(isObjectSink({ indicate() {}, setStatus() {} }), true);
  });

  it('refuses null, primitives and functions', () => {
    assert.equal(isObjectSink(null), false);
    assert.equal(isObjectSink(undefined), false);
    assert.equal(isObjectSink('sink'), false);
    assert.equal(isObjectSink(42), false);
    const fn = Object.assign(() => undefined, { indicate() {}, setStatus() {} });
    assert.equal(isObjectSink(fn), false);
  });

  it('refuses an object missing either method, or with one that is not a function', () => {
    assert.equal(isObjectSink({}), false);
    assert.equal(isObjectSink({ indicate() {} }), false);
    assert.equal(isObjectSink({ setStatus() {} }), false);
    assert.equal(isObjectSink({ indicate: 'x', setStatus() {} }), false);
    assert.equal(isObjectSink({ indicate() {}, setStatus: 1 }), false);
  });

  it('refuses an object whose getter or Proxy trap throws, without throwing', () => {
    const getter = {
      get indicate(): never {
        throw new Error('no');
      },
      setStatus() {},
    };
    assert.equal(isObjectSink(getter), false);
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
      },
    );
    assert.equal(isObjectSink(proxy), false);
  });
});

describe('statusError', () => {
  it('carries the HRESULT and the Description of an __ExtendedStatus instance as its message', () => {
    const status = cimInstance('__ExtendedStatus', { Description: 'class Foo not found' });
    const error = statusError(WBEM_E_NOT_FOUND, status);
    assert.ok(error instanceof WbemError);
    assert.equal(error.hresult, WBEM_E_NOT_FOUND);
    assert.equal(error.detail, 'class Foo not found');
    assert.equal(error.message, 'WBEM_E_NOT_FOUND: class Foo not found');
  });

  it('has only the HRESULT name as message without an object, for a class, or for a Description that is not a string', () => {
    for (const object of [
      null,
      cimClass({ name: '__ExtendedStatus' }),
      cimInstance('__ExtendedStatus', { Description: 7 }),
      cimInstance('__ExtendedStatus', {}),
    ]) {
      const error = statusError(WBEM_E_FAILED, object);
      assert.equal(error.hresult, WBEM_E_FAILED);
      assert.equal(error.detail, undefined);
      assert.equal(error.message, 'WBEM_E_FAILED');
    }
  });
});

describe('eventSink', () => {
  it('turns indicate into an indicate event, a progress status into progress, any other into the final status', () => {
    const seen: SinkEvent[] = [];
    const sink = eventSink((e) => seen.push(e));
    sink.indicate([A]);
    sink.setStatus(WBEM_STATUS_PROGRESS, 0, 'half', null);
    sink.setStatus(WBEM_STATUS_COMPLETE, WBEM_E_FAILED, 'done', A);
    assert.deepEqual(seen, [
      { kind: 'indicate', objects: [A] },
      { kind: 'progress', flags: WBEM_STATUS_PROGRESS, hResult: 0, param: 'half' },
      {
        kind: 'status',
        flags: WBEM_STATUS_COMPLETE,
        hResult: WBEM_E_FAILED,
        param: 'done',
        object: A,
      },
    ]);
  });
});

describe('call streams', () => {
  it('sinkEvents emits the indicate and progress events and completes only after the final status', () => {
    const seen: string[] = [];
    sinkEvents(
      (sink) => {
        sink.indicate([A]);
        seen.push('indicated');
        sink.setStatus(WBEM_STATUS_PROGRESS, 0, null, null);
        seen.push('progressed');
        sink.setStatus(WBEM_STATUS_COMPLETE, 0, null, null);
        return undefined;
      },
      () => seen.push('cancelled'),
    ).subscribe({ next: (e) => seen.push(e.kind), complete: () => seen.push('complete') });
    assert.deepEqual(seen, [
      'indicate',
      'indicated',
      'progress',
      'progressed',
      'status',
      'complete',
    ]);
  });

  it('completeOnStatus and objectsOf pass on an error of their source', () => {
    const refusal = new WbemError(WBEM_E_NOT_FOUND, { message: 'no such class' });
    for (const operator of [completeOnStatus(), objectsOf()]) {
      let failed: unknown;
      throwError(() => refusal)
        .pipe(operator as never)
        .subscribe({ error: (e: unknown) => (failed = e) });
      assert.equal(failed, refusal);
    }
  });

  it('completeOnStatus completes when its source completes without a final status', () => {
    let completed = false;
    const seen: string[] = [];
    from<SinkEvent[]>([{ kind: 'indicate', objects: [A] }])
      .pipe(completeOnStatus())
      .subscribe({ next: (e) => seen.push(e.kind), complete: () => (completed = true) });
    assert.deepEqual(seen, ['indicate']);
    assert.equal(completed, true);
  });
});

describe('EngineStreams', () => {
  it('is monitored only while someone listens to status$, and hands it what is published', () => {
    const streams = new EngineStreams({ queueLimit: 10, slowCallbackMs: 1_000, maxShare: 0.5 });
    assert.equal(streams.monitored, false);
    const seen: unknown[] = [];
    const subscription = streams.status$.subscribe((e) => seen.push(e));
    assert.equal(streams.monitored, true);
    const event = { kind: 'progress', flags: WBEM_STATUS_PROGRESS, hResult: 0, param: null };
    streams.publishStatus(event as never);
    assert.deepEqual(seen, [event]);
    subscription.unsubscribe();
    assert.equal(streams.monitored, false);
  });

  it('finishPublishing publishes the queued bursts and runs what waits behind them, now', () => {
    const streams = new EngineStreams({ queueLimit: 10, slowCallbackMs: 1_000, maxShare: 0.5 });
    const seen: string[] = [];
    streams.events$.subscribe((e) => seen.push(e.timeCreated));
    const burst = Array.from(
      { length: 3 },
      (_, n): WbemEvent => ({
        eventClass: '__ClassCreationEvent',
        namespace: 'root',
        timeCreated: String(n + 1),
      }),
    );
    streams.publishEvents(burst, () => seen.push('then'));
    streams.publishEvents([], () => seen.push('then-empty'));
    streams.finishPublishing();
    assert.deepEqual(seen, ['1', '2', '3', 'then', 'then-empty']);
  });
});
