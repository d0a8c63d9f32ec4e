/**
 * The write right follows what a write changes, not what the caller hands in (issue 11, item 1):
 * the stored class, every descendant an update rewrites, every class and instance a cascade
 * removes, and the instance a path actually designates. A default user (decision A11: Enable,
 * Execute Methods, Provider Write) must not reach static data through a dynamic door.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import { cimClass, cimInstance, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../../src/wbem/flags.js';
import { hresultName, WBEM_E_ACCESS_DENIED } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { startEngine } from '../runtime/helpers/engine-fixture.js';

let serial = 0;
const unique = (prefix: string): string => `${prefix}_${++serial}`;

const KEY = cimProperty('Id', 'string', { qualifiers: [qualifier('Key', true)] });

function classOf(
  name: string,
  options: { superclass?: string; dynamic?: boolean; extra?: string } = {},
): CimClass {
  return cimClass({
    name,
    ...(options.superclass === undefined ? {} : { superclass: options.superclass }),
    qualifiers: options.dynamic === true ? [qualifier('Dynamic', true)] : [],
    properties: [
      ...(options.superclass === undefined ? [KEY] : []),
      ...(options.extra === undefined ? [] : [cimProperty(options.extra, 'string')]),
    ],
  });
}

const isAccessDenied = (e: unknown): boolean =>
  e instanceof WbemError && e.hresult === WBEM_E_ACCESS_DENIED;

async function denied(attempt: Promise<unknown>): Promise<void> {
  await assert.rejects(attempt, (e: unknown) => {
    assert.ok(e instanceof WbemError, String(e));
    assert.equal(hresultName(e.hresult), 'WBEM_E_ACCESS_DENIED', e.message);
    return isAccessDenied(e);
  });
}

const propertyNames = (cls: CimClass): string[] =>
  [...cls.properties.values()].map((p) => p.name).sort();

let engine: WbemEngine;
/** The process principal: an Administrator under the default descriptor. */
let admin: WbemServices;
/** An ordinary user under the default descriptor (A11). */
let user: WbemServices;

before(async () => {
  engine = await startEngine({ hosts: 1 });
  admin = await engine.connectServer('root');
  user = await engine.connectServer('root', { user: 'mallory' });
});
after(() => engine.shutdown());

/** A static base with a static subclass, one instance of each, all written by the administrator. */
async function staticFamily(): Promise<{ base: string; sub: string }> {
  const base = unique('Esc_Base');
  const sub = unique('Esc_Sub');
  await admin.putClass(classOf(base));
  await admin.putClass(classOf(sub, { superclass: base }));
  await admin.putInstance(cimInstance(base, { Id: 'b1' }));
  await admin.putInstance(cimInstance(sub, { Id: 's1' }));
  return { base, sub };
}

/** A dynamic base with a static subclass holding one instance. */
async function dynamicOverStatic(): Promise<{ base: string; sub: string }> {
  const base = unique('Esc_DynBase');
  const sub = unique('Esc_StaticSub');
  await admin.putClass(classOf(base, { dynamic: true }));
  await admin.putClass(classOf(sub, { superclass: base }));
  await admin.putInstance(cimInstance(sub, { Id: 's1' }));
  return { base, sub };
}

const instanceIds = async (cls: string): Promise<string[]> =>
  (await admin.createInstanceEnum(cls, 0)).map((i) => String(i.properties.get('id')?.value)).sort();

