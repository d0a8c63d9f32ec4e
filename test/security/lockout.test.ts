/**
 * A descriptor that denies everyone `WBEM_ENABLE` must stay repairable (issue 11, item 3): the
 * owner of the descriptor and the process principal keep `READ_CONTROL | WRITE_DAC` as Windows
 * gives an owner, and reach the descriptor calls without `WBEM_ENABLE`; every other call stays
 * refused (B96). The embedding process can also put a namespace back to its default
 * (`engine.resetSecurityDescriptor`), which survives a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass } from '../../src/model/cim-builders.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { WBEM_E_ACCESS_DENIED, WBEM_E_INVALID_NAMESPACE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from './helpers/admin-root.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const isHr = (hresult: number) => (e: unknown) => e instanceof WbemError && e.hresult === hresult;

/** Denies everyone WBEM_ENABLE on the connection's namespace, keeping `owner`. */
const LOCKOUT = (owner?: string) => ({
  ...(owner === undefined ? {} : { owner }),
  aces: [ace('deny', 'Everyone', WBEM_ENABLE), ace('allow', 'Administrators', WBEM_ALL_RIGHTS)],
});

async function stillLocked(svc: WbemServices): Promise<void> {
  await assert.rejects(svc.createClassEnum(null), isHr(WBEM_E_ACCESS_DENIED));
}

describe('setSecurityDescriptor that denies everyone WBEM_ENABLE', () => {
  it('leaves the owning group able to read and repair the descriptor', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      await (await engine.connectServer('root')).setSecurityDescriptor(LOCKOUT('Administrators'));
      const system = await engine.connectServer('root');
      await stillLocked(system);
      const sd = await system.getSecurityDescriptor();
      assert.ok(sd.aces.some((e) => e.type === 'deny' && e.trustee === 'Everyone'));
      await system.setSecurityDescriptor(adminOwnedRoot());
      await system.createClassEnum(null);
    } finally {
      await engine.shutdown();
    }
  });

  it('leaves a named owner who is an ordinary user able to repair it', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      await (await engine.connectServer('root')).setSecurityDescriptor(LOCKOUT('alice'));
      const alice = await engine.connectServer('root', { user: 'alice' });
      await stillLocked(alice);
      await alice.setSecurityDescriptor({
        owner: 'alice',
        aces: [ace('allow', 'alice', WBEM_ENABLE | WBEM_FULL_WRITE_REP)],
      });
      await alice.putClass(cimClass({ name: 'Alice_Repaired' }));
    } finally {
      await engine.shutdown();
    }
  });

  it('leaves the process principal able to repair a descriptor that names no owner and denies everything', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      const system = await engine.connectServer('root');
      await system.setSecurityDescriptor({ aces: [ace('deny', 'Everyone', WBEM_ALL_RIGHTS)] });
      const again = await engine.connectServer('root');
      await stillLocked(again);
      await again.setSecurityDescriptor(adminOwnedRoot());
      await again.createClassEnum(null);
    } finally {
      await engine.shutdown();
    }
  });

  it('fails with WBEM_E_ACCESS_DENIED at connectServer for a principal who owns nothing', async () => {
    const engine = await startEngine({
      hosts: 1,
      security: { rootDescriptor: adminOwnedRoot(ace('allow', 'bob', WBEM_ENABLE | READ_CONTROL)) },
    });
    try {
      await (await engine.connectServer('root')).setSecurityDescriptor(
        adminOwnedRoot(ace('deny', 'bob', WBEM_ENABLE), ace('allow', 'bob', READ_CONTROL)),
      );
      await assert.rejects(
        engine.connectServer('root', { user: 'bob' }),
        isHr(WBEM_E_ACCESS_DENIED),
      );
    } finally {
      await engine.shutdown();
    }
  });

  it('keeps the owner when a caller with WRITE_DAC replaces the entries without naming one', async () => {
    const engine = await startEngine({
      hosts: 1,
      security: { rootDescriptor: adminOwnedRoot(ace('allow', 'dac', WBEM_ENABLE | WRITE_DAC)) },
    });
    try {
      await engine.createNamespace('root', 'owned');
      await (await engine.connectServer('root/owned')).setSecurityDescriptor({
        owner: 'alice',
        aces: [],
      });
      const dac = await engine.connectServer('root/owned', { user: 'dac' });
      await dac.setSecurityDescriptor({ aces: [ace('deny', 'alice', WBEM_ALL_RIGHTS)] });
      const alice = await engine.connectServer('root/owned', { user: 'alice' });
      assert.equal((await alice.getSecurityDescriptor()).owner, 'alice');
      await alice.setSecurityDescriptor({ aces: [] });
    } finally {
      await engine.shutdown();
    }
  });

  it('fails with WBEM_E_ACCESS_DENIED when a caller with WRITE_DAC who is not the owner names a new owner', async () => {
    const engine = await startEngine({
      hosts: 1,
      security: { rootDescriptor: adminOwnedRoot(ace('allow', 'dac', WBEM_ENABLE | WRITE_DAC)) },
    });
    try {
      const dac = await engine.connectServer('root', { user: 'dac' });
      await assert.rejects(
        dac.setSecurityDescriptor({ owner: 'dac', aces: [ace('allow', 'dac', WBEM_ALL_RIGHTS)] }),
        isHr(WBEM_E_ACCESS_DENIED),
      );
      const sd = await (await engine.connectServer('root')).getSecurityDescriptor();
      assert.equal(sd.owner, 'Administrators');
      assert.ok(!sd.aces.some((e) => e.trustee === 'dac' && e.mask === WBEM_ALL_RIGHTS));
    } finally {
      await engine.shutdown();
    }
  });
});

