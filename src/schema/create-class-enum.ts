/**
 * @module `CreateClassEnum` (spec §6.3), over the store and the system-class overlay, in the order
 * `enumerateClassNames` gives.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import {
  type DerivationChain,
  derivationChainOf,
  derivationLink,
} from '../model/derivation-chain.js';
import { nameKey } from '../model/names.js';
import { ancestry, findClass } from './class-lookup.js';
import { classView } from './class-view.js';
import { enumerateClassNames } from './enumerate-class-names.js';
import { readOptions } from './get-class.js';
import type { OperationEnv, ReadOptions } from './index.js';

/**
 * CreateClassEnum: from `superclass` (deep: all descendants, shallow: direct children; never the
 * class itself) or, for `null`/`''`, from the top (deep: every class including the system ones,
 * shallow: the classes without a superclass). The classes are those `enumerateClassNames` names,
 * in its order (parents before children below a superclass), each read and resolved.
 * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER.
 */
export function createClassEnum(
  view: ClassStoreReader,
  superclass: unknown,
  deep: unknown,
  options: ReadOptions,
  env: OperationEnv,
): CimClass[] {
  const amended = readOptions(options);
  const names = enumerateClassNames(view, superclass, deep);
  const out: CimClass[] = [];
  const derivation = derivationChains(view);
  for (const n of names) {
    const record = findClass(view, n);
    if (record === undefined) continue;
    const { name, superclass } = record.resolved;
    out.push(classView(view, record.resolved, env, amended, derivation(name, superclass)));
  }
  return out;
}

/**
 * `__DERIVATION` for classes asked parents before children (as `descendantNames` lists them): a
 * class whose parent was asked earlier gets one link in front of the parent's chain (one lookup),
 * otherwise the chain is walked. Chains rather than arrays, because arrays would make a deep
 * enumeration d²/2 names for the host to build and send and for the caller's thread to decode
 * and collect (stalls of that thread of 28-370 ms at depths 1,000-4,096, bench/RESULTS.md); a
 * chain is one link per class, and the wire sends each link once per call
 * (`runtime/derivation-streams.ts`).
 */
function derivationChains(
  view: ClassStoreReader,
): (name: string, superclass: string | null) => DerivationChain | null {
  const known = new Map<string, DerivationChain | null>();
  return (name, superclass) => {
    let chain: DerivationChain | null = null;
    if (superclass !== null) {
      const key = nameKey(superclass);
      chain = known.has(key)
        ? derivationLink(
            // Stryker disable next-line LogicalOperator,OptionalChaining: the parent was asked before, so it is a class of the view
            findClass(view, superclass)?.local.name ?? superclass,
            known.get(key) ?? null,
          )
        : derivationChainOf(ancestry(view, superclass));
    }
    known.set(nameKey(name), chain);
    return chain;
  };
}
