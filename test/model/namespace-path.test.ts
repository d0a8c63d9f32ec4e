import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  namespaceKey,
  normaliseNamespace,
  resolveNamespace,
  splitNamespace,
} from '../../src/model/namespace-path.js';
import { WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION } from '../../src/mof/mof-status.js';
import { WBEM_E_INVALID_NAMESPACE } from '../../src/wbem/status.js';
import { compileText } from '../mof/helpers/memory-files.js';
import { throwsMof } from '../mof/helpers/mof-assert.js';

const LONG = 'a'.repeat(100_000);

describe('namespace path grammar: normaliseNamespace (the engine)', () => {
  const accepted: { path: string; expect: string }[] = [
    { path: 'root/cimv2', expect: 'root/cimv2' },
    { path: 'root\\cimv2', expect: 'root/cimv2' },
    { path: 'ROOT\\CimV2', expect: 'ROOT/CimV2' },
    { path: '/root/cimv2/', expect: 'root/cimv2' },
    { path: '\\\\root\\cimv2\\\\', expect: 'root/cimv2' },
    { path: 'root/\u00e9t\u00e9_1', expect: 'root/\u00e9t\u00e9_1' },
    { path: `root/${LONG}`, expect: `root/${LONG}` },
  ];
  for (const c of accepted) {
    it(`normalises to ${JSON.stringify(c.expect.slice(0, 24))} when the path is ${JSON.stringify(c.path.slice(0, 24))}`, () => {
      assert.equal(normaliseNamespace(c.path), c.expect);
    });
  }

  const refused: { desc: string; path: unknown }[] = [
    { desc: 'it names a server (//./root/cimv2)', path: '//./root/cimv2' },
    { desc: 'it names a server (\\\\.\\root\\cimv2)', path: '\\\\.\\root\\cimv2' },
    { desc: 'a segment is empty', path: 'root//cimv2' },
    { desc: 'the path is empty', path: '' },
    { desc: 'the path is only separators', path: '//' },
    { desc: 'a segment is ..', path: 'root/../cimv2' },
    { desc: 'a segment is .', path: 'root/./cimv2' },
    { desc: 'a segment holds NUL', path: 'root/ci\u0000mv2' },
    { desc: 'a segment holds a space', path: 'root/a b' },
    { desc: 'a segment holds a hyphen', path: 'root/a-b' },
    { desc: 'a segment holds U+FFF0', path: 'root/a\ufff0' },
    { desc: 'an over-long segment holds a space at its end', path: `root/${LONG} ` },
    { desc: 'the path is not a string', path: 42 },
  ];
  for (const c of refused) {
    it(`fails with WBEM_E_INVALID_NAMESPACE when ${c.desc}`, () => {
      assert.throws(() => normaliseNamespace(c.path), { hresult: WBEM_E_INVALID_NAMESPACE });
    });
  }

  it('gives one identity to every spelling when keyed', () => {
    assert.equal(namespaceKey(normaliseNamespace('ROOT\\CimV2')), 'root/cimv2');
    assert.equal(namespaceKey(normaliseNamespace('/root/cimv2')), 'root/cimv2');
  });

  it('splits off the last segment when the path has a parent', () => {
    assert.deepEqual(splitNamespace('root/a/b'), { parent: 'root/a', name: 'b' });
    assert.deepEqual(splitNamespace('root'), { parent: null, name: 'root' });
  });
});

describe('namespace path grammar: resolveNamespace (#pragma namespace)', () => {
  const resolved: { path: string; expect: string | undefined }[] = [
    { path: 'root/x', expect: 'root/x' },
    { path: 'root\\x', expect: 'root/x' },
    { path: 'ROOT/x', expect: 'ROOT/x' },
    { path: '//./root/x', expect: 'root/x' },
    { path: '\\\\server\\root\\x', expect: 'root/x' },
    { path: '//server/other/x', expect: 'other/x' },
    { path: 'child', expect: 'root/cimv2/child' },
    { path: 'child/', expect: 'root/cimv2/child' },
    { path: `root/${LONG}`, expect: `root/${LONG}` },
    { path: '//server', expect: undefined },
    { path: 'root//x', expect: undefined },
    { path: '', expect: undefined },
    { path: '..', expect: undefined },
    { path: 'root/../x', expect: undefined },
    { path: 'root/x\u0000', expect: undefined },
    { path: 'root/x\ufff0', expect: undefined },
  ];
  for (const c of resolved) {
    it(`resolves to ${String(c.expect).slice(0, 24)} when ${JSON.stringify(c.path.slice(0, 24))} is written in root/cimv2`, () => {
      assert.equal(resolveNamespace('root/cimv2', c.path), c.expect);
    });
  }

  it('fails with WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION when the pragma has an empty segment', () => {
    throwsMof(() => compileText('#pragma namespace("root//x")\nclass A {};'), {
      hresult: WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
      line: 1,
      column: 1,
    });
  });
});
