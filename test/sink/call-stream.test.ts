import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Observable, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { cimClass } from '../../src/model/cim-builders.js';
import type { CimObject } from '../../src/model/cim-value.js';
import { completeOnStatus, objectsOf, sinkEvents } from '../../src/sink/call-stream.js';
import type { IWbemObjectSink, SinkEvent } from '../../src/sink/object-sink.js';
import { WBEM_STATUS_COMPLETE, WBEM_STATUS_PROGRESS } from '../../src/wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const A = cimClass({ name: 'A' });
const B = cimClass({ name: 'B' });
const events: Record<string, SinkEvent> = {
  p: { kind: 'progress', flags: WBEM_STATUS_PROGRESS, hResult: 0, param: 'accepted' },
  i: { kind: 'indicate', objects: [A, B] },
  s: {
    kind: 'status',
    flags: WBEM_STATUS_COMPLETE,
    hResult: WBEM_S_NO_ERROR,
    param: null,
    object: null,
  },
  f: {
    kind: 'status',
    flags: WBEM_STATUS_COMPLETE,
    hResult: WBEM_E_ALREADY_EXISTS,
    param: null,
    object: null,
  },
};

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

describe('completeOnStatus', () => {
  it('passes events through, emits the successful final status, then completes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-p-i-s-p', events).pipe(completeOnStatus())).toBe('-p-i-(s|)', events);
    });
  });

  it('errors with WbemError WBEM_E_ALREADY_EXISTS (not a value) when the final status fails', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-p-f', events).pipe(completeOnStatus())).toBe(
        '-p-#',
        events,
        new WbemError(WBEM_E_ALREADY_EXISTS),
      );
    });
  });

  it('unsubscribes from the source at the final status', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-i-s-i-s', events);
      expectObservable(source.pipe(completeOnStatus())).toBe('-i-(s|)', events);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});

describe('objectsOf', () => {
  it('emits one value per indicated object and completes with the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const objects: Record<string, CimObject> = { a: A, b: B };
      expectObservable(cold('-p-i---s|', events).pipe(objectsOf())).toBe('---(ab)-|', objects);
    });
  });
});

describe('sinkEvents (cold; unsubscribing cancels)', () => {
  function fakeCall(): {
    start: (sink: IWbemObjectSink) => WbemError | undefined;
    sinks: IWbemObjectSink[];
    cancelled: IWbemObjectSink[];
  } {
    const sinks: IWbemObjectSink[] = [];
    const cancelled: IWbemObjectSink[] = [];
    return {
      sinks,
      cancelled,
      start: (sink) => {
        sinks.push(sink);
        return undefined;
      },
    };
  }

  it('starts one call per subscription and none before it', () => {
    const call = fakeCall();
    const stream = sinkEvents(call.start, (s) => call.cancelled.push(s));
    assert.equal(call.sinks.length, 0);
    stream.subscribe().unsubscribe();
    stream.subscribe().unsubscribe();
    assert.equal(call.sinks.length, 2);
  });

  it('cancels the call when unsubscribed before the final status, and not after it', () => {
    const call = fakeCall();
    const stream = sinkEvents(call.start, (s) => call.cancelled.push(s));
    const early: Subscription = stream.subscribe();
    early.unsubscribe();
    assert.deepEqual(call.cancelled, [call.sinks[0]]);
    const seen: SinkEvent[] = [];
    const late = stream.subscribe((e) => seen.push(e));
    call.sinks[1]?.setStatus(WBEM_STATUS_COMPLETE, 0, null, null);
    late.unsubscribe();
    assert.equal(call.cancelled.length, 1);
    assert.equal(seen.at(-1)?.kind, 'status');
  });

  it('errors at once with the phase-1 WbemError WBEM_E_INVALID_PARAMETER and never cancels', () => {
    const cancelled: unknown[] = [];
    const stream = sinkEvents(
      () => new WbemError(WBEM_E_INVALID_PARAMETER),
      (s) => cancelled.push(s),
    );
    let error: unknown;
    stream.subscribe({ error: (e: unknown) => (error = e) });
    assert.ok(error instanceof WbemError && error.hresult === WBEM_E_INVALID_PARAMETER);
    assert.equal(cancelled.length, 0);
    assert.ok(stream instanceof Observable);
  });
});
