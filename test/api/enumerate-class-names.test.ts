/**
 * `WbemServices.enumerateClassNames` through the whole engine: for random class trees put,
 * updated and deleted through the API, in memory and in a durable repository, it lists exactly
 * the names `createClassEnum` returns, in its order; it refuses what `createClassEnum` refuses,
 * with the same HRESULT and message, rights included; the names cross every wire encoding and
 * the calling-thread placement unchanged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { WbemEngineOptions } from '../../src/api/engine-options.js';
import { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import { classNamesOf, classNamesParam } from '../../src/runtime/protocol.js';
import { ace } from '../../src/security/security-descriptor.js';
import {
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_SHALLOW,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_USE_AMENDED_QUALIFIERS,
} from '../../src/wbem/flags.js';
import { WBEM_ENABLE, WBEM_REMOTE_ACCESS } from '../../src/wbem/security.js';
import { hresultName } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { adminOwnedRoot } from '../security/helpers/admin-root.js';

const root = mkdtempSync(join(tmpdir(), 'wbemrx-api-names-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Eps_1', 'Zeta', 'Ünïcode'];
const SPELL = [(n: string) => n, (n: string) => n.toUpperCase(), (n: string) => n.toLowerCase()];
const FLAGS = [0, WBEM_FLAG_SHALLOW];

type Op =
  | { kind: 'put'; name: number; spelling: number; parent: number | null; force: boolean }
  | { kind: 'chain'; names: number[]; spelling: number }
  | { kind: 'delete'; name: number; spelling: number };

const index = fc.nat(NAMES.length - 1);
const spelling = fc.nat(SPELL.length - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      name: index,
      spelling,
      parent: fc.option(index, { freq: 3 }),
      force: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('chain' as const),
      names: fc.uniqueArray(index, { minLength: 2, maxLength: NAMES.length }),
      spelling,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), name: index, spelling }),
  },
);

const spelled = (at: number, how: number): string =>
  SPELL[how % SPELL.length]?.(NAMES[at] ?? 'Alpha') ?? 'Alpha';

/** Runs a write; a refusal (a WbemError) leaves the tree as it was. */
async function tryWrite(work: Promise<unknown>): Promise<boolean> {
  try {
    await work;
    return true;
  } catch (error) {
    if (error instanceof WbemError) return false;
    throw error;
  }
}

async function apply(svc: WbemServices, step: Op, at: number): Promise<void> {
  const put = (name: string, parent: string | null, force: boolean) =>
    tryWrite(
      svc.putClass(
        cimClass({ name, superclass: parent, properties: [cimProperty(`P${at}`, 'string')] }),
        force ? WBEM_FLAG_UPDATE_FORCE_MODE : 0,
      ),
    );
  switch (step.kind) {
    case 'put':
      await put(
        spelled(step.name, step.spelling),
        step.parent === null ? null : spelled(step.parent, step.spelling),
        step.force,
      );
      return;
    case 'delete':
      await tryWrite(svc.deleteClass(spelled(step.name, step.spelling)));
      return;
    case 'chain': {
      let parent: string | null = null;
      for (const [i, name] of step.names.entries()) {
        const spelt = spelled(name, step.spelling + i);
        if (!(await put(spelt, parent, false))) return;
        parent = spelt;
      }
    }
  }
}

/** The names, or the HRESULT and message of the refusal. */
async function outcome(work: () => Promise<readonly string[]>): Promise<unknown> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WbemError) return `${hresultName(error.hresult)}: ${error.message}`;
    throw error;
  }
}

/** Every superclass argument tried: the top, each name in two spellings, absent and system ones. */
const SUPERCLASSES: readonly (string | null)[] = [
  null,
  '',
  ...NAMES,
  ...NAMES.map((n) => n.toLowerCase()),
  'No_Such_Class',
  '__SystemClass',
  '__Event',
];

async function assertSameAsCreateClassEnum(
  svc: WbemServices,
  superclasses: readonly unknown[] = SUPERCLASSES,
  flags: readonly number[] = FLAGS,
): Promise<void> {
  for (const superclass of superclasses) {
    for (const f of flags) {
      const arg = superclass as string | null;
      const names = await outcome(() => svc.enumerateClassNames(arg, f));
      const classes = await outcome(async () =>
        (await svc.createClassEnum(arg, f)).map((c) => c.name),
      );
      assert.deepEqual(names, classes, `superclass ${String(superclass)}, flags ${f}`);
    }
  }
}

const STORAGES: readonly (readonly [string, () => NonNullable<WbemEngineOptions['storage']>])[] = [
  ['memory', () => 'memory'],
  ['a durable repository', () => ({ path: mkdtempSync(join(root, 'durable-')) })],
];

