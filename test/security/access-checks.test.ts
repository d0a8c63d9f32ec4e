import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCESS_CHECK_PHASE,
  checkClassWrite,
  checkConnect,
  checkInstanceWrite,
  checkMethodExecute,
  checkReadSD,
  checkSubscribe,
  checkWriteSD,
} from '../../src/security/access-checks.js';
import { WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_METHOD_EXECUTE,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_WRITE_PROVIDER,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { hresultName, WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';

type Outcome = 'granted' | 'WBEM_E_ACCESS_DENIED';

const outcome = (error: WbemError | undefined): Outcome => {
  if (error === undefined) return 'granted';
  assert.equal(error.hresult, WBEM_E_ACCESS_DENIED);
  return hresultName(error.hresult) as Outcome;
};

interface Case {
  readonly desc: string;
  readonly phase: 1 | 2;
  readonly rights: number;
  readonly check: () => WbemError | undefined;
  readonly expect: Outcome;
}

const E = WBEM_ENABLE;
const FULL = WBEM_FULL_WRITE_REP;
const PARTIAL = WBEM_PARTIAL_WRITE_REP;
const PROV = WBEM_WRITE_PROVIDER;

// Every right on every class operation, each in the phase the spec assigns it (§2.2, §8.2).
const CASES: readonly Case[] = [
  // Phase 1: accepting any call (put, delete, get, enum) needs WBEM_ENABLE.
  ...[0, FULL, PARTIAL, PROV, WBEM_REMOTE_ACCESS, WBEM_ALL_RIGHTS & ~E].map(
    (rights): Case => ({
      desc: `B96: connect/put/delete/get/enum refused without WBEM_ENABLE (rights 0x${rights.toString(16)})`,
      phase: 1,
      rights,
      check: () => checkConnect(rights),
      expect: 'WBEM_E_ACCESS_DENIED',
    }),
  ),
  {
    desc: 'get/enum accepted with WBEM_ENABLE alone',
    phase: 1,
    rights: E,
    check: () => checkConnect(E),
    expect: 'granted',
  },
  {
    desc: 'B100: remote caller refused without WBEM_REMOTE_ACCESS',
    phase: 1,
    rights: E | FULL,
    check: () => checkConnect(E | FULL, { remote: true }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'remote caller accepted with WBEM_ENABLE | WBEM_REMOTE_ACCESS',
    phase: 1,
    rights: E | WBEM_REMOTE_ACCESS,
    check: () => checkConnect(E | WBEM_REMOTE_ACCESS, { remote: true }),
    expect: 'granted',
  },
  {
    desc: 'local caller needs no WBEM_REMOTE_ACCESS',
    phase: 1,
    rights: E,
    check: () => checkConnect(E, { remote: false }),
    expect: 'granted',
  },
  // Phase 2: put/delete of a static class.
  {
    desc: 'B97: static class write refused with WBEM_ENABLE only',
    phase: 2,
    rights: E,
    check: () => checkClassWrite(E, { dynamic: false }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'B98: static class write refused with PARTIAL_WRITE_REP',
    phase: 2,
    rights: E | PARTIAL,
    check: () => checkClassWrite(E | PARTIAL, { dynamic: false }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'static class write refused with WRITE_PROVIDER only',
    phase: 2,
    rights: E | PROV,
    check: () => checkClassWrite(E | PROV, { dynamic: false }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'B99: static class write granted with FULL_WRITE_REP',
    phase: 2,
    rights: E | FULL,
    check: () => checkClassWrite(E | FULL, { dynamic: false }),
    expect: 'granted',
  },
  // Phase 2: put/delete of a dynamic class.
  {
    desc: 'dynamic class write refused with FULL_WRITE_REP only',
    phase: 2,
    rights: E | FULL,
    check: () => checkClassWrite(E | FULL, { dynamic: true }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'dynamic class write refused with PARTIAL_WRITE_REP',
    phase: 2,
    rights: E | PARTIAL,
    check: () => checkClassWrite(E | PARTIAL, { dynamic: true }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'dynamic class write granted with WRITE_PROVIDER',
    phase: 2,
    rights: E | PROV,
    check: () => checkClassWrite(E | PROV, { dynamic: true }),
    expect: 'granted',
  },
  // Phase 2: instance writes (§6.4).
  {
    desc: 'static instance write granted with PARTIAL_WRITE_REP',
    phase: 2,
    rights: E | PARTIAL,
    check: () => checkInstanceWrite(E | PARTIAL, { dynamic: false, systemDerived: false }),
    expect: 'granted',
  },
  {
    desc: 'static instance write granted with FULL_WRITE_REP',
    phase: 2,
    rights: E | FULL,
    check: () => checkInstanceWrite(E | FULL, { dynamic: false, systemDerived: false }),
    expect: 'granted',
  },
  {
    desc: 'static instance write refused with WRITE_PROVIDER only',
    phase: 2,
    rights: E | PROV,
    check: () => checkInstanceWrite(E | PROV, { dynamic: false, systemDerived: false }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'system-derived instance write refused with PARTIAL_WRITE_REP',
    phase: 2,
    rights: E | PARTIAL,
    check: () => checkInstanceWrite(E | PARTIAL, { dynamic: false, systemDerived: true }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'system-derived instance write granted with FULL_WRITE_REP',
    phase: 2,
    rights: E | FULL,
    check: () => checkInstanceWrite(E | FULL, { dynamic: false, systemDerived: true }),
    expect: 'granted',
  },
  {
    desc: 'dynamic instance write refused with FULL_WRITE_REP',
    phase: 2,
    rights: E | FULL | PARTIAL,
    check: () => checkInstanceWrite(E | FULL | PARTIAL, { dynamic: true, systemDerived: false }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'dynamic instance write granted with WRITE_PROVIDER',
    phase: 2,
    rights: E | PROV,
    check: () => checkInstanceWrite(E | PROV, { dynamic: true, systemDerived: false }),
    expect: 'granted',
  },
  // Security descriptor and events.
  {
    desc: 'GetSD refused without READ_CONTROL',
    phase: 1,
    rights: E | WRITE_DAC,
    check: () => checkReadSD(E | WRITE_DAC),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'GetSD refused without WBEM_ENABLE',
    phase: 1,
    rights: READ_CONTROL,
    check: () => checkReadSD(READ_CONTROL),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'GetSD granted with READ_CONTROL',
    phase: 1,
    rights: E | READ_CONTROL,
    check: () => checkReadSD(E | READ_CONTROL),
    expect: 'granted',
  },
  {
    desc: 'SetSD refused without WRITE_DAC',
    phase: 1,
    rights: E | READ_CONTROL | FULL,
    check: () => checkWriteSD(E | READ_CONTROL | FULL),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'SetSD granted with WRITE_DAC',
    phase: 1,
    rights: E | WRITE_DAC,
    check: () => checkWriteSD(E | WRITE_DAC),
    expect: 'granted',
  },
  {
    desc: 'subscribe refused without WBEM_ENABLE',
    phase: 1,
    rights: 0,
    check: () => checkSubscribe(0),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'subscribe granted with WBEM_ENABLE',
    phase: 1,
    rights: E,
    check: () => checkSubscribe(E),
    expect: 'granted',
  },
  {
    desc: 'remote subscribe refused without WBEM_REMOTE_ACCESS',
    phase: 1,
    rights: E,
    check: () => checkSubscribe(E, { remote: true }),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'method execution refused without METHOD_EXECUTE',
    phase: 2,
    rights: E | FULL,
    check: () => checkMethodExecute(E | FULL),
    expect: 'WBEM_E_ACCESS_DENIED',
  },
  {
    desc: 'method execution granted with METHOD_EXECUTE',
    phase: 2,
    rights: E | WBEM_METHOD_EXECUTE,
    check: () => checkMethodExecute(E | WBEM_METHOD_EXECUTE),
    expect: 'granted',
  },
];

describe('access checks', () => {
  for (const c of CASES)
    it(`phase ${c.phase}: ${c.expect === 'granted' ? 'grants' : 'fails with WBEM_E_ACCESS_DENIED'} when ${c.desc}`, () => {
      assert.equal(outcome(c.check()), c.expect);
    });

  it('tags each check with the phase the spec assigns it', () => {
    assert.equal(ACCESS_CHECK_PHASE.checkConnect, 1);
    assert.equal(ACCESS_CHECK_PHASE.checkClassWrite, 2);
    assert.equal(ACCESS_CHECK_PHASE.checkInstanceWrite, 2);
    assert.equal(ACCESS_CHECK_PHASE.checkReadSD, 1);
    assert.equal(ACCESS_CHECK_PHASE.checkWriteSD, 1);
  });

  it('names the missing right in the message when access is denied', () => {
    const error = checkClassWrite(WBEM_ENABLE, { dynamic: true });
    assert.match(error?.message ?? '', /WBEM_WRITE_PROVIDER/);
    assert.match(checkConnect(0)?.message ?? '', /WBEM_ENABLE/);
  });

  it('grants every check with every right', () => {
    const all = WBEM_ALL_RIGHTS;
    for (const error of [
      checkConnect(all, { remote: true }),
      checkClassWrite(all, { dynamic: false }),
      checkClassWrite(all, { dynamic: true }),
      checkInstanceWrite(all, { dynamic: true, systemDerived: true }),
      checkReadSD(all),
      checkWriteSD(all),
      checkSubscribe(all, { remote: true }),
      checkMethodExecute(all),
    ])
      assert.equal(error, undefined);
  });
});
