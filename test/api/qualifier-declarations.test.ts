/**
 * @module The qualifier-declaration operations of `WbemServices` on a real engine: PutQualifier,
 * GetQualifier, EnumerateQualifiers and DeleteQualifier, their HRESULTs and their rights.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WbemEngine } from '../../src/api/wbem-engine.js';
import type { WbemServices } from '../../src/api/wbem-services.js';
import type { QualifierDeclaration } from '../../src/model/qualifier-declaration.js';
import { ace } from '../../src/security/security-descriptor.js';
import { CIM_BOOLEAN, CIM_STRING, CIM_UINT32 } from '../../src/wbem/cim-type.js';
import { WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE } from '../../src/wbem/flavor.js';
import {
  WBEM_ENABLE,
  WBEM_FULL_WRITE_REP,
  WBEM_PARTIAL_WRITE_REP,
} from '../../src/wbem/security.js';
import {
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { startEngine } from '../runtime/helpers/engine-fixture.js';
import { adminOwnedRoot } from '../security/helpers/admin-root.js';

let engine: WbemEngine;
let admin: WbemServices;
let serial = 0;
const unique = (prefix: string): string => `${prefix}${++serial}`;

function declaration(
  name: string,
  extra: Partial<QualifierDeclaration> = {},
): QualifierDeclaration {
  return {
    name,
    type: CIM_STRING,
    isArray: false,
    value: null,
    scopes: ['class', 'property'],
    flavor: 0,
    ...extra,
  };
}

const failsWith =
  (hresult: number) =>
  (e: unknown): boolean =>
    e instanceof WbemError && e.hresult === hresult;

const names = async (svc: WbemServices): Promise<string[]> =>
  (await svc.createQualifierDeclarationEnum()).map((d) => d.name);

before(async () => {
  engine = await startEngine({
    hosts: 1,
    security: {
      rootDescriptor: adminOwnedRoot(
        ace('allow', 'reader', WBEM_ENABLE),
        ace('allow', 'partial', WBEM_ENABLE | WBEM_PARTIAL_WRITE_REP),
        ace('allow', 'writer', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
        ace('allow', 'revoked', WBEM_ENABLE | WBEM_FULL_WRITE_REP),
      ),
    },
  });
  admin = await engine.connectServer('root');
});
after(() => engine.shutdown());

describe('PutQualifier, GetQualifier, EnumerateQualifiers, DeleteQualifier', () => {
  it('returns what was put, lists it, and forgets it when deleted', async () => {
    const name = unique('RoundTrip');
    const decl = declaration(name, {
      type: CIM_UINT32,
      isArray: true,
      value: [1, 2],
      scopes: ['property'],
      flavor: WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
    });
    await admin.putQualifierDeclaration(decl);
    assert.deepEqual(await admin.getQualifierDeclaration(name), decl);
    assert.ok((await names(admin)).includes(name));
    await admin.deleteQualifierDeclaration(name);
    await assert.rejects(admin.getQualifierDeclaration(name), failsWith(WBEM_E_NOT_FOUND));
    assert.ok(!(await names(admin)).includes(name));
  });

  it('replaces the stored declaration when one of that name is put again', async () => {
    const name = unique('Replaced');
    await admin.putQualifierDeclaration(declaration(name));
    const changed = declaration(name, { type: CIM_BOOLEAN, value: true, scopes: ['any'] });
    await admin.putQualifierDeclaration(changed);
    assert.deepEqual(await admin.getQualifierDeclaration(name), changed);
    assert.equal((await names(admin)).filter((n) => n === name).length, 1);
  });

  it('finds and deletes a declaration when the name is given in another case', async () => {
    const name = unique('MixedCase');
    await admin.putQualifierDeclaration(declaration(name));
    const found = await admin.getQualifierDeclaration(name.toUpperCase());
    assert.equal(found.name, name, 'the stored spelling is kept');
    await admin.deleteQualifierDeclaration(name.toLowerCase());
    await assert.rejects(admin.getQualifierDeclaration(name), failsWith(WBEM_E_NOT_FOUND));
  });

  it('fails with WBEM_E_NOT_FOUND when getting or deleting an undeclared qualifier', async () => {
    await assert.rejects(
      admin.getQualifierDeclaration('NeverDeclared'),
      failsWith(WBEM_E_NOT_FOUND),
    );
    await assert.rejects(
      admin.deleteQualifierDeclaration('NeverDeclared'),
      failsWith(WBEM_E_NOT_FOUND),
    );
  });

  for (const [label, bad] of [
    ['null', null],
    ['empty', ''],
    ['not an identifier', 'not a name'],
    ['not a string', 42],
  ] as const) {
    it(`fails with WBEM_E_INVALID_PARAMETER when the name is ${label}`, async () => {
      await assert.rejects(
        admin.getQualifierDeclaration(bad as never),
        failsWith(WBEM_E_INVALID_PARAMETER),
      );
      await assert.rejects(
        admin.deleteQualifierDeclaration(bad as never),
        failsWith(WBEM_E_INVALID_PARAMETER),
      );
    });
  }

  it('lists the declarations of its own namespace only', async () => {
    const name = unique('Scoped');
    await engine.createNamespace('root', 'qualscope');
    const child = await engine.connectServer('root/qualscope');
    await child.putQualifierDeclaration(declaration(name));
    assert.deepEqual(await names(child), [name]);
    assert.ok(!(await names(admin)).includes(name));
  });
});

describe('qualifier declaration rights', () => {
  const cases: readonly (readonly [user: string, canWrite: boolean])[] = [
    ['reader', false],
    ['partial', false],
    ['writer', true],
  ];
  for (const [user, canWrite] of cases) {
    it(`GetQualifier and EnumerateQualifiers succeed when the caller is ${user} (WBEM_ENABLE)`, async () => {
      const name = unique('Readable');
      await admin.putQualifierDeclaration(declaration(name));
      const svc = await engine.connectServer('root', { user });
      assert.equal((await svc.getQualifierDeclaration(name)).name, name);
      assert.ok((await names(svc)).includes(name));
    });

    const outcome = canWrite ? 'succeed' : 'fail with WBEM_E_ACCESS_DENIED and change nothing';
    it(`DeleteQualifier and PutQualifier ${outcome} when the caller is ${user}`, async () => {
      const name = unique('Guarded');
      await admin.putQualifierDeclaration(declaration(name));
      const svc = await engine.connectServer('root', { user });
      if (canWrite) {
        await svc.deleteQualifierDeclaration(name);
        await assert.rejects(admin.getQualifierDeclaration(name), failsWith(WBEM_E_NOT_FOUND));
        await svc.putQualifierDeclaration(declaration(name));
        assert.equal((await admin.getQualifierDeclaration(name)).name, name);
        return;
      }
      await assert.rejects(svc.deleteQualifierDeclaration(name), failsWith(WBEM_E_ACCESS_DENIED));
      await assert.rejects(
        svc.putQualifierDeclaration(declaration(name, { value: 'changed' })),
        failsWith(WBEM_E_ACCESS_DENIED),
      );
      assert.deepEqual(await admin.getQualifierDeclaration(name), declaration(name));
    });
  }

  it('DeleteQualifier fails with WBEM_E_ACCESS_DENIED before NOT_FOUND when the caller lacks WBEM_FULL_WRITE_REP', async () => {
    const svc = await engine.connectServer('root', { user: 'partial' });
    await assert.rejects(
      svc.deleteQualifierDeclaration('NeverDeclared'),
      failsWith(WBEM_E_ACCESS_DENIED),
    );
  });

  it('GetQualifier and EnumerateQualifiers fail with WBEM_E_ACCESS_DENIED when WBEM_ENABLE is revoked', async () => {
    await engine.createNamespace('root', 'qualrevoke');
    const owner = await engine.connectServer('root/qualrevoke');
    await owner.putQualifierDeclaration(declaration('Revokable'));
    const svc = await engine.connectServer('root/qualrevoke', { user: 'revoked' });
    assert.equal((await svc.getQualifierDeclaration('Revokable')).name, 'Revokable');
    await owner.setSecurityDescriptor({ aces: [ace('deny', 'revoked', WBEM_ENABLE)] });
    await assert.rejects(svc.getQualifierDeclaration('Revokable'), failsWith(WBEM_E_ACCESS_DENIED));
    await assert.rejects(svc.createQualifierDeclarationEnum(), failsWith(WBEM_E_ACCESS_DENIED));
  });
});
