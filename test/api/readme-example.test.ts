/** The README's "Using it from code" example, run as written (with a temporary data directory). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimProperty,
  hresultName,
  qualifier,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WBEM_S_NO_ERROR,
  WBEM_STATUS_COMPLETE,
  WbemEngine,
  type WbemEvent,
} from '../../src/index.js';

describe('README example', () => {
  it('creates, observes and reads a class through the three call forms', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wbemrx-readme-'));
    try {
      const engine = await WbemEngine.start({ storage: { path: dir }, hosts: 1 });
      const events: WbemEvent[] = [];
      const sub = engine.events$.subscribe((e) => events.push(e));
      await engine.createNamespace('root', 'cimv2');
      const svc = await engine.connectServer('root\\cimv2');
      const disk = cimClass({
        name: 'Acme_Disk',
        qualifiers: [qualifier('Description', 'A disk')],
        properties: [
          cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] }),
          cimProperty('Size', 'uint64'),
        ],
      });
      const finals: string[] = [];
      const done = new Promise<void>((resolve) => {
        const hr = svc.putClassAsync(disk, WBEM_FLAG_CREATE_ONLY | WBEM_FLAG_SEND_STATUS, null, {
          indicate() {},
          setStatus(flags, hResult) {
            if (flags === WBEM_STATUS_COMPLETE) {
              finals.push(hresultName(hResult));
              resolve();
            }
          },
        });
        assert.equal(hr, WBEM_S_NO_ERROR);
      });
      await done;
      assert.deepEqual(finals, ['WBEM_S_NO_ERROR']);
      await new Promise<void>((resolve, reject) =>
        svc
          .putClass$(disk, WBEM_FLAG_UPDATE_SAFE_MODE)
          .subscribe({ error: reject, complete: resolve }),
      );
      await svc.putClass(disk, WBEM_FLAG_UPDATE_SAFE_MODE);
      const resolved = await svc.getClass('Acme_Disk');
      assert.equal(resolved.systemProperties?.__PATH?.endsWith('\\root\\cimv2:Acme_Disk'), true);
      sub.unsubscribe();
      assert.deepEqual(
        events.filter((e) => e.targetClass?.name === 'Acme_Disk').map((e) => e.eventClass),
        ['__ClassCreationEvent', '__ClassModificationEvent', '__ClassModificationEvent'],
      );
      await engine.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
