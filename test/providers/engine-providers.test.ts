/**
 * Class providers wired into the engine (spec §2.2, §6.2, behaviour 67): PutClass/DeleteClass of
 * a provider-backed class go to the owning provider on the namespace's host, inside the actor's
 * turn, with a time limit; a provider's failure commits nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_OWNER_UPDATE,
  WBEM_FLAG_SHALLOW,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
} from '../../src/wbem/flags.js';
import { WBEM_ENABLE, WBEM_FULL_WRITE_REP, WBEM_WRITE_PROVIDER } from '../../src/wbem/security.js';
import {
  hresultName,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PROVIDER_REGISTRATION,
  WBEM_E_NOT_FOUND,
  WBEM_E_PROVIDER_ALREADY_REGISTERED,
  WBEM_E_PROVIDER_NOT_REGISTERED,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, startEngine } from '../runtime/helpers/engine-fixture.js';

const fixture = (name: string): string =>
  new URL(`../fixtures/providers/${name}.js`, import.meta.url).href;
const RECORDING = new URL('./fixtures/recording-provider.js', import.meta.url).href;
/** The recording provider imports `make-class.js` from the shared fixtures folder. */
const RECORDING_GRANT = {
  fsRead: [fileURLToPath(new URL('../fixtures/providers/', import.meta.url))],
};

const isHr = (hresult: number) => (e: unknown) => e instanceof WbemError && e.hresult === hresult;
const hrOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
    return 'WBEM_S_NO_ERROR';
  } catch (error) {
    return error instanceof WbemError ? hresultName(error.hresult) : String(error);
  }
};

const plain = (name: string, extra: Partial<Parameters<typeof cimClass>[0]> = {}): CimClass =>
  cimClass({ name, ...extra });

const dirs: string[] = [];
let engine: WbemEngine;
let svc: WbemServices;

