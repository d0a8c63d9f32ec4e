import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemEvent } from '../../src/model/wbem-event.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { sampleClass, startEngine } from '../runtime/helpers/engine-fixture.js';

let engine: WbemEngine;
before(async () => {
  engine = await startEngine({ fake: true });
});
after(() => engine.shutdown());

describe('WbemEngine namespaces', () => {
  it('connects to root, which exists from the start', async () => {
    assert.equal((await engine.connectServer('root')).namespace, 'root');
    assert.equal((await engine.connectServer('ROOT')).namespace, 'root');
  });

  it('accepts root\\cimv2 and root/cimv2 in any case, as a new repository has it', async () => {
    for (const spelling of ['root\\cimv2', 'root/cimv2', 'ROOT\\CIMV2', '\\root\\CimV2\\']) {
      assert.equal(
        (await engine.connectServer(spelling, { user: 'alice' })).namespace,
        'root/cimv2',
      );
    }
  });

  it('fails with WBEM_E_ALREADY_EXISTS when createNamespace names root/cimv2 in another case', async () => {
    await assert.rejects(engine.createNamespace('root', 'CimV2'), (e: unknown) => {
      return e instanceof WbemError && e.hresult === WBEM_E_ALREADY_EXISTS;
    });
  });

  it('creates missing parents and keeps existing spellings when ensureNamespace is called twice', async () => {
    assert.equal(await engine.ensureNamespace('ROOT/CIMV2/Ensure/Deep'), 'root/cimv2/Ensure/Deep');
    assert.equal(
      await engine.ensureNamespace('root\\cimv2\\ensure\\deep'),
      'root/cimv2/Ensure/Deep',
    );
    await engine.deleteNamespace('root/cimv2/Ensure');
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when ensureNamespace is given a path outside root', async () => {
    await assert.rejects(engine.ensureNamespace('other/x'), (e: unknown) => {
      return e instanceof WbemError && e.hresult === WBEM_E_INVALID_NAMESPACE;
    });
  });

  const invalid: readonly [string, string][] = [
    ['fails with WBEM_E_INVALID_NAMESPACE when the namespace does not exist', 'root/nowhere'],
    ['fails with WBEM_E_INVALID_NAMESPACE when the path is not under root', 'other/cimv2'],
    ['fails with WBEM_E_INVALID_NAMESPACE when a segment is malformed', 'root/ci mv2'],
  ];
  for (const [title, path] of invalid) {
    it(title, async () => {
      await assert.rejects(engine.connectServer(path), { hresult: WBEM_E_INVALID_NAMESPACE });
    });
  }

  it('fails with WBEM_E_ALREADY_EXISTS when the namespace exists (any case)', async () => {
    await engine.createNamespace('root', 'dup');
    await assert.rejects(engine.createNamespace('root', 'DUP'), { hresult: WBEM_E_ALREADY_EXISTS });
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the name is not one segment', async () => {
    await assert.rejects(engine.createNamespace('root', 'a/b'), {
      hresult: WBEM_E_INVALID_PARAMETER,
    });
    await assert.rejects(engine.createNamespace('root', ''), { hresult: WBEM_E_INVALID_PARAMETER });
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when deleting a namespace that does not exist', async () => {
    await assert.rejects(engine.deleteNamespace('root/never'), {
      hresult: WBEM_E_INVALID_NAMESPACE,
    });
  });

  it('fails with WBEM_E_INVALID_NAMESPACE when creating under a parent that does not exist', async () => {
    await assert.rejects(engine.createNamespace('root/never', 'child'), {
      hresult: WBEM_E_INVALID_NAMESPACE,
    });
  });

  it('fails with WBEM_E_INVALID_OPERATION when deleting root', async () => {
    await assert.rejects(engine.deleteNamespace('root'), { hresult: WBEM_E_INVALID_OPERATION });
  });

  it('keeps namespaces apart: a class in one is not in another', async () => {
    await engine.createNamespace('root', 'left');
    await engine.createNamespace('root', 'right');
    const left = await engine.connectServer('root/left');
    const right = await engine.connectServer('root/right');
    await left.putClass(sampleClass('OnlyLeft'));
    await assert.rejects(right.getClass('OnlyLeft'), { hresult: WBEM_E_NOT_FOUND });
  });

  it('deletes a namespace with its children and their data, raising the events in the parents', async () => {
    const seen: WbemEvent[] = [];
    const sub = engine.events$.subscribe((e) => seen.push(e));
    await engine.createNamespace('root', 'gone');
    await engine.createNamespace('root/gone', 'child');
    const child = await engine.connectServer('root/gone/child');
    await child.putClass(sampleClass('InChild'));
    await engine.deleteNamespace('root\\GONE');
    // A subscriber paced on a busy machine gets what was raised before it leaves.
    engine.flushEvents();
    sub.unsubscribe();
    await assert.rejects(engine.connectServer('root/gone'), { hresult: WBEM_E_INVALID_NAMESPACE });
    await assert.rejects(engine.connectServer('root/gone/child'), {
      hresult: WBEM_E_INVALID_NAMESPACE,
    });
    await assert.rejects(child.getClass('InChild'), { hresult: WBEM_E_INVALID_NAMESPACE });
    assert.deepEqual(
      seen
        .filter((e) => e.eventClass.startsWith('__Namespace'))
        .map((e) => [e.eventClass, e.namespace, e.targetNamespace]),
      [
        ['__NamespaceCreationEvent', 'root', 'root/gone'],
        ['__NamespaceCreationEvent', 'root/gone', 'root/gone/child'],
        ['__NamespaceDeletionEvent', 'root', 'root/gone'],
      ],
    );
    // Re-created, it starts empty: the children's data was dropped.
    await engine.createNamespace('root', 'gone');
    await engine.createNamespace('root/gone', 'child');
    const again = await engine.connectServer('root/gone/child');
    await assert.rejects(again.getClass('InChild'), { hresult: WBEM_E_NOT_FOUND });
  });
});
