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

/**
 * The items sorted by their text, each written once: a comparator that wrote both of its items
 * would write every class about 2 log2(n) times per snapshot, and the matrix takes two
 * snapshots per case.
 */
function byContent<T>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: JSON.stringify(item, stable) }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ item }) => item);
}

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
      classes: byContent(classes),
      instances: byContent(instances.flat()),
      qualifiers: byContent(qualifiers),
      descriptor,
    },
    stable,
  );
}