describe('PutClass: the right follows the stored class', () => {
  const MODES: readonly (readonly [string, number])[] = [
    ['compatible', WBEM_FLAG_UPDATE_ONLY],
    ['safe', WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_SAFE_MODE],
    ['force', WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_UPDATE_FORCE_MODE],
  ];
  for (const [mode, flags] of MODES) {
    it(`fails with WBEM_E_ACCESS_DENIED when a default user puts a stored static class as [Dynamic] in ${mode} mode`, async () => {
      const { base, sub } = await staticFamily();
      await denied(user.putClass(classOf(base, { dynamic: true }), flags));
      const stored = await admin.getClass(base);
      assert.equal(stored.qualifiers.get('dynamic'), undefined, 'still static');
      assert.deepEqual(await instanceIds(base), ['b1', 's1']);
      assert.deepEqual(await instanceIds(sub), ['s1']);
    });
  }

  it('fails with WBEM_E_ACCESS_DENIED when the escalation continues with a cascade delete', async () => {
    const { base, sub } = await staticFamily();
    await assert.rejects(
      user.putClass(classOf(base, { dynamic: true }), WBEM_FLAG_UPDATE_FORCE_MODE),
      isAccessDenied,
    );
    await denied(user.deleteClass(base));
    await admin.getClass(sub);
    assert.deepEqual(await instanceIds(base), ['b1', 's1']);
  });

  it('succeeds when a default user creates a dynamic subclass of a static class', async () => {
    const { base } = await staticFamily();
    const dyn = unique('Esc_DynChild');
    await user.putClass(classOf(dyn, { superclass: base, dynamic: true }), WBEM_FLAG_CREATE_ONLY);
    assert.equal((await admin.getClass(dyn)).qualifiers.get('dynamic')?.value, true);
  });
});

describe('PutClass: the right covers every descendant an update rewrites', () => {
  for (const [mode, flags] of [
    ['safe', WBEM_FLAG_UPDATE_SAFE_MODE],
    ['force', WBEM_FLAG_UPDATE_FORCE_MODE],
  ] as const) {
    it(`fails with WBEM_E_ACCESS_DENIED when a ${mode}-mode update of a dynamic class rewrites a static subclass`, async () => {
      const base = unique('Esc_DynP');
      const sub = unique('Esc_StatC');
      await admin.putClass(classOf(base, { dynamic: true }));
      await admin.putClass(classOf(sub, { superclass: base }));
      await denied(user.putClass(classOf(base, { dynamic: true, extra: 'Added' }), flags));
      assert.deepEqual(propertyNames(await admin.getClass(sub)), ['Id']);
      assert.deepEqual(propertyNames(await admin.getClass(base)), ['Id']);
    });
  }

  it('succeeds when a safe-mode update of a dynamic class rewrites only dynamic subclasses', async () => {
    const base = unique('Esc_DynP');
    const sub = unique('Esc_DynC');
    await admin.putClass(classOf(base, { dynamic: true }));
    await admin.putClass(classOf(sub, { superclass: base, dynamic: true }));
    await user.putClass(
      classOf(base, { dynamic: true, extra: 'Added' }),
      WBEM_FLAG_UPDATE_SAFE_MODE,
    );
    assert.deepEqual(propertyNames(await admin.getClass(sub)), ['Added', 'Id']);
  });
});

describe('DeleteClass: the right covers every class and instance the cascade removes', () => {
  it('fails with WBEM_E_ACCESS_DENIED when deleting a dynamic class would remove a static subclass and its instance', async () => {
    const { base, sub } = await dynamicOverStatic();
    await denied(user.deleteClass(base));
    await admin.getClass(base);
    await admin.getClass(sub);
    assert.deepEqual(await instanceIds(sub), ['s1']);
  });

  it('succeeds when every class the cascade removes is dynamic', async () => {
    const base = unique('Esc_DynOnly');
    const sub = unique('Esc_DynOnlySub');
    await admin.putClass(classOf(base, { dynamic: true }));
    await admin.putClass(classOf(sub, { superclass: base, dynamic: true }));
    await user.deleteClass(base);
    await assert.rejects(admin.getClass(sub), (e: unknown) => e instanceof WbemError);
  });
});

describe('DeleteInstance: the right follows the instance the path designates', () => {
  it("fails with WBEM_E_ACCESS_DENIED when a dynamic ancestor's path designates a static instance", async () => {
    const { base, sub } = await dynamicOverStatic();
    await denied(user.deleteInstance(`${base}.Id="s1"`));
    assert.deepEqual(await instanceIds(sub), ['s1']);
  });

  it('fails with WBEM_E_ACCESS_DENIED when a key value names a dynamic class after a colon', async () => {
    const { base: dyn } = await dynamicOverStatic();
    const target = unique('Esc_Plain');
    await admin.putClass(classOf(target));
    const id = `x:${dyn}.Id=1`;
    await admin.putInstance(cimInstance(target, { Id: id }));
    await denied(user.deleteInstance(`${target}.Id="${id}"`));
    assert.deepEqual(await instanceIds(target), [id]);
  });
});
