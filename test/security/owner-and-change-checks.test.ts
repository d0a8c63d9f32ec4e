/**
 * The pure checks behind issue 11 items 1 and 3: the right of a whole change
 * (`checkChangeRights`), the owner's way past a lockout (`checkConnectServer`, `checkReadSD` and
 * `checkWriteSD` with `owner`), who may hand ownership on (`checkOwnerChange`), and the early
 * DeleteInstance check (`checkAnyInstanceWrite`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkAnyInstanceWrite,
  checkConnectServer,
  checkOwnerChange,
  checkReadSD,
  checkWriteSD,
} from '../../src/security/access-checks.js';
import { type ChangedObject, checkChangeRights } from '../../src/security/change-rights.js';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
  WBEM_REMOTE_ACCESS,
  WBEM_WRITE_PROVIDER,
  WRITE_DAC,
} from '../../src/wbem/security.js';
import { hresultName } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';

const verdict = (error: WbemError | undefined): string =>
  error === undefined ? 'granted' : hresultName(error.hresult);

const staticClass = (name: string, how = 'the class written'): ChangedObject => ({
  kind: 'class',
  name,
  dynamic: false,
  how,
});
const dynamicClass = (name: string, how = 'the class written'): ChangedObject => ({
  kind: 'class',
  name,
  dynamic: true,
  how,
});
const instance = (className: string, dynamic: boolean, systemDerived = false): ChangedObject => ({
  kind: 'instance',
  className,
  dynamic,
  systemDerived,
  how: 'removed',
});

describe('checkChangeRights', () => {
  const CASES: readonly {
    desc: string;
    rights: number;
    changed: readonly ChangedObject[];
    expect: string;
  }[] = [
    {
      desc: 'a default user rewrites a stored static class as dynamic',
      rights: DEFAULT_USER_RIGHTS,
      changed: [staticClass('Base', 'as stored'), dynamicClass('Base')],
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'a default user removes a dynamic class with a static subclass',
      rights: DEFAULT_USER_RIGHTS,
      changed: [dynamicClass('Base'), staticClass('Sub', 'a subclass removed with Base')],
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'a caller with full write removes a static instance of a dynamic class family',
      rights: WBEM_ENABLE | WBEM_FULL_WRITE_REP,
      changed: [instance('Sub', false)],
      expect: 'granted',
    },
    {
      desc: 'a caller with partial write removes a static instance',
      rights: WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP,
      changed: [instance('Sub', false)],
      expect: 'granted',
    },
    {
      desc: 'a caller with partial write removes an instance of a system-derived class',
      rights: WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP,
      changed: [instance('__NAMESPACE', false, true)],
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'a default user removes dynamic classes and their instances only',
      rights: DEFAULT_USER_RIGHTS,
      changed: [dynamicClass('Base'), dynamicClass('Sub'), instance('Sub', true)],
      expect: 'granted',
    },
    {
      desc: 'a caller with full write but no provider write makes a class dynamic',
      rights: WBEM_ENABLE | WBEM_FULL_WRITE_REP,
      changed: [staticClass('Base', 'as stored'), dynamicClass('Base')],
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'nothing changes',
      rights: 0,
      changed: [],
      expect: 'granted',
    },
  ];
  for (const c of CASES)
    it(`${c.expect === 'granted' ? 'grants' : `fails with ${c.expect}`} when ${c.desc}`, () => {
      assert.equal(verdict(checkChangeRights(c.rights, c.changed)), c.expect);
    });

  it('names the object refused and how the write reaches it', () => {
    const error = checkChangeRights(DEFAULT_USER_RIGHTS, [
      dynamicClass('Base', 'the class deleted'),
      staticClass('Sub', 'a subclass removed with Base'),
    ]);
    assert.match(error?.message ?? '', /class Sub, a subclass removed with Base/);
    assert.match(error?.message ?? '', /WBEM_FULL_WRITE_REP/);
  });

  it('stops at the first refusal without reading the rest', () => {
    let read = 0;
    function* changes(): Generator<ChangedObject> {
      read += 1;
      yield staticClass('First');
      read += 1;
      yield staticClass('Second');
    }
    assert.equal(
      verdict(checkChangeRights(DEFAULT_USER_RIGHTS, changes())),
      'WBEM_E_ACCESS_DENIED',
    );
    assert.equal(read, 1);
  });
});

describe('descriptor checks for an owner', () => {
  const OWNER_RIGHTS = READ_CONTROL | WRITE_DAC;
  const CASES: readonly { desc: string; check: () => WbemError | undefined; expect: string }[] = [
    {
      desc: 'an owner denied WBEM_ENABLE connects',
      check: () => checkConnectServer(OWNER_RIGHTS, { owner: true }),
      expect: 'granted',
    },
    {
      desc: 'a non-owner holding READ_CONTROL but denied WBEM_ENABLE connects',
      check: () => checkConnectServer(READ_CONTROL),
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'an owner denied WBEM_REMOTE_ACCESS connects remotely',
      check: () => checkConnectServer(OWNER_RIGHTS, { owner: true, remote: true }),
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'an owner denied WBEM_ENABLE reads the descriptor',
      check: () => checkReadSD(OWNER_RIGHTS, { owner: true }),
      expect: 'granted',
    },
    {
      desc: 'an owner denied WBEM_ENABLE writes the descriptor',
      check: () => checkWriteSD(OWNER_RIGHTS, { owner: true }),
      expect: 'granted',
    },
    {
      desc: 'a non-owner with WRITE_DAC but without WBEM_ENABLE writes the descriptor',
      check: () => checkWriteSD(WRITE_DAC),
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'a remote owner with WBEM_REMOTE_ACCESS reads the descriptor',
      check: () => checkReadSD(OWNER_RIGHTS | WBEM_REMOTE_ACCESS, { owner: true, remote: true }),
      expect: 'granted',
    },
  ];
  for (const c of CASES)
    it(`${c.expect === 'granted' ? 'grants' : `fails with ${c.expect}`} when ${c.desc}`, () => {
      assert.equal(verdict(c.check()), c.expect);
    });
});

describe('checkOwnerChange', () => {
  const CASES: readonly {
    desc: string;
    owner: boolean;
    current: string | undefined;
    requested: string | undefined;
    expect: string;
  }[] = [
    {
      desc: 'a non-owner keeps the owner unnamed',
      owner: false,
      current: 'Administrators',
      requested: undefined,
      expect: 'granted',
    },
    {
      desc: 'a non-owner names the current owner in another case',
      owner: false,
      current: 'Administrators',
      requested: 'ADMINISTRATORS',
      expect: 'granted',
    },
    {
      desc: 'a non-owner names itself owner',
      owner: false,
      current: 'Administrators',
      requested: 'mallory',
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'a non-owner names an owner where none is set',
      owner: false,
      current: undefined,
      requested: 'mallory',
      expect: 'WBEM_E_ACCESS_DENIED',
    },
    {
      desc: 'the owner hands ownership on',
      owner: true,
      current: 'Administrators',
      requested: 'alice',
      expect: 'granted',
    },
  ];
  for (const c of CASES)
    it(`${c.expect === 'granted' ? 'grants' : `fails with ${c.expect}`} when ${c.desc}`, () => {
      assert.equal(verdict(checkOwnerChange(c)), c.expect);
    });
});

describe('checkAnyInstanceWrite', () => {
  for (const [rights, expect] of [
    [WBEM_ENABLE, 'WBEM_E_ACCESS_DENIED'],
    [WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP, 'granted'],
    [WBEM_ENABLE | WBEM_FULL_WRITE_REP, 'granted'],
    [WBEM_ENABLE | WBEM_WRITE_PROVIDER, 'granted'],
    [
      WBEM_ALL_RIGHTS & ~(WBEM_FULL_WRITE_REP | WBEM_PARTIAL_WRITE_REP | WBEM_WRITE_PROVIDER),
      'WBEM_E_ACCESS_DENIED',
    ],
  ] as const)
    it(`${expect === 'granted' ? 'grants' : `fails with ${expect}`} when the caller holds 0x${rights.toString(16)}`, () => {
      assert.equal(verdict(checkAnyInstanceWrite(rights)), expect);
    });
});
