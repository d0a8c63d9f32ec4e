/**
 * @module `GetObject` for an instance path (spec §6.4).
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';
import { ancestry } from './class-lookup.js';
import type { OperationEnv } from './index.js';
import { instanceView } from './instance-keys.js';
import { locate } from './locate-instance.js';

/**
 * GetObject for an instance path (`Foo.Id="x"`, `Foo=@`).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_CLASS
 * (no such class), WBEM_E_NOT_FOUND (no such instance).
 */
export function getInstance(view: ClassStoreReader, path: unknown, env: OperationEnv): CimInstance {
  const found = locate(view, path);
  const cls = found.record.resolved;
  return instanceView(cls, found.instance, found.key, ancestry(view, cls.superclass), env);
}
