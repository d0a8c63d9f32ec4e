import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { cimInstance, WBEM_E_INVALID_NAMESPACE } from '../../src/index.js';
import { ensureObjectManager } from '../../src/server/object-manager.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { replay } from './helpers/captured-exchange.js';
import { startTestServer, type TestServer } from './helpers/cim-client.js';

function propertyValue(inst: XmlElement, name: string): string | undefined {
  const p = inst.children.find((c) => c.name === 'PROPERTY' && c.attrs['NAME'] === name);
  return p === undefined ? undefined : childNamed(p, 'VALUE')?.text;
}

/**
 * pywbem's `WBEMServer` (and so its `WBEMSubscriptionManager`) reads the one `CIM_ObjectManager`
 * of the interop namespace and takes its `SystemName` for the keys of the filters and
 * destinations it creates; the request is the one pywbem 1.9.0 sent.
 */
describe('CIM_ObjectManager in root/interop', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  async function objectManagers(): Promise<XmlElement[]> {
    const reply = await replay(t.client, '19-pywbem-EnumerateInstances-CIM_ObjectManager.txt');
    assert.equal(reply.error, undefined, reply.error?.description);
    return childrenNamed(reply.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE').map(
      (v) => childNamed(v, 'INSTANCE') as XmlElement,
    );
  }

  it('returns one instance naming this host when pywbem enumerates CIM_ObjectManager', async () => {
    const [om, ...more] = await objectManagers();
    assert.equal(more.length, 0);
    assert.equal(om?.attrs['CLASSNAME'], 'CIM_ObjectManager');
    assert.equal(propertyValue(om as XmlElement, 'SystemName'), hostname());
    assert.equal(propertyValue(om as XmlElement, 'CreationClassName'), 'CIM_ObjectManager');
    assert.equal(propertyValue(om as XmlElement, 'ElementName'), 'wbemrx');
  });

  it('keeps the instance there when the server starts again over the same repository', async () => {
    const svc = await t.engine.connectServer('root/interop');
    await svc.putInstance(
      cimInstance('CIM_ObjectManager', {
        SystemCreationClassName: 'CIM_ComputerSystem',
        SystemName: hostname(),
        CreationClassName: 'CIM_ObjectManager',
        Name: 'wbemrx',
        ElementName: 'renamed',
      }),
    );
    await ensureObjectManager(t.engine);
    const list = await objectManagers();
    assert.deepEqual(
      list.map((om) => propertyValue(om, 'ElementName')),
      ['renamed'],
    );
  });

  it('leaves root/interop alone when indications are off', async () => {
    const off = await startTestServer({ indications: false });
    try {
      await assert.rejects(off.engine.connectServer('root/interop'), {
        hresult: WBEM_E_INVALID_NAMESPACE,
      });
    } finally {
      await off.close();
    }
  });
});
