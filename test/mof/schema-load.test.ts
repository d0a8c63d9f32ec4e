import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelEquals } from '../../src/model/cim-value-equals.js';
import { applyMof } from '../../src/mof/apply-mof.js';
import { DMTF_RULES, getClass } from '../../src/schema/index.js';
import { WBEM_FLAG_CREATE_ONLY } from '../../src/wbem/flags.js';
import { WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../../src/wbem/flavor.js';
import { WBEM_E_ALREADY_EXISTS, WBEM_E_CANNOT_BE_ABSTRACT } from '../../src/wbem/status.js';
import { compiledDmtf } from './helpers/fixtures.js';
import { compileText } from './helpers/memory-files.js';
import { rejectsMof } from './helpers/mof-assert.js';
import { storeTarget } from './helpers/store-target.js';

/**
 * CIM_PolicyInSystem is `[Abstract]` under the concrete CIM_HostedDependency: DSP0004 allows it,
 * WMI refuses it (spec §9 B39). Under DMTF rules the whole schema loads; under WMI rules (the
 * engine default) the load stops there with the MOF position of the refused class.
 */
const compiled = compiledDmtf();

describe('applyMof through the schema operations', () => {
  it('loads all 1,438 DMTF classes and 70 qualifier declarations into a memory store under DMTF rules', async () => {
    const target = storeTarget(DMTF_RULES);
    const result = await applyMof(compiled.operations, target, { window: 16 });
    assert.deepEqual(result, { qualifiers: 70, classes: 1438, instances: 0 });
    const store = target.store('root/cimv2');
    assert.equal([...store.qualifierDeclarations()].length, 70);
    assert.equal(
      [...store.classNames()].filter((n) => n.startsWith('CIM_') || n.startsWith('PRS_')).length,
      1438,
    );

    const cs = getClass(store, 'CIM_ComputerSystem', {}, target.env('root/cimv2'));
    assert.deepEqual(cs.systemProperties?.__DERIVATION, [
      'CIM_System',
      'CIM_EnabledLogicalElement',
      'CIM_LogicalElement',
      'CIM_ManagedSystemElement',
      'CIM_ManagedElement',
    ]);
    const name = cs.properties.get('name');
    const ccn = cs.properties.get('creationclassname');
    // Name comes from CIM_ManagedSystemElement (CIM_System overrides it as a key).
    assert.deepEqual(
      [name?.classOrigin, ccn?.classOrigin],
      ['CIM_ManagedSystemElement', 'CIM_System'],
    );
    assert.equal(name?.qualifiers.get('key')?.value, true);
    assert.ok(((ccn?.qualifiers.get('key')?.flavor ?? 0) & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0);
    assert.equal(cs.properties.get('nameformat')?.classOrigin, 'CIM_System');
    assert.equal(cs.properties.get('dedicated')?.classOrigin, 'CIM_ComputerSystem');
  });

  it('changes nothing on a second plain load, and fails cleanly with WBEM_E_ALREADY_EXISTS on a second load with WBEM_FLAG_CREATE_ONLY', async () => {
    const target = storeTarget(DMTF_RULES);
    await applyMof(compiled.operations, target, { window: 16 });
    const store = target.store('root/cimv2');
    const snapshot = new Map([...store.classNames()].map((n) => [n, store.getClass(n)]));

    const again = await applyMof(compiled.operations, target, { window: 16 });
    assert.deepEqual(again, { qualifiers: 70, classes: 1438, instances: 0 });
    assert.equal(store.classCount(), snapshot.size);
    for (const [name, record] of snapshot) {
      assert.ok(modelEquals(store.getClass(name), record), `${name} changed on a plain reload`);
    }

    const createOnly = compiled.operations.map((op) =>
      op.kind === 'class' ? { ...op, flags: WBEM_FLAG_CREATE_ONLY } : op,
    );
    const error = await rejectsMof(applyMof(createOnly, target, { window: 16 }), {
      hresult: WBEM_E_ALREADY_EXISTS,
    });
    assert.ok(error.file.endsWith('.mof'), error.file);
    for (const [name, record] of snapshot) {
      assert.ok(modelEquals(store.getClass(name), record), `${name} changed by a refused load`);
    }
  });

  it('B39: fails with WBEM_E_CANNOT_BE_ABSTRACT at the MOF position of CIM_PolicyInSystem when the whole schema is applied under WMI rules', async () => {
    const error = await rejectsMof(applyMof(compiled.operations, storeTarget(), { window: 16 }), {
      hresult: WBEM_E_CANNOT_BE_ABSTRACT,
      line: 2,
      column: 4,
    });
    assert.ok(error.file.endsWith('Policy/CIM_PolicyInSystem.mof'), error.file);
  });

  it('fails with WBEM_E_ALREADY_EXISTS at the MOF position when a createonly class is loaded twice', async () => {
    const target = storeTarget();
    const mof = '#pragma classflags("createonly")\nclass Ex_Once {\n};';
    await applyMof(compileText(mof).operations, target);
    await rejectsMof(applyMof(compileText(mof).operations, target), {
      hresult: WBEM_E_ALREADY_EXISTS,
      file: 'main.mof',
      line: 2,
      column: 1,
    });
    const op = compileText(mof).operations[0];
    assert.equal(op?.kind === 'class' ? op.flags : -1, WBEM_FLAG_CREATE_ONLY);
  });

  it('loads classes, a method with parameter IDs and an instance through the schema rules', async () => {
    const target = storeTarget();
    const mof = `Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier In : boolean = true, Scope(parameter), Flavor(DisableOverride, ToSubclass);
class Ex_Base { [Key] string Id; uint32 Go([In] string A, [In] uint8 B[]); };
class Ex_Sub : Ex_Base { Ex_Base REF Peer; };
instance of Ex_Sub { Id = "one"; };`;
    const result = await applyMof(compileText(mof).operations, target);
    assert.deepEqual(result, { qualifiers: 2, classes: 2, instances: 1 });
    const sub = getClass(target.store('root/cimv2'), 'Ex_Sub', {}, target.env('root/cimv2'));
    const params = [...(sub.methods.get('go')?.parameters.values() ?? [])];
    assert.deepEqual(
      params.map((p) => [p.name, p.qualifiers.get('id')?.value]),
      [
        ['A', 0],
        ['B', 1],
      ],
    );
    assert.equal(target.store('root/cimv2').instanceCount('Ex_Sub'), 1);
  });
});
