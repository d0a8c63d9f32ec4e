/**
 * Hostile and malformed arguments through the public API: every one gets a defined HRESULT in
 * phase 1 (or on the sink, where WMI reports it), never a throw, a crash, `WBEM_E_FAILED`, or
 * work proportional to a huge input on the main thread.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main.js';
import {
  type CimClass,
  type CimProperty,
  cimClass,
  cimInstance,
  cimMethod,
  cimProperty,
  qualifier,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_TOO_MANY_PROPERTIES,
  WBEM_S_NO_ERROR,
  WbemEngine,
  WbemError,
  type WbemServices,
} from '../../src/index.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  svc = await engine.connectServer('root');
});

after(async () => {
  await engine.shutdown();
});

/** A properties Map that counts how often it is iterated (encoding it iterates it). */
class CountingMap extends Map<string, CimProperty> {
  iterations = 0;
  override [Symbol.iterator](): MapIterator<[string, CimProperty]> {
    this.iterations += 1;
    return super[Symbol.iterator]();
  }
  override entries(): MapIterator<[string, CimProperty]> {
    this.iterations += 1;
    return super.entries();
  }
  override values(): MapIterator<CimProperty> {
    this.iterations += 1;
    return super.values();
  }
  override keys(): MapIterator<string> {
    this.iterations += 1;
    return super.keys();
  }
  override forEach(
    callback: (value: CimProperty, key: string, map: Map<string, CimProperty>) => void,
  ): void {
    this.iterations += 1;
    super.forEach(callback);
  }
}

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    has() {
      throw new Error('trap');
    },
  },
);

