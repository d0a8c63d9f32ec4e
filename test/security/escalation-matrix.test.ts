/**
 * The security matrix of issue 11: for every write operation and every right a principal may lack,
 * a principal without the right cannot make the change, directly or through what the operation
 * reaches (update modes, cascades, instance paths, providers, descriptors). A refused call fails
 * with WBEM_E_ACCESS_DENIED and leaves the namespace exactly as it was (classes, instances,
 * qualifier declarations, descriptor, provider calls and registrations); an allowed one changes it,
 * so no row can pass by changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { type Ace, ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  WBEM_ENABLE as ENABLE,
  WBEM_FULL_WRITE_REP as FULL,
  WBEM_PARTIAL_WRITE_REP as PARTIAL,
  WBEM_WRITE_PROVIDER as PROVIDER,
  WBEM_REMOTE_ACCESS as REMOTE,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from './helpers/admin-root.js';
import {
  COUNTING_PROVIDER,
  type EscalationOperation,
  type MatrixCase,
  OPERATIONS,
  outcomeOf,
} from './helpers/escalation-operations.js';
import { repositorySnapshot } from './helpers/repository-snapshot.js';

/** A principal and the rights it holds on the matrix namespaces. */
interface Holder {
  readonly user: string;
  readonly rights: number;
  readonly connectsRemotely?: boolean;
  /** Revoked on each namespace after the principal connected (phase-1 rights). */
  readonly revoked?: number;
}

const ALL = WBEM_ALL_RIGHTS;
const HOLDERS: readonly Holder[] = [
  { user: 'no_full', rights: ALL & ~FULL },
  { user: 'no_partial', rights: ALL & ~PARTIAL },
  { user: 'no_provider', rights: ALL & ~PROVIDER },
  { user: 'no_repository', rights: ALL & ~(FULL | PARTIAL) },
  { user: 'default_user', rights: DEFAULT_USER_RIGHTS },
  { user: 'no_dac', rights: ALL & ~WRITE_DAC },
  { user: 'no_enable', rights: ALL, revoked: ENABLE },
  { user: 'no_remote', rights: ALL, connectsRemotely: true, revoked: REMOTE },
  { user: 'all_rights', rights: ALL },
];

/** What a holder keeps once the namespace revoked its entry. */
const heldBy = (h: Holder): number => h.rights & ~(h.revoked ?? 0);

/** Phase 1 of every call: WBEM_ENABLE, and WBEM_REMOTE_ACCESS for a remote caller. */
const passesPhase1 = (h: Holder): boolean =>
  (heldBy(h) & ENABLE) !== 0 && (h.connectsRemotely !== true || (heldBy(h) & REMOTE) !== 0);

const REVOCATIONS: readonly Ace[] = HOLDERS.flatMap((h) =>
  h.revoked === undefined ? [] : [ace('deny', h.user, h.revoked)],
);

const holds = (h: Holder): string =>
  h.revoked !== undefined
    ? `a caller whose ${h.revoked === ENABLE ? 'WBEM_ENABLE' : 'WBEM_REMOTE_ACCESS'} was revoked`
    : `${h.user.replace('_', ' ')} (0x${heldBy(h).toString(16)})`;

let engine: WbemEngine;
before(async () => {
  engine = await startEngine({
    hosts: 1,
    security: {
      rootDescriptor: adminOwnedRoot(...HOLDERS.map((h) => ace('allow', h.user, h.rights))),
    },
  });
});
after(() => engine.shutdown());

function matrixFor(op: EscalationOperation, index: number): void {
  describe(`escalation matrix: ${op.name}`, () => {
    const namespace = `root/matrix_${index}`;
    let admin: WbemServices;
    const connections = new Map<string, WbemServices>();

    before(async () => {
      await engine.createNamespace('root', `matrix_${index}`);
      admin = await engine.connectServer(namespace);
      if (op.providerClasses !== undefined)
        await admin.registerProvider({
          name: 'Counting',
          module: COUNTING_PROVIDER,
          classes: ['Counter', ...HOLDERS.flatMap((h) => op.providerClasses?.(h.user) ?? [])],
        });
      for (const h of HOLDERS)
        connections.set(
          h.user,
          await engine.connectServer(namespace, {
            user: h.user,
            remote: h.connectsRemotely === true,
          }),
        );
      await admin.setSecurityDescriptor({ aces: REVOCATIONS });
    });

    for (const h of HOLDERS) {
      const allowed = passesPhase1(h) && op.allowed(heldBy(h));
      it(`${allowed ? 'succeeds' : 'fails with WBEM_E_ACCESS_DENIED and changes nothing'} when ${holds(h)} tries it`, async () => {
        const c: MatrixCase = { engine, admin, namespace, tag: h.user, baseline: REVOCATIONS };
        await op.setup?.(c);
        const state = async () => [await repositorySnapshot(admin), await op.probe?.(c)];
        const before = await state();
        const svc = connections.get(h.user) as WbemServices;
        const outcome = await outcomeOf(op.run(svc, c));
        const afterwards = await state();
        if (allowed) {
          assert.equal(outcome, 'WBEM_S_NO_ERROR');
          assert.notDeepEqual(afterwards, before, 'an allowed call changes the namespace');
        } else {
          assert.equal(outcome, 'WBEM_E_ACCESS_DENIED');
          assert.deepEqual(afterwards, before, 'a refused call changes nothing');
        }
      });
    }
  });
}

OPERATIONS.forEach(matrixFor);
