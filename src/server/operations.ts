/**
 * @module The intrinsic methods this server answers, by name (case-insensitive, as DSP0200 names
 * are): one table from the `IMETHODCALL NAME` to its handler.
 */
import {
  createClass,
  deleteClass,
  enumerateClasses,
  enumerateClassNames,
  getClass,
  modifyClass,
} from './class-operations.js';
import {
  createInstance,
  deleteInstance,
  enumerateInstanceNames,
  enumerateInstances,
  getInstance,
  modifyInstance,
} from './instance-operations.js';
import type { Operation } from './operation.js';
import {
  closeEnumeration,
  enumerationCount,
  openEnumerateInstancePaths,
  openEnumerateInstances,
  pullInstancePaths,
  pullInstances,
  pullInstancesWithPath,
} from './pull-operations.js';
import {
  deleteQualifier,
  enumerateQualifiers,
  getQualifier,
  setQualifier,
} from './qualifier-operations.js';
import { type QueryBackend, queryOperations } from './query-operations.js';

/** Every operation, keyed by lower-cased name. */
export function operationTable(queries: QueryBackend | null): ReadonlyMap<string, Operation> {
  const all: Operation[] = [
    getClass,
    enumerateClasses,
    enumerateClassNames,
    createClass,
    modifyClass,
    deleteClass,
    getQualifier,
    setQualifier,
    deleteQualifier,
    enumerateQualifiers,
    getInstance,
    enumerateInstances,
    enumerateInstanceNames,
    createInstance,
    modifyInstance,
    deleteInstance,
    openEnumerateInstances,
    openEnumerateInstancePaths,
    pullInstancesWithPath,
    pullInstancePaths,
    pullInstances,
    closeEnumeration,
    enumerationCount,
    ...queryOperations(queries),
  ];
  return new Map(all.map((op) => [op.name.toLowerCase(), op]));
}
