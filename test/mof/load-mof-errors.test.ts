/**
 * What `loadMof` and `wbemrx mofcomp` report past the compiler: a put the engine rejects is
 * positioned and quoted like a syntax error, and `--rules dmtf` reaches the compiler's strict
 * reference check (decision A23).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  loadMof,
  MofError,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_NOT_FOUND,
  WbemEngine,
} from '../../src/index.js';
import { runWbemrx } from '../cli/run-wbemrx.js';

const BASE = `#pragma namespace("\\\\\\\\.\\\\root\\\\errs")
class Err_Base
{
    [key] string Id;
};
`;

/** Line 4 is the second declaration; `createonly` makes the engine, not the compiler, refuse it. */
const AGAIN = `#pragma namespace("\\\\\\\\.\\\\root\\\\errs")
#pragma classflags("createonly")

    class Err_Base
{
    [key] string Id;
};
`;

/** A strongly typed reference to a class neither the MOF nor the repository has. */
const DANGLING = `class Err_Link
{
    [key] string Id;
    Err_Missing ref Target;
};
`;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wbemrx-load-errors-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadMof', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    await loadMof(engine, [{ path: 'base.mof', text: BASE }], { parseThreads: 0 });
  });
  after(async () => {
    await engine.shutdown();
  });

  it('quotes the declaration with a caret when the engine rejects a put of a MOF given as text', async () => {
    await assert.rejects(
      loadMof(engine, [{ path: 'again.mof', text: AGAIN }], { parseThreads: 0 }),
      (e: unknown) => {
        assert.ok(e instanceof MofError);
        assert.equal(e.hresult, WBEM_E_ALREADY_EXISTS);
        assert.deepEqual([e.file, e.line, e.column], ['again.mof', 4, 5]);
        assert.equal(e.excerpt, '      class Err_Base\n      ^');
        assert.match(
          e.message,
          /^WBEM_E_ALREADY_EXISTS: again\.mof:4:5: .*\n {6}class Err_Base\n {6}\^$/,
        );
        return true;
      },
    );
  });

  it('quotes the declaration read back from disk when the rejected MOF is a UTF-16 file', async () => {
    const file = join(dir, 'again-utf16.mof');
    await writeFile(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(AGAIN, 'utf16le')]),
    );
    await assert.rejects(loadMof(engine, [file], { parseThreads: 0 }), (e: unknown) => {
      assert.ok(e instanceof MofError);
      assert.equal(e.hresult, WBEM_E_ALREADY_EXISTS);
      assert.equal(e.file, file);
      assert.equal(e.excerpt, '      class Err_Base\n      ^');
      return true;
    });
  });

  it('loads a reference to an absent class under wmi rules and refuses it with WBEM_E_NOT_FOUND under dmtf rules', async () => {
    await assert.rejects(
      loadMof(engine, [{ path: 'link.mof', text: DANGLING }], {
        parseThreads: 0,
        namespace: 'root/errs',
        rules: 'dmtf',
      }),
      (e: unknown) => {
        assert.ok(e instanceof MofError);
        assert.equal(e.hresult, WBEM_E_NOT_FOUND);
        assert.equal(e.line, 4);
        return true;
      },
    );
    const summary = await loadMof(engine, [{ path: 'link.mof', text: DANGLING }], {
      parseThreads: 0,
      namespace: 'root/errs',
    });
    assert.equal(summary.classesCreated, 1);
  });
});

describe('wbemrx mofcomp', () => {
  it('refuses a reference to an absent class, quoting it, when --rules dmtf is given', async () => {
    const file = join(dir, 'dangling.mof');
    await writeFile(file, DANGLING);
    const strict = await runWbemrx(['mofcomp', file, '--memory', '--rules', 'dmtf']);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /WBEM_E_NOT_FOUND: .*dangling\.mof:4:5: .*Err_Missing/);
    assert.match(strict.stderr, /\n {6}Err_Missing ref Target;\n {6}\^/);
    const loose = await runWbemrx(['mofcomp', file, '--memory']);
    assert.equal(loose.code, 0, loose.stderr);
  });

  it('quotes the declaration with a caret when the engine rejects a put', async () => {
    const base = join(dir, 'base.mof');
    const again = join(dir, 'again.mof');
    await writeFile(base, BASE);
    await writeFile(again, AGAIN);
    const result = await runWbemrx(['mofcomp', base, again, '--memory']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /WBEM_E_ALREADY_EXISTS: .*again\.mof:4:5: /);
    assert.match(result.stderr, /\n {6}class Err_Base\n {6}\^/);
  });
});
