import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isCimIdentifier,
  isClassNameSyntax,
  isSystemName,
} from '../../src/model/cim-name-grammar.js';
import {
  normaliseNamespace,
  resolveNamespace,
  splitNamespace,
} from '../../src/model/namespace-path.js';
import { WBEM_E_INVALID_NAMESPACE } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

describe('isCimIdentifier (the name grammar)', () => {
  it('accepts the letters at the edges of each range as a first character', () => {
    for (const first of ['A', 'Z', 'a', 'z', '\u0080', '\uffef']) {
      assert.equal(isCimIdentifier(`${first}x`), true, JSON.stringify(first));
    }
  });

  it('refuses the characters just outside each letter range as a first character', () => {
    for (const first of ['@', '[', '`', '{', '\u007f', '\ufff0', '_', '0', '9']) {
      assert.equal(isCimIdentifier(`${first}x`), false, JSON.stringify(first));
    }
    assert.equal(isCimIdentifier(''), false);
  });

  it('accepts digits, underscore and letters after the first character and nothing else', () => {
    assert.equal(isCimIdentifier('a0_9Zz\u0080\uffef'), true);
    for (const c of ['/', ':', '@', '[', '`', '{', '^', '-', ' ', '\u007f', '\ufff0']) {
      assert.equal(isCimIdentifier(`ab${c}`), false, JSON.stringify(c));
      assert.equal(isCimIdentifier(`a${c}b`), false, JSON.stringify(c));
    }
  });

  it('takes a name as a system name only when it starts with two underscores', () => {
    assert.equal(isSystemName('__A'), true);
    assert.equal(isSystemName('_A'), false);
    assert.equal(isSystemName('A__'), false);
    assert.equal(isClassNameSyntax('__Namespace'), true);
    assert.equal(isClassNameSyntax('_Namespace'), false);
    assert.equal(isClassNameSyntax('__'), false);
    assert.equal(isClassNameSyntax('___A'), false);
  });
});

describe('namespace paths', () => {
  it('names the path in the message when it is invalid', () => {
    assert.throws(
      () => normaliseNamespace('root//x'),
      (e: unknown) =>
        e instanceof WbemError &&
        e.hresult === WBEM_E_INVALID_NAMESPACE &&
        e.message === "WBEM_E_INVALID_NAMESPACE: invalid namespace 'root//x'",
    );
    assert.throws(
      () => normaliseNamespace(5),
      (e: unknown) =>
        e instanceof WbemError &&
        e.hresult === WBEM_E_INVALID_NAMESPACE &&
        e.message === 'WBEM_E_INVALID_NAMESPACE: namespace must be a string',
    );
  });

  it('ignores several separators at both ends and mixes of / and \\', () => {
    assert.equal(normaliseNamespace('\\\\//root\\a/b//\\'), 'root/a/b');
  });

  it('splits a top-level path into no parent and its name', () => {
    assert.deepEqual(splitNamespace('root'), { parent: null, name: 'root' });
    assert.deepEqual(splitNamespace('root/a/b'), { parent: 'root/a', name: 'b' });
  });

  it('drops the server part and keeps a path under another root when it is absolute', () => {
    assert.equal(resolveNamespace('root/cimv2', '//srv/other/x'), 'other/x');
    assert.equal(resolveNamespace('root/cimv2', '\\\\srv\\ROOT\\x'), 'ROOT/x');
    assert.equal(resolveNamespace('root/cimv2', '//srv'), undefined);
    assert.equal(resolveNamespace('root/cimv2', 'Root/y'), 'Root/y');
    assert.equal(resolveNamespace('root/cimv2', 'sub/y'), 'root/cimv2/sub/y');
    assert.equal(resolveNamespace('root/cimv2', 'a..b'), undefined);
  });
});
