import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EngineOptions } from '../../src/cli/common-options.js';
import { placementFor } from '../../src/cli/start-engine.js';
import { type DataDirSession, dataDirSession, fixture } from './run-wbemrx.js';

const OPTIONS: EngineOptions = { dataDir: null, namespace: 'root/cimv2', hosts: undefined };

describe('startEngine placement', () => {
  it('places the host on the calling thread when a command runs one-shot', () => {
    assert.equal(placementFor(OPTIONS, 'one-shot'), 'calling-thread');
  });

  it('keeps worker hosts when --hosts is given to a one-shot command', () => {
    assert.equal(placementFor({ ...OPTIONS, hosts: 1 }, 'one-shot'), 'worker-threads');
  });

  it('keeps worker hosts when the command keeps running', () => {
    assert.equal(placementFor(OPTIONS, 'session'), 'worker-threads');
  });
});

// Each read verb, run with its host on the calling thread (the default) and on a worker
// (`--hosts 1`), on the same durable data directory: the output must be identical.
const READS: readonly (readonly string[])[] = [
  ['get-class', 'Test_Device'],
  ['get-class', 'Test_Device', '--json', '--local'],
  ['enum-classes'],
  ['namespaces'],
  ['instances', 'Test_Device'],
  ['get-instance', 'Test_Device.Name="dev0"', '--json'],
  ['query', 'SELECT * FROM Test_Device'],
  ['export', '--instances'],
];

describe('wbemrx read commands on the calling thread', () => {
  let session: DataDirSession;

  before(async () => {
    session = await dataDirSession('wbemrx-placement-');
    const load = await session.run('mofcomp', fixture('small.mof'));
    assert.equal(load.code, 0, load.stderr);
  });
  after(() => session.dispose());

  for (const args of READS) {
    it(`prints what worker hosts print when running ${args.join(' ')}`, async () => {
      const local = await session.run(...args);
      const workers = await session.run(...args, '--hosts', '1');
      assert.equal(local.code, 0, local.stderr);
      assert.equal(workers.code, 0, workers.stderr);
      assert.notEqual(local.stdout, '');
      assert.equal(local.stdout, workers.stdout);
    });
  }

  it('fails with WBEM_E_NOT_FOUND as worker hosts do when the class does not exist', async () => {
    const local = await session.run('get-class', 'Test_Missing');
    const workers = await session.run('get-class', 'Test_Missing', '--hosts', '1');
    assert.equal(local.code, 1);
    assert.match(local.stderr, /^WBEM_E_NOT_FOUND: /);
    assert.equal(local.stderr, workers.stderr);
  });
});

describe('wbemrx write commands on the calling thread', () => {
  let local: DataDirSession;
  let workers: DataDirSession;

  before(async () => {
    local = await dataDirSession('wbemrx-placement-');
    workers = await dataDirSession('wbemrx-placement-');
  });
  after(async () => {
    await local.dispose();
    await workers.dispose();
  });

  /** Timings (`in 20 ms`) differ from run to run; the rest of the output must not. */
  const untimed = (text: string): string => text.replace(/\d+ ms\b/g, 'N ms');

  /** Runs `args` in both data directories, on the calling thread and on a worker. */
  async function both(...args: string[]): Promise<void> {
    const one = await local.run(...args);
    const other = await workers.run(...args, '--hosts', '1');
    assert.equal(one.code, other.code, `${one.stderr}\n${other.stderr}`);
    assert.notEqual(one.stdout + one.stderr, '');
    assert.equal(untimed(one.stdout), untimed(other.stdout));
    assert.equal(untimed(one.stderr), untimed(other.stderr));
  }

  it('loads, reports and stores what worker hosts do when running mofcomp', async () => {
    await both('mofcomp', fixture('small.mof'));
    await both('mofcomp', '--force', fixture('last-class-fails.mof'));
    await both('export', '--instances');
  });

  it('deletes and reports what worker hosts do when running delete-class', async () => {
    await both('delete-class', 'Test_Device', '--yes');
    await both('delete-class', 'Test_Device', '--yes');
    await both('export', '--instances');
  });
});
