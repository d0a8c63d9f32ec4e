import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  compileMof,
  defaultParseThreads,
  loadMof,
  MofError,
  type MofRollbackOutcome,
  PARSE_POOL_MIN_CORES,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
  WbemEngine,
} from '../../src/index.js';
import { fixturePath } from './helpers/fixtures.js';

const TREE = fixturePath('mof/tree/main.mof');

function mof(text: string): { path: string; text: string } {
  return { path: 'inline.mof', text };
}

describe('compileMof (public loader)', () => {
  it('compiles to the same operations on the parse pool as on this thread when parseThreads is 1', async () => {
    const single = await compileMof([TREE], { parseThreads: 0 });
    const pooled = await compileMof([TREE], { parseThreads: 1 });
    assert.ok(single.classCount > 0);
    assert.deepEqual(pooled.operations, single.operations);
    assert.deepEqual(pooled.files, single.files);
  });

  it('leaves the pool off by default when the machine has fewer cores than the threshold', () => {
    assert.equal(defaultParseThreads(1), 0);
    assert.equal(defaultParseThreads(2), 0);
    assert.equal(defaultParseThreads(PARSE_POOL_MIN_CORES - 1), 0);
    assert.equal(defaultParseThreads(PARSE_POOL_MIN_CORES), PARSE_POOL_MIN_CORES - 1);
  });

  for (const parseThreads of [-1, 1.5, 257, Number.NaN]) {
    it(`fails with WBEM_E_INVALID_PARAMETER when parseThreads is ${parseThreads}`, async () => {
      await assert.rejects(compileMof([TREE], { parseThreads }), {
        hresult: WBEM_E_INVALID_PARAMETER,
      });
    });
  }

  it('fails with a positioned MofError when an entry cannot be read', async () => {
    await assert.rejects(compileMof([fixturePath('mof/nope.mof')], { parseThreads: 0 }), (e) => {
      return e instanceof MofError;
    });
  });
});

describe('loadMof', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
  });
  after(() => engine.shutdown());

  it('loads the include tree into every namespace it names when given a starting engine', async () => {
    // The tree updates Ex_Other in root/other (`updateonly`): it has to exist first.
    await loadMof(engine, [mof('class Ex_Other { [Key] string Id; };')], {
      namespace: 'root/other',
    });
    const progress: [number, number][] = [];
    const summary = await loadMof(Promise.resolve(engine), [TREE], {
      namespace: 'root/loadtree',
      onProgress: (done, total) => progress.push([done, total]),
    });
    assert.deepEqual(summary.namespaces, ['root/loadtree', 'root/other']);
    assert.equal(summary.classesCreated + summary.classesUpdated > 0, true);
    const last = progress.at(-1);
    assert.ok(last !== undefined && last[0] === last[1]);
    const other = await engine.connectServer('root/other');
    assert.equal((await other.getClass('Ex_Other')).name, 'Ex_Other');
  });

  it('writes nothing when dryRun is set', async () => {
    await engine.createNamespace('root', 'dry');
    const summary = await loadMof(engine, [mof('class Ex_Dry { string P; };')], {
      namespace: 'root/dry',
      dryRun: true,
    });
    assert.equal(summary.classesCreated, 1);
    const svc = await engine.connectServer('root/dry');
    await assert.rejects(svc.getClass('Ex_Dry'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('loads into the namespace of the services when given services', async () => {
    await engine.createNamespace('root', 'svc');
    const svc = await engine.connectServer('root/svc');
    const summary = await loadMof(svc, [mof('class Ex_Svc { string P; };')]);
    assert.deepEqual(summary.namespaces, ['root/svc']);
    assert.equal((await svc.getClass('Ex_Svc')).name, 'Ex_Svc');
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when given services and the MOF names another namespace', async () => {
    const svc = await engine.connectServer('root/svc');
    const text = '#pragma namespace("root/elsewhere")\nclass Ex_Far { string P; };';
    await assert.rejects(loadMof(svc, [mof(text)]), { hresult: WBEM_E_INVALID_NAMESPACE });
  });

  it('restores the namespace when an atomic load fails with WBEM_E_ALREADY_EXISTS', async () => {
    await engine.createNamespace('root', 'atomic');
    const svc = await engine.connectServer('root/atomic');
    await loadMof(svc, [mof('class Ex_Keep { string P; };')]);
    const outcomes: MofRollbackOutcome[] = [];
    const text =
      'class Ex_New { string Q; };\nclass Ex_New2 : Ex_New { string R; };\n#pragma classflags("createonly")\nclass Ex_Keep { string P; };';
    await assert.rejects(
      loadMof(svc, [mof(text)], { atomic: true, onRollback: (o) => outcomes.push(o) }),
      { hresult: WBEM_E_ALREADY_EXISTS },
    );
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]?.kind, 'restored');
    await assert.rejects(svc.getClass('Ex_New'), { hresult: WBEM_E_NOT_FOUND });
    assert.equal((await svc.getClass('Ex_Keep')).name, 'Ex_Keep');
  });
});