describe('EnumerateClassNames (WbemServices)', () => {
  for (const [where, storage] of STORAGES) {
    it(`lists exactly the names createClassEnum returns, in its order, when random trees are put, updated and deleted in ${where}`, async () => {
      const engine = await WbemEngine.start({ storage: storage(), hosts: 1 });
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
            const ns = `n${run++}`;
            await engine.createNamespace('root', ns);
            const svc = await engine.connectServer(`root/${ns}`);
            for (const [at, step] of ops.entries()) {
              await apply(svc, step, at);
              if (at % 3 === 2) await assertSameAsCreateClassEnum(svc);
            }
            await assertSameAsCreateClassEnum(svc);
            await engine.deleteNamespace(`root/${ns}`);
          }),
          { numRuns: 12 },
        );
      } finally {
        await engine.shutdown();
      }
    });
  }
});

describe('EnumerateClassNames: refusals', () => {
  let engine: WbemEngine;
  let svc: WbemServices;
  before(async () => {
    engine = await WbemEngine.start({
      storage: 'memory',
      hosts: 1,
      security: {
        rootDescriptor: adminOwnedRoot(
          ace('allow', 'reader', WBEM_ENABLE),
          ace('allow', 'revoked', WBEM_ENABLE | WBEM_REMOTE_ACCESS),
          ace('allow', 'local_only', WBEM_ENABLE),
        ),
      },
    });
    svc = await engine.connectServer('root');
    await svc.putClass(cimClass({ name: 'Refuse_Base' }));
    await svc.putClass(cimClass({ name: 'Refuse_Kid', superclass: 'Refuse_Base' }));
  });
  after(() => engine.shutdown());

  const CASES: readonly {
    readonly desc: string;
    readonly superclass: unknown;
    readonly flags: number;
    readonly hresult: string;
  }[] = [
    {
      desc: 'the superclass does not exist',
      superclass: 'Refuse_None',
      flags: 0,
      hresult: 'WBEM_E_INVALID_CLASS',
    },
    {
      desc: 'the superclass is not a string',
      superclass: 42,
      flags: 0,
      hresult: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'the superclass is an object',
      superclass: { name: 'Refuse_Base' },
      flags: WBEM_FLAG_SHALLOW,
      hresult: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'lFlags has a bit no enumeration accepts',
      superclass: null,
      flags: 0x1000000,
      hresult: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'lFlags has WBEM_FLAG_SEND_STATUS, which the synchronous call does not accept',
      superclass: 'Refuse_Base',
      flags: WBEM_FLAG_SEND_STATUS,
      hresult: 'WBEM_E_INVALID_PARAMETER',
    },
    {
      desc: 'lFlags is not an integer',
      superclass: null,
      flags: 0.5,
      hresult: 'WBEM_E_INVALID_PARAMETER',
    },
  ];

  for (const c of CASES) {
    it(`fails with ${c.hresult}, as createClassEnum does, when ${c.desc}`, async () => {
      const expected = await outcome(async () =>
        (await svc.createClassEnum(c.superclass as string, c.flags)).map((x) => x.name),
      );
      assert.match(String(expected), new RegExp(`^${c.hresult}: `));
      assert.equal(
        await outcome(() => svc.enumerateClassNames(c.superclass as string, c.flags)),
        expected,
      );
    });
  }

  it('lists the same names whatever WBEM_FLAG_USE_AMENDED_QUALIFIERS and RETURN_IMMEDIATELY say', async () => {
    const flags = [WBEM_FLAG_USE_AMENDED_QUALIFIERS, WBEM_FLAG_RETURN_IMMEDIATELY];
    await assertSameAsCreateClassEnum(svc, [null, 'Refuse_Base'], flags);
    assert.deepEqual(await svc.enumerateClassNames('refuse_base', flags[0]), ['Refuse_Kid']);
  });

  it('answers a caller holding WBEM_ENABLE only as createClassEnum does', async () => {
    const reader = await engine.connectServer('root', { user: 'reader' });
    assert.deepEqual(await reader.enumerateClassNames('Refuse_Base'), ['Refuse_Kid']);
    await assertSameAsCreateClassEnum(reader, [null, 'Refuse_Base']);
  });

  it('fails with WBEM_E_ACCESS_DENIED, as createClassEnum does, when WBEM_ENABLE is revoked from an open connection', async () => {
    const revoked = await engine.connectServer('root', { user: 'revoked' });
    assert.deepEqual(await revoked.enumerateClassNames('Refuse_Base'), ['Refuse_Kid']);
    const owner = await engine.connectServer('root');
    const descriptor = await owner.getSecurityDescriptor();
    await owner.setSecurityDescriptor({
      ...descriptor,
      aces: [ace('deny', 'revoked', WBEM_ENABLE), ...descriptor.aces],
    });
    try {
      const names = await outcome(() => revoked.enumerateClassNames(null));
      assert.match(String(names), /^WBEM_E_ACCESS_DENIED: /);
      assert.equal(
        names,
        await outcome(async () => (await revoked.createClassEnum(null)).map((c) => c.name)),
      );
    } finally {
      await owner.setSecurityDescriptor(descriptor);
    }
  });

  it('fails with WBEM_E_ACCESS_DENIED, as createClassEnum does, for a remote caller without WBEM_REMOTE_ACCESS', async () => {
    const local = await engine.connectServer('root', { user: 'revoked', remote: true });
    const owner = await engine.connectServer('root');
    const descriptor = await owner.getSecurityDescriptor();
    await owner.setSecurityDescriptor({
      ...descriptor,
      aces: [ace('deny', 'revoked', WBEM_REMOTE_ACCESS), ...descriptor.aces],
    });
    try {
      const names = await outcome(() => local.enumerateClassNames('Refuse_Base'));
      assert.match(String(names), /^WBEM_E_ACCESS_DENIED: /);
      assert.equal(
        names,
        await outcome(async () => (await local.createClassEnum('Refuse_Base')).map((c) => c.name)),
      );
    } finally {
      await owner.setSecurityDescriptor(descriptor);
    }
  });

  it('fails with WBEM_E_INVALID_NAMESPACE, as createClassEnum does, when the namespace was deleted', async () => {
    await engine.createNamespace('root', 'gone');
    const gone = await engine.connectServer('root/gone');
    await engine.deleteNamespace('root/gone');
    const names = await outcome(() => gone.enumerateClassNames(null));
    assert.match(String(names), /^WBEM_E_INVALID_NAMESPACE: /);
    assert.match(String(names), / namespace root\/gone was deleted$/);
    assert.equal(
      names,
      await outcome(async () => (await gone.createClassEnum(null)).map((c) => c.name)),
    );
  });
});

