/**
 * EnumerateClassNames over CIM-XML on a deep tree: the names are those of the classes
 * EnumerateClasses returns for the same arguments, in the same order, without the WMI system
 * classes from the top; an unknown class is refused as EnumerateClasses refuses it; the client's
 * `enumerateClassNames` reads the same names; DeleteClass still names a subclass it refuses for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CimXmlClient,
  cimClass,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_SHALLOW,
  WbemError,
} from '../../src/index.js';
import { classNamesOf } from '../../src/server/client/cim-xml-reply.js';
import { childrenNamed, parseXml } from '../../src/server/xml-tree.js';
import { className, param, startTestServer, type TestServer, value } from './helpers/cim-client.js';

const CIM_ERR_INVALID_CLASS = 5;
const CIM_ERR_CLASS_HAS_CHILDREN = 8;
const DEPTH = 40;

/** `ClassName` and `DeepInheritance` as given (absent when undefined). */
function params(name: string | undefined, deep: boolean | undefined): string {
  return (
    (name === undefined ? '' : param('ClassName', className(name))) +
    (deep === undefined ? '' : param('DeepInheritance', value(deep)))
  );
}

describe('EnumerateClassNames over CIM-XML', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    const svc = await t.engine.connectServer('root/cimv2');
    // A chain DEPTH deep below Srv_Root with a side class at every level, in varied case.
    await svc.putClass(cimClass({ name: 'Srv_Root' }));
    let parent = 'Srv_Root';
    for (let depth = 1; depth <= DEPTH; depth++) {
      const link = depth % 2 === 0 ? `SRV_LINK_${depth}` : `srv_link_${depth}`;
      await svc.putClass(cimClass({ name: link, superclass: parent }));
      await svc.putClass(cimClass({ name: `Srv_Side_${depth}`, superclass: parent }));
      parent = link;
    }
    await svc.putClass(cimClass({ name: 'Srv_Other' }));
  });
  after(() => t.close());

  const names = async (method: string, p: string): Promise<string[]> => {
    const reply = await t.client.call(method, p);
    assert.equal(reply.error, undefined, reply.error?.description);
    const element = method === 'EnumerateClassNames' ? 'CLASSNAME' : 'CLASS';
    const items = reply.returnValue === undefined ? [] : childrenNamed(reply.returnValue, element);
    return items.map((c) => c.attrs['NAME'] ?? '');
  };

  for (const name of [undefined, 'Srv_Root', 'srv_root', 'SRV_LINK_20', 'srv_link_39']) {
    for (const deep of [true, false, undefined]) {
      it(`gives the names of the classes EnumerateClasses gives when ClassName is ${name ?? 'absent'} and DeepInheritance ${deep ?? 'absent'}`, async () => {
        const listed = await names('EnumerateClassNames', params(name, deep));
        assert.deepEqual(listed, await names('EnumerateClasses', params(name, deep)));
        const svc = await t.engine.connectServer('root/cimv2');
        const flags = deep === true ? 0 : WBEM_FLAG_SHALLOW;
        const engine = (await svc.createClassEnum(name ?? null, flags)).map((c) => c.name);
        assert.deepEqual(
          listed,
          name === undefined ? engine.filter((n) => !n.startsWith('__')) : engine,
        );
      });
    }
  }

  it('lists the whole chain, parents before children, when DeepInheritance is true', async () => {
    const listed = await names('EnumerateClassNames', params('Srv_Root', true));
    assert.equal(listed.length, 2 * DEPTH);
    for (let depth = 2; depth <= DEPTH; depth++) {
      const link = depth % 2 === 0 ? `SRV_LINK_${depth}` : `srv_link_${depth}`;
      const above = depth % 2 === 1 ? `SRV_LINK_${depth - 1}` : `srv_link_${depth - 1}`;
      assert.ok(listed.indexOf(above) < listed.indexOf(link), `${above} before ${link}`);
    }
  });

  it('fails with CIM_ERR_INVALID_CLASS, as EnumerateClasses does, when the class does not exist', async () => {
    for (const method of ['EnumerateClassNames', 'EnumerateClasses']) {
      const reply = await t.client.call(method, params('Srv_Nothing', true));
      assert.equal(reply.error?.code, CIM_ERR_INVALID_CLASS, method);
    }
  });

  it('gives the client the same names when CimXmlClient.enumerateClassNames asks', async () => {
    const client = new CimXmlClient({
      url: `http://admin:admin-pw@127.0.0.1:${t.port}/root/cimv2`,
    });
    try {
      for (const [name, deep] of [
        [undefined, true],
        ['Srv_Root', true],
        ['srv_link_9', false],
      ] as const) {
        assert.deepEqual(
          await client.enumerateClassNames({
            ...(name === undefined ? {} : { className: name }),
            deepInheritance: deep,
          }),
          await names('EnumerateClassNames', params(name, deep)),
        );
      }
      assert.deepEqual(await client.enumerateClassNames({ className: 'SRV_LINK_40' }), []);
    } finally {
      client.close();
    }
  });

  it('fails with CIM_ERR_CLASS_HAS_CHILDREN naming a subclass when DeleteClass is not forced', async () => {
    const reply = await t.client.call('DeleteClass', params('SRV_LINK_38', undefined));
    assert.equal(reply.error?.code, CIM_ERR_CLASS_HAS_CHILDREN);
    assert.match(
      reply.error?.description ?? '',
      /SRV_LINK_38 has subclass (srv_link_39|Srv_Side_39)/,
    );
  });
});

describe('classNamesOf (CIM-XML client)', () => {
  it('fails with WBEM_E_INVALID_PARAMETER when a CLASSNAME has no NAME', () => {
    const reply = parseXml('<IRETURNVALUE><CLASSNAME NAME="A"/><CLASSNAME/></IRETURNVALUE>', {
      maxDepth: 10,
      maxElements: 100,
    });
    assert.throws(
      () => classNamesOf(reply),
      (e: unknown) => e instanceof WbemError && e.hresult === WBEM_E_INVALID_PARAMETER,
    );
    assert.deepEqual(classNamesOf(undefined), []);
  });
});
