import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { WbemEngine, type WbemServices } from '../../src/index.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { localDefinition } from '../../src/model/local-definition.js';
import { applyMof, type MofTarget } from '../../src/mof/apply-mof.js';
import { compileMof } from '../../src/mof/compile.js';
import { encodeMof, toMof } from '../../src/mof/to-mof.js';
import { WBEM_FLAG_DEEP, WBEM_FLAG_SHALLOW } from '../../src/wbem/flags.js';
import { fixturePath } from './helpers/fixtures.js';

const ENTRY = fixturePath('mof/wmi/wmi-schema.mof');

function engineTarget(engine: WbemEngine): MofTarget {
  const open = new Map<string, Promise<WbemServices>>();
  const connect = (ns: string): Promise<WbemServices> => {
    let svc = open.get(ns);
    if (svc === undefined) {
      svc = connectOrCreate(ns);
      open.set(ns, svc);
    }
    return svc;
  };
  const connectOrCreate = async (ns: string): Promise<WbemServices> => {
    try {
      return await engine.connectServer(ns);
    } catch {
      const parts = ns.split('/');
      for (let i = 1; i < parts.length; i++) {
        await engine
          .createNamespace(parts.slice(0, i).join('/'), parts[i] as string)
          .catch(() => undefined);
      }
      return engine.connectServer(ns);
    }
  };
  return {
    putQualifierDeclaration: async (ns, d) => (await connect(ns)).putQualifierDeclaration(d),
    putClass: async (ns, cls, flags) => (await connect(ns)).putClass(cls, flags),
    putInstance: async (ns, inst, flags) => {
      await (await connect(ns)).putInstance(inst, flags);
    },
    deleteClass: async (ns, name) => (await connect(ns)).deleteClass(name),
    deleteInstance: async (ns, path) => (await connect(ns)).deleteInstance(path),
    createNamespace: async (parent, name) => {
      await connect(`${parent}/${name}`);
    },
  };
}

async function snapshot(engine: WbemEngine, ns: string) {
  const svc = await engine.connectServer(ns);
  const classes = (await svc.createClassEnum(null, WBEM_FLAG_DEEP)).filter(
    (c) => !c.name.startsWith('__'),
  );
  const instances = [];
  for (const c of classes)
    instances.push(...(await svc.createInstanceEnum(c.name, WBEM_FLAG_SHALLOW)));
  const qualifiers = await svc.createQualifierDeclarationEnum();
  return { classes: classes.map(localDefinition), instances, qualifiers };
}

const byName = (classes: readonly CimClass[]) =>
  new Map(classes.map((c) => [c.name.toLowerCase(), c]));

describe('WMI-style test schema (test/fixtures/mof/wmi)', () => {
  let engine: WbemEngine;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 1 });
    const compiled = compileMof([ENTRY], { readFile: (p) => readFileSync(p) });
    assert.equal(compiled.autorecover, true);
    await applyMof(compiled.operations, engineTarget(engine), { window: 1 });
  });
  after(async () => {
    await engine.shutdown();
  });

  it('creates root/wmitest and its ms_409 child when the MOF declares __Namespace instances', async () => {
    const svc = await engine.connectServer('root/wmitest/ms_409');
    const adapter = await svc.getClass('WT_Adapter');
    assert.equal(
      adapter.qualifiers.get('description')?.value,
      'A network adapter with embedded settings.',
    );
    assert.equal(
      adapter.properties.get('status')?.qualifiers.get('values')?.value?.toString(),
      'Unknown,Up,Down',
    );
  });

  it('loads embedded objects, object ref, parameter defaults and system-class subclasses', async () => {
    const svc = await engine.connectServer('root/wmitest');
    const adapter = await svc.getClass('WT_Adapter');
    assert.equal(adapter.properties.get('setting')?.embeddedObjectClass, 'WT_Setting');
    assert.equal(adapter.properties.get('owner')?.referenceClass, undefined);
    assert.equal(adapter.methods.get('reset')?.parameters.get('delay')?.value, 250);
    assert.equal(
      (await svc.getClass('WT_AdapterEvent')).systemProperties?.__DERIVATION[0],
      '__ExtrinsicEvent',
    );
    assert.equal((await svc.getClass('WT_Status')).superclass, '__ExtendedStatus');
    assert.equal((await svc.getClass('WT_Growing')).properties.get('added')?.value, 'second');
    await assert.rejects(svc.getClass('WT_Obsolete'));
    assert.equal(
      (await svc.getClass('WT_Device')).qualifiers.get('description')?.value,
      'A device with a localized name: Gerät.',
    );
  });

  it('stores provider registrations as instances when the MOF registers a provider', async () => {
    const svc = await engine.connectServer('root/wmitest');
    const regs = await svc.createInstanceEnum('__ProviderRegistration', WBEM_FLAG_DEEP);
    assert.deepEqual(regs.map((r) => r.className).sort(), [
      '__EventProviderRegistration',
      '__InstanceProviderRegistration',
      '__MethodProviderRegistration',
    ]);
  });

  it('reads every class, qualifier declaration and instance back identical when exported and compiled into an empty repository', async () => {
    for (const ns of ['root/wmitest', 'root/wmitest/ms_409']) {
      const before = await snapshot(engine, ns);
      const text = toMof({ namespace: ns, ...before });
      const fresh = await WbemEngine.start({ storage: 'memory', hosts: 1 });
      try {
        const bytes = encodeMof(text, 'utf-16le');
        const compiled = compileMof(['export.mof'], { readFile: () => bytes });
        await applyMof(compiled.operations, engineTarget(fresh), { window: 8 });
        const again = await snapshot(fresh, ns);
        const old = byName(before.classes);
        assert.equal(again.classes.length, before.classes.length, ns);
        for (const cls of again.classes) {
          assert.ok(
            modelEquals(cls, old.get(cls.name.toLowerCase()) ?? null),
            `${ns} ${cls.name}:\n${text}`,
          );
        }
        assert.ok(modelEquals(again.qualifiers, before.qualifiers), `${ns} qualifiers`);
        const strip = (xs: typeof before.instances) =>
          xs.map((i) => ({
            className: i.className,
            properties: i.properties,
            path: i.systemProperties?.__RELPATH,
          }));
        assert.ok(modelEquals(strip(again.instances), strip(before.instances)), `${ns} instances`);
      } finally {
        await fresh.shutdown();
      }
    }
  });

  it('writes no flavor a qualifier did not have when exported', async () => {
    const text = toMof({ namespace: 'root/wmitest', ...(await snapshot(engine, 'root/wmitest')) });
    assert.match(text, /\[Abstract, Description\("The root of the test schema\."\)\]/);
    assert.match(text, /\[In, Units\("ms"\), ID\(2\)\] uint32 Delay = 250/);
    assert.doesNotMatch(text, /Flavor\(\)/);
  });
});
