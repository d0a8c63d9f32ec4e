/**
 * @module `CreateInstanceEnum` (spec §6.4): the stored instances of a class and, deep, of its
 * descendants.
 */
import type { ClassRecord } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { ancestry, descendantNames, findClass } from './class-lookup.js';
import type { OperationEnv } from './index.js';
import { instanceKey, instanceView } from './instance-keys.js';
import { classOf } from './locate-instance.js';

/**
 * CreateInstanceEnum: the stored instances of the class and, when `deep`, of its descendants.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_CLASS (no such class).
 */
export function createInstanceEnum(
  view: ClassStoreReader,
  className: unknown,
  deep: unknown,
  env: OperationEnv,
): CimInstance[] {
  const root = classOf(view, className);
  if (typeof deep !== 'boolean')
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'deep must be a boolean' });
  const names = deep
    ? [root.local.name, ...descendantNames(view, root.local.name)]
    : [root.local.name];
  const out: CimInstance[] = [];
  for (const name of names) {
    const record = findClass(view, name);
    if (record === undefined) continue;
    const cls = record.resolved;
    // Only a class with instances needs its lineage: in a deep chain most have none, and each
    // lineage is a walk up the chain.
    let derivation: readonly string[] | undefined;
    for (const instance of view.instances(record.local.name)) {
      derivation ??= ancestry(view, cls.superclass);
      // Stryker disable next-line LogicalOperator: a stored instance carries no __RELPATH, or the one relpathOf computes from its keys
      const key = instance.systemProperties?.__RELPATH ?? null;
      out.push(instanceView(cls, instance, key ?? relpathOf(record, instance), derivation, env));
    }
  }
  return out;
}

function relpathOf(record: ClassRecord, instance: CimInstance): string {
  try {
    return instanceKey(
      record.resolved,
      (p) => instance.properties.get(p.name.toLowerCase())?.value ?? p.value,
    );
  } catch {
    return `${record.local.name}=@`;
  }
}
