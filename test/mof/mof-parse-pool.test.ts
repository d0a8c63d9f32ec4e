import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MofParsePool } from '../../src/mof/loader/mof-parse-pool.js';
import { MofError } from '../../src/mof/mof-error.js';
import {
  WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_INVALID_PRAGMA,
} from '../../src/mof/mof-status.js';
import { compiledDmtf, DMTF_ENTRY, fixturePath } from './helpers/fixtures.js';
import { rejectsMof } from './helpers/mof-assert.js';

describe('MofParsePool', () => {
  const pool = new MofParsePool({ threads: 2, batchSize: 32 });
  after(() => pool.close());

  it('compiles the DMTF schema to the same operations as compileMof on one thread', async () => {
    const parallel = await pool.compile([DMTF_ENTRY], {});
    const single = compiledDmtf();
    assert.equal(parallel.classCount, 1438);
    assert.deepEqual(parallel.files, single.files);
    assert.deepEqual(parallel.operations, single.operations);
  });

  it('parses files to syntax trees and keeps each file error as a MofError', async () => {
    const truncated = fixturePath('mof/malformed/truncated.mof');
    const base = fixturePath('mof/tree/sub/base.mof');
    const results = await pool.parse([base, truncated, fixturePath('mof/nope.mof')]);
    assert.equal(results.size, 2);
    const tree = results.get(base);
    assert.ok(tree !== undefined && !(tree instanceof MofError));
    assert.equal(tree.declarations[0]?.kind, 'class');
    const error = results.get(truncated);
    assert.ok(error instanceof MofError);
    assert.deepEqual([error.hresult, error.line, error.column], [WBEMMOF_E_EXPECTED_SEMI, 4, 1]);
  });

  const failures: { file: string; hresult: number; at: string; line: number; column: number }[] = [
    {
      file: 'mof/malformed/includes-bad.mof',
      hresult: WBEMMOF_E_EXPECTED_SEMI,
      at: 'malformed/truncated.mof',
      line: 4,
      column: 1,
    },
    {
      file: 'mof/malformed/unknown-pragma.mof',
      hresult: WBEMMOF_E_INVALID_PRAGMA,
      at: 'malformed/unknown-pragma.mof',
      line: 2,
      column: 9,
    },
    {
      file: 'mof/malformed/missing-include.mof',
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      at: 'malformed/missing-include.mof',
      line: 2,
      column: 3,
    },
    {
      file: 'mof/cyclic/a.mof',
      hresult: WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
      at: 'cyclic/b.mof',
      line: 2,
      column: 1,
    },
  ];
  for (const c of failures) {
    it(`fails with the same positioned error as one thread when compiling ${c.file}`, async () => {
      const error = await rejectsMof(pool.compile([fixturePath(c.file)], {}), {
        hresult: c.hresult,
        line: c.line,
        column: c.column,
      });
      assert.ok(error.file.endsWith(c.at), error.file);
    });
  }
});
