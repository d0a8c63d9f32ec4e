/**
 * What a host loads before its first call, and the turns it loads on first use: WQL on the first
 * query, the provider runtime on the first provider call. A host's module graph is loaded before
 * it answers anything (by a worker before the engine has started, by a one-shot command before
 * its read), so neither belongs in it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import type { CimObject } from '../../src/model/cim-value.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { startEngine } from './helpers/engine-fixture.js';

const REGISTER = new URL('./helpers/register-module-log.js', import.meta.url).href;
const ACTOR_HOST = new URL('../../src/runtime/actor-host.js', import.meta.url).href;

/** The URLs of the modules a fresh process loads to import `url`. */
function moduleGraphOf(url: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'wbemrx-module-log-'));
  try {
    const log = join(dir, 'modules.txt');
    const run = spawnSync(
      process.execPath,
      ['--import', REGISTER, '--input-type=module', '-e', `await import(${JSON.stringify(url)});`],
      { encoding: 'utf8', env: { ...process.env, WBEMRX_MODULE_LOG: log }, timeout: 30_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('actor host module graph', () => {
  let graph: string[];

  before(() => {
    graph = moduleGraphOf(ACTOR_HOST);
  });

  it('holds the host itself and the schema when imported', () => {
    assert.ok(graph.includes(ACTOR_HOST), 'the hooks saw the host module');
    assert.ok(graph.some((url) => url.endsWith('/src/schema/put-class.js')));
  });

  it('holds no WQL module when imported', () => {
    assert.deepEqual(
      graph.filter((url) => url.includes('/src/wql/')),
      [],
    );
  });

  it('holds neither the provider runtime nor child_process when imported', () => {
    assert.deepEqual(
      graph.filter(
        (url) =>
          url.endsWith('/src/providers/provider-host.js') ||
          url.endsWith('/src/providers/spawn-sandbox.js') ||
          url === 'node:child_process',
      ),
      [],
    );
  });
});

const names = (objects: readonly CimObject[]): string[] =>
  objects.map((o) => (o.genus === 1 ? o.name : o.className)).sort();

function plainClass(name: string) {
  return cimClass({ name, properties: [cimProperty('Value', 'uint32')] });
}

describe('ExecQuery as the first query of a host', () => {
  let engine: WbemEngine;
  let svc: WbemServices;

  before(async () => {
    engine = await startEngine({ hosts: 1 });
    svc = await engine.connectServer('root');
  });
  after(() => engine.shutdown());

  it('sees the writes sent before it and none sent after it when all are sent at once', async () => {
    const before = ['Lazy_A', 'Lazy_B', 'Lazy_C'].map((name) =>
      svc.putClass(plainClass(name), WBEM_FLAG_CREATE_ONLY),
    );
    const query = svc.execQuery("SELECT * FROM meta_class WHERE __CLASS LIKE 'Lazy_%'");
    const later = svc.putClass(plainClass('Lazy_D'), WBEM_FLAG_CREATE_ONLY);
    await Promise.all([...before, later]);
    assert.deepEqual(names(await query), ['Lazy_A', 'Lazy_B', 'Lazy_C']);
    const again = await svc.execQuery("SELECT * FROM meta_class WHERE __CLASS LIKE 'Lazy_%'");
    assert.deepEqual(names(again), ['Lazy_A', 'Lazy_B', 'Lazy_C', 'Lazy_D']);
  });
});
