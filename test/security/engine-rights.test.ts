/**
 * The rights matrix of spec §8.2/§6.4 on a real engine: every right against every class (and
 * instance) operation, in the phase the spec puts each check (§2.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { ace } from '../../src/security/security-descriptor.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import {
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_WRITE_PROVIDER,
} from '../../src/wbem/security.js';
import { hresultName, WBEM_E_ACCESS_DENIED, WBEM_S_NO_ERROR } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { RecordingSink, startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from './helpers/admin-root.js';

let serial = 0;
const unique = (prefix: string): string => `${prefix}_${++serial}`;

function staticClass(name: string): CimClass {
  return cimClass({
    name,
    properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
  });
}

function dynamicClass(name: string): CimClass {
  return cimClass({
    name,
    qualifiers: [qualifier('Dynamic', true)],
    properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })],
  });
}

const INSTANCE_CLASS = 'Sec_Thing';

/** One class operation: `setup` runs as the administrator, `run` as the principal under test. */
interface Operation {
  readonly name: string;
  /** Rights any one of which grants the operation (beyond WBEM_ENABLE); empty: ENABLE suffices. */
  readonly anyOf: readonly number[];
  readonly setup?: (admin: WbemServices) => Promise<string>;
  readonly run: (svc: WbemServices, arg: string, sink: RecordingSink) => number;
}

const OPERATIONS: readonly Operation[] = [
  {
    name: 'PutClass of a static class',
    anyOf: [WBEM_FULL_WRITE_REP],
    run: (svc, _arg, sink) =>
      svc.putClassAsync(staticClass(unique('Sec_New')), WBEM_FLAG_CREATE_ONLY, null, sink),
  },
  {
    name: 'PutClass of a dynamic class',
    anyOf: [WBEM_WRITE_PROVIDER],
    run: (svc, _arg, sink) =>
      svc.putClassAsync(dynamicClass(unique('Sec_Dyn')), WBEM_FLAG_CREATE_ONLY, null, sink),
  },
  {
    name: 'DeleteClass of a static class',
    anyOf: [WBEM_FULL_WRITE_REP],
    setup: async (admin) => {
      const name = unique('Sec_Del');
      await admin.putClass(staticClass(name));
      return name;
    },
    run: (svc, name, sink) => svc.deleteClassAsync(name, 0, null, sink),
  },
  {
    name: 'DeleteClass of a dynamic class',
    anyOf: [WBEM_WRITE_PROVIDER],
    setup: async (admin) => {
      const name = unique('Sec_DelDyn');
      await admin.putClass(dynamicClass(name));
      return name;
    },
    run: (svc, name, sink) => svc.deleteClassAsync(name, 0, null, sink),
  },
  {
    name: 'GetObject of a class',
    anyOf: [],
    run: (svc, _arg, sink) => svc.getObjectAsync(INSTANCE_CLASS, 0, null, sink),
  },
  {
    name: 'CreateClassEnum',
    anyOf: [],
    run: (svc, _arg, sink) => svc.createClassEnumAsync(null, 0, null, sink),
  },
  {
    name: 'PutInstance of a static class',
    anyOf: [WBEM_FULL_WRITE_REP, WBEM_PARTIAL_WRITE_REP],
    run: (svc, _arg, sink) =>
      svc.putInstanceAsync(cimInstance(INSTANCE_CLASS, { Id: unique('i') }), 0, null, sink),
  },
  {
    name: 'DeleteInstance of a static class',
    anyOf: [WBEM_FULL_WRITE_REP, WBEM_PARTIAL_WRITE_REP],
    setup: async (admin) => admin.putInstance(cimInstance(INSTANCE_CLASS, { Id: unique('d') })),
    run: (svc, path, sink) => svc.deleteInstanceAsync(path, 0, null, sink),
  },
];

/** Principals and what they hold on `root` (all with WBEM_ENABLE). */
const HOLDERS: readonly (readonly [string, number, string])[] = [
  ['enable_only', 0, 'WBEM_ENABLE only'],
  ['partial', WBEM_PARTIAL_WRITE_REP, 'WBEM_ENABLE|WBEM_PARTIAL_WRITE_REP'],
  ['full', WBEM_FULL_WRITE_REP, 'WBEM_ENABLE|WBEM_FULL_WRITE_REP'],
  ['provider', WBEM_WRITE_PROVIDER, 'WBEM_ENABLE|WBEM_WRITE_PROVIDER'],
  [
    'writer',
    WBEM_FULL_WRITE_REP | WBEM_PARTIAL_WRITE_REP | WBEM_WRITE_PROVIDER,
    'every write right',
  ],
];

const BEHAVIOUR: Readonly<Record<string, string>> = {
  'enable_only:PutClass of a static class': 'B97: ',
  'partial:PutClass of a static class': 'B98: ',
  'full:PutClass of a static class': 'B99: ',
};

let engine: WbemEngine;
let admin: WbemServices;

