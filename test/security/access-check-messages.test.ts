/**
 * The refusal each access check gives, word for word: a caller reads the message to learn which
 * operation was refused and which `WBEM_*` right it lacked (spec §8.2, §6.4).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAnyInstanceWrite,
  checkClassWrite,
  checkConnect,
  checkConnectServer,
  checkInstanceWrite,
  checkMethodExecute,
  checkOwnerChange,
  checkReadSD,
  checkSubscribe,
  checkWriteSD,
} from '../../src/security/access-checks.js';
import { checkChangeRights } from '../../src/security/change-rights.js';
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
import { WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const NOT_HELD = 'which the caller does not hold on this namespace';

/** The check refused with WBEM_E_ACCESS_DENIED and exactly `detail` as its message. */
const refusedWith = (error: WbemError | undefined, detail: string): void => {
  assert.ok(error instanceof WbemError, 'the check refused');
  assert.equal(error.hresult, WBEM_E_ACCESS_DENIED);
  assert.equal(error.detail, detail);
  assert.equal(error.message, `WBEM_E_ACCESS_DENIED: ${detail}`);
};

const E = WBEM_ENABLE;

describe('access check refusals name the operation and the missing right', () => {
  const CASES: readonly { desc: string; error: () => WbemError | undefined; detail: string }[] = [
    {
      desc: 'a call without WBEM_ENABLE',
      error: () => checkConnect(0),
      detail: `using this namespace needs WBEM_ENABLE, ${NOT_HELD}`,
    },
    {
      desc: 'a remote call without WBEM_REMOTE_ACCESS',
      error: () => checkConnect(E, { remote: true }),
      detail: `using this namespace from a remote machine needs WBEM_REMOTE_ACCESS, ${NOT_HELD}`,
    },
    {
      desc: 'a remote subscription without WBEM_REMOTE_ACCESS',
      error: () => checkSubscribe(E, { remote: true }),
      detail: `using this namespace from a remote machine needs WBEM_REMOTE_ACCESS, ${NOT_HELD}`,
    },
    {
      desc: "a remote owner's connection without WBEM_REMOTE_ACCESS",
      error: () => checkConnectServer(0, { owner: true, remote: true }),
      detail: `using this namespace from a remote machine needs WBEM_REMOTE_ACCESS, ${NOT_HELD}`,
    },
    {
      desc: 'a non-owner connection without WBEM_ENABLE',
      error: () => checkConnectServer(WBEM_REMOTE_ACCESS, { owner: false, remote: true }),
      detail: `using this namespace needs WBEM_ENABLE, ${NOT_HELD}`,
    },
    {
      desc: 'a dynamic class write without WBEM_WRITE_PROVIDER',
      error: () => checkClassWrite(E | WBEM_FULL_WRITE_REP, { dynamic: true }),
      detail: `writing a dynamic (provider-backed) class needs WBEM_WRITE_PROVIDER, ${NOT_HELD}`,
    },
    {
      desc: 'a static class write without WBEM_FULL_WRITE_REP',
      error: () => checkClassWrite(E | WBEM_PARTIAL_WRITE_REP, { dynamic: false }),
      detail: `writing a static class needs WBEM_FULL_WRITE_REP, ${NOT_HELD}`,
    },
    {
      desc: 'a dynamic instance write without WBEM_WRITE_PROVIDER',
      error: () =>
        checkInstanceWrite(E | WBEM_FULL_WRITE_REP, { dynamic: true, systemDerived: false }),
      detail: `writing an instance of a dynamic class needs WBEM_WRITE_PROVIDER, ${NOT_HELD}`,
    },
    {
      desc: 'a system-derived instance write with partial write only',
      error: () =>
        checkInstanceWrite(E | WBEM_PARTIAL_WRITE_REP, { dynamic: false, systemDerived: true }),
      detail: `writing an instance of a system-derived class needs WBEM_FULL_WRITE_REP, ${NOT_HELD}`,
    },
    {
      desc: 'a static instance write without any repository write right',
      error: () =>
        checkInstanceWrite(E | WBEM_WRITE_PROVIDER, { dynamic: false, systemDerived: false }),
      detail: `writing a static instance needs WBEM_PARTIAL_WRITE_REP, ${NOT_HELD}`,
    },
    {
      desc: 'a DeleteInstance without any instance write right',
      error: () => checkAnyInstanceWrite(E | WBEM_METHOD_EXECUTE),
      detail: `deleting an instance needs WBEM_PARTIAL_WRITE_REP, ${NOT_HELD}`,
    },
    {
      desc: 'GetSD without READ_CONTROL',
      error: () => checkReadSD(E | WRITE_DAC),
      detail: `reading the security descriptor needs READ_CONTROL, ${NOT_HELD}`,
    },
    {
      desc: 'SetSD without WRITE_DAC',
      error: () => checkWriteSD(E | READ_CONTROL),
      detail: `changing the security descriptor needs WRITE_DAC, ${NOT_HELD}`,
    },
    {
      desc: 'GetSD by an owner without WBEM_ENABLE nor READ_CONTROL',
      error: () => checkReadSD(0, { owner: true }),
      detail: `reading the security descriptor needs READ_CONTROL, ${NOT_HELD}`,
    },
    {
      desc: 'ExecMethod without WBEM_METHOD_EXECUTE',
      error: () => checkMethodExecute(WBEM_ALL_RIGHTS & ~WBEM_METHOD_EXECUTE),
      detail: `executing a method needs WBEM_METHOD_EXECUTE, ${NOT_HELD}`,
    },
  ];
  for (const c of CASES)
    it(`refuses ${c.desc} with WBEM_E_ACCESS_DENIED and says which right is missing`, () => {
      refusedWith(c.error(), c.detail);
    });

  it('puts the subject of a write between the operation and the right it needs', () => {
    refusedWith(
      checkClassWrite(E, { dynamic: false, subject: 'class Sub, a subclass removed with Base' }),
      `writing a static class (class Sub, a subclass removed with Base) needs WBEM_FULL_WRITE_REP, ${NOT_HELD}`,
    );
    refusedWith(
      checkInstanceWrite(E, { dynamic: true, systemDerived: false, subject: 'Foo.Id=1' }),
      `writing an instance of a dynamic class (Foo.Id=1) needs WBEM_WRITE_PROVIDER, ${NOT_HELD}`,
    );
  });

  it('names the class and the way a change reaches an instance it refuses', () => {
    refusedWith(
      checkChangeRights(E | WBEM_WRITE_PROVIDER, [
        { kind: 'class', name: 'Base', dynamic: true, how: 'the class deleted' },
        {
          kind: 'instance',
          className: 'Sub',
          dynamic: false,
          systemDerived: false,
          how: 'removed with Base',
        },
      ]),
      `writing a static instance (an instance of Sub, removed with Base) needs WBEM_PARTIAL_WRITE_REP, ${NOT_HELD}`,
    );
  });

  it('refuses a caller who names another owner without owning the namespace', () => {
    refusedWith(
      checkOwnerChange({ owner: false, current: 'Administrators', requested: 'mallory' }),
      'naming mallory owner of the namespace needs ownership of it, which the caller does not hold',
    );
  });

  it('grants each right-specific check to a caller holding that right alone', () => {
    assert.equal(checkConnect(E | WBEM_REMOTE_ACCESS, { remote: true }), undefined);
    assert.equal(checkClassWrite(WBEM_WRITE_PROVIDER, { dynamic: true }), undefined);
    assert.equal(checkClassWrite(WBEM_FULL_WRITE_REP, { dynamic: false }), undefined);
    assert.equal(
      checkInstanceWrite(WBEM_FULL_WRITE_REP, { dynamic: false, systemDerived: true }),
      undefined,
    );
    assert.equal(
      checkInstanceWrite(WBEM_PARTIAL_WRITE_REP, { dynamic: false, systemDerived: false }),
      undefined,
    );
    assert.equal(checkAnyInstanceWrite(WBEM_WRITE_PROVIDER), undefined);
    assert.equal(checkReadSD(READ_CONTROL, { owner: true }), undefined);
    assert.equal(
      checkWriteSD(WRITE_DAC | WBEM_REMOTE_ACCESS, { owner: true, remote: true }),
      undefined,
    );
    assert.equal(checkMethodExecute(WBEM_METHOD_EXECUTE), undefined);
  });
});
