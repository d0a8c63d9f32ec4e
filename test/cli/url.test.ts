import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type CimServer,
  cimClass,
  connectNamespace,
  startServer,
  WbemEngine,
} from '../../src/index.js';
import { testUsers } from '../server/helpers/cim-client.js';
import {
  type CliResult,
  type DataDirSession,
  dataDirSession,
  fixture,
  runWbemrx,
} from './run-wbemrx.js';

/** Local results are taken first: the server's engine then holds the same data directory. */
let session: DataDirSession;
let engine: WbemEngine;
let server: CimServer;
let url: string;
let adminUrl: string;
const local = new Map<string, CliResult>();

const CASES: Record<string, readonly string[]> = {
  'get-class': ['get-class', 'Test_Device'],
  'get-class --json': ['get-class', 'Test_Device', '--json'],
  'enum-classes': ['enum-classes'],
  'enum-classes Test_Element --shallow': ['enum-classes', 'Test_Element', '--shallow'],
  query: ['query', 'SELECT * FROM Test_Device'],
  export: ['export'],
};

before(async () => {
  session = await dataDirSession('wbemrx-url-');
  const loaded = await session.run('mofcomp', fixture('small.mof'));
  assert.equal(loaded.code, 0, loaded.stderr);
  for (const [name, args] of Object.entries(CASES)) local.set(name, await session.run(...args));
  // Reads are anonymous; the watch writes its subscription to root/interop, an administrator's
  // right, so it runs as one.
  const users = await testUsers();
  engine = await WbemEngine.start({
    storage: { path: session.dir },
    hosts: 1,
    security: { groups: Object.fromEntries(users.groups()) },
  });
  server = await startServer(engine, { port: 0, allowAnonymous: true, users });
  url = `http://127.0.0.1:${server.port}/root/cimv2`;
  adminUrl = `http://admin:admin-pw@127.0.0.1:${server.port}/root/cimv2`;
});

after(async () => {
  await server?.close();
  await engine?.shutdown();
  await session?.dispose();
});

const run = (args: readonly string[]): Promise<CliResult> =>
  import('./run-wbemrx.js').then((m) => m.runWbemrx([...args, '--url', url]));

describe('wbemrx --url', () => {
  for (const [name, args] of Object.entries(CASES)) {
    it(`prints what the local ${name} prints when acting on the server`, async () => {
      const expected = local.get(name) as CliResult;
      assert.equal(expected.code, 0, expected.stderr);
      const actual = await run(args);
      assert.equal(actual.code, 0, actual.stderr);
      // __PATH and __SERVER name the host: the local one's name, or the one the URL names.
      const host = (text: string): string =>
        text
          .replaceAll(/\\\\[^\\]+\\/g, '\\\\HOST\\')
          .replaceAll(/"__SERVER": "[^"]*"/g, '"__SERVER": "HOST"');
      assert.equal(host(actual.stdout), host(expected.stdout));
    });
  }

  it('prints the class creation a server makes when watching with --once', async () => {
    const watching = runWbemrx(['watch', '--once', '--url', adminUrl]);
    let ended: CliResult | undefined;
    void watching.then((r) => {
      ended = r;
    });
    // The subscription exists once the server has the destination's subscription instance.
    const interop = await connectNamespace(engine, 'root/interop', false);
    const deadline = Date.now() + 10_000;
    while ((await interop.createInstanceEnum('CIM_IndicationSubscription', 0)).length === 0) {
      assert.equal(ended, undefined, 'the watch ended before subscribing');
      assert.ok(Date.now() < deadline, 'the watch did not subscribe');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The server picks the new subscription up from the instance's own event, a moment after the
    // instance is stored: a class created in between is not watched yet. So classes are created
    // until the watch prints one; --once ends it then (lines already on their way still print).
    const svc = await connectNamespace(engine, 'root/cimv2', false);
    for (let n = 0; ended === undefined && n < 200; n++) {
      await svc.putClass(cimClass({ name: `Test_Watched${n}`, superclass: 'Test_Element' }), 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = await watching;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^(\S+ __ClassCreationEvent root\/cimv2 Test_Watched\d+\n)+$/);
    // The watch removed what it created on the server.
    assert.deepEqual(await interop.createInstanceEnum('CIM_IndicationSubscription', 0), []);
    assert.deepEqual(await interop.createInstanceEnum('CIM_IndicationFilter', 0), []);
    assert.deepEqual(await interop.createInstanceEnum('CIM_ListenerDestinationCIMXML', 0), []);
  });

  it('reports the HRESULT of the server when the class does not exist', async () => {
    const result = await run(['get-class', 'Test_Missing']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /WBEM_E_NOT_FOUND/);
  });

  it('reports WBEM_E_TRANSPORT_FAILURE when nothing listens at the URL', async () => {
    const { runWbemrx } = await import('./run-wbemrx.js');
    const result = await runWbemrx(['enum-classes', '--url', 'http://127.0.0.1:1/root/cimv2']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /WBEM_E_TRANSPORT_FAILURE/);
  });

  it('refuses a URL that is not http or https with WBEM_E_INVALID_PARAMETER', async () => {
    const { runWbemrx } = await import('./run-wbemrx.js');
    const result = await runWbemrx(['get-class', 'Test_Device', '--url', 'ftp://host/root']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /WBEM_E_INVALID_PARAMETER/);
  });
});
