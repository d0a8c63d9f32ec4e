import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CimClass } from '../../src/model/cim-class.js';
import { nameKey } from '../../src/model/names.js';
import type { MofClassOperation, MofQualifierOperation } from '../../src/mof/mof-operation.js';
import * as T from '../../src/wbem/cim-type.js';
import {
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../../src/wbem/flavor.js';
import { compiledDmtf, fixturePath } from './helpers/fixtures.js';

const SCHEMA_DIR = fixturePath('cim-schema-2.41');

function mofFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? mofFiles(join(dir, e.name))
      : e.name.endsWith('.mof')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Class names as the MOF text declares them, found without the parser. */
function classNamesInText(): string[] {
  return mofFiles(SCHEMA_DIR).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^class\s+(\w+)/gm)].map((m) => m[1] as string),
  );
}

const compilation = compiledDmtf();
const classOps = compilation.operations.filter(
  (op): op is MofClassOperation => op.kind === 'class',
);
const byName = new Map(classOps.map((op) => [nameKey(op.cls.name), op]));
const cls = (name: string): CimClass => {
  const op = byName.get(nameKey(name));
  assert.ok(op, `class ${name} compiled`);
  return op.cls;
};

describe('compileMof: DMTF CIM Schema 2.41', () => {
  it('compiles every file and exactly 1,438 classes when given the entry file', () => {
    assert.equal(compilation.files.length, 1441);
    assert.equal(compilation.classCount, 1438);
    assert.equal(classOps.length, 1438);
    assert.deepEqual(classOps.map((op) => op.cls.name).sort(), classNamesInText().sort());
  });

  it('declares the qualifiers of qualifiers.mof and qualifiers_optional.mof, first', () => {
    const declared = ['qualifiers.mof', 'qualifiers_optional.mof'].flatMap((f) =>
      [...readFileSync(join(SCHEMA_DIR, f), 'utf8').matchAll(/^Qualifier\s+(\w+)/gm)].map(
        (m) => m[1] as string,
      ),
    );
    const ops = compilation.operations.slice(
      0,
      compilation.qualifierCount,
    ) as MofQualifierOperation[];
    assert.equal(declared.length, 70);
    assert.deepEqual(
      ops.map((op) => op.declaration.name),
      declared,
    );
    assert.ok(ops.every((op) => op.kind === 'qualifier' && op.namespace === 'root/cimv2'));
    assert.ok(
      compilation.operations.slice(compilation.qualifierCount).every((op) => op.kind === 'class'),
    );
  });

  it('types qualifier declarations as qualifiers.mof writes them', () => {
    const decl = (name: string) =>
      (
        compilation.operations.find(
          (op) => op.kind === 'qualifier' && op.declaration.name === name,
        ) as MofQualifierOperation
      ).declaration;
    assert.deepEqual(decl('Key'), {
      name: 'Key',
      type: T.CIM_BOOLEAN,
      isArray: false,
      value: false,
      scopes: ['property', 'reference'],
      flavor: WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    });
    assert.deepEqual([decl('MaxLen').type, decl('MaxLen').value], [T.CIM_UINT32, null]);
    assert.deepEqual([decl('ValueMap').type, decl('ValueMap').isArray], [T.CIM_STRING, true]);
    assert.deepEqual([decl('ArrayType').value, decl('Abstract').flavor], ['Bag', 0]);
    assert.equal(
      decl('Description').flavor,
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS | WBEM_FLAVOR_AMENDED,
    );
  });

  it('orders every class after its superclass and after the classes it references', () => {
    const level = (name: string): number => byName.get(nameKey(name))?.level ?? -1;
    const position = new Map(classOps.map((op, i) => [nameKey(op.cls.name), i]));
    for (const [i, op] of classOps.entries()) {
      if (op.cls.superclass !== null) {
        assert.ok(
          level(op.cls.superclass) >= 0 && level(op.cls.superclass) < op.level,
          `${op.cls.superclass} before ${op.cls.name}`,
        );
        assert.ok((position.get(nameKey(op.cls.superclass)) as number) < i);
      }
      const refs = [
        ...[...op.cls.properties.values()].map((p) => p.referenceClass),
        ...[...op.cls.methods.values()].flatMap((m) =>
          [...m.parameters.values()].map((p) => p.referenceClass),
        ),
      ].filter((r): r is string => r !== undefined && nameKey(r) !== nameKey(op.cls.name));
      for (const ref of refs)
        assert.ok(level(ref) >= 0 && level(ref) < op.level, `${ref} before ${op.cls.name}`);
    }
    for (let i = 1; i < classOps.length; i++)
      assert.ok(
        (classOps[i - 1] as MofClassOperation).level <= (classOps[i] as MofClassOperation).level,
      );
  });

  it('derives CIM_ComputerSystem through CIM_System down to CIM_ManagedElement', () => {
    const chain: string[] = [];
    for (
      let c: CimClass | undefined = cls('CIM_ComputerSystem');
      c !== undefined;
      c = c.superclass === null ? undefined : cls(c.superclass)
    )
      chain.push(c.name);
    assert.deepEqual(chain, [
      'CIM_ComputerSystem',
      'CIM_System',
      'CIM_EnabledLogicalElement',
      'CIM_LogicalElement',
      'CIM_ManagedSystemElement',
      'CIM_ManagedElement',
    ]);
  });

  it('gives CIM_ComputerSystem the keys CreationClassName and Name from CIM_System', () => {
    const keys: string[] = [];
    for (
      let c: CimClass | undefined = cls('CIM_ComputerSystem');
      c !== undefined;
      c = c.superclass === null ? undefined : cls(c.superclass)
    ) {
      for (const p of c.properties.values())
        if (p.qualifiers.get('key')?.value === true) keys.push(`${c.name}.${p.name}`);
    }
    assert.deepEqual(keys.sort(), ['CIM_System.CreationClassName', 'CIM_System.Name']);
    const name = cls('CIM_System').properties.get('name');
    assert.deepEqual(
      [name?.type, name?.qualifiers.get('maxlen')?.value, name?.qualifiers.get('override')?.value],
      [T.CIM_STRING, 256, 'Name'],
    );
  });

  it('reads CIM_ComputerSystem properties as the MOF text declares them', () => {
    const c = cls('CIM_ComputerSystem');
    assert.deepEqual(
      [...c.properties.keys()],
      [
        'nameformat',
        'dedicated',
        'otherdedicateddescriptions',
        'resetcapability',
        'powermanagementcapabilities',
      ],
    );
    const nameFormat = c.properties.get('nameformat');
    assert.deepEqual(
      [nameFormat?.type, nameFormat?.isArray, nameFormat?.qualifiers.get('override')?.value],
      [T.CIM_STRING, false, 'NameFormat'],
    );
    const valueMap = nameFormat?.qualifiers.get('valuemap')?.value as string[];
    assert.equal(valueMap.length, 17);
    assert.deepEqual([valueMap[0], valueMap[11], valueMap[16]], ['Other', 'E.164', 'UUID']);
    const dedicated = c.properties.get('dedicated');
    assert.deepEqual([dedicated?.type, dedicated?.isArray], [T.CIM_UINT16, true]);
    const dValueMap = dedicated?.qualifiers.get('valuemap')?.value as string[];
    const dValues = dedicated?.qualifiers.get('values')?.value as string[];
    assert.equal(dValueMap.length, dValues.length);
    assert.deepEqual(
      [dValueMap.at(-1), dValues.at(-1), dValues[17]],
      ['32568..65535', 'Vendor Reserved', 'Mobile User Device'],
    );
    assert.equal(dedicated?.qualifiers.get('arraytype')?.value, 'Indexed');
    assert.match(
      c.qualifiers.get('description')?.value as string,
      /^A class derived from System that is a special collection of ManagedSystemElements\./,
    );
    assert.equal(c.qualifiers.get('version')?.value, '2.36.0');
  });

  it('reads CIM_ComputerSystem.SetPowerState with its parameters in order', () => {
    const m = cls('CIM_ComputerSystem').methods.get('setpowerstate');
    assert.equal(m?.returnType, T.CIM_UINT32);
    assert.deepEqual(
      [...(m?.parameters.values() ?? [])].map((p) => [p.name, p.type]),
      [
        ['PowerState', T.CIM_UINT32],
        ['Time', T.CIM_DATETIME],
      ],
    );
    assert.deepEqual(m?.qualifiers.get('deprecated')?.value, [
      'CIM_PowerManagementService.SetPowerState',
    ]);
    const powerStates = m?.parameters.get('powerstate')?.qualifiers.get('valuemap')?.value;
    assert.ok(Array.isArray(powerStates));
    assert.equal(powerStates.length, 8);
  });

  it('reads RequestStateChange with IN, OUT and REF parameters when inherited from CIM_EnabledLogicalElement', () => {
    const m = cls('CIM_EnabledLogicalElement').methods.get('requeststatechange');
    const params = [...(m?.parameters.values() ?? [])];
    assert.deepEqual(
      params.map((p) => [p.name, p.type, p.referenceClass ?? null]),
      [
        ['RequestedState', T.CIM_UINT16, null],
        ['Job', T.CIM_REFERENCE, 'CIM_ConcreteJob'],
        ['TimeoutPeriod', T.CIM_DATETIME, null],
      ],
    );
    const job = m?.parameters.get('job')?.qualifiers;
    assert.deepEqual(
      [job?.get('in')?.value, job?.get('out')?.value, job?.get('in')?.type],
      [false, true, T.CIM_BOOLEAN],
    );
    const enabled = cls('CIM_EnabledLogicalElement').properties.get('enabledstate');
    assert.deepEqual([enabled?.type, enabled?.value], [T.CIM_UINT16, 5]);
  });

  it('reads CIM_Dependency as an abstract association of two keyed references', () => {
    const c = cls('CIM_Dependency');
    assert.deepEqual(
      [c.superclass, c.qualifiers.get('association')?.value, c.qualifiers.get('abstract')?.value],
      [null, true, true],
    );
    for (const name of ['antecedent', 'dependent']) {
      const p = c.properties.get(name);
      assert.deepEqual(
        [p?.type, p?.referenceClass, p?.qualifiers.get('key')?.value],
        [T.CIM_REFERENCE, 'CIM_ManagedElement', true],
      );
    }
  });
});