describe('classNamesOf (the reply of EnumerateClassNames)', () => {
  for (const param of [null, '', 'not json', '{"a":1}', '["A",2]', '"A"']) {
    it(`fails with WBEM_E_FAILED when the param is ${JSON.stringify(param)}`, () => {
      assert.throws(
        () => classNamesOf(param),
        (e: unknown) => e instanceof WbemError && hresultName(e.hresult) === 'WBEM_E_FAILED',
      );
    });
  }

  it('reads back what classNamesParam wrote', () => {
    const names = ['A', 'Ünïcode', 'with"quote', 'back\\slash', ''];
    assert.deepEqual(classNamesOf(classNamesParam(names)), names);
  });
});

describe('EnumerateClassNames: the wire', () => {
  const VARIANTS: readonly (readonly [string, WbemEngineOptions])[] = [
    ['msgpack', { encoding: 'msgpack' }],
    ['structured clone', { encoding: 'clone' }],
    ['json', { encoding: 'json' }],
    ['the calling thread', { placement: 'calling-thread' }],
  ];
  for (const [how, options] of VARIANTS) {
    it(`carries every name unchanged over ${how} when a result is larger than a reply slice`, async () => {
      const engine = await WbemEngine.start({ storage: 'memory', hosts: 1, ...options });
      try {
        const svc = await engine.connectServer('root');
        const names = ['Wire_Base', 'Wire_Ünïcode', 'wire_lower', 'WIRE_UPPER'];
        await svc.putClass(cimClass({ name: 'Wire_Base' }));
        for (const name of names.slice(1)) {
          await svc.putClass(cimClass({ name, superclass: 'Wire_Base' }));
        }
        const many = Array.from({ length: 600 }, (_, i) => `Wire_Many_${i}`);
        await Promise.all(
          many.map((name) => svc.putClass(cimClass({ name, superclass: 'WIRE_UPPER' }))),
        );
        const listed = await svc.enumerateClassNames('wire_base');
        assert.deepEqual(new Set(listed.slice(0, 3)), new Set(names.slice(1)), 'children first');
        assert.equal(listed.length, 3 + many.length);
        assert.deepEqual(new Set(listed.slice(3)), new Set(many));
        await assertSameAsCreateClassEnum(svc, [null, 'Wire_Base', 'WIRE_UPPER']);
      } finally {
        await engine.shutdown();
      }
    });
  }
});
