import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('wbemrx mofcomp --url', () => {
  let targetDir: DataDirSession;
  let target: WbemEngine;
  let targetServer: CimServer;
  let targetUrl: string;
  before(async () => {
    const users = await testUsers();
    // Durable storage, as the local session's: it lists qualifier declarations in its own order.
    targetDir = await dataDirSession('wbemrx-url-target-');
    target = await WbemEngine.start({
      storage: { path: targetDir.dir },
      hosts: 1,
      security: { groups: Object.fromEntries(users.groups()) },
    });
    targetServer = await startServer(target, { port: 0, users });
    targetUrl = `http://admin:admin-pw@127.0.0.1:${targetServer.port}/root/cimv2`;
  });
  after(async () => {
    await targetServer?.close();
    await target?.shutdown();
    await targetDir?.dispose();
  });

  it('loads a MOF that every reading verb then prints as it prints the MOF loaded locally', async () => {
    const loaded = await runWbemrx(['mofcomp', fixture('small.mof'), '--url', targetUrl]);
    assert.equal(loaded.code, 0, loaded.stderr);
    assert.match(
      loaded.stdout,
      /loaded into root\/cimv2 in .*: 2 classes created, 0 updated, 3 qualifier declarations, 1 instance/,
    );
    for (const [name, args] of Object.entries(CASES)) {
      const expected = local.get(name) as CliResult;
      const actual = await runWbemrx([...args, '--url', targetUrl]);
      assert.equal(actual.code, 0, actual.stderr);
      const host = (text: string): string =>
        text
          .replaceAll(/\\\\[^\\]+\\/g, '\\\\HOST\\')
          .replaceAll(/"__SERVER": "[^"]*"/g, '"__SERVER": "HOST"');
      assert.equal(host(actual.stdout), host(expected.stdout), name);
    }
  });

  it('fails as the local load fails, file:line:col and quote included, until --force is given', async () => {
    const modes = await dataDirSession('wbemrx-url-modes-');
    try {
      assert.equal((await modes.run('mofcomp', fixture('small.mof'))).code, 0);
      for (const [flags, hresult] of [
        [[], 'WBEM_E_CLASS_HAS_CHILDREN'],
        [['--safe'], 'WBEM_E_CLASS_HAS_INSTANCES'],
      ] as const) {
        const expected = await modes.run('mofcomp', ...flags, fixture('update-element.mof'));
        assert.equal(expected.code, 1);
        const actual = await runWbemrx([
          'mofcomp',
          ...flags,
          fixture('update-element.mof'),
          '--url',
          targetUrl,
        ]);
        assert.equal(actual.code, 1);
        assert.match(actual.stderr, new RegExp(`^${hresult}: .*update-element\\.mof:\\d+:\\d+`));
        assert.equal(actual.stderr, expected.stderr);
      }
      const forced = await runWbemrx([
        'mofcomp',
        '--force',
        fixture('update-element.mof'),
        '--url',
        targetUrl,
      ]);
      assert.equal(forced.code, 0, forced.stderr);
      assert.match(forced.stdout, /0 classes created, 1 updated/);
      const cls = await runWbemrx(['get-class', 'Test_Device', '--url', targetUrl]);
      assert.match(cls.stdout, /string Added; \/\/ inherited from Test_Element/);
    } finally {
      await modes.dispose();
    }
  });

  it('rolls an --atomic load back on the server when a statement fails', async () => {
    const before = await runWbemrx(['export', '--instances', '--url', targetUrl]);
    assert.equal(before.code, 0, before.stderr);
    const failed = await runWbemrx([
      'mofcomp',
      '--atomic',
      '--force',
      fixture('last-class-fails.mof'),
      '--url',
      targetUrl,
    ]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^--atomic: load failed, namespace restored/m);
    assert.match(failed.stderr, /WBEM_E_NOT_FOUND: .*last-class-fails\.mof:\d+:\d+/);
    const after = await runWbemrx(['export', '--instances', '--url', targetUrl]);
    assert.equal(after.stdout, before.stdout);
  });

  it('creates the namespace of a #pragma namespace on the server, which namespaces --url then lists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-url-ns-'));
    try {
      const file = join(dir, 'other.mof');
      await writeFile(
        file,
        String.raw`#pragma namespace("\\\\.\\root\\new")` +
          '\nclass Acme_Thing { [key] string Id; };\n',
      );
      const rootUrl = targetUrl.replace(/\/root\/cimv2$/, '/root');
      const loaded = await runWbemrx(['mofcomp', file, '--url', rootUrl]);
      assert.equal(loaded.code, 0, loaded.stderr);
      const listed = await runWbemrx(['enum-classes', '--url', `${rootUrl}/new`]);
      assert.equal(listed.stdout, 'Acme_Thing\n');
      const namespaces = await runWbemrx(['namespaces', '--url', rootUrl]);
      assert.equal(namespaces.code, 0, namespaces.stderr);
      assert.equal(namespaces.stdout, 'root\nroot/cimv2\nroot/interop\nroot/new\n');
      const shallow = await runWbemrx(['namespaces', 'root/new', '--shallow', '--url', rootUrl]);
      assert.equal(shallow.code, 0, shallow.stderr);
      assert.equal(shallow.stdout, '');
      // Loaded again, the namespace exists and the class is updated in place.
      const again = await runWbemrx(['mofcomp', file, '--url', rootUrl]);
      assert.equal(again.code, 0, again.stderr);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with WBEM_E_ACCESS_DENIED at the statement and creates nothing when the user may not create the namespace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-url-denied-'));
    try {
      const file = join(dir, 'denied.mof');
      await writeFile(
        file,
        '#pragma namespace("root/cimv2/denied")\nclass Acme_Thing { [key] string Id; };\n',
      );
      const readerUrl = targetUrl.replace('admin:admin-pw@', 'reader:reader-pw@');
      const loaded = await runWbemrx(['mofcomp', file, '--url', readerUrl]);
      assert.equal(loaded.code, 1);
      assert.match(
        loaded.stderr,
        /^WBEM_E_ACCESS_DENIED: .*denied\.mof:2:1: .*namespace root\/cimv2\/denied does not exist on the server, and this user may not create it/,
      );
      const namespaces = await runWbemrx(['namespaces', '--url', targetUrl]);
      assert.equal(namespaces.stdout, 'root/cimv2\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('removes from the server the namespaces an --atomic load created when a later statement fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-url-atomic-ns-'));
    try {
      const file = join(dir, 'bad.mof');
      await writeFile(
        file,
        [
          String.raw`#pragma namespace("\\\\.\\root\\cimv2")`,
          'instance of __Namespace { Name = "atom"; };',
          '#pragma namespace("atom")',
          'instance of __Namespace { Name = "inner"; };',
          '#pragma namespace("inner")',
          'class A { [key] string Id; };',
          // Fails on the server: UPDATE_ONLY of a class it does not have.
          '#pragma classflags("updateonly")',
          'class B { [key] string Id; };',
        ].join('\n'),
      );
      const before = await runWbemrx(['namespaces', '--url', targetUrl]);
      const failed = await runWbemrx(['mofcomp', '--atomic', file, '--url', targetUrl]);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /WBEM_E_NOT_FOUND: .*bad\.mof:8:1/);
      assert.match(failed.stderr, /namespace restored/);
      const after = await runWbemrx(['namespaces', '--url', targetUrl]);
      assert.equal(after.code, 0, after.stderr);
      assert.equal(after.stdout, before.stdout);
      assert.doesNotMatch(after.stdout, /atom/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with WBEM_E_INVALID_PROPERTY as the local load does when an instance names a property its class lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-url-prop-'));
    const local = await dataDirSession('wbemrx-url-prop-local-');
    try {
      const file = join(dir, 'prop.mof');
      await writeFile(
        file,
        'class Test_Prop { [key] string Id; };\ninstance of Test_Prop { Id = "x"; Nope = 1; };\n',
      );
      const expected = await local.run('mofcomp', file);
      assert.equal(expected.code, 1);
      const actual = await runWbemrx(['mofcomp', file, '--url', targetUrl]);
      assert.equal(actual.code, 1);
      assert.match(
        actual.stderr,
        /^WBEM_E_INVALID_PROPERTY: .*prop\.mof:2:1: .*Test_Prop has no property "Nope"/,
      );
      assert.equal(actual.stderr, expected.stderr);
    } finally {
      await local.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing to the server when --dry-run is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wbemrx-url-dry-'));
    try {
      const file = join(dir, 'dry.mof');
      await writeFile(
        file,
        'class Test_DryBase { [key] string Id; };\nclass Test_Dry : Test_DryBase { uint32 Size; };\n',
      );
      const result = await runWbemrx(['mofcomp', '--dry-run', file, '--url', targetUrl]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /2 classes, 0 instances \(dry run: nothing written\)/);
      const read = await runWbemrx(['get-class', 'Test_DryBase', '--url', targetUrl]);
      assert.equal(read.code, 1);
      assert.match(read.stderr, /^WBEM_E_NOT_FOUND/);
      // A superclass neither the MOF nor the server has is reported at its statement.
      await writeFile(file, 'class Test_Dry : Test_DryBase { uint32 Size; };\n');
      const missing = await runWbemrx(['mofcomp', '--dry-run', file, '--url', targetUrl]);
      assert.equal(missing.code, 1);
      assert.match(
        missing.stderr,
        /^WBEM_E_NOT_FOUND: .*dry\.mof:1:1: superclass Test_DryBase of Test_Dry is not declared in the MOF nor present in root\/cimv2/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER when --namespace is given with --url', async () => {
    const result = await runWbemrx([
      'mofcomp',
      fixture('small.mof'),
      '--namespace',
      'root/x',
      '--url',
      targetUrl,
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^WBEM_E_INVALID_PARAMETER: --namespace does not apply with --url/);
  });
});
