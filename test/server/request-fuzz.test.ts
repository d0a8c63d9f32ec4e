/**
 * Fuzz test of the CIM-XML server's request path (`wbemrx serve`): captured pywbem and
 * sblim-wbemcli requests and written ones (`helpers/fuzz-templates.ts`), mutated element by
 * element, byte by byte and header by header (`helpers/request-mutations.ts`), plus random bytes
 * and random CIM-XML-shaped documents, are sent to one server: one after the other over a
 * keep-alive connection, then in batches at once, then by clients that hang up mid-request.
 * Every answer must be what DSP0200 allows (`helpers/fuzz-exchange.ts`), within the deadline,
 * with no uncaught exception or unhandled rejection in the process; a write that fails must
 * change nothing; after the campaign the server must still serve known good requests, and every
 * class it holds and their instances must read.
 *
 * Environment (all optional):
 *   WBEMRX_FUZZ_SEED         fast-check seed (default 1412); a failure prints the seed and path
 *   WBEMRX_FUZZ_RUNS         requests to send one after the other (default 250, a few seconds;
 *                            campaigns use 20,000+), then a quarter as many batches of 2 to 6
 *                            sent at once, and a tenth as many clients that hang up mid-request
 *   WBEMRX_FUZZ_DEADLINE_MS  how long one request may take before it counts as a hang (5,000)
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadMof, type WbemServices } from '../../src/index.js';
import { instancesOf } from '../../src/server/client/cim-xml-reply.js';
import { childNamed, childrenNamed, type XmlElement } from '../../src/server/xml-tree.js';
import { className, param, startTestServer, type TestServer, value } from './helpers/cim-client.js';
import { fuzzRequest } from './helpers/fuzz-arbitraries.js';
import { callOf, checkAnswer, sendAndHangUp, sendRaw } from './helpers/fuzz-exchange.js';
import { fuzzSchemaMof, requestTemplates } from './helpers/fuzz-templates.js';
import { repositoryDigest } from './helpers/repository-digest.js';
import { type FuzzRequest, wireRequest } from './helpers/request-mutations.js';

const env = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};
const SEED = env('WBEMRX_FUZZ_SEED', 1412);
const RUNS = env('WBEMRX_FUZZ_RUNS', 250);
const DEADLINE_MS = env('WBEMRX_FUZZ_DEADLINE_MS', 5_000);
/** The operations that change the repository (lower case). */
const WRITES = new Set(
  ['CreateClass', 'ModifyClass', 'DeleteClass', 'CreateInstance', 'ModifyInstance']
    .concat(['DeleteInstance', 'SetQualifier', 'DeleteQualifier'])
    .map((m) => m.toLowerCase()),
);
const methodOf = (body: Buffer): string => callOf(body).method?.toLowerCase() ?? '';

/** The context an open or pull answered, which the next pull templates continue. */
const OPENED = /<PARAMVALUE NAME="EnumerationContext"[^>]*><VALUE>([^<]+)<\/VALUE>/;

/** A template as it is, unmutated. */
const fuzzRequestOf = (template: number): FuzzRequest => ({
  kind: 'mutated',
  template,
  tree: [],
  bytes: [],
  headers: [],
  messageId: null,
  methodName: null,
  method: 'POST',
  path: '/cimom',
});

/** Every namespace below `root`, `root` included, as the engine lists `__NAMESPACE`. */
async function namespaces(t: TestServer): Promise<string[]> {
  const all: string[] = [];
  const pending = ['root'];
  while (pending.length > 0) {
    const ns = pending.shift() as string;
    all.push(ns);
    const svc = await t.engine.connectServer(ns);
    for (const child of await svc.createInstanceEnum('__NAMESPACE', 0x1)) {
      pending.push(`${ns}/${String(child.properties.get('name')?.value)}`);
    }
  }
  return all;
}