describe('PutClassAsync argument checks', () => {
  const nonObjects: [string, unknown][] = [
    ['a number', 42],
    ['a string', 'Acme_Disk'],
    ['a boolean', true],
    ['a bigint', 1n],
    ['a symbol', Symbol('class')],
    ['a function', () => {}],
    ['an array', [cimClass({ name: 'Acme_InArray' })]],
    ['undefined', undefined],
  ];
  for (const [desc, value] of nonObjects) {
    it(`fails with WBEM_E_INVALID_PARAMETER in phase 1 when the class is ${desc}`, async () => {
      const sink = new RecordingSink();
      const hr = svc.putClassAsync(value as CimClass, 0, null, sink);
      assert.equal(hr, WBEM_E_INVALID_PARAMETER);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(sink.calls.length, 0, 'the sink is never called after a phase-1 refusal');
    });
  }

  it('fails with WBEM_E_INVALID_PARAMETER, not a throw, when the sink getters throw', () => {
    const getters = {
      get indicate(): never {
        throw new Error('getter');
      },
      get setStatus(): never {
        throw new Error('getter');
      },
    };
    for (const sink of [throwing, getters]) {
      const hr = svc.putClassAsync(cimClass({ name: 'Acme_Sinkless' }), 0, null, sink as never);
      assert.equal(hr, WBEM_E_INVALID_PARAMETER);
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER in phase 1 when the class getters throw', () => {
    const sink = new RecordingSink();
    assert.equal(svc.putClassAsync(throwing as CimClass, 0, null, sink), WBEM_E_INVALID_PARAMETER);
    const getter = {
      ...cimClass({ name: 'Acme_Getter' }),
      get properties(): never {
        throw new Error('getter');
      },
    };
    assert.equal(svc.putClassAsync(getter as CimClass, 0, null, sink), WBEM_E_INVALID_PARAMETER);
  });

  it('ends with WBEM_E_TOO_MANY_PROPERTIES without encoding the class when it has 1e5 properties', async () => {
    // A hundred times the limit: the map counts every iteration, so an encoding is seen at any
    // size past the limit, and building a larger map only costs the test time.
    const properties = new CountingMap();
    for (let i = 0; i < 100_000; i++) {
      const p = cimProperty(`P${i}`, 'uint32');
      properties.set(p.name.toLowerCase(), p);
    }
    const cls: CimClass = { ...cimClass({ name: 'Acme_Huge' }), properties };
    const sink = new RecordingSink();
    const started = performance.now();
    const hr = svc.putClassAsync(cls, 0, null, sink);
    const returned = performance.now() - started;
    assert.equal(hr, WBEM_S_NO_ERROR, 'the limit is reported on the sink, its WMI channel');
    const status = await sink.done;
    assert.equal(status.method, 'setStatus');
    assert.equal(status.method === 'setStatus' ? status.hResult : 0, WBEM_E_TOO_MANY_PROPERTIES);
    assert.equal(properties.iterations, 0, 'the class was never iterated (encoded)');
    // A loose bound: encoding the class would take seconds; a loaded machine can take over 100 ms.
    assert.ok(returned < 1000, `putClassAsync took ${returned.toFixed(1)} ms`);
    await assert.rejects(svc.getClass('Acme_Huge'));
  });

  it('answers a class over the property limit itself, after the call returns, without sending it', async () => {
    // One property holds a value the wire cannot carry (a function): had the class been sent,
    // the call would end with WBEM_E_INVALID_OBJECT ("cannot be sent to the namespace's host").
    const properties = Array.from({ length: 1025 }, (_, i) => cimProperty(`P${i}`, 'uint32'));
    properties[0] = { ...cimProperty('P0', 'uint32'), value: (() => 0) as never };
    const sink = new RecordingSink();
    assert.equal(
      svc.putClassAsync(cimClass({ name: 'Acme_OverLimit', properties }), 0, null, sink),
      WBEM_S_NO_ERROR,
    );
    assert.equal(sink.calls.length, 0, 'the sink hears of it only after the call returned');
    const status = await sink.done;
    assert.equal(status.method === 'setStatus' ? status.hResult : 0, WBEM_E_TOO_MANY_PROPERTIES);
    assert.equal(sink.calls.length, 1, 'one final status, nothing else');
    const object = status.method === 'setStatus' ? status.object : null;
    assert.match(
      String(object?.properties.get('description')?.value),
      /the class has 1025 properties \(limit 1024\)/,
    );
  });

  it('accepts exactly 1,024 properties past phase 1', async () => {
    const properties = Array.from({ length: 1024 }, (_, i) => cimProperty(`P${i}`, 'uint32'));
    await svc.putClass(cimClass({ name: 'Acme_AtLimit', properties }));
    assert.equal((await svc.getClass('Acme_AtLimit')).properties.size, 1024);
  });
});

describe('SetSD argument checks', () => {
  it('rejects with WBEM_E_INVALID_PARAMETER, not WBEM_E_FAILED, when the descriptor getters throw', async () => {
    await assert.rejects(svc.setSecurityDescriptor(throwing as never), (error: unknown) => {
      assert.ok(error instanceof WbemError);
      assert.equal(error.hresult, WBEM_E_INVALID_PARAMETER);
      return true;
    });
  });
});

describe('model builders', () => {
  it('return a value, never throw, when given values their types do not allow', () => {
    const odd: unknown[] = [{}, null, undefined, 42, Symbol('x'), [], 'no-such-type'];
    for (const value of odd) {
      assert.doesNotThrow(() => cimProperty('A', value as never));
      assert.doesNotThrow(() => cimProperty('A', 'string', value as never));
      assert.doesNotThrow(() => cimMethod('M', value as never, value as never));
      assert.doesNotThrow(() => qualifier('Q', 1, value as never));
      assert.doesNotThrow(() => cimClass(value as never));
      assert.doesNotThrow(() => cimClass({ name: 'A', properties: value as never }));
      assert.doesNotThrow(() => cimClass({ name: 'A', properties: [value as never] }));
      assert.doesNotThrow(() => cimInstance('A', value as never));
    }
  });

  it('give a class the put refuses with an HRESULT when a property type is not a type', async () => {
    const cls = cimClass({ name: 'Acme_OddType', properties: [cimProperty('A', {} as never)] });
    await assert.rejects(svc.putClass(cls), (error: unknown) => {
      assert.ok(error instanceof WbemError, String(error));
      assert.notEqual(error.hresult, 0x80041001, 'not WBEM_E_FAILED');
      return true;
    });
  });
});

describe('engine start on a data directory that cannot exist', () => {
  it('fails with WBEM_E_INITIALIZATION_FAILURE at once when the path is under /proc', async () => {
    const started = performance.now();
    await assert.rejects(
      WbemEngine.start({ storage: { path: '/proc/nope/wbemrx' }, hosts: 1 }),
      (error: unknown) =>
        error instanceof WbemError && error.hresult === WBEM_E_INITIALIZATION_FAILURE,
    );
    assert.ok(performance.now() - started < 1000);
  });

  it('makes `wbemrx enum-classes -d /proc/nope` exit 1 with WBEM_E_INITIALIZATION_FAILURE', async () => {
    let err = '';
    const io = {
      out: () => {},
      err: (text: string) => (err += text),
      errIsTty: false,
      errColumns: 80,
    };
    const code = await runCli(
      ['enum-classes', '-d', '/proc/nope'],
      io,
      new AbortController().signal,
    );
    assert.equal(code, 1);
    assert.match(err, /^WBEM_E_INITIALIZATION_FAILURE: .*\/proc\/nope/);
  });
});
