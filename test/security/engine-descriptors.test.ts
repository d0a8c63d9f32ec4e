/**
 * Namespace security descriptors on a real engine: GetSD/SetSD rights, inheritance to child
 * namespaces, the engine's policy option, and persistence across a restart (spec §8.3).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import { cimClass } from '../../src/model/cim-builders.js';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { WBEM_E_ACCESS_DENIED, WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from './helpers/admin-root.js';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const isHr = (hresult: number) => (e: unknown) => e instanceof WbemError && e.hresult === hresult;

describe('getSecurityDescriptor / setSecurityDescriptor', () => {
  it('returns the A11 default descriptor of root to the process principal', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      const sd = await (await engine.connectServer('root')).getSecurityDescriptor();
      assert.equal(sd.owner, 'Administrators');
      const masks = Object.fromEntries(sd.aces.map((e) => [e.trustee, e.mask]));
      assert.deepEqual(masks, {
        Administrators: WBEM_ALL_RIGHTS,
        'Authenticated Users': DEFAULT_USER_RIGHTS,
        Everyone: DEFAULT_USER_RIGHTS,
      });
    } finally {
      await engine.shutdown();
    }
  });

  it('fails with WBEM_E_ACCESS_DENIED without READ_CONTROL or WRITE_DAC, and works with them', async () => {
    const engine = await startEngine({
      hosts: 1,
      security: {
        rootDescriptor: adminOwnedRoot(
          ace('allow', 'plain', WBEM_ENABLE),
          ace('allow', 'reader', WBEM_ENABLE | READ_CONTROL),
          ace('allow', 'dac', WBEM_ENABLE | WRITE_DAC),
        ),
      },
    });
    try {
      const plain = await engine.connectServer('root', { user: 'plain' });
      const reader = await engine.connectServer('root', { user: 'reader' });
      const dac = await engine.connectServer('root', { user: 'dac' });
      await assert.rejects(plain.getSecurityDescriptor(), isHr(WBEM_E_ACCESS_DENIED));
      await assert.rejects(dac.getSecurityDescriptor(), isHr(WBEM_E_ACCESS_DENIED));
      await assert.rejects(plain.setSecurityDescriptor({ aces: [] }), isHr(WBEM_E_ACCESS_DENIED));
      await assert.rejects(reader.setSecurityDescriptor({ aces: [] }), isHr(WBEM_E_ACCESS_DENIED));
      const current = await reader.getSecurityDescriptor();
      // WRITE_DAC alone may change it: add write rights for 'plain'.
      await dac.setSecurityDescriptor({
        ...current,
        aces: [...current.aces, ace('allow', 'plain', WBEM_FULL_WRITE_REP)],
      });
      await plain.putClass(cimClass({ name: 'Granted_Later' }));
      const after = await reader.getSecurityDescriptor();
      assert.ok(after.aces.some((e) => e.trustee === 'plain' && e.mask === WBEM_FULL_WRITE_REP));
    } finally {
      await engine.shutdown();
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER for a malformed descriptor and keeps the old one', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      const svc = await engine.connectServer('root');
      const before = await svc.getSecurityDescriptor();
      for (const bad of [
        null,
        42,
        { aces: 'x' },
        { aces: [{ trustee: '', type: 'allow', mask: 1 }] },
      ])
        await assert.rejects(
          svc.setSecurityDescriptor(bad as never),
          isHr(WBEM_E_INVALID_PARAMETER),
        );
      assert.deepEqual(await svc.getSecurityDescriptor(), before);
    } finally {
      await engine.shutdown();
    }
  });

  it('is inherited by a child namespace, where an explicit entry overrides it', async () => {
    const engine = await startEngine({ hosts: 2 });
    try {
      await engine.createNamespace('root', 'parent');
      await engine.createNamespace('root/parent', 'child');
      const parent = await engine.connectServer('root/parent');
      await parent.setSecurityDescriptor({
        aces: [ace('allow', 'bob', WBEM_FULL_WRITE_REP)],
      });
      const bob = await engine.connectServer('root/parent/child', { user: 'bob' });
      await bob.putClass(cimClass({ name: 'Inherited_Write' }));
      const sd = await (await engine.connectServer('root/parent/child')).getSecurityDescriptor();
      assert.ok(sd.aces.some((e) => e.trustee === 'bob' && e.inherited === true));
      // An explicit deny on the child beats the inherited allow, and reaches only the child.
      const child = await engine.connectServer('root/parent/child');
      await child.setSecurityDescriptor({ aces: [ace('deny', 'bob', WBEM_FULL_WRITE_REP)] });
      await assert.rejects(
        bob.putClass(cimClass({ name: 'Denied_Write' })),
        isHr(WBEM_E_ACCESS_DENIED),
      );
      const bobParent = await engine.connectServer('root/parent', { user: 'bob' });
      await bobParent.putClass(cimClass({ name: 'Parent_Write' }));
      // A root without the inherited entries: bob is an ordinary user there.
      const bobRoot = await engine.connectServer('root', { user: 'bob' });
      await assert.rejects(
        bobRoot.putClass(cimClass({ name: 'Root_Write' })),
        isHr(WBEM_E_ACCESS_DENIED),
      );
    } finally {
      await engine.shutdown();
    }
  });

  it('is forgotten with a deleted namespace: a namespace created again inherits only', async () => {
    const engine = await startEngine({ hosts: 1 });
    try {
      await engine.createNamespace('root', 'gone');
      const svc = await engine.connectServer('root/gone');
      await svc.setSecurityDescriptor({ aces: [ace('allow', 'eve', WBEM_FULL_WRITE_REP)] });
      await engine.deleteNamespace('root/gone');
      await engine.createNamespace('root', 'gone');
      const eve = await engine.connectServer('root/gone', { user: 'eve' });
      await assert.rejects(
        eve.putClass(cimClass({ name: 'Eve_Class' })),
        isHr(WBEM_E_ACCESS_DENIED),
      );
    } finally {
      await engine.shutdown();
    }
  });
});

describe('the security engine option', () => {
  it('fails with WBEM_E_INVALID_PARAMETER for a malformed option', async () => {
    await assert.rejects(
      WbemEngine.start({ storage: 'memory', security: { groups: 'x' } as never }),
      isHr(WBEM_E_INVALID_PARAMETER),
    );
  });

  it('runs connections without a user as defaultPrincipal and resolves nested groups', async () => {
    const engine = await startEngine({
      hosts: 1,
      security: {
        groups: { Operators: ['NightShift'], NightShift: ['carol'] },
        defaultPrincipal: 'app',
        rootDescriptor: adminOwnedRoot(
          ace('allow', 'Operators', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
        ),
      },
    });
    try {
      await assert.rejects(engine.connectServer('root'), isHr(WBEM_E_ACCESS_DENIED));
      const carol = await engine.connectServer('root', { user: 'carol' });
      await carol.putClass(cimClass({ name: 'Carol_Class' }));
      assert.equal(carol.principal, 'carol');
    } finally {
      await engine.shutdown();
    }
  });
});

describe('descriptors across an engine restart (durable storage)', () => {
  it('keeps root and child descriptors in force after a restart on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-sd-'));
    dirs.push(dir);
    const first = await WbemEngine.start({ storage: { path: dir }, hosts: 2 });
    try {
      await first.createNamespace('root', 'apps');
      const root = await first.connectServer('root');
      const sd = await root.getSecurityDescriptor();
      await root.setSecurityDescriptor({
        ...sd,
        aces: [...sd.aces, ace('allow', 'dave', WBEM_FULL_WRITE_REP)],
      });
      const apps = await first.connectServer('root/apps');
      await apps.setSecurityDescriptor({ aces: [ace('deny', 'dave', WBEM_ENABLE)] });
    } finally {
      await first.shutdown();
    }
    const second = await WbemEngine.start({ storage: { path: dir }, hosts: 2 });
    try {
      const dave = await second.connectServer('root', { user: 'dave' });
      await dave.putClass(cimClass({ name: 'Dave_After_Restart' }));
      await assert.rejects(
        second.connectServer('root/apps', { user: 'dave' }),
        isHr(WBEM_E_ACCESS_DENIED),
      );
      const other = await second.connectServer('root', { user: 'frank' });
      await assert.rejects(
        other.putClass(cimClass({ name: 'Frank_Class' })),
        isHr(WBEM_E_ACCESS_DENIED),
      );
    } finally {
      await second.shutdown();
    }
  });
});
