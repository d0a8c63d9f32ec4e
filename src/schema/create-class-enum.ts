/**
 * @module `CreateClassEnum` (spec §6.3), over the store and the system-class overlay, in the order
 * `enumerateClassNames` gives.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { findClass } from './class-lookup.js';
import { classView } from './class-view.js';
import { derivationChains } from './derivation-chains.js';
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
