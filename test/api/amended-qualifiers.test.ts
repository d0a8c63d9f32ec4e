/**
 * `WBEM_FLAG_USE_AMENDED_QUALIFIERS` on class reads, through the real engine, following Microsoft's
 * "Localizing WMI Class Information" and "Amended Class Considerations": the neutral class lives in
 * the namespace without its amended qualifiers, the `[Amendment, Locale(0x409)]` class in the
 * `ms_409` child holds them, and a read with the flag returns the two merged, each localized
 * qualifier flagged `WBEM_FLAVOR_AMENDED`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadMof, WbemEngine, type WbemServices } from '../../src/index.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  WBEM_FLAG_USE_AMENDED_QUALIFIERS as AMENDED,
  WBEM_FLAG_DEEP,
  WBEM_STATUS_COMPLETE,
} from '../../src/wbem/flags.js';
import { WBEM_FLAVOR_AMENDED, WBEM_FLAVOR_ORIGIN_PROPAGATED } from '../../src/wbem/flavor.js';
import {
  WBEM_E_AMENDED_OBJECT,
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_S_NO_ERROR,
} from '../../src/wbem/status.js';
import { RecordingSink } from '../runtime/helpers/engine-fixture.js';

const EXTRAS = Array.from({ length: 9 }, (_, i) => i + 1);

/** Neutral MOF compiled with `#pragma amendment`, as `mofcomp -Amendment:MS_409` splits it. */
const SCHEMA = `#pragma namespace("\\\\\\\\.\\\\root\\\\loc")
#pragma amendment("MS_409")
Qualifier Description : string = null, Scope(any), Flavor(ToSubclass, Translatable);
Qualifier DisplayName : string = null, Scope(any), Flavor(Restricted, Translatable);
Qualifier Values : string[], Scope(property, method, parameter), Flavor(ToSubclass, Translatable);
Qualifier Key : boolean = false, Scope(property), Flavor(DisableOverride, ToInstance);
Qualifier In : boolean = true, Scope(parameter);
Qualifier Units : string = null, Scope(property, parameter);

[Description("A managed device."), DisplayName("Device")]
class Loc_Device
{
    [Key, Description("The device identifier.")] string DeviceId;
    [Values{"Off", "On"}, Description("Power state.")] uint16 State;
    [Description("Resets the device.")]
    uint32 Reset([In, Units("ms"), Description("Delay before the reset.")] uint32 Delay);
};

class Loc_Disk : Loc_Device
{
    uint64 Size;
};

[Description("A removable disk.")]
class Loc_Removable : Loc_Disk
{
};
${EXTRAS.map((i) => `[Description("Extra ${i}.")] class Loc_Extra${i} : Loc_Device {};`).join('\n')}
`;

/** A second locale written as an .mfl file is: the namespace, then the amendment class. */
const GERMAN = `#pragma namespace("\\\\\\\\.\\\\root\\\\loc")
instance of __Namespace { Name = "ms_407"; };
#pragma namespace("ms_407")
[AMENDMENT, LOCALE(0x407), Description("Ein verwaltetes Gerät.") : Amended ToSubclass]
class Loc_Device
{
};
`;

const isAmended = (flavor: number | undefined) => ((flavor ?? 0) & WBEM_FLAVOR_AMENDED) !== 0;
const isPropagated = (flavor: number | undefined) =>
  ((flavor ?? 0) & WBEM_FLAVOR_ORIGIN_PROPAGATED) !== 0;

