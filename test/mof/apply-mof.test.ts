import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyMof } from '../../src/mof/apply-mof.js';
import { MofError } from '../../src/mof/mof-error.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../src/wbem/flags.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_FAILED,
  WBEM_E_INVALID_PARAMETER,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { compileText } from './helpers/memory-files.js';
import { rejectsMof } from './helpers/mof-assert.js';
import { recordingTarget } from './helpers/recording-target.js';

const MOF = `Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
#pragma classflags("createonly")
class Leaf2 : Mid {};
class Mid : Root { [Key] string Id; };
class Root {};
class Other { Root REF R; };
#pragma classflags("updateonly", "safeupdate")
class Late : Root {};
#pragma namespace("root/second")
class Root {};
#pragma instanceflags("createonly")
instance of Root {};
`;

describe('applyMof', () => {
  it('puts qualifiers, then classes after their dependencies, then instances, with pragma flags', async () => {
    const target = recordingTarget();
    const result = await applyMof(compileText(MOF).operations, target, { window: 1 });
    assert.deepEqual(
      target.puts.map((p) => `${p.kind}:${p.namespace}:${p.name}:${p.flags}`),
      [
        'qualifier:root/cimv2:Key:0',
        `class:root/cimv2:Root:${WBEM_FLAG_CREATE_ONLY}`,
        `class:root/second:Root:${WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE}`,
        `class:root/cimv2:Mid:${WBEM_FLAG_CREATE_ONLY}`,
        `class:root/cimv2:Other:${WBEM_FLAG_CREATE_ONLY}`,
        `class:root/cimv2:Late:${WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE}`,
        `class:root/cimv2:Leaf2:${WBEM_FLAG_CREATE_ONLY}`,
        `instance:root/second:Root:${WBEM_FLAG_CREATE_ONLY}`,
      ],
    );
    assert.deepEqual(result, { qualifiers: 1, classes: 6, instances: 1 });
    assert.equal(target.maxInFlight, 1);
  });

  it('keeps several puts of one level in flight when the window allows it, never crossing a level', async () => {
    const target = recordingTarget();
    const ops = compileText(MOF).operations;
    await applyMof(ops, target, { window: 8 });
    assert.equal(target.maxInFlight, 3);
    const position = (name: string): number =>
      target.puts.findIndex(
        (p) => p.kind === 'class' && p.name === name && p.namespace === 'root/cimv2',
      );
    assert.ok(position('Root') < position('Mid') && position('Mid') < position('Leaf2'));
    assert.ok(position('Root') < position('Other'));
  });

  it('reports progress from 0 to the total when every put succeeds', async () => {
    const seen: [number, number][] = [];
    await applyMof(compileText(MOF).operations, recordingTarget(), {
      onProgress: (done, total) => seen.push([done, total]),
    });
    assert.deepEqual(seen[0], [0, 8]);
    assert.deepEqual(seen.at(-1), [8, 8]);
    assert.equal(seen.length, 9);
  });

  it('fails with the put HRESULT at the MOF position of the failing class and starts no later put', async () => {
    const target = recordingTarget((name) =>
      name === 'Mid'
        ? new WbemError(WBEM_E_ALREADY_EXISTS, { message: 'class Mid already exists' })
        : undefined,
    );
    const error = await rejectsMof(applyMof(compileText(MOF).operations, target, { window: 1 }), {
      hresult: WBEM_E_ALREADY_EXISTS,
      file: 'main.mof',
      line: 4,
      column: 1,
      reason: /class Mid in root\/cimv2 failed: class Mid already exists/,
    });
    assert.ok(error.cause instanceof WbemError);
    assert.ok(!target.started.includes('Leaf2'));
    assert.ok(!target.started.includes('Other'));
  });

  it('fails with WBEM_E_FAILED when the target throws something other than a WbemError', async () => {
    const target = recordingTarget((name) => (name === 'Key' ? new TypeError('boom') : undefined));
    const error = await rejectsMof(applyMof(compileText(MOF).operations, target), {
      hresult: WBEM_E_FAILED,
      line: 1,
      column: 1,
    });
    assert.ok(error instanceof MofError);
    assert.deepEqual(target.started, ['Key']);
  });

  it('waits for puts already in flight when one of them fails', async () => {
    const target = recordingTarget(
      (name) => (name === 'Other' ? new WbemError(WBEM_E_FAILED) : undefined),
      5,
    );
    await rejectsMof(applyMof(compileText(MOF).operations, target, { window: 8 }), {
      hresult: WBEM_E_FAILED,
      line: 6,
    });
    const settled = target.puts.map((p) => p.name);
    assert.ok(
      settled.includes('Mid') && settled.includes('Late'),
      `in-flight puts finished: ${settled.join(',')}`,
    );
    assert.ok(!target.started.includes('Leaf2'));
  });

  it('finishes one declaration of a qualifier before starting its redeclaration', async () => {
    const target = recordingTarget();
    const ops = compileText(
      'Qualifier A : string, Scope(any);\nQualifier B : string, Scope(any);\nQualifier A : sint32, Scope(any);',
    ).operations;
    await applyMof(ops, target, { window: 8 });
    assert.deepEqual(
      target.puts.map((p) => p.name),
      ['A', 'B', 'A'],
    );
    assert.equal(target.maxInFlight, 2);
  });

  for (const window of [0, -1, 1.5, Number.NaN]) {
    it(`fails with WBEM_E_INVALID_PARAMETER when the window is ${window}`, async () => {
      const target = recordingTarget();
      await assert.rejects(
        applyMof(compileText(MOF).operations, target, { window }),
        (e: unknown) =>
          e instanceof WbemError &&
          e.hresult === WBEM_E_INVALID_PARAMETER &&
          e.message.includes(`window must be a positive integer, got ${window}`),
      );
      assert.equal(target.started.length, 0);
    });
  }

  it('does nothing and reports 0 of 0 when there are no operations', async () => {
    const seen: number[][] = [];
    const result = await applyMof([], recordingTarget(), {
      onProgress: (d, t) => seen.push([d, t]),
    });
    assert.deepEqual(result, { qualifiers: 0, classes: 0, instances: 0 });
    assert.deepEqual(seen, [[0, 0]]);
  });
});
