/**
 * @module Finding what an instance operation names: its class, and the stored instance an instance
 * path designates. A path may name the instance's class or any ancestor of it (`Foo.Id="x"` finds
 * an instance of `Bar:Foo`).
 */
import type { ClassRecord } from '../model/change-set.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { parseInstancePath } from '../model/object-path.js';
import {
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_NOT_FOUND,
} from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { descendantNames, findClass } from './class-lookup.js';
import { canonicalKey } from './instance-keys.js';

export interface Located {
  readonly record: ClassRecord;
  readonly key: string;
  readonly instance: CimInstance;
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_CLASS (no such class). */
export function classOf(view: ClassStoreReader, name: unknown): ClassRecord {
  if (typeof name !== 'string' || name === '') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'a class name is required' });
  }
  const record = findClass(view, name);
  if (record === undefined) {
    throw new WbemError(WBEM_E_INVALID_CLASS, {
      message: `class ${JSON.stringify(name.slice(0, 300))} does not exist`,
    });
  }
  return record;
}

/**
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_CLASS
 * (no such class), WBEM_E_NOT_FOUND (no such instance).
 */
export function locate(view: ClassStoreReader, path: unknown): Located {
  if (typeof path !== 'string' || path === '') {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'an instance path is required' });
  }
  const parsed = parseInstancePath(path);
  const root = classOf(view, parsed.className);
  for (const name of [root.local.name, ...descendantNames(view, root.local.name)]) {
    const record = findClass(view, name);
    // Stryker disable next-line ConditionalExpression: a listed class missing (damage) would throw in the try below, whose catch skips it the same way
    if (record === undefined) continue;
    let key: string;
    try {
      key = canonicalKey(record.resolved, parsed, path);
    } catch (e) {
      if (name === root.local.name) throw e;
      continue;
    }
    const instance = view.getInstance(record.local.name, key);
    if (instance !== undefined) return { record, key, instance };
  }
  throw new WbemError(WBEM_E_NOT_FOUND, {
    message: `instance ${path.slice(0, 300)} does not exist`,
  });
}
