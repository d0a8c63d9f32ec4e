/**
 * @module The `CIM_ObjectManager` instance in `root/interop` that stands for this server (the
 * central class of DMTF's WBEM Server profile, DSP1071). Clients read it to learn which server
 * they talk to: pywbem's `WBEMServer` requires exactly one, and its `WBEMSubscriptionManager`
 * copies its `SystemName` into the keys of the filters and listener destinations it creates, so
 * without it a pywbem client cannot subscribe at all.
 *
 * Like the subscription classes, the class is minimal (the DMTF keys, `ElementName`,
 * `Description`) and a definition already in the namespace wins; the instance is written only
 * when the class has none, so one an administrator replaced is kept.
 */
import { hostname } from 'node:os';
import {
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_E_NOT_FOUND,
  type WbemEngine,
  WbemError,
} from '../index.js';
import { INTEROP_NAMESPACE } from './interop-schema.js';

export const OBJECT_MANAGER_CLASS = 'CIM_ObjectManager';

const DEFINITION = cimClass({
  name: OBJECT_MANAGER_CLASS,
  qualifiers: [qualifier('Description', 'DSP1071 object manager: the WBEM server itself')],
  properties: [
    ...['SystemCreationClassName', 'SystemName', 'CreationClassName', 'Name'].map((n) =>
      cimProperty(n, 'string', { qualifiers: [qualifier('Key', true)] }),
    ),
    cimProperty('ElementName', 'string'),
    cimProperty('Description', 'string'),
  ],
});

/**
 * The keys of this server's own instance: what `ensureObjectManager` writes, and what names the
 * object manager when `root/interop` has none (`published-instances.ts`).
 */
export function objectManagerKeys(): Readonly<Record<string, string>> {
  return {
    SystemCreationClassName: 'CIM_ComputerSystem',
    SystemName: hostname(),
    CreationClassName: OBJECT_MANAGER_CLASS,
    Name: 'wbemrx',
  };
}

/**
 * Defines `CIM_ObjectManager` in `root/interop` when missing (after `ensureInteropSchema`) and
 * writes this server's instance when there is none.
 * @throws {WbemError} as `putClass` / `putInstance`.
 */
export async function ensureObjectManager(engine: WbemEngine): Promise<void> {
  const svc = await engine.connectServer(INTEROP_NAMESPACE);
  try {
    await svc.getClass(OBJECT_MANAGER_CLASS);
  } catch (error) {
    if (!(error instanceof WbemError) || error.hresult !== WBEM_E_NOT_FOUND) throw error;
    await svc.putClass(DEFINITION);
  }
  if ((await svc.createInstanceEnum(OBJECT_MANAGER_CLASS)).length > 0) return;
  await svc.putInstance(
    cimInstance(OBJECT_MANAGER_CLASS, {
      ...objectManagerKeys(),
      ElementName: 'wbemrx',
      Description: 'wbemrx CIM-XML server',
    }),
  );
}
