/**
 * @module Which of the classes a MOF names already exist in a namespace: what `loadMof` needs to
 * check the superclasses the MOF does not declare and to count created against updated classes.
 *
 * Enumerating the whole namespace for it made a one-class MOF take seconds against a repository
 * of tens of thousands of classes (bench/RESULTS.md, "Open and first calls"), so the classes are
 * asked for by name, all at once, and a load reads what its MOF names. A class that is not there
 * costs a failed call (about 0.1 ms), though, which would add a fifth to loading the DMTF schema
 * into a new namespace. So a MOF naming many classes first reads the namespace's root classes:
 * when they are all system classes, the namespace holds (nearly) nothing else and one deep
 * enumeration is the cheaper answer. Both enumerations ask for names only
 * (`enumerateClassNames`) when the services offer it, the classes otherwise. With names only, a
 * MOF loaded over itself is answered by the subtrees of its own root classes (`bySubtrees`).
 */
import { isSystemName } from '../../model/cim-name-grammar.js';
import { nameKey } from '../../model/names.js';
import { WBEM_FLAG_DEEP, WBEM_FLAG_SHALLOW } from '../../wbem/flags.js';
import { WBEM_E_NOT_FOUND } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { isMissingNamespace } from './connect-namespace.js';
import type { MofLoadEngine, MofLoadServices } from './mof-load-target.js';

/** Up to this many names, they are asked for one by one without looking at the namespace first. */
const FEW_NAMES = 64;

function isAbsentClass(thrown: unknown): boolean {
  return thrown instanceof WbemError && thrown.hresult === WBEM_E_NOT_FOUND;
}

async function byName(
  svc: MofLoadServices,
  getClass: NonNullable<MofLoadServices['getClass']>,
  asked: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const found = await Promise.all(
    [...asked].map(([key, name]) =>
      getClass.call(svc, name).then(
        () => key,
        (thrown: unknown) => {
          if (isAbsentClass(thrown)) return undefined;
          throw thrown;
        },
      ),
    ),
  );
  return new Set(found.filter((key) => key !== undefined));
}

/** The names of the classes `createClassEnum(null, flags)` returns. */
async function classNames(svc: MofLoadServices, flags: number): Promise<string[]> {
  if (svc.enumerateClassNames !== undefined) return svc.enumerateClassNames(null, flags);
  return (await svc.createClassEnum(null, flags)).map((c) => c.name);
}

async function byEnumeration(
  svc: MofLoadServices,
  asked: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const all = await classNames(svc, WBEM_FLAG_DEEP);
  return new Set(all.map(nameKey).filter((key) => asked.has(key)));
}

/**
 * The `nameKey`s of those of `names` that `namespace` holds; empty when the namespace does not
 * exist. `declared`: the `nameKey`s of the names the MOF declares (the others are superclasses it
 * only assumes exist).
 * @throws {WbemError} whatever connecting or a read throws, other than "not found".
 */
export async function existingClasses(
  engine: MofLoadEngine,
  namespace: string,
  names: Iterable<string>,
  declared: ReadonlySet<string>,
): Promise<Set<string>> {
  let svc: MofLoadServices;
  try {
    svc = await engine.connectServer(namespace);
  } catch (thrown) {
    if (isMissingNamespace(thrown)) return new Set();
    throw thrown;
  }
  const asked = new Map<string, string>();
  for (const name of names) asked.set(nameKey(name), name);
  const { getClass } = svc;
  if (getClass === undefined) return byEnumeration(svc, asked);
  if (asked.size <= FEW_NAMES) return byName(svc, getClass, asked);
  const roots = await classNames(svc, WBEM_FLAG_SHALLOW);
  if (roots.every(isSystemName)) return byEnumeration(svc, asked);
  const { enumerateClassNames } = svc;
  if (enumerateClassNames === undefined) return byName(svc, getClass, asked);
  const ownRoots = roots.filter((root) => declared.has(nameKey(root)));
  return bySubtrees(svc, enumerateClassNames, getClass, asked, ownRoots);
}

/**
 * A MOF loaded again over a namespace holding it (an upgrade): its classes sit under the root
 * classes it declares (`ownRoots`). Each such root is asked for the names below it instead of for
 * itself, one call either way, and that one answer covers its whole subtree; only the names found
 * under none of them are asked for one by one (new classes, classes under roots the MOF does not
 * declare). A root the MOF only assumes is not enumerated: a vendor MOF deriving from
 * `CIM_ManagedElement` would read the names of the whole schema below it to learn nothing.
 */
async function bySubtrees(
  svc: MofLoadServices,
  enumerateClassNames: NonNullable<MofLoadServices['enumerateClassNames']>,
  getClass: NonNullable<MofLoadServices['getClass']>,
  asked: ReadonlyMap<string, string>,
  ownRoots: readonly string[],
): Promise<Set<string>> {
  const subtrees = await Promise.all(
    ownRoots.map((root) => enumerateClassNames.call(svc, root, WBEM_FLAG_DEEP)),
  );
  const found = new Set(ownRoots.map(nameKey));
  for (const names of subtrees) {
    for (const name of names) {
      const key = nameKey(name);
      if (asked.has(key)) found.add(key);
    }
  }
  const rest = new Map([...asked].filter(([key]) => !found.has(key)));
  for (const key of await byName(svc, getClass, rest)) found.add(key);
  return found;
}
