/**
 * `ExecQuery` / `ExecQueryAsync` / `execQuery$` through the real engine: data, schema and
 * association queries evaluated in the namespace's actor, phase-1 refusals, flags, rights, and
 * results streamed in slices without stalling the caller's thread.
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { lastValueFrom, toArray } from 'rxjs';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import type { CimObject } from '../../src/model/cim-value.js';
import { ace } from '../../src/security/security-descriptor.js';
import {
  WBEM_FLAG_ENSURE_LOCATABLE,
  WBEM_FLAG_FORWARD_ONLY,
  WBEM_FLAG_PROTOTYPE,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_USE_AMENDED_QUALIFIERS,
} from '../../src/wbem/flags.js';
import { WBEM_ENABLE } from '../../src/wbem/security.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_QUERY,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_E_NOT_SUPPORTED,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from '../security/helpers/admin-root.js';

const key = () => qualifier('Key', true);
const isHr = (hresult: number) => (e: unknown) => e instanceof WbemError && e.hresult === hresult;
const names = (objects: readonly CimObject[]) =>
  objects.map((o) => (o.genus === 1 ? o.name : o.className));
const value = (o: CimObject, p: string) =>
  (o as CimInstance).properties.get(p.toLowerCase())?.value;

let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine({
    hosts: 1,
    security: {
      rootDescriptor: adminOwnedRoot(ace('allow', 'Everyone', WBEM_ENABLE)),
    },
  });
  svc = await engine.connectServer('root');
  await svc.putClass(
    cimClass({
      name: 'Q_Element',
      qualifiers: [qualifier('Abstract', true)],
      properties: [cimProperty('Caption', 'string')],
    }),
  );
  await svc.putClass(
    cimClass({
      name: 'Q_Disk',
      superclass: 'Q_Element',
      properties: [
        cimProperty('DeviceID', 'string', { qualifiers: [key()] }),
        cimProperty('Size', 'uint32'),
        cimProperty('Label', 'string'),
      ],
    }),
  );
  await svc.putClass(
    cimClass({
      name: 'Q_RemovableDisk',
      superclass: 'Q_Disk',
      properties: [cimProperty('Media', 'string')],
    }),
  );
  await svc.putClass(
    cimClass({
      name: 'Q_Process',
      superclass: 'Q_Element',
      properties: [cimProperty('Handle', 'uint32', { qualifiers: [key()] })],
    }),
  );
  await svc.putClass(
    cimClass({
      name: 'Q_DiskProcess',
      qualifiers: [qualifier('Association', true)],
      properties: [
        cimProperty('Disk', 'ref', { referenceClass: 'Q_Disk', qualifiers: [key()] }),
        cimProperty('Process', 'ref', { referenceClass: 'Q_Process', qualifiers: [key()] }),
      ],
    }),
  );
  await svc.putInstance(cimInstance('Q_Disk', { DeviceID: 'C:', Size: 500, Label: 'System' }));
  await svc.putInstance(cimInstance('Q_Disk', { DeviceID: 'D:', Size: 40, Label: 'Data' }));
  await svc.putInstance(
    cimInstance('Q_RemovableDisk', { DeviceID: 'E:', Size: 8, Label: 'Stick', Media: 'USB' }),
  );
  await svc.putInstance(cimInstance('Q_Process', { Handle: 4 }));
  await svc.putInstance(
    cimInstance('Q_DiskProcess', { Disk: 'Q_Disk.DeviceID="C:"', Process: 'Q_Process.Handle=4' }),
  );
});
after(() => engine.shutdown());

describe('ExecQuery: data queries', () => {
  it('returns the instances of the class and its subclasses that match the WHERE clause', async () => {
    const found = await svc.execQuery("SELECT * FROM Q_Disk WHERE Size >= 8 AND Label LIKE 'S%'");
    assert.deepEqual(names(found).sort(), ['Q_Disk', 'Q_RemovableDisk']);
    assert.deepEqual(found.map((o) => value(o, 'DeviceID')).sort(), ['C:', 'E:']);
  });

  it('returns only the selected properties plus the keys, with __PATH and __RELPATH, when a list is selected', async () => {
    const [disk] = await svc.execQuery("SELECT Size FROM Q_Disk WHERE DeviceID = 'D:'");
    assert.ok(disk !== undefined && disk.genus === 2);
    assert.deepEqual([...disk.properties.keys()].sort(), ['deviceid', 'size']);
    assert.equal(disk.systemProperties?.__RELPATH, 'Q_Disk.DeviceID="D:"');
    assert.match(String(disk.systemProperties?.__PATH), /:Q_Disk\.DeviceID="D:"$/);
    assert.equal(disk.systemProperties?.__PROPERTY_COUNT, 2);
  });

  it('matches system properties and ISA', async () => {
    const found = await svc.execQuery(
      "SELECT * FROM Q_Element WHERE __CLASS = 'Q_Process' OR __THIS ISA 'Q_RemovableDisk'",
    );
    assert.deepEqual(names(found).sort(), ['Q_Process', 'Q_RemovableDisk']);
  });

  it('fails with WBEM_E_INVALID_CLASS when FROM names no class', async () => {
    await assert.rejects(svc.execQuery('SELECT * FROM Q_Nothing'), isHr(WBEM_E_INVALID_CLASS));
  });

  it('fails with WBEM_E_INVALID_QUERY when a property is not one of the class', async () => {
    await assert.rejects(
      svc.execQuery('SELECT * FROM Q_Disk WHERE Nope = 1'),
      isHr(WBEM_E_INVALID_QUERY),
    );
  });
});

describe('ExecQuery: schema and association queries', () => {
  it('returns the class and its descendants for __THIS ISA, as a deep class enumeration does', async () => {
    const found = await svc.execQuery("SELECT * FROM meta_class WHERE __THIS ISA 'Q_Element'");
    const enumerated = await svc.createClassEnum('Q_Element');
    assert.deepEqual(names(found).sort(), ['Q_Element', ...names(enumerated)].sort());
    const disk = found.find((c) => c.genus === 1 && c.name === 'Q_Disk');
    assert.deepEqual(
      disk,
      enumerated.find((c) => c.name === 'Q_Disk'),
    );
  });

  it('returns the direct subclasses for __SUPERCLASS', async () => {
    const found = await svc.execQuery("SELECT * FROM meta_class WHERE __SUPERCLASS = 'Q_Disk'");
    assert.deepEqual(names(found), ['Q_RemovableDisk']);
  });

  it('returns the associated instances for ASSOCIATORS OF an instance path', async () => {
    const found = await svc.execQuery(
      'ASSOCIATORS OF {Q_Disk.DeviceID="C:"} WHERE AssocClass = Q_DiskProcess',
    );
    assert.deepEqual(names(found), ['Q_Process']);
    const refs = await svc.execQuery('REFERENCES OF {Q_Process.Handle=4}');
    assert.deepEqual(names(refs), ['Q_DiskProcess']);
  });
});

describe('ExecQueryAsync: phase 1', () => {
  it('returns WBEM_E_INVALID_QUERY_TYPE and never calls the sink when the language is not WQL', async () => {
    const sink = new RecordingSink();
    assert.equal(
      svc.execQueryAsync('SQL', 'SELECT * FROM Q_Disk', 0, null, sink),
      WBEM_E_INVALID_QUERY_TYPE,
    );
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sink.calls.length, 0);
  });

  it('returns WBEM_E_INVALID_QUERY with the column when the syntax is wrong', () => {
    const sink = new RecordingSink();
    assert.equal(
      svc.execQueryAsync('WQL', 'SELECT * FORM Q_Disk', 0, null, sink),
      WBEM_E_INVALID_QUERY,
    );
    return assert.rejects(svc.execQuery('SELECT * FORM Q_Disk'), (e: unknown) => {
      return (
        e instanceof WbemError && e.hresult === WBEM_E_INVALID_QUERY && /column 10/.test(e.message)
      );
    });
  });

  it('returns WBEM_E_NOT_SUPPORTED, naming the construct, for one WQL does not have', async () => {
    await assert.rejects(svc.execQuery('DELETE FROM Q_Disk'), (e: unknown) => {
      return (
        e instanceof WbemError && e.hresult === WBEM_E_NOT_SUPPORTED && /DELETE/.test(e.message)
      );
    });
  });

  it('returns WBEM_E_INVALID_PARAMETER for a null query, a null sink or a flag the call does not take', () => {
    assert.equal(
      svc.execQueryAsync('WQL', null, 0, null, new RecordingSink()),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execQueryAsync('WQL', 'SELECT * FROM Q_Disk', 0, null, null),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execQueryAsync(
        'WQL',
        'SELECT * FROM Q_Disk',
        WBEM_FLAG_FORWARD_ONLY,
        null,
        new RecordingSink(),
      ),
      WBEM_E_INVALID_PARAMETER,
    );
    assert.equal(
      svc.execQueryAsync('WQL', 'SELECT * FROM Q_Disk', 0x40000000, null, new RecordingSink()),
      WBEM_E_INVALID_PARAMETER,
    );
  });

  it('delivers the results then WBEM_S_NO_ERROR when the query is accepted', async () => {
    const sink = new RecordingSink();
    assert.equal(
      svc.execQueryAsync('wql', 'SELECT * FROM Q_Process', WBEM_FLAG_ENSURE_LOCATABLE, null, sink),
      WBEM_S_NO_ERROR,
    );
    const final = await sink.done;
    assert.equal(final.hResult, WBEM_S_NO_ERROR);
    const objects = sink.calls.flatMap((c) => c.objects ?? []);
    assert.deepEqual(names(objects), ['Q_Process']);
    assert.notEqual(objects[0]?.systemProperties?.__PATH, null);
  });
});

describe('ExecQuery: flags', () => {
  it('returns the result class prototype when WBEM_FLAG_PROTOTYPE is set', async () => {
    const found = await svc.execQuery('SELECT Size FROM Q_Disk', WBEM_FLAG_PROTOTYPE);
    assert.equal(found.length, 1);
    const prototype = found[0];
    assert.ok(prototype !== undefined && prototype.genus === 1);
    assert.equal(prototype.name, 'Q_Disk');
    assert.deepEqual([...prototype.properties.keys()].sort(), ['deviceid', 'size']);
  });

  it('accepts WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY and USE_AMENDED_QUALIFIERS on the sync call', async () => {
    const flags =
      WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY | WBEM_FLAG_USE_AMENDED_QUALIFIERS;
    const found = await svc.execQuery("SELECT * FROM meta_class WHERE __CLASS = 'Q_Disk'", flags);
    assert.equal(found.length, 1);
    assert.equal((found[0] as { amended?: boolean }).amended, true);
  });
});

describe('ExecQuery: rights', () => {
  it('fails with WBEM_E_ACCESS_DENIED when the principal lacks WBEM_ENABLE', async () => {
    const root = await svc.getSecurityDescriptor();
    await svc.setSecurityDescriptor({
      ...root,
      aces: [...root.aces.filter((a) => !a.inherited), ace('deny', 'mallory', WBEM_ENABLE)],
    });
    const mallory = await engine.connectServer('root', { user: 'mallory' }).catch((e) => e);
    if (mallory instanceof WbemError) {
      assert.equal(mallory.hresult, WBEM_E_ACCESS_DENIED);
      return;
    }
    await assert.rejects(mallory.execQuery('SELECT * FROM Q_Disk'), isHr(WBEM_E_ACCESS_DENIED));
  });
});

describe('execQuery$', () => {
  it('emits one value per result and completes', async () => {
    const found = await lastValueFrom(svc.execQuery$('SELECT * FROM Q_Disk').pipe(toArray()));
    assert.equal(found.length, 3);
  });

  it('errors with the phase-1 WbemError when the query does not parse', async () => {
    await assert.rejects(lastValueFrom(svc.execQuery$('SELECT')), isHr(WBEM_E_INVALID_QUERY));
  });
});

describe('ExecQueryAsync: large results', () => {
  const COUNT = 12_000;

  before(async () => {
    await svc.putClass(
      cimClass({
        name: 'Q_Many',
        properties: [
          cimProperty('Id', 'uint32', { qualifiers: [key()] }),
          cimProperty('Name', 'string'),
        ],
      }),
    );
    // Within the mailbox bound: batches of 2,000 puts.
    for (let from = 0; from < COUNT; from += 2_000) {
      const puts: Promise<string>[] = [];
      for (let i = from; i < from + 2_000; i++) {
        puts.push(svc.putInstance(cimInstance('Q_Many', { Id: i, Name: `item ${i}` })));
      }
      await Promise.all(puts);
    }
  });

  interface Measured {
    readonly results: number;
    readonly indicates: number;
    readonly hResult: number;
    /** Event-loop delay p99 while the query ran, ms. */
    readonly p99: number;
    readonly ms: number;
  }

  /** Runs the query on a counting sink (keeping 12k results would make GC the subject). */
  async function measuredQuery(): Promise<Measured> {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    let results = 0;
    let indicates = 0;
    const start = performance.now();
    histogram.enable();
    const hResult = await new Promise<number>((resolve) => {
      const accepted = svc.execQueryAsync('WQL', 'SELECT * FROM Q_Many', 0, null, {
        indicate(objects) {
          results += objects.length;
          indicates += 1;
        },
        setStatus(flags, hr) {
          if (flags === 0) resolve(hr);
        },
      });
      assert.equal(accepted, WBEM_S_NO_ERROR);
    });
    histogram.disable();
    const p99 = histogram.percentile(99) / 1e6;
    return { results, indicates, hResult, p99, ms: performance.now() - start };
  }

  /** The loop delay p99 (ms) of this thread doing nothing for `ms`: the machine's own noise. */
  async function idleP99(ms: number): Promise<number> {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, ms));
    histogram.disable();
    return histogram.percentile(99) / 1e6;
  }

  it('streams the results in many slices, adding under 10 ms to the main thread loop delay p99', async () => {
    // The first query pays for JIT and for collecting the load's garbage. The machine is shared:
    // each query is paired with the idle loop's own delay over as long, measured right after it,
    // and the quietest of up to five pairs is judged (the first under the bound ends the
    // search). A neighbour taking the core comes and goes between pairs; a stall of the engine's
    // own is in every one of them.
    await measuredQuery();
    const pairs: { readonly run: Measured; readonly noise: number }[] = [];
    const excess = (p: { readonly run: Measured; readonly noise: number }): number =>
      p.run.p99 - p.noise;
    while (pairs.length < 5 && !pairs.some((p) => excess(p) < 10)) {
      const run = await measuredQuery();
      pairs.push({ run, noise: await idleP99(Math.max(50, run.ms)) });
    }
    for (const { run } of pairs) {
      assert.equal(run.hResult, WBEM_S_NO_ERROR);
      assert.equal(run.results, COUNT);
      assert.ok(run.indicates >= COUNT / 256, `${run.indicates} Indicate calls`);
    }
    const best = pairs.reduce((a, b) => (excess(b) < excess(a) ? b : a));
    assert.ok(
      excess(best) < 10,
      `event-loop delay p99 ${best.run.p99.toFixed(1)} ms during the query, ${best.noise.toFixed(1)} ms idle (best of ${pairs.length})`,
    );
  });

  it('ends with WBEM_E_CALL_CANCELLED and stops when CancelAsyncCall arrives mid-stream', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.execQueryAsync('WQL', 'SELECT * FROM Q_Many', 0, null, sink), WBEM_S_NO_ERROR);
    while (sink.calls.length === 0) await new Promise((r) => setImmediate(r));
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    const final = await sink.done;
    assert.equal(final.hResult, WBEM_E_CALL_CANCELLED);
    const received = sink.calls.reduce((n, c) => n + (c.objects?.length ?? 0), 0);
    assert.ok(received < COUNT, `${received} results before the cancel took effect`);
    // The actor is free again: a later query runs.
    assert.equal((await svc.execQuery('SELECT * FROM Q_Many WHERE Id = 7')).length, 1);
  });
});