describe('WbemEngine.resetSecurityDescriptor', () => {
  it('repairs a lockout that survives a restart and overrides the security option, and the repair survives too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-lockout-'));
    dirs.push(dir);
    const options = {
      storage: { path: dir },
      hosts: 1,
      security: {
        rootDescriptor: adminOwnedRoot(ace('allow', 'ops', WBEM_ENABLE | WBEM_FULL_WRITE_REP)),
      },
    };
    const first = await WbemEngine.start(options);
    try {
      await (await first.connectServer('root')).setSecurityDescriptor(LOCKOUT('alice'));
    } finally {
      await first.shutdown();
    }
    const second = await WbemEngine.start(options);
    try {
      await assert.rejects(
        second.connectServer('root', { user: 'ops' }),
        isHr(WBEM_E_ACCESS_DENIED),
      );
      // The owner and the process principal still reach the descriptor, but nothing else.
      const alice = await second.connectServer('root', { user: 'alice' });
      await stillLocked(alice);
      assert.equal((await alice.getSecurityDescriptor()).owner, 'alice');
      const system = await second.connectServer('root');
      await stillLocked(system);
      assert.equal((await system.getSecurityDescriptor()).owner, 'alice');
      await second.resetSecurityDescriptor('ROOT');
      const ops = await second.connectServer('root', { user: 'ops' });
      await ops.putClass(cimClass({ name: 'Ops_After_Reset' }));
    } finally {
      await second.shutdown();
    }
    const third = await WbemEngine.start(options);
    try {
      const ops = await third.connectServer('root', { user: 'ops' });
      await ops.getClass('Ops_After_Reset');
      assert.equal(
        (await (await third.connectServer('root')).getSecurityDescriptor()).owner,
        'Administrators',
      );
    } finally {
      await third.shutdown();
    }
  });

  it('makes a child namespace inherit again', async () => {
    const engine = await startEngine({ hosts: 2 });
    try {
      await engine.createNamespace('root', 'locked');
      await (await engine.connectServer('root/locked')).setSecurityDescriptor(LOCKOUT('nobody'));
      await stillLocked(await engine.connectServer('root/locked'));
      await engine.resetSecurityDescriptor('root\\locked');
      const svc = await engine.connectServer('root/locked', { user: 'someone' });
      await svc.createClassEnum(null);
      const sd = await (await engine.connectServer('root/locked')).getSecurityDescriptor();
      assert.ok(sd.aces.every((e) => e.inherited === true));
    } finally {
      await engine.shutdown();
    }
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when the namespace does not exist', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      await assert.rejects(
        engine.resetSecurityDescriptor('root/absent'),
        isHr(WBEM_E_INVALID_NAMESPACE),
      );
    } finally {
      await engine.shutdown();
    }
  });
});
