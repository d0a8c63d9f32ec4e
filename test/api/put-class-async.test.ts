import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimInstance } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import type { WireEncoding } from '../../src/runtime/protocol.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_OWNER_UPDATE,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WBEM_FLAG_USE_AMENDED_QUALIFIERS,
  WBEM_STATUS_COMPLETE,
  WBEM_STATUS_PROGRESS,
} from '../../src/wbem/flags.js';
import {
  E_FAIL,
  hresultName,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_FAILED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink, sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
let svc: WbemServices;
let seq = 0;
const fresh = (): CimClass => sampleClass(`Sink_${++seq}`);

before(async () => {
  engine = await startEngine();
  svc = await engine.connectServer('root');
});
after(() => engine.shutdown());

/** Runs one accepted call and returns its sink after the final status. */
async function accepted(
  cls: CimClass,
  flags: number,
  sink = new RecordingSink(),
): Promise<RecordingSink> {
  assert.equal(svc.putClassAsync(cls, flags, null, sink), WBEM_S_NO_ERROR);
  await sink.done;
  await new Promise((r) => setTimeout(r, 20)); // room for any (forbidden) late callback
  return sink;
}

describe('PutClassAsync: phase 1 (synchronous HRESULT, sink never called)', () => {
  const cases: readonly { desc: string; cls: () => unknown; flags: number; sink: boolean }[] = [
    {
      desc: 'B1: fails with WBEM_E_INVALID_PARAMETER when the class is null',
      cls: () => null,
      flags: 0,
      sink: true,
    },
    {
      desc: 'B2: fails with WBEM_E_INVALID_PARAMETER when the sink is null',
      cls: fresh,
      flags: 0,
      sink: false,
    },
    {
      desc: 'B3: fails with WBEM_E_INVALID_PARAMETER when UPDATE_ONLY|CREATE_ONLY',
      cls: fresh,
      flags: WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY,
      sink: true,
    },
    {
      desc: 'B4: fails with WBEM_E_INVALID_PARAMETER when SAFE|FORCE',
      cls: fresh,
      flags: WBEM_FLAG_UPDATE_SAFE_MODE | WBEM_FLAG_UPDATE_FORCE_MODE,
      sink: true,
    },
    {
      desc: 'B5: fails with WBEM_E_INVALID_PARAMETER when WBEM_FLAG_RETURN_IMMEDIATELY',
      cls: fresh,
      flags: WBEM_FLAG_RETURN_IMMEDIATELY,
      sink: true,
    },
    {
      desc: 'B6: fails with WBEM_E_INVALID_PARAMETER when an undefined bit (0x8) is set',
      cls: fresh,
      flags: 0x8,
      sink: true,
    },
  ];
  for (const c of cases) {
    it(c.desc, async () => {
      const sink = new RecordingSink();
      const hr = svc.putClassAsync(c.cls() as CimClass, c.flags, null, c.sink ? sink : null);
      assert.equal(hresultName(hr), 'WBEM_E_INVALID_PARAMETER');
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(sink.calls.length, 0);
    });
  }

  it('B1 before B3: a null class wins over bad flags (evaluation order sink → object → flags)', () => {
    assert.equal(svc.putClassAsync(null, 0x3, null, null), WBEM_E_INVALID_PARAMETER);
  });

  it('B10: a sink object that is not a sink is refused with WBEM_E_INVALID_PARAMETER', () => {
    const notSink = { indicate: 1 } as unknown as RecordingSink;
    assert.equal(svc.putClassAsync(fresh(), 0, null, notSink), WBEM_E_INVALID_PARAMETER);
  });
});

describe('PutClassAsync: the sink contract', () => {
  it('B8: succeeds with WBEM_S_NO_ERROR on the sink when WBEM_FLAG_OWNER_UPDATE is set (bit ignored)', async () => {
    const sink = await accepted(fresh(), WBEM_FLAG_OWNER_UPDATE);
    assert.equal(sink.finals[0]?.hResult, WBEM_S_NO_ERROR);
  });

  it('B9: succeeds when CREATE_ONLY|SEND_STATUS|USE_AMENDED_QUALIFIERS', async () => {
    const sink = await accepted(
      fresh(),
      WBEM_FLAG_CREATE_ONLY | WBEM_FLAG_SEND_STATUS | WBEM_FLAG_USE_AMENDED_QUALIFIERS,
    );
    assert.equal(sink.finals[0]?.hResult, WBEM_S_NO_ERROR);
  });

  it('B12/B17: reports one SetStatus(0, S_OK, null, null) and no Indicate when a new class is put', async () => {
    const sink = await accepted(fresh(), 0);
    assert.deepEqual(
      sink.calls.map((c) => [c.method, c.flags, c.hResult, c.param, c.object]),
      [['setStatus', WBEM_STATUS_COMPLETE, WBEM_S_NO_ERROR, null, null]],
    );
  });

  it('B13: makes exactly one SetStatus call without SEND_STATUS, for failure as for success', async () => {
    const cls = fresh();
    await accepted(cls, 0);
    const sink = await accepted(cls, WBEM_FLAG_CREATE_ONLY);
    assert.equal(sink.calls.length, 1);
    assert.equal(hresultName(sink.calls[0]?.hResult ?? 0), 'WBEM_E_ALREADY_EXISTS');
  });

  it('B14: sends progress reports (at least one) before the single final status when SEND_STATUS is set', async () => {
    const sink = await accepted(fresh(), WBEM_FLAG_SEND_STATUS);
    const flags = sink.calls.map((c) => c.flags);
    assert.ok(flags.length >= 2, 'a progress report then the final status');
    assert.deepEqual(
      flags.slice(0, -1).every((f) => f === WBEM_STATUS_PROGRESS),
      true,
    );
    assert.equal(flags.at(-1), WBEM_STATUS_COMPLETE);
    assert.equal(sink.finals.length, 1);
  });

  it('B15: never calls the sink inside putClassAsync, never overlaps, never calls after the final status', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.putClassAsync(fresh(), WBEM_FLAG_SEND_STATUS, null, sink), WBEM_S_NO_ERROR);
    assert.equal(sink.calls.length, 0, 'nothing delivered synchronously');
    await sink.done;
    const count = sink.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sink.calls.length, count);
    assert.ok(sink.calls.every((c) => !c.overlapped));
  });

  const refusals: readonly { desc: string; answer: number | Error }[] = [
    { desc: 'returns E_FAIL', answer: E_FAIL },
    { desc: 'returns WBEM_E_FAILED', answer: WBEM_E_FAILED },
    { desc: 'throws', answer: new Error('sink broke') },
  ];
  for (const r of refusals) {
    it(`B16: ends with WBEM_E_CALL_CANCELLED when the progress SetStatus ${r.desc}`, async () => {
      const sink = await accepted(
        fresh(),
        WBEM_FLAG_SEND_STATUS,
        new RecordingSink({ progress: r.answer }),
      );
      assert.equal(sink.finals.length, 1);
      assert.equal(sink.finals[0]?.hResult, WBEM_E_CALL_CANCELLED);
      assert.equal(sink.calls.at(-1)?.flags, WBEM_STATUS_COMPLETE);
    });
  }

  it('B19: fails with WBEM_E_ALREADY_EXISTS carrying an __ExtendedStatus whose StatusCode is the hResult', async () => {
    const cls = fresh();
    await accepted(cls, 0);
    const sink = await accepted(cls, WBEM_FLAG_CREATE_ONLY);
    const final = sink.finals[0];
    assert.equal(final?.hResult, WBEM_E_ALREADY_EXISTS);
    const status = final?.object;
    assert.ok(status !== null && status !== undefined && status.genus === 2);
    assert.equal(status.className, '__ExtendedStatus');
    assert.equal(status.properties.get('statuscode')?.value, WBEM_E_ALREADY_EXISTS);
    assert.equal(status.properties.get('operation')?.value, 'PutClass');
    assert.equal(typeof status.properties.get('description')?.value, 'string');
  });

  it('B22: fails with WBEM_E_NOT_FOUND on the sink when UPDATE_ONLY and the class is absent', async () => {
    const sink = await accepted(fresh(), WBEM_FLAG_UPDATE_ONLY);
    assert.equal(sink.finals[0]?.hResult, WBEM_E_NOT_FOUND);
  });

  it('B33: fails through the sink (not synchronously) when an instance is passed as the class', async () => {
    const sink = await accepted(cimInstance('Foo') as unknown as CimClass, 0);
    assert.equal(hresultName(sink.finals[0]?.hResult ?? 0), 'WBEM_E_INVALID_CLASS');
  });

  const unmarshallable: readonly { encoding: WireEncoding; what: string; cls: () => unknown }[] = [
    { encoding: 'clone', what: 'a function', cls: () => ({ genus: 1, name: 'Fn', f: () => 1 }) },
    { encoding: 'clone', what: 'a symbol', cls: () => ({ genus: 1, name: 'Sym', s: Symbol('x') }) },
    {
      encoding: 'msgpack',
      what: 'a cycle',
      cls: () => {
        const cyclic: Record<string, unknown> = { genus: 1, name: 'Cyclic' };
        cyclic['self'] = cyclic;
        return cyclic;
      },
    },
    {
      encoding: 'msgpack',
      what: 'a BigInt beyond 64 bits',
      cls: () => ({ genus: 1, name: 'Big', v: 2n ** 200n }),
    },
  ];
  for (const u of unmarshallable) {
    it(`fails with WBEM_E_INVALID_OBJECT on the sink when the class holds ${u.what} (${u.encoding} wire)`, async () => {
      const other = await startEngine({ hosts: 1, encoding: u.encoding });
      try {
        const root = await other.connectServer('root');
        const sink = new RecordingSink();
        assert.equal(root.putClassAsync(u.cls() as CimClass, 0, null, sink), WBEM_S_NO_ERROR);
        assert.equal(hresultName((await sink.done).hResult ?? 0), 'WBEM_E_INVALID_OBJECT');
        assert.equal(sink.finals.length, 1);
        const next = new RecordingSink();
        root.putClassAsync(fresh(), 0, null, next);
        assert.equal((await next.done).hResult, WBEM_S_NO_ERROR, 'the engine still serves');
      } finally {
        await other.shutdown();
      }
    });
  }

  it('fails with a defined HRESULT (never a crash) when the class is garbage', async () => {
    // Non-objects (42, 'Foo', []) are refused in phase 1 as null is: test/api/argument-hardening.
    for (const junk of [{ genus: 1 }, { genus: 1, name: 'X', qualifiers: 5 }, {}]) {
      const sink = await accepted(junk as unknown as CimClass, 0);
      assert.equal(sink.finals.length, 1);
      assert.ok(
        sink.finals[0]?.hResult !== undefined && sink.finals[0].hResult >= 0x80000000,
        `junk ${JSON.stringify(junk)}`,
      );
    }
  });
});
