/**
 * @module The `WqlReader` of a namespace actor: the WQL evaluators read the actor's store through
 * the same views `GetObject` and the enumerations return (resolved classes and instances with
 * their system properties), so a query and the equivalent enumeration agree object for object.
 */
import type { ClassRecord } from '../../model/change-set.js';
import type { CimClass } from '../../model/cim-class.js';
import type { CimInstance } from '../../model/cim-instance.js';
import type { ClassStoreReader } from '../../model/class-store-reader.js';
import { type DerivationChain, derivationNames } from '../../model/derivation-chain.js';
import { nameKey } from '../../model/names.js';
import { descendantNames, findClass, subclassNamesOf } from '../../schema/class-lookup.js';
import { classView } from '../../schema/class-view.js';
import { derivationChains } from '../../schema/derivation-chains.js';
import type { OperationEnv, ReadOptions } from '../../schema/index.js';
import { instanceKey, instanceView } from '../../schema/instance-keys.js';
import { locate } from '../../schema/locate-instance.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { WqlReader } from '../../wql/wql-reader.js';

/**
 * A reader over `view` for one query. Class views and derivations are memoised for the query's
 * life: a data query asks for the class of every result it projects, and the store does not
 * change during the turn.
 */
export function storeWqlReader(
  view: ClassStoreReader,
  env: OperationEnv,
  options: ReadOptions = {},
): WqlReader {
  const amended = options.useAmendedQualifiers === true;
  const classes = new Map<string, CimClass | undefined>();
  // Ancestors as chains, one link on the parent's (the evaluators list parents first): a walk down
  // a hierarchy costs a step per class, where each class's walk up its chain costs d²/2 over d.
  const chains = derivationChains(view);
  const chainOf = (record: ClassRecord): DerivationChain | null =>
    chains(record.local.name, record.local.superclass);
  const derivations = new Map<string, readonly string[]>();
  const derivation = (record: ClassRecord): readonly string[] => {
    const key = nameKey(record.local.name);
    let known = derivations.get(key);
    // Stryker disable next-line ConditionalExpression: true only drops the memo; the names are rebuilt equal
    if (known === undefined) {
      known = derivationNames(chainOf(record));
      derivations.set(key, known);
    }
    return known;
  };
  return {
    getClass(name) {
      const key = nameKey(name);
      // Stryker disable next-line ConditionalExpression: false only drops the memo; the view is rebuilt equal
      if (classes.has(key)) return classes.get(key);
      const record = findClass(view, name);
      const cls =
        record === undefined
          ? undefined
          : classView(view, record.resolved, env, amended, chainOf(record));
      classes.set(key, cls);
      return cls;
    },
    derivation(name) {
      const record = findClass(view, name);
      // Stryker disable next-line ArrayDeclaration: its callers search it for classes that exist, which an unknown class derives from none of
      return record === undefined ? [] : derivation(record);
    },
    subclassNames(name) {
      return subclassNamesOf(view, name);
    },
    *instancesOf(className, deep) {
      const root = findClass(view, className);
      // Stryker disable next-line ConditionalExpression: the evaluators ask only for classes they found
      if (root === undefined) return;
      const names = deep
        ? [root.local.name, ...descendantNames(view, root.local.name)]
        : [root.local.name];
      for (const name of names) {
        const record = findClass(view, name);
        // Stryker disable next-line ConditionalExpression: the names come from the store's own subclass index
        if (record === undefined) continue;
        // Only a class with instances needs its lineage: in a deep chain most have none, and
        // each lineage is a walk up the chain.
        let lineage: readonly string[] | undefined;
        for (const stored of view.instances(record.local.name)) {
          lineage ??= derivation(record);
          const key = stored.systemProperties?.__RELPATH ?? relpathOf(record, stored);
          yield instanceView(record.resolved, stored, key, lineage, env);
        }
      }
    },
    getInstance(path) {
      let found: ReturnType<typeof locate>;
      try {
        found = locate(view, path);
      } catch (thrown) {
        if (thrown instanceof WbemError) return undefined;
        throw thrown;
      }
      const cls = found.record.resolved;
      return instanceView(cls, found.instance, found.key, derivation(found.record), env);
    },
  };
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