describe('GetObject with WBEM_FLAG_USE_AMENDED_QUALIFIERS', () => {
  let engine: WbemEngine;
  let svc: WbemServices;
  before(async () => {
    engine = await WbemEngine.start({ storage: 'memory', hosts: 2 });
    await loadMof(engine, [{ path: 'loc.mof', text: SCHEMA }], { parseThreads: 0 });
    await loadMof(engine, [{ path: 'loc_407.mfl', text: GERMAN }], { parseThreads: 0 });
    svc = await engine.connectServer('root/loc');
  });
  after(async () => {
    await engine.shutdown();
  });

  it('returns no amended qualifier when the flag is not set', async () => {
    const cls = await svc.getClass('Loc_Device');
    assert.equal(cls.qualifiers.has('description'), false);
    assert.equal(cls.qualifiers.has('displayname'), false);
    assert.equal(cls.properties.get('state')?.qualifiers.has('values'), false);
    assert.equal(cls.properties.get('deviceid')?.qualifiers.get('key')?.value, true);
    assert.equal(cls.amended, undefined);
  });

  it('merges the ms_409 amendment into the class, its properties, methods and parameters when the flag is set', async () => {
    const cls = await svc.getClass('Loc_Device', AMENDED);
    const description = cls.qualifiers.get('description');
    assert.equal(description?.value, 'A managed device.');
    assert.ok(isAmended(description?.flavor));
    assert.equal(isPropagated(description?.flavor), false);
    assert.equal(cls.qualifiers.get('displayname')?.value, 'Device');
    assert.equal(cls.qualifiers.has('amendment'), false);
    assert.equal(cls.qualifiers.has('locale'), false);
    const state = cls.properties.get('state');
    assert.deepEqual(state?.qualifiers.get('values')?.value, ['Off', 'On']);
    assert.ok(isAmended(state?.qualifiers.get('values')?.flavor));
    assert.equal(cls.properties.get('deviceid')?.qualifiers.get('key')?.value, true);
    const reset = cls.methods.get('reset');
    assert.equal(reset?.qualifiers.get('description')?.value, 'Resets the device.');
    const delay = reset?.parameters.get('delay');
    assert.equal(delay?.qualifiers.get('description')?.value, 'Delay before the reset.');
    assert.ok(isAmended(delay?.qualifiers.get('description')?.flavor));
    assert.equal(delay?.qualifiers.get('units')?.value, 'ms');
    assert.equal(cls.amended, true);
  });

  it('gives a subclass its ancestors’ ToSubclass amended qualifiers, as propagated, and not the restricted ones', async () => {
    const disk = await svc.getClass('Loc_Disk', AMENDED);
    const description = disk.qualifiers.get('description');
    assert.equal(description?.value, 'A managed device.');
    assert.ok(isAmended(description?.flavor) && isPropagated(description?.flavor));
    assert.equal(disk.qualifiers.has('displayname'), false);
    assert.deepEqual(disk.properties.get('state')?.qualifiers.get('values')?.value, ['Off', 'On']);
  });

  it('lets a class’s own amended qualifier replace the one it inherits', async () => {
    const removable = await svc.getClass('Loc_Removable', AMENDED);
    const description = removable.qualifiers.get('description');
    assert.equal(description?.value, 'A removable disk.');
    assert.equal(isPropagated(description?.flavor), false);
  });

  it('merges every class of an enumeration when CreateClassEnum has the flag', async () => {
    const classes = await svc.createClassEnum('Loc_Device', WBEM_FLAG_DEEP | AMENDED);
    const byName = new Map(classes.map((c) => [c.name, c]));
    assert.equal(classes.length, 2 + EXTRAS.length);
    for (const i of EXTRAS)
      assert.equal(
        byName.get(`Loc_Extra${i}`)?.qualifiers.get('description')?.value,
        `Extra ${i}.`,
      );
    assert.equal(
      byName.get('Loc_Removable')?.qualifiers.get('description')?.value,
      'A removable disk.',
    );
    const all = await svc.createClassEnum(null, WBEM_FLAG_DEEP | AMENDED);
    const device = all.find((c) => c.name === 'Loc_Device');
    assert.equal(device?.qualifiers.get('description')?.value, 'A managed device.');
    assert.ok(all.every((c) => c.amended === true));
    const plain = await svc.createClassEnum('Loc_Device', WBEM_FLAG_DEEP);
    assert.ok(plain.every((c) => !c.qualifiers.has('description')));
  });

  it('reads the connection locale’s namespace when connectServer is given a locale', async () => {
    const german = await engine.connectServer('root/loc', { locale: 'MS_407' });
    const cls = await german.getClass('Loc_Device', AMENDED);
    assert.equal(cls.qualifiers.get('description')?.value, 'Ein verwaltetes Gerät.');
    assert.equal(cls.qualifiers.has('displayname'), false);
    const disk = await german.getClass('Loc_Disk', AMENDED);
    assert.equal(disk.qualifiers.get('description')?.value, 'Ein verwaltetes Gerät.');
  });

  it('returns the neutral class, marked amended, when the locale has no namespace', async () => {
    const french = await engine.connectServer('root/loc', { locale: 'ms_40c' });
    const cls = await french.getClass('Loc_Device', AMENDED);
    assert.equal(cls.qualifiers.has('description'), false);
    assert.equal(cls.amended, true);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the locale is not MS_ and a hex LCID', async () => {
    for (const locale of ['en-US', 'MS_', 'MS_40912', 'ms_xyz', 1033 as unknown as string]) {
      await assert.rejects(engine.connectServer('root/loc', { locale }), (e: unknown) => {
        assert.equal((e as { hresult?: number }).hresult, WBEM_E_INVALID_PARAMETER);
        return true;
      });
    }
  });

  it('fails with WBEM_E_AMENDED_OBJECT when a class read with the flag is put back without it', async () => {
    const merged = await svc.getClass('Loc_Disk', AMENDED);
    await assert.rejects(svc.putClass(merged, 0), (e: unknown) => {
      assert.equal((e as { hresult?: number }).hresult, WBEM_E_AMENDED_OBJECT);
      return true;
    });
    await svc.putClass(merged, AMENDED);
    assert.equal((await svc.getClass('Loc_Disk')).qualifiers.has('description'), false);
    const again = await svc.getClass('Loc_Disk', AMENDED);
    assert.equal(again.qualifiers.get('description')?.value, 'A managed device.');
  });

  it('indicates the merged class once, then one final status, when GetObjectAsync has the flag', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.getObjectAsync('Loc_Removable', AMENDED, null, sink), WBEM_S_NO_ERROR);
    const status = await sink.done;
    assert.equal(status.hResult, WBEM_S_NO_ERROR);
    const indicates = sink.calls.filter((c) => c.method === 'indicate');
    assert.equal(indicates.length, 1);
    const [cls] = (indicates[0]?.objects ?? []) as CimClass[];
    assert.equal(cls?.qualifiers.get('description')?.value, 'A removable disk.');
    assert.equal(sink.calls.filter((c) => c.flags === WBEM_STATUS_COMPLETE).length, 1);
  });

  it('ends with WBEM_E_CALL_CANCELLED when CancelAsyncCall is given the caller’s sink', async () => {
    const sink = new RecordingSink();
    assert.equal(svc.getObjectAsync('Loc_Device', AMENDED, null, sink), WBEM_S_NO_ERROR);
    assert.equal(svc.cancelAsyncCall(sink), WBEM_S_NO_ERROR);
    const status = await sink.done;
    assert.equal(status.hResult, WBEM_E_CALL_CANCELLED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(sink.calls.filter((c) => c.method === 'indicate').length, 0);
    assert.equal(sink.calls.filter((c) => c.flags === WBEM_STATUS_COMPLETE).length, 1);
  });

  it('ends with WBEM_E_CALL_CANCELLED when the sink refuses the merged objects', async () => {
    const sink = new RecordingSink({ indicate: WBEM_E_CALL_CANCELLED });
    assert.equal(svc.getObjectAsync('Loc_Device', AMENDED, null, sink), WBEM_S_NO_ERROR);
    assert.equal((await sink.done).hResult, WBEM_E_CALL_CANCELLED);
  });
});