before(async () => {
  engine = await startEngine({
    hosts: 1,
    providerTimeoutMs: 2_000,
    security: {
      rootDescriptor: {
        owner: 'Administrators',
        aces: [
          ace('allow', 'Administrators', WBEM_ALL_RIGHTS),
          ace('allow', 'static_writer', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
          ace('allow', 'provider_writer', WBEM_ENABLE | WBEM_WRITE_PROVIDER),
        ],
      },
    },
  });
  await engine.createNamespace('root', 'prov');
  svc = await engine.connectServer('root/prov');
  await svc.registerProvider({
    name: 'Recorder',
    module: RECORDING,
    classes: ['Rec_A', 'Rec_B', 'LastCall', 'Shared'],
    permissions: RECORDING_GRANT,
  });
  await svc.registerProvider({
    name: 'ReadOnly',
    module: fixture('read-only-provider'),
    classes: ['Ro_Class', 'Pushed', 'Shared'],
  });
  await svc.registerProvider({
    name: 'Thrower',
    module: fixture('throwing-provider'),
    classes: ['WbemErr', 'Number', 'Plain', 'Text'],
  });
});
after(async () => {
  await engine.shutdown();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Whether the repository holds the class (a provider's answer has no system properties). */
async function stored(on: WbemServices, name: string): Promise<boolean> {
  try {
    return (await on.getClass(name)).systemProperties !== undefined;
  } catch {
    return false;
  }
}

/** What the recording provider last saw (its `LastCall` class's qualifiers). */
interface LastCall {
  readonly Kind?: unknown;
  readonly Target?: unknown;
  readonly Flags?: unknown;
  readonly Marker?: unknown;
  readonly Namespace?: unknown;
  readonly Principal?: unknown;
}

async function lastCall(): Promise<LastCall> {
  const cls = await svc.getClass('LastCall');
  return Object.fromEntries([...cls.qualifiers.values()].map((q) => [q.name, q.value]));
}

describe('PutClass on a provider-backed class', () => {
  it('calls the provider with the flags, context and caller, then commits', async () => {
    await svc.putClass(plain('Rec_A'), WBEM_FLAG_CREATE_ONLY, { Marker: 'put-a' });
    const seen = await lastCall();
    assert.equal(seen.Kind, 'put');
    assert.equal(seen.Target, 'Rec_A');
    assert.equal(seen.Flags, WBEM_FLAG_CREATE_ONLY);
    assert.equal(seen.Marker, 'put-a');
    assert.equal(seen.Namespace, 'root/prov');
    assert.equal(seen.Principal, 'SYSTEM');
    assert.equal((await svc.getClass('Rec_A')).name, 'Rec_A');
  });

  it('fails with the provider HRESULT through the sink and commits nothing when it vetoes', async () => {
    const sink = new RecordingSink();
    const events: string[] = [];
    const sub = engine.events$.subscribe((e) => events.push(e.eventClass));
    const rc = svc.putClassAsync(plain('Rec_B'), 0, { Veto: true }, sink);
    assert.equal(rc, WBEM_S_NO_ERROR);
    assert.equal(hresultName((await sink.done).hResult ?? 0), 'WBEM_E_INVALID_OPERATION');
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    assert.deepEqual(events, []);
    await assert.rejects(svc.getClass('Rec_B'), isHr(WBEM_E_NOT_FOUND));
  });

  it('fails with WBEM_E_PROVIDER_NOT_CAPABLE when the owner does not support PutClass', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.putClassAsync(plain('Ro_Class'), 0, null, sink), WBEM_S_NO_ERROR);
    assert.equal(hresultName((await sink.done).hResult ?? 0), 'WBEM_E_PROVIDER_NOT_CAPABLE');
    assert.equal(await stored(svc, 'Ro_Class'), false);
  });

  const THROWN: readonly (readonly [string, string])[] = [
    ['WbemErr', 'WBEM_E_INVALID_OPERATION'],
    ['Number', 'WBEM_E_ACCESS_DENIED'],
    ['Plain', 'WBEM_E_PROVIDER_FAILURE'],
    ['Text', 'WBEM_E_PROVIDER_FAILURE'],
  ];
  for (const [name, expected] of THROWN) {
    it(`fails with ${expected} when the provider throws (${name}) and commits nothing`, async () => {
      assert.equal(await hrOf(svc.putClass(plain(name))), expected);
      assert.equal(await stored(svc, name), false);
    });
  }

  it('needs WBEM_WRITE_PROVIDER, not WBEM_FULL_WRITE_REP, for a provider-backed class', async () => {
    const staticWriter = await engine.connectServer('root/prov', { user: 'static_writer' });
    const providerWriter = await engine.connectServer('root/prov', { user: 'provider_writer' });
    await assert.rejects(staticWriter.putClass(plain('Rec_A')), isHr(WBEM_E_ACCESS_DENIED));
    await providerWriter.putClass(plain('Rec_A'), WBEM_FLAG_UPDATE_ONLY);
    assert.equal((await lastCall()).Principal, 'provider_writer');
    await assert.rejects(providerWriter.putClass(plain('Not_Served')), isHr(WBEM_E_ACCESS_DENIED));
  });

  it('B67: a force-mode update of a provider-backed class succeeds through the provider', async () => {
    const sink = new RecordingSink();
    const updated = plain('Rec_A', { qualifiers: [qualifier('Description', 'forced')] });
    const flags = WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE;
    assert.equal(svc.putClassAsync(updated, flags, null, sink), WBEM_S_NO_ERROR);
    assert.equal((await sink.done).hResult, WBEM_S_NO_ERROR);
    const seen = await lastCall();
    assert.equal(seen.Kind, 'put');
    assert.equal(seen.Flags, flags);
    const stored = await svc.getClass('Rec_A');
    assert.equal(stored.qualifiers.get('description')?.value, 'forced');
  });
});

describe('WBEM_FLAG_OWNER_UPDATE (push providers)', () => {
  it('stores the class without calling the provider back', async () => {
    assert.equal(await hrOf(svc.putClass(plain('Pushed'))), 'WBEM_E_PROVIDER_NOT_CAPABLE');
    await svc.putClass(plain('Pushed'), WBEM_FLAG_OWNER_UPDATE);
    assert.equal((await svc.getClass('Pushed')).name, 'Pushed');
  });

  it('fails with WBEM_E_ACCESS_DENIED without WBEM_WRITE_PROVIDER (the class stays dynamic)', async () => {
    const staticWriter = await engine.connectServer('root/prov', { user: 'static_writer' });
    await assert.rejects(
      staticWriter.putClass(plain('Pushed'), WBEM_FLAG_OWNER_UPDATE),
      isHr(WBEM_E_ACCESS_DENIED),
    );
    const providerWriter = await engine.connectServer('root/prov', { user: 'provider_writer' });
    await providerWriter.putClass(plain('Pushed'), WBEM_FLAG_OWNER_UPDATE);
  });
});

describe('several providers for one class', () => {
  it('writes go to the earliest registration only (WBEM_E_PROVIDER_NOT_CAPABLE if it cannot put)', async () => {
    // 'Shared' is listed by Recorder (first) and ReadOnly: Recorder owns it.
    await svc.putClass(plain('Shared'), 0, { Marker: 'shared' });
    assert.equal((await lastCall()).Marker, 'shared');
  });

  it('a Provider("name") qualifier picks the owner among the registrations that list the class', async () => {
    const named = plain('Shared', { qualifiers: [qualifier('Provider', 'ReadOnly')] });
    assert.equal(await hrOf(svc.putClass(named)), 'WBEM_E_PROVIDER_NOT_CAPABLE');
  });
});

describe('DeleteClass on a provider-backed class', () => {
  it('asks the provider first; a veto keeps the class', async () => {
    await svc.putClass(plain('Rec_B'));
    assert.equal(
      await hrOf(svc.deleteClass('Rec_B', 0, { Veto: true })),
      'WBEM_E_INVALID_OPERATION',
    );
    assert.equal((await svc.getClass('Rec_B')).name, 'Rec_B');
  });

  it('drops the class from the registrations once deleted (it becomes static)', async () => {
    await svc.deleteClass('Rec_B', 0, { Marker: 'del' });
    const seen = await lastCall();
    assert.deepEqual([seen.Kind, seen.Target, seen.Marker], ['delete', 'Rec_B', 'del']);
    const staticWriter = await engine.connectServer('root/prov', { user: 'static_writer' });
    await staticWriter.putClass(plain('Rec_B'));
    assert.equal((await lastCall()).Target, 'Rec_B');
    assert.equal(
      (await lastCall()).Kind,
      'delete',
      'the provider was not called for the static put',
    );
  });
});

describe('reads served by providers', () => {
  it('GetObject asks the owner for a class the repository does not hold', async () => {
    const echo = await svc.getObject('LastCall');
    assert.equal((echo as CimClass).name, 'LastCall');
    assert.equal(await stored(svc, 'LastCall'), false);
    // Served by ReadOnly (supportsGet), which answers for any class it lists.
    assert.equal((await svc.getClass('Ro_Class')).qualifiers.get('served')?.value, true);
    // The Recorder answers null for its other classes.
    await svc.registerProvider({
      name: 'Nulls',
      module: RECORDING,
      classes: ['Null_Class'],
      permissions: RECORDING_GRANT,
    });
    await assert.rejects(svc.getClass('Null_Class'), isHr(WBEM_E_NOT_FOUND));
    await assert.rejects(svc.getClass('Nobody_Serves'), isHr(WBEM_E_NOT_FOUND));
  });

  it('EnumerateClassNames fails with WBEM_E_PROVIDER_FAILURE when a provider lists something that is not a class', async () => {
    assert.equal(await hrOf(svc.enumerateClassNames(null)), 'WBEM_E_PROVIDER_FAILURE');
  });

  it('CreateClassEnum fails with WBEM_E_PROVIDER_FAILURE when a provider lists something that is not a class', async () => {
    assert.equal(await hrOf(svc.createClassEnum(null)), 'WBEM_E_PROVIDER_FAILURE');
    await svc.unregisterProvider('Thrower');
  });

  it('CreateClassEnum adds the classes of enumerating providers after the repository', async () => {
    const names = (await svc.createClassEnum(null)).map((c) => c.name);
    assert.ok(names.includes('Listed_By_Provider'));
    assert.ok(names.indexOf('Rec_A') < names.indexOf('Listed_By_Provider'));
  });

  it('EnumerateClassNames lists the names CreateClassEnum lists, the classes of providers included', async () => {
    const names = await svc.enumerateClassNames(null);
    assert.deepEqual(
      names,
      (await svc.createClassEnum(null)).map((c) => c.name),
    );
    assert.ok(names.includes('Listed_By_Provider'));
    assert.deepEqual(
      await svc.enumerateClassNames(null, WBEM_FLAG_SHALLOW),
      (await svc.createClassEnum(null, WBEM_FLAG_SHALLOW)).map((c) => c.name),
    );
  });
});

describe('provider registration', () => {
  it('fails with WBEM_E_ACCESS_DENIED without WBEM_FULL_WRITE_REP', async () => {
    const providerWriter = await engine.connectServer('root/prov', { user: 'provider_writer' });
    await assert.rejects(
      providerWriter.registerProvider({ name: 'X', module: RECORDING, classes: ['X'] }),
      isHr(WBEM_E_ACCESS_DENIED),
    );
    await assert.rejects(providerWriter.unregisterProvider('Recorder'), isHr(WBEM_E_ACCESS_DENIED));
  });

  it('fails with the registration HRESULTs for bad, duplicate and unknown registrations', async () => {
    await assert.rejects(
      svc.registerProvider({ name: 'Rel', module: './relative.js', classes: ['X'] }),
      isHr(WBEM_E_INVALID_PROVIDER_REGISTRATION),
    );
    await assert.rejects(
      svc.registerProvider({ name: 'Other', module: RECORDING, classes: ['X'], namespace: 'root' }),
      isHr(WBEM_E_INVALID_PROVIDER_REGISTRATION),
    );
    await assert.rejects(
      svc.registerProvider({ name: 'recorder', module: RECORDING, classes: ['X'] }),
      isHr(WBEM_E_PROVIDER_ALREADY_REGISTERED),
    );
    await assert.rejects(svc.unregisterProvider('Nobody'), isHr(WBEM_E_PROVIDER_NOT_REGISTERED));
  });

  it('an unregistered provider is no longer called', async () => {
    await svc.registerProvider({
      name: 'Temp',
      module: fixture('read-only-provider'),
      classes: ['Temp_Class'],
    });
    assert.equal(await hrOf(svc.putClass(plain('Temp_Class'))), 'WBEM_E_PROVIDER_NOT_CAPABLE');
    await svc.unregisterProvider('Temp');
    await svc.putClass(plain('Temp_Class'));
  });
});

describe('a provider that hangs', () => {
  it('fails with WBEM_E_PROVIDER_TIMED_OUT at the time limit; the host keeps serving', async () => {
    const hangs = await startEngine({ hosts: 1, providerTimeoutMs: 1000 });
    try {
      await hangs.createNamespace('root', 'slow');
      const slow = await hangs.connectServer('root/slow');
      await slow.registerProvider({
        name: 'Hang',
        module: fixture('hanging-provider'),
        classes: ['Sync', 'Async'],
      });
      const root = await hangs.connectServer('root');
      for (const name of ['Sync', 'Async']) {
        let ended = false;
        const hung = hrOf(slow.putClass(plain(name))).finally(() => {
          ended = true;
        });
        // Another namespace of the same host thread answers while the provider spins: before
        // the hung call ends at the time limit, however long the machine takes to serve it.
        await root.putClass(plain(`During_${name}`));
        assert.equal(ended, false, 'root was served during the hang');
        assert.equal(await hung, 'WBEM_E_PROVIDER_TIMED_OUT');
        assert.equal(await stored(slow, name), false);
      }
      await slow.putClass(plain('After_Hang'));
      assert.equal((await slow.getClass('After_Hang')).name, 'After_Hang');
    } finally {
      await hangs.shutdown();
    }
  });
});

describe('providers from the engine options and across a restart', () => {
  it('applies option providers and refuses to unregister them (WBEM_E_INVALID_OPERATION)', async () => {
    const withOptions = await startEngine({
      hosts: 1,
      providers: [
        {
          name: 'Opt',
          module: fixture('read-only-provider'),
          namespace: 'root',
          classes: ['Opt_Class'],
        },
      ],
    });
    try {
      const root = await withOptions.connectServer('root');
      assert.equal(await hrOf(root.putClass(plain('Opt_Class'))), 'WBEM_E_PROVIDER_NOT_CAPABLE');
      await assert.rejects(root.unregisterProvider('Opt'), isHr(WBEM_E_INVALID_OPERATION));
    } finally {
      await withOptions.shutdown();
    }
    await assert.rejects(
      WbemEngine.start({ storage: 'memory', providers: [{ name: 'Bad' } as never] }),
      isHr(WBEM_E_INVALID_PROVIDER_REGISTRATION),
    );
  });

  it('keeps registrations made through registerProvider after a restart (durable storage)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-prov-'));
    dirs.push(dir);
    const first = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
    try {
      await first.createNamespace('root', 'kept');
      const kept = await first.connectServer('root/kept');
      await kept.registerProvider({
        name: 'Kept',
        module: fixture('read-only-provider'),
        classes: ['Kept_Class'],
      });
    } finally {
      await first.shutdown();
    }
    const second = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
    try {
      const kept = await second.connectServer('root/kept');
      assert.equal(await hrOf(kept.putClass(plain('Kept_Class'))), 'WBEM_E_PROVIDER_NOT_CAPABLE');
      await kept.unregisterProvider('Kept');
      await kept.putClass(plain('Kept_Class'));
    } finally {
      await second.shutdown();
    }
  });
});
