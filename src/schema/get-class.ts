/**
 * @module `GetObject` for classes (spec §6.1), over the store and the system-class overlay. Reads
 * serve stored resolved views; only system properties are computed.
 */
import type { CimClass } from '../model/cim-class.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { EMPTY_NAME_MAP } from '../model/names.js';
import { WBEM_GENUS_CLASS } from '../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_NOT_FOUND } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { classNameOfPath, findClass } from './class-lookup.js';
import { classView } from './class-view.js';
import type { OperationEnv, ReadOptions } from './index.js';

/** The empty class object `GetObject(NULL)` returns: a template for a new base class (B86). */
export function emptyClass(): CimClass {
  return {
    genus: WBEM_GENUS_CLASS,
    name: '',
    superclass: null,
    qualifiers: EMPTY_NAME_MAP,
    properties: EMPTY_NAME_MAP,
    methods: EMPTY_NAME_MAP,
    systemProperties: {
      __GENUS: WBEM_GENUS_CLASS,
      __CLASS: '',
      __SUPERCLASS: null,
      __DYNASTY: '',
      __DERIVATION: [],
      __PROPERTY_COUNT: 0,
      __RELPATH: null,
      __PATH: null,
      __NAMESPACE: null,
      __SERVER: null,
    },
  };
}

/** `WBEM_FLAG_USE_AMENDED_QUALIFIERS` of a read, checked. */
export function readOptions(options: unknown): boolean {
  if (options === undefined || options === null) return false;
  if (typeof options !== 'object') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'read options must be an object' });
  }
  return (options as ReadOptions).useAmendedQualifiers === true;
}

/**
 * GetObject for a class: its resolved view with system properties; `null`/`''`: the empty
 * class template. Mirrors `IWbemServices::GetObject` for class paths.
 * @throws {WbemError} WBEM_E_NOT_FOUND (no such class), WBEM_E_INVALID_PARAMETER (name not a string).
 */
export function getClass(
  view: ClassStoreReader,
  name: unknown,
  options: ReadOptions,
  env: OperationEnv,
): CimClass {
  const amended = readOptions(options);
  if (name === null || name === undefined || name === '') return emptyClass();
  if (typeof name !== 'string')
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'the class name is not a string' });
  const record = findClass(view, classNameOfPath(name));
  if (record === undefined) {
    throw new WbemError(WBEM_E_NOT_FOUND, {
      message: `class ${JSON.stringify(name.slice(0, 300))} does not exist`,
    });
  }
  return classView(view, record.resolved, env, amended);
}
