/**
 * @module `EnumerateClassNames` (DSP0200's intrinsic method): the names `CreateClassEnum` returns,
 * in its order, without reading, decoding or resolving a single class. The names come from the
 * store's subclass index and the system-class overlay, so a listing costs an index entry per
 * class listed instead of a class read and resolution (21,000 classes of a durable store: tens
 * of milliseconds against seconds, bench/RESULTS.md, "Class names without the classes").
 */
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { WBEM_E_INVALID_CLASS, WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { allClassNames, descendantNames, findClass, subclassNamesOf } from './class-lookup.js';

/**
 * The names of the classes `createClassEnum` would return for the same arguments, in the same
 * order and spelled as stored: from `superclass` (deep: all its descendants, parents before
 * children; shallow: its direct children; never the class itself) or, for `null`/`''`, from the
 * top (deep: the system classes, then the store's in the store's order; shallow: the classes
 * without a superclass). `createClassEnum` picks its classes with this function.
 * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER (a
 * superclass that is not a string, `deep` not a boolean).
 */
export function enumerateClassNames(
  view: ClassStoreReader,
  superclass: unknown,
  deep: unknown,
): string[] {
  if (typeof deep !== 'boolean')
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'deep must be a boolean' });
  if (superclass === null || superclass === undefined || superclass === '') {
    return deep ? allClassNames(view) : subclassNamesOf(view, null);
  }
  if (typeof superclass !== 'string')
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: 'the superclass name is not a string',
    });
  const root = findClass(view, superclass);
  if (root === undefined) {
    throw new WbemError(WBEM_E_INVALID_CLASS, {
      message: `class ${JSON.stringify(superclass.slice(0, 300))} does not exist`,
    });
  }
  return deep ? descendantNames(view, root.local.name) : subclassNamesOf(view, root.local.name);
}
