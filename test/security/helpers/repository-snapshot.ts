/**
 * @module What a namespace holds, as one comparable text: every class (its resolved view), the
 * instances under every top-level class and of the system classes that store instances, the
 * qualifier declarations and the security descriptor. Two equal snapshots around a refused call
 * show that it changed nothing.
 */
import type { WbemServices } from '../../../src/api/wbem-services.js';
import { WBEM_FLAG_DEEP } from '../../../src/wbem/flags.js';

/** Maps become sorted entry lists, so the text does not depend on insertion order. */
function stable(_key: string, value: unknown): unknown {
  if (value instanceof Map)
    return [...value.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
  return value;
}

const sortKey = (item: unknown): string => JSON.stringify(item, stable);
const byContent = (a: unknown, b: unknown): number => sortKey(a).localeCompare(sortKey(b));

/** Read as `admin`, who holds every right on the namespace. */
export async function repositorySnapshot(admin: WbemServices): Promise<string> {
  const classes = await admin.createClassEnum(null, WBEM_FLAG_DEEP);
  const tops = classes.filter((c) => c.superclass === null && !c.name.startsWith('__'));
  // Issued together, so they travel to the namespace's actor in one batch.
  const [instances, qualifiers, descriptor] = await Promise.all([
    Promise.all(
      [...tops.map((c) => c.name), '__NAMESPACE', '__Win32Provider'].map((name) =>
        admin.createInstanceEnum(name, WBEM_FLAG_DEEP),
      ),
    ),
    admin.createQualifierDeclarationEnum(),
    admin.getSecurityDescriptor(),
  ]);
  return JSON.stringify(
    {
      classes: [...classes].sort(byContent),
      instances: instances.flat().sort(byContent),
      qualifiers: qualifiers.sort(byContent),
      descriptor,
    },
    stable,
  );
}