before(async () => {
  engine = await startEngine({
    hosts: 1,
    security: {
      rootDescriptor: adminOwnedRoot(
        ...HOLDERS.map(([user, mask]) => ace('allow', user, WBEM_ENABLE | mask)),
        ace('allow', 'revoked', WBEM_ENABLE | WBEM_REMOTE_ACCESS | WBEM_FULL_WRITE_REP),
        ace('allow', 'local_only', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
      ),
    },
  });
  admin = await engine.connectServer('root');
  await admin.putClass(staticClass(INSTANCE_CLASS));
});
after(() => engine.shutdown());

describe('class and instance operations: phase-2 rights (through the sink)', () => {
  for (const [user, mask, held] of HOLDERS) {
    for (const op of OPERATIONS) {
      const granted = op.anyOf.length === 0 || op.anyOf.some((right) => (mask & right) !== 0);
      const prefix = BEHAVIOUR[`${user}:${op.name}`] ?? '';
      const title = granted
        ? `${prefix}${op.name} succeeds when the caller holds ${held}`
        : `${prefix}${op.name} fails with WBEM_E_ACCESS_DENIED through the sink when the caller holds ${held}`;
      it(title, async () => {
        const arg = op.setup === undefined ? '' : await op.setup(admin);
        const svc = await engine.connectServer('root', { user });
        const sink = new RecordingSink();
        assert.equal(op.run(svc, arg, sink), WBEM_S_NO_ERROR, 'accepted in phase 1');
        const final = await sink.done;
        assert.equal(
          hresultName(final.hResult ?? 0),
          granted ? 'WBEM_S_NO_ERROR' : 'WBEM_E_ACCESS_DENIED',
        );
        assert.equal(sink.finals.length, 1);
      });
    }
  }

  it('PutQualifier fails with WBEM_E_ACCESS_DENIED without WBEM_FULL_WRITE_REP', async () => {
    const decl = { name: 'SecQual', type: 8, scopes: ['class'], flavor: 0, value: null };
    const partial = await engine.connectServer('root', { user: 'partial' });
    await assert.rejects(
      partial.putQualifierDeclaration(decl as never),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED,
    );
  });

  it('a denied write commits nothing and raises no event', async () => {
    const name = unique('Sec_Nothing');
    const events: string[] = [];
    const sub = engine.events$.subscribe((e) => events.push(e.eventClass));
    const svc = await engine.connectServer('root', { user: 'partial' });
    await assert.rejects(svc.putClass(staticClass(name)), (e: unknown) => e instanceof WbemError);
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    assert.deepEqual(events, []);
    await assert.rejects(admin.getClass(name), (e: unknown) => e instanceof WbemError);
  });
});

describe('phase-1 rights (the synchronous HRESULT; the sink is never called)', () => {
  it('B96: connectServer fails with WBEM_E_ACCESS_DENIED when the caller lacks WBEM_ENABLE', async () => {
    await assert.rejects(
      engine.connectServer('root', { user: 'stranger' }),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED,
    );
  });

  it('B100: connectServer fails with WBEM_E_ACCESS_DENIED when a remote caller lacks WBEM_REMOTE_ACCESS', async () => {
    await assert.rejects(
      engine.connectServer('root', { user: 'local_only', remote: true }),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED,
    );
    assert.equal((await engine.connectServer('root', { user: 'local_only' })).remote, false);
  });

  describe('after the rights are revoked from an open connection', () => {
    let local: WbemServices;
    let remote: WbemServices;
    before(async () => {
      await engine.createNamespace('root', 'revoke');
      const setup = await engine.connectServer('root/revoke');
      await setup.putClass(staticClass(INSTANCE_CLASS));
      local = await engine.connectServer('root/revoke', { user: 'revoked' });
      remote = await engine.connectServer('root/revoke', { user: 'revoked', remote: true });
    });

    const revoke = async (mask: number): Promise<void> => {
      const owner = await engine.connectServer('root/revoke');
      await owner.setSecurityDescriptor({ aces: [ace('deny', 'revoked', mask)] });
    };

    for (const op of OPERATIONS) {
      it(`B96: ${op.name} returns WBEM_E_ACCESS_DENIED and never calls the sink without WBEM_ENABLE`, async () => {
        await revoke(WBEM_ENABLE);
        const sink = new RecordingSink();
        assert.equal(hresultName(op.run(local, 'Sec_Thing', sink)), 'WBEM_E_ACCESS_DENIED');
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(sink.calls.length, 0);
      });

      it(`B100: ${op.name} returns WBEM_E_ACCESS_DENIED for a remote caller without WBEM_REMOTE_ACCESS`, async () => {
        await revoke(WBEM_REMOTE_ACCESS);
        const sink = new RecordingSink();
        assert.equal(hresultName(op.run(remote, 'Sec_Thing', sink)), 'WBEM_E_ACCESS_DENIED');
        const localSink = new RecordingSink();
        assert.equal(
          op.run(local, 'Sec_Thing', localSink),
          WBEM_S_NO_ERROR,
          'a local caller is not affected',
        );
        await localSink.done;
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(sink.calls.length, 0);
      });
    }

    it('B96: the promise forms reject with WBEM_E_ACCESS_DENIED without WBEM_ENABLE', async () => {
      await revoke(WBEM_ENABLE);
      for (const attempt of [
        () => local.putClass(staticClass(unique('Sec_P'))),
        () => local.getClass(INSTANCE_CLASS),
        () => local.createClassEnum(null),
        () => local.deleteClass(INSTANCE_CLASS),
      ]) {
        await assert.rejects(
          attempt(),
          (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED,
        );
      }
    });
  });
});
