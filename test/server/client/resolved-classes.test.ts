import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CimXmlClient,
  cimClass,
  cimInstance,
  cimProperty,
  loadMof,
  qualifier,
  toJson,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  type WbemServices,
} from '../../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/cim-client.js';

const MOF = `
Qualifier Description : string = null, Scope(any), Flavor(Translatable);
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(Restricted);
Qualifier Units : string = null, Scope(property, method, parameter), Flavor(ToSubclass);
Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride);

[Abstract, Description("base")]
class Acme_Base
{
  [Key, Description("the key")] string Id;
  [Units("bytes")] uint32 Size = 7;
  uint32 Reset([In, ID(0), Description("hard")] boolean Hard);
};

[Description("child")]
class Acme_Child : Acme_Base
{
  [Description("overridden")] uint32 Size = 9;
  string Label;
};

class Acme_Grandchild : Acme_Child
{
  sint64 Extra;
};
`;

/** Forwards to the server, counting intrinsic calls by method name. */
async function countingProxy(
  port: number,
): Promise<{ server: Server; url: string; calls: Map<string, number> }> {
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const method = String(req.headers['cimmethod'] ?? '');
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const out = request(
      { port, host: '127.0.0.1', path: req.url, method: req.method, headers: req.headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 500, reply.headers);
        reply.pipe(res);
      },
    );
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return { server, url: `http://admin:admin-pw@127.0.0.1:${own}/root/cimv2`, calls };
}

/** JSON with the host names (`__SERVER`, `__PATH`) made comparable. */
function comparable(text: string): string {
  return text
    .replaceAll(/\\\\\\\\[^\\]+\\\\/g, '\\\\\\\\HOST\\\\')
    .replaceAll(/"__SERVER": "[^"]*"/g, '"__SERVER": "HOST"');
}