describe('CIM-XML request path: fuzzed requests', () => {
  let t: TestServer;
  /** One keep-alive connection, for requests one after the other. */
  let serial: Agent;
  /** Up to six connections, for batches sent at once. */
  let parallel: Agent;
  const templates = requestTemplates();
  const faults: unknown[] = [];
  const onFault = (fault: unknown): void => {
    faults.push(fault);
  };

  before(async () => {
    t = await startTestServer();
    serial = new Agent({ keepAlive: true, maxSockets: 1 });
    parallel = new Agent({ keepAlive: true, maxSockets: 6 });
    const svc = await t.engine.connectServer('root/cimv2');
    await loadMof(svc, [{ path: 'fuzz.mof', text: fuzzSchemaMof() }]);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
  });
  after(async () => {
    process.off('uncaughtException', onFault);
    process.off('unhandledRejection', onFault);
    serial.destroy();
    parallel.destroy();
    await t.close();
  });

  const tally = new Map<string, number>();
  const codes = new Map<number, number>();
  let context = '';
  /** The repository as the last write left it (`repositoryDigest`), while requests go one by one. */
  let digest: string | undefined;

  /**
   * Sends one request and checks its answer; the error names the request. One at a time, a write
   * that fails must leave the repository as it was.
   */
  async function exchange(request: FuzzRequest, agent: Agent): Promise<void> {
    const wire = wireRequest(request, templates, context);
    const preview = `${wire.method} ${wire.path} ${JSON.stringify(wire.headers)} ${wire.body.toString('utf8').slice(0, 400)}`;
    let kind: string;
    try {
      const answer = await sendRaw(t.port, agent, wire, DEADLINE_MS);
      kind = checkAnswer(answer, wire, codes);
      if (digest !== undefined && answer.status === 200 && WRITES.has(methodOf(wire.body))) {
        const now = await repositoryDigest(t.engine);
        if (kind === 'cim-error')
          assert.equal(now, digest, 'a failed write changed the repository');
        digest = now;
      }
      context = OPENED.exec(answer.body.toString('utf8'))?.[1] ?? context;
      if (kind === 'http-error') kind = `${answer.status} ${answer.headers['cimerror'] ?? ''}`;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nrequest: ${preview}`, { cause: error });
    }
    tally.set(kind, (tally.get(kind) ?? 0) + 1);
    assert.deepEqual(faults, [], `uncaught in the process after: ${preview}`);
  }

  it('answers with a DSP0200 result, CIM error or HTTP error, within the deadline, when requests come one after the other', async (ctx) => {
    digest = await repositoryDigest(t.engine);
    try {
      await fc.assert(
        fc.asyncProperty(fuzzRequest(templates.length), (request) => exchange(request, serial)),
        { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
      );
    } finally {
      digest = undefined;
    }
    ctx.diagnostic(
      `seed ${SEED}, ${RUNS} requests: ${JSON.stringify(Object.fromEntries(tally))}, CIM codes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])))}`,
    );
    // The campaign reaches the operations, not only the envelope checks.
    assert.ok(
      (tally.get('result') ?? 0) > 0,
      `no request succeeded: ${JSON.stringify([...tally])}`,
    );
    assert.ok(
      (tally.get('cim-error') ?? 0) > 0,
      'no request reached an operation and failed there',
    );
    const refused = [...tally].filter(([k]) => /^\d/.test(k)).reduce((n, [, v]) => n + v, 0);
    assert.ok(refused > 0, 'no request was refused at the HTTP level');
  });

  it('answers every request when several arrive at once on their own connections', async () => {
    const batch = fc.array(fuzzRequest(templates.length), { minLength: 2, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(batch, async (requests) => {
        await Promise.all(requests.map((r) => exchange(r, parallel)));
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 4), includeErrorInReport: true },
    );
  });

  it('keeps serving when clients hang up mid-request or before their answer', async () => {
    const hangUp = fc.record({
      request: fuzzRequest(templates.length),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
      waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
    });
    const probe = fuzzRequestOf(templates.findIndex((x) => x.label.startsWith('10-')));
    await fc.assert(
      fc.asyncProperty(hangUp, async ({ request, cut, waitMs }) => {
        const wire = wireRequest(request, templates, context);
        await sendAndHangUp(t.port, wire, Math.round(cut * wire.body.length), waitMs);
        await exchange(probe, serial);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 10), includeErrorInReport: true },
    );
  });

  it('serves GetClass, EnumerateInstances and a CreateClass/DeleteClass round trip when the campaign is over', async () => {
    await t.engine.ensureNamespace('root/cimv2');
    const ns = 'root/cimv2';
    const probe = `<CLASS NAME="Fuzz_Probe"><PROPERTY NAME="Id" TYPE="string"><QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></PROPERTY><PROPERTY NAME="N" TYPE="uint32"><VALUE>3</VALUE></PROPERTY></CLASS>`;
    const created = await t.client.call('CreateClass', param('NewClass', probe), ns);
    assert.equal(created.error, undefined, created.error?.description);
    const got = await t.client.call('GetClass', param('ClassName', className('Fuzz_Probe')), ns);
    assert.equal(got.error, undefined, got.error?.description);
    const cls = childNamed(got.returnValue as XmlElement, 'CLASS');
    assert.equal(cls?.attrs['NAME'], 'Fuzz_Probe');
    const inst = `<INSTANCE CLASSNAME="Fuzz_Probe"><PROPERTY NAME="Id" TYPE="string"><VALUE>p1</VALUE></PROPERTY></INSTANCE>`;
    const put = await t.client.call('CreateInstance', param('NewInstance', inst), ns);
    assert.equal(put.error, undefined, put.error?.description);
    const listed = await t.client.call(
      'EnumerateInstances',
      param('ClassName', className('Fuzz_Probe')) + param('DeepInheritance', value(true)),
      ns,
    );
    assert.equal(listed.error, undefined, listed.error?.description);
    const named = childrenNamed(listed.returnValue as XmlElement, 'VALUE.NAMEDINSTANCE');
    assert.equal(named.length, 1);
    const deleted = await t.client.call(
      'DeleteClass',
      param('ClassName', className('Fuzz_Probe')),
      ns,
    );
    assert.equal(
      deleted.error?.code,
      9,
      'a class with an instance is refused (CLASS_HAS_INSTANCES)',
    );
    const svc: WbemServices = await t.engine.connectServer(ns);
    await svc.deleteInstance('Fuzz_Probe.Id="p1"');
    const again = await t.client.call(
      'DeleteClass',
      param('ClassName', className('Fuzz_Probe')),
      ns,
    );
    assert.equal(again.error, undefined, again.error?.description);
    const gone = await t.client.call('GetClass', param('ClassName', className('Fuzz_Probe')), ns);
    assert.equal(gone.error?.code, 6);
  });

  it('reads every class with GetClass and its instances with EnumerateInstances when the campaign is over', async () => {
    let read = 0;
    for (const ns of await namespaces(t)) {
      const svc = await t.engine.connectServer(ns);
      const names = await svc.enumerateClassNames(null);
      const known = new Set(names.map((n) => n.toLowerCase()));
      for (const name of names) {
        const reply = await t.client.call('GetClass', param('ClassName', className(name)), ns);
        assert.equal(reply.error, undefined, `${ns}:${name}: ${reply.error?.description}`);
        const cls = childNamed(reply.returnValue as XmlElement, 'CLASS') as XmlElement;
        assert.equal(cls.attrs['NAME']?.toLowerCase(), name.toLowerCase());
        const superclass = cls.attrs['SUPERCLASS'];
        if (superclass !== undefined)
          assert.ok(
            known.has(superclass.toLowerCase()),
            `${ns}:${name} has no superclass ${superclass}`,
          );
        if (!name.startsWith('__')) {
          const listed = await t.client.call(
            'EnumerateInstances',
            param('ClassName', className(name)) + param('DeepInheritance', value(false)),
            ns,
          );
          assert.equal(listed.error, undefined, `${ns}:${name}: ${listed.error?.description}`);
          // Every stored value the server writes, its own client reads back. (DSP0200's
          // DeepInheritance trims subclasses' properties, not their instances.)
          const stored = await svc.createInstanceEnum(name, 0);
          const got = instancesOf(listed.returnValue);
          if (ns !== 'root/interop') assert.equal(got.length, stored.length, `${ns}:${name}`);
        }
        read++;
      }
    }
    assert.ok(read > 0);
  });

  it('raises no uncaught exception or unhandled rejection when the whole run is over', async () => {
    // Late failures (a write finishing after its client hung up) surface within a turn or two.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(faults, []);
  });
});
