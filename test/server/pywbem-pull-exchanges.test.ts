import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadMof } from '../../src/index.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { replay } from './helpers/captured-exchange.js';
import {
  type CimReply,
  param,
  startTestServer,
  type TestServer,
  value,
} from './helpers/cim-client.js';

const ACME = fileURLToPath(
  new URL('../../../test/fixtures/mof/associations/acme.mof', import.meta.url),
);

function outParam(reply: CimReply, name: string): string | undefined {
  const p = reply.response.children.find(
    (c) => c.name === 'PARAMVALUE' && c.attrs['NAME'] === name,
  );
  return p === undefined ? undefined : (childNamed(p, 'VALUE')?.text ?? '');
}

function returned(reply: CimReply): readonly XmlElement[] {
  assert.equal(reply.error, undefined, reply.error?.description);
  return reply.returnValue?.children ?? [];
}

function propertyValue(inst: XmlElement, name: string): string | undefined {
  const p = inst.children.find((c) => c.name === 'PROPERTY' && c.attrs['NAME'] === name);
  return p === undefined ? undefined : childNamed(p, 'VALUE')?.text;
}

/** The class and first key value of each `INSTANCEPATH`. */
function pathKeys(paths: readonly XmlElement[]): string[] {
  return paths.map((p) => {
    const name = childNamed(p, 'INSTANCENAME') as XmlElement;
    const key = childNamed(name, 'KEYBINDING') as XmlElement;
    const v = childNamed(key, 'KEYVALUE')?.text ?? childNamed(key, 'VALUE.REFERENCE')?.name;
    return `${name.attrs['CLASSNAME']}:${key.attrs['NAME']}=${v}`;
  });
}

/**
 * The pull requests pywbem 1.9.0 sends that the server did not serve (captured through a logging
 * proxy, `Authorization` removed): OpenQueryInstances answered instances with paths and no
 * PullInstances continued it; OpenAssociatorInstancePaths and OpenReferenceInstancePaths were
 * CIM_ERR_NOT_SUPPORTED.
 */
describe('pywbem pull requests (OpenQueryInstances, PullInstances, Open*InstancePaths)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    const svc = await t.engine.connectServer('root/cimv2');
    await loadMof(svc, [{ path: 'acme.mof', text: readFileSync(ACME, 'utf8') }]);
  });
  after(async () => {
    await t.close();
  });

  /** A captured request, sent with `context` as its EnumerationContext when given. */
  function send(file: string, context?: string): Promise<CimReply> {
    return replay(t.client, file, (body) =>
      context === undefined
        ? body
        : body.replace(
            /(<IPARAMVALUE NAME="EnumerationContext"><VALUE>)[^<]*/,
            (_, open: string) => `${open}${context}`,
          ),
    );
  }

  it('returns INSTANCEs without paths, continued by PullInstances, when pywbem opens a WQL query', async () => {
    const open = await send('15-pywbem-OpenQueryInstances-Acme_Disk.txt');
    const first = returned(open);
    assert.deepEqual(
      first.map((e) => e.name),
      ['INSTANCE'],
    );
    assert.equal(outParam(open, 'EndOfSequence'), 'FALSE');
    const context = outParam(open, 'EnumerationContext') ?? assert.fail('no context');
    const pull = await send('16-pywbem-PullInstances.txt', context);
    const rest = returned(pull);
    assert.ok(rest.every((e) => e.name === 'INSTANCE'));
    assert.equal(outParam(pull, 'EndOfSequence'), 'TRUE');
    assert.deepEqual([...first, ...rest].map((i) => propertyValue(i, 'Id')).sort(), [
      'd1',
      'd2',
      's1',
    ]);
  });

  it('fails with CIM_ERR_INVALID_ENUMERATION_CONTEXT (21) when PullInstancesWithPath continues a query', async () => {
    const open = await send('15-pywbem-OpenQueryInstances-Acme_Disk.txt');
    const context = outParam(open, 'EnumerationContext') ?? '';
    const pull = await t.client.call(
      'PullInstancesWithPath',
      param('EnumerationContext', value(context)) + param('MaxObjectCount', value(5)),
    );
    assert.equal(pull.error?.code, 21);
    await t.client.call('CloseEnumeration', param('EnumerationContext', value(context)));
  });

  it('fails with CIM_ERR_INVALID_ENUMERATION_CONTEXT (21) when PullInstances continues an instance enumeration', async () => {
    const open = await t.client.call(
      'OpenEnumerateInstances',
      param('ClassName', '<CLASSNAME NAME="Acme_Disk"/>') + param('MaxObjectCount', value(1)),
    );
    const context = outParam(open, 'EnumerationContext') ?? '';
    const pull = await send('16-pywbem-PullInstances.txt', context);
    assert.equal(pull.error?.code, 21);
  });

  it('returns INSTANCEPATHs, continued by PullInstancePaths, when pywbem opens associator paths', async () => {
    const open = await send('17-pywbem-OpenAssociatorInstancePaths-Acme_Host.txt');
    const first = returned(open);
    assert.equal(first.length, 1);
    assert.equal(first[0]?.name, 'INSTANCEPATH');
    const pull = await t.client.call(
      'PullInstancePaths',
      param('EnumerationContext', value(outParam(open, 'EnumerationContext') ?? '')) +
        param('MaxObjectCount', value(10)),
    );
    assert.equal(outParam(pull, 'EndOfSequence'), 'TRUE');
    assert.deepEqual(pathKeys([...first, ...returned(pull)]).sort(), [
      'Acme_Disk:Id=d1',
      'Acme_Disk:Id=d2',
      'Acme_SSD:Id=s1',
    ]);
  });

  it('returns the association paths when pywbem opens reference paths with a Role', async () => {
    const open = await send('18-pywbem-OpenReferenceInstancePaths-Acme_Host.txt');
    const pull = await t.client.call(
      'PullInstancePaths',
      param('EnumerationContext', value(outParam(open, 'EnumerationContext') ?? '')) +
        param('MaxObjectCount', value(10)),
    );
    const paths = [...returned(open), ...returned(pull)];
    assert.equal(paths.length, 3);
    assert.ok(paths.every((p) => p.name === 'INSTANCEPATH'));
    assert.deepEqual(
      paths.map((p) => childNamed(p, 'INSTANCENAME')?.attrs['CLASSNAME']),
      ['Acme_HostDisk', 'Acme_HostDisk', 'Acme_HostDisk'],
    );
    for (const p of paths) {
      const name = childNamed(p, 'INSTANCENAME') as XmlElement;
      const host = childrenNamed(name, 'KEYBINDING').find((k) => k.attrs['NAME'] === 'Host');
      assert.ok(host !== undefined && childNamed(host, 'VALUE.REFERENCE') !== undefined);
    }
  });
});