describe('CimXmlClient class views', () => {
  let t: TestServer;
  let svc: WbemServices;
  let client: CimXmlClient;
  before(async () => {
    t = await startTestServer();
    svc = await t.engine.connectServer('root/cimv2');
    await loadMof(svc, [{ path: 'acme.mof', text: MOF }]);
    client = new CimXmlClient({ url: `http://admin:admin-pw@127.0.0.1:${t.port}/root/cimv2` });
  });
  after(async () => {
    client.close();
    await t.close();
  });

  for (const name of ['Acme_Base', 'Acme_Child', 'Acme_Grandchild']) {
    it(`equals the engine's getClass of ${name} when read with LocalOnly=false and class origins`, async () => {
      const remote = await client.getClass(name, {
        localOnly: false,
        includeQualifiers: true,
        includeClassOrigin: true,
      });
      assert.equal(comparable(toJson(remote)), comparable(toJson(await svc.getClass(name))));
    });
  }

  it('keeps inherited members with their origin and inherited qualifiers marked propagated when read resolved', async () => {
    const child = await client.getClass('Acme_Grandchild', {
      localOnly: false,
      includeClassOrigin: true,
    });
    const id = child.properties.get('id');
    assert.equal(id?.propagated, true);
    assert.equal(id?.classOrigin, 'Acme_Base');
    const key = id?.qualifiers.get('key');
    assert.ok(key !== undefined && (key.flavor & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0);
    assert.equal(child.properties.get('extra')?.propagated, false);
    assert.equal(child.methods.get('reset')?.classOrigin, 'Acme_Base');
    assert.deepEqual(child.systemProperties?.__DERIVATION, ['Acme_Child', 'Acme_Base']);
    assert.equal(child.systemProperties?.__DYNASTY, 'Acme_Base');
  });

  it('reads a class 1,100 levels down a chain with its whole derivation', async () => {
    await t.engine.ensureNamespace('root/deepchain');
    const deep = await t.engine.connectServer('root/deepchain');
    const depth = 1100;
    for (let i = 0; i < depth; i++) {
      await deep.putClass(
        cimClass({
          name: `Deep_C${i}`,
          superclass: i === 0 ? null : `Deep_C${i - 1}`,
          properties:
            i === 0 ? [cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] })] : [],
        }),
      );
    }
    const remote = new CimXmlClient({
      url: `http://admin:admin-pw@127.0.0.1:${t.port}/root/deepchain`,
    });
    try {
      const leaf = await remote.getClass(`Deep_C${depth - 1}`, {
        localOnly: false,
        includeClassOrigin: true,
      });
      assert.equal(leaf.systemProperties?.__DERIVATION?.length, depth - 1);
      assert.equal(leaf.systemProperties?.__DYNASTY, 'Deep_C0');
      assert.equal(leaf.properties.get('id')?.classOrigin, 'Deep_C0');
    } finally {
      remote.close();
      await t.engine.deleteNamespace('root/deepchain');
    }
  });

  it('returns only local members when read with LocalOnly=true', async () => {
    const child = await client.getClass('Acme_Child', { localOnly: true });
    assert.deepEqual([...child.properties.keys()].sort(), ['label', 'size']);
    assert.equal(child.methods.size, 0);
  });

  it('creates, modifies and deletes an instance whose key the class inherits', async () => {
    const path = await client.createInstance(
      cimInstance('Acme_Grandchild', { Id: 'g1', Label: 'first', Extra: 5 }),
    );
    assert.equal(path, 'Acme_Grandchild.Id="g1"');
    const stored = await svc.getInstance('Acme_Grandchild.Id="g1"');
    assert.equal(stored.properties.get('label')?.value, 'first');
    await client.modifyInstance(cimInstance('Acme_Grandchild', { Id: 'g1', Label: 'second' }));
    assert.equal(
      (await svc.getInstance('Acme_Grandchild.Id="g1"')).properties.get('label')?.value,
      'second',
    );
    await client.deleteInstance(path);
    await assert.rejects(svc.getInstance('Acme_Grandchild.Id="g1"'), /NOT_FOUND/);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when a modified instance lacks a key value', async () => {
    await assert.rejects(
      client.modifyInstance(cimInstance('Acme_Grandchild', { Label: 'no key' })),
      (e: unknown) =>
        e instanceof Error &&
        /WBEM_E_INVALID_PARAMETER|needs a value for its key Id/.test(e.message),
    );
  });

  it('reads a class once per namespace to type instance values, and again after a class write', async () => {
    const proxy = await countingProxy(t.port);
    const counted = new CimXmlClient({ url: proxy.url });
    try {
      for (const id of ['c1', 'c2', 'c3'])
        await counted.createInstance(cimInstance('Acme_Child', { Id: id }));
      await counted.deleteInstance('Acme_Child.Id="c1"');
      // One resolved read of Acme_Child, one light read of each ancestor for __DERIVATION.
      assert.equal(proxy.calls.get('GetClass'), 2);
      await counted.createClass(cimClass({ name: 'Acme_Other' }));
      const before = proxy.calls.get('GetClass') ?? 0;
      await counted.deleteInstance('Acme_Child.Id="c2"');
      assert.ok((proxy.calls.get('GetClass') ?? 0) > before, 'the class was not read again');
    } finally {
      counted.close();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('acts on another namespace over the same connection when given withNamespace', async () => {
    await t.engine.ensureNamespace('root/acme');
    const other = await t.engine.connectServer('root/acme');
    await loadMof(other, [{ path: 'acme.mof', text: MOF }]);
    const view = client.withNamespace('root\\acme');
    assert.equal(view.namespace, 'root/acme');
    await view.createInstance(cimInstance('Acme_Child', { Id: 'there' }));
    assert.equal((await other.createInstanceEnum('Acme_Child')).length, 1);
    assert.equal(
      (await svc.createInstanceEnum('Acme_Child', 0)).some(
        (i) => i.properties.get('id')?.value === 'there',
      ),
      false,
    );
    const cls = await view.getClass('Acme_Child', { localOnly: false });
    assert.equal(cls.systemProperties?.__NAMESPACE, 'root\\acme');
  });
});
