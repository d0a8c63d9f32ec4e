/**
 * The descriptor helpers of `security-descriptor.ts` (`ace`, the inheritance presets,
 * `explicitDescriptor`, `keepOwner`) and the default descriptor of decision A11.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_USER_RIGHTS,
  defaultNamespaceDescriptor,
} from '../../src/security/default-descriptor.js';
import {
  ace,
  CONTAINER_INHERITANCE,
  explicitDescriptor,
  keepOwner,
  NO_INHERITANCE,
  WBEM_ALL_RIGHTS,
} from '../../src/security/security-descriptor.js';
import { validateSecurityDescriptor } from '../../src/security/validate-security-descriptor.js';
import { WBEM_ENABLE, WBEM_METHOD_EXECUTE, WBEM_WRITE_PROVIDER } from '../../src/wbem/security.js';

const NONE = { container: false, noPropagate: false, inheritOnly: false };
const CONTAINER = { container: true, noPropagate: false, inheritOnly: false };

describe('ace and the inheritance presets', () => {
  it('makes NO_INHERITANCE clear every flag and CONTAINER_INHERITANCE set container only', () => {
    assert.deepEqual(NO_INHERITANCE, NONE);
    assert.deepEqual(CONTAINER_INHERITANCE, CONTAINER);
  });

  it('builds a container-inherited entry by default', () => {
    assert.deepEqual(ace('allow', 'bob', WBEM_ENABLE), {
      trustee: 'bob',
      type: 'allow',
      mask: WBEM_ENABLE,
      inherit: CONTAINER,
    });
  });

  it('clears every flag not given', () => {
    assert.deepEqual(ace('deny', 'bob', WBEM_ENABLE, NO_INHERITANCE).inherit, NONE);
    assert.deepEqual(ace('deny', 'bob', WBEM_ENABLE, { container: true }).inherit, CONTAINER);
    assert.deepEqual(ace('deny', 'bob', WBEM_ENABLE, {}).inherit, NONE);
    // What the helper builds is a descriptor a caller may hand in.
    const sd = { aces: [ace('allow', 'bob', WBEM_ENABLE, NO_INHERITANCE)] };
    assert.deepEqual(validateSecurityDescriptor(sd), sd);
  });
});

describe('explicitDescriptor', () => {
  it('drops inherited entries and names no owner or protection that is not set', () => {
    const out = explicitDescriptor({
      aces: [
        ace('allow', 'bob', WBEM_ENABLE),
        { ...ace('allow', 'x', WBEM_ENABLE), inherited: true },
      ],
      protected: false,
    });
    assert.deepEqual(out, { aces: [ace('allow', 'bob', WBEM_ENABLE)] });
  });

  it('keeps the owner and the protected flag', () => {
    assert.deepEqual(explicitDescriptor({ owner: 'bob', protected: true, aces: [] }), {
      owner: 'bob',
      protected: true,
      aces: [],
    });
  });
});

describe('keepOwner (SetSD without OWNER_SECURITY_INFORMATION)', () => {
  const next = { aces: [ace('allow', 'bob', WBEM_ENABLE)] };

  it('keeps the current owner when the new descriptor names none', () => {
    assert.deepEqual(keepOwner(next, 'alice'), { ...next, owner: 'alice' });
  });

  it('takes the owner the new descriptor names', () => {
    assert.deepEqual(keepOwner({ ...next, owner: 'carol' }, 'alice'), { ...next, owner: 'carol' });
  });

  it('names no owner when neither does', () => {
    assert.deepEqual(keepOwner(next, undefined), next);
    assert.equal('owner' in keepOwner(next, undefined), false);
  });
});

describe('default namespace descriptor (decision A11)', () => {
  it('is owned by Administrators and allows the rights of the A11 table, container-inherited', () => {
    assert.equal(DEFAULT_USER_RIGHTS, WBEM_ENABLE | WBEM_METHOD_EXECUTE | WBEM_WRITE_PROVIDER);
    assert.deepEqual(defaultNamespaceDescriptor(), {
      owner: 'Administrators',
      aces: [
        { trustee: 'Administrators', type: 'allow', mask: WBEM_ALL_RIGHTS, inherit: CONTAINER },
        {
          trustee: 'Authenticated Users',
          type: 'allow',
          mask: DEFAULT_USER_RIGHTS,
          inherit: CONTAINER,
        },
        { trustee: 'Everyone', type: 'allow', mask: DEFAULT_USER_RIGHTS, inherit: CONTAINER },
      ],
    });
  });
});
