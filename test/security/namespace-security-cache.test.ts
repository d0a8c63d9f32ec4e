/**
 * The engine's table of namespace descriptors (`NamespaceSecurity`): how it keys paths, what it
 * keeps, what it forgets with a deleted namespace, its generation counter, and its memo of rights.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_USER_RIGHTS } from '../../src/security/default-descriptor.js';
import { NamespaceSecurity } from '../../src/security/namespace-security.js';
import type { SecurityDescriptor } from '../../src/security/security-descriptor.js';
import { ace, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import type { SecurityPolicy } from '../../src/security/security-policy.js';
import { resolveSecurityPolicy } from '../../src/security/security-policy.js';
import { PROCESS_OWNER } from '../../src/security/well-known-groups.js';
import {
  READ_CONTROL,
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WRITE_DAC,
} from '../../src/wbem/security.js';

const BOB_WRITES: SecurityDescriptor = {
  aces: [ace('allow', 'bob', WBEM_FULL_WRITE_REP)],
};

describe('NamespaceSecurity: namespace paths', () => {
  it('treats slashes, backslashes, repeated and outer separators and case alike', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', BOB_WRITES);
    const expected = DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP;
    for (const path of ['root/a', 'ROOT\\A', '/root//a/', '\\\\root\\a\\', 'root\\/a'])
      assert.equal(table.rightsOf(path, 'bob'), expected, path);
    assert.equal(table.isLoaded('/Root//A/'), true);
    assert.deepEqual(table.explicitDescriptorOf('root\\a'), BOB_WRITES);
    assert.equal(table.chainOf('/root//a/').length, 2);
  });
});

describe('NamespaceSecurity: explicit descriptors', () => {
  it('keeps only the explicit entries of a descriptor it is given', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', {
      aces: [
        ace('allow', 'bob', WBEM_ENABLE),
        { ...ace('allow', 'bob', WBEM_ALL_RIGHTS), inherited: true },
      ],
    });
    assert.deepEqual(table.explicitDescriptorOf('root/a'), {
      aces: [ace('allow', 'bob', WBEM_ENABLE)],
    });
    assert.equal(table.explicitDescriptorOf('root'), undefined);
  });

  it('forgets a cleared descriptor but remembers that it was read', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', BOB_WRITES);
    table.setDescriptor('root/a', undefined);
    assert.equal(table.explicitDescriptorOf('root/a'), undefined);
    assert.equal(table.isLoaded('root/a'), true);
  });
});

describe('NamespaceSecurity: dropping a namespace', () => {
  it('forgets the namespace and its descendants, and nothing else', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    for (const path of ['root', 'root/a', 'root/a/b', 'root/ab', 'root/b'])
      table.setDescriptor(path, BOB_WRITES);
    table.dropNamespace('ROOT\\A');
    for (const gone of ['root/a', 'root/a/b']) {
      assert.equal(table.isLoaded(gone), false, gone);
      assert.equal(table.explicitDescriptorOf(gone), undefined, gone);
    }
    for (const kept of ['root', 'root/ab', 'root/b']) {
      assert.equal(table.isLoaded(kept), true, kept);
      assert.deepEqual(table.explicitDescriptorOf(kept), BOB_WRITES, kept);
    }
  });

  it('answers from the remaining descriptors once a namespace is dropped', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', BOB_WRITES);
    assert.equal(table.rightsOf('root/a/x', 'bob'), DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP);
    table.dropNamespace('root/a');
    assert.equal(table.rightsOf('root/a/x', 'bob'), DEFAULT_USER_RIGHTS);
  });
});

describe('NamespaceSecurity: generation', () => {
  it('increases with every descriptor change and every dropped namespace', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    const seen = [table.generation];
    table.setDescriptor('root/a', BOB_WRITES);
    seen.push(table.generation);
    table.setDescriptor('root/a', undefined);
    seen.push(table.generation);
    table.dropNamespace('root/a');
    seen.push(table.generation);
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });

  it('does not change when rights are only read', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.rightsOf('root', 'bob');
    table.owns('root', 'bob');
    table.effectiveDescriptorOf('root');
    assert.equal(table.generation, 0);
  });
});

describe('NamespaceSecurity: ownership', () => {
  it('says who owns a namespace: the named owner, its members and the process principal', () => {
    const policy = resolveSecurityPolicy({ groups: { Operators: ['bob'] } });
    const table = new NamespaceSecurity(policy);
    table.setDescriptor('root/a', { owner: 'Operators', aces: [] });
    assert.equal(table.owns('root/a/b', 'bob'), true);
    assert.equal(table.owns('root/a', 'carol'), false);
    assert.equal(table.owns('root/a', PROCESS_OWNER), true);
    assert.equal(table.owns('root', 'bob'), false);
  });
});

describe('NamespaceSecurity: memo of rights', () => {
  it('answers each principal with its own rights', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root', {
      owner: 'Administrators',
      aces: [ace('allow', 'bob', WBEM_ENABLE), ace('allow', 'carol', WBEM_FULL_WRITE_REP)],
    });
    assert.equal(table.rightsOf('root', 'bob'), WBEM_ENABLE);
    assert.equal(table.rightsOf('root', 'carol'), WBEM_FULL_WRITE_REP);
    assert.equal(table.rightsOf('root', PROCESS_OWNER), READ_CONTROL | WRITE_DAC);
  });

  it('answers each namespace with its own rights', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', { aces: [ace('deny', 'bob', WBEM_ENABLE)] });
    assert.equal(table.rightsOf('root/a', 'bob'), DEFAULT_USER_RIGHTS & ~WBEM_ENABLE);
    assert.equal(table.rightsOf('root/b', 'bob'), DEFAULT_USER_RIGHTS);
  });

  it('evaluates the descriptors once per namespace and principal until the next change', () => {
    const base = resolveSecurityPolicy();
    let reads = 0;
    const counting: SecurityPolicy = {
      groups: base.groups,
      defaultPrincipal: base.defaultPrincipal,
      get rootDescriptor() {
        reads += 1;
        return base.rootDescriptor;
      },
    };
    const table = new NamespaceSecurity(counting);
    assert.equal(table.rightsOf('root/a', 'bob'), DEFAULT_USER_RIGHTS);
    assert.ok(reads > 0);
    reads = 0;
    assert.equal(table.rightsOf('ROOT\\a', 'BOB'), DEFAULT_USER_RIGHTS);
    assert.equal(reads, 0);
    table.setDescriptor('root/b', BOB_WRITES);
    assert.equal(table.rightsOf('root/a', 'bob'), DEFAULT_USER_RIGHTS);
    assert.ok(reads > 0);
  });

  it('answers a spelling read before with the rights in force after a change', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    assert.equal(table.rightsOf('ROOT\\a', 'Bob'), DEFAULT_USER_RIGHTS);
    table.setDescriptor('root/a', BOB_WRITES);
    assert.equal(table.rightsOf('ROOT\\a', 'Bob'), DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP);
    table.dropNamespace('root/a');
    assert.equal(table.rightsOf('ROOT\\a', 'Bob'), DEFAULT_USER_RIGHTS);
  });

  it('keeps answering right once it has seen more spellings than it keeps', () => {
    const table = new NamespaceSecurity(resolveSecurityPolicy());
    table.setDescriptor('root/a', BOB_WRITES);
    // 6,000 spellings, every one new: past the 4,096 kept, the table starts again.
    for (let n = 0; n < 6_000; n++) {
      const path = n % 2 === 0 ? `root/a/n${n}` : `ROOT\\B\\n${n}`;
      const principal = n % 3 === 0 ? `user${n}` : 'bob';
      const expected =
        principal === 'bob' && n % 2 === 0
          ? DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP
          : DEFAULT_USER_RIGHTS;
      assert.equal(table.rightsOf(path, principal), expected, `${path} ${principal}`);
      // Asked again at once: answered from the table the first answer went into.
      assert.equal(table.rightsOf(path, principal), expected, `${path} ${principal} again`);
    }
    assert.equal(table.rightsOf('root/a/n0', 'bob'), DEFAULT_USER_RIGHTS | WBEM_FULL_WRITE_REP);
    assert.equal(table.rightsOf('ROOT\\B\\n1', 'bob'), DEFAULT_USER_RIGHTS);
  });
});
