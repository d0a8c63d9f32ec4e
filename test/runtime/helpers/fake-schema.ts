/**
 * @module A stand-in for `src/schema/index.ts` on the hosts, for runtime tests that need control
 * the real rules do not give: a class carrying a `DelayMs` qualifier holds its actor's turn for
 * that long (a "paused" actor), and a class named `Throw_*` makes the operation throw a non-WBEM
 * error (a bug, reported as WBEM_E_FAILED). Create/update semantics follow spec §1.1 only.
 */
import { EMPTY_CHANGE_SET } from '../../../src/model/change-set.js';
import type { CimClass } from '../../../src/model/cim-class.js';
import type { ClassStoreReader } from '../../../src/model/class-store-reader.js';
import type {
  ClassHeader,
  Mutation,
  OperationEnv,
  PutClassIntent,
  ReadOptions,
} from '../../../src/schema/index.js';
import {
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_CLASS,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_NOT_FOUND,
  WBEM_E_NOT_SUPPORTED,
} from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function asClass(value: unknown): CimClass {
  const cls = value as Partial<CimClass> | null;
  if (typeof cls !== 'object' || cls === null || cls.genus !== 1 || typeof cls.name !== 'string') {
    throw new WbemError(WBEM_E_INVALID_CLASS, { message: 'not a class' });
  }
  return cls as CimClass;
}

/** The stand-in's header: the object itself once it looks like a class. */
export function readPutClassHeader(raw: unknown): ClassHeader {
  const cls = asClass(raw);
  return { raw: cls, name: cls.name, superclass: cls.superclass, amended: false };
}

export function putClassFromHeader(
  view: ClassStoreReader,
  header: ClassHeader,
  intent: PutClassIntent,
  env: OperationEnv,
): Mutation {
  return putClass(view, header.raw, intent, env);
}

export function putClass(
  view: ClassStoreReader,
  raw: unknown,
  intent: PutClassIntent,
  env: OperationEnv,
): Mutation {
  const cls = asClass(raw);
  const delay = cls.qualifiers.get('delayms')?.value;
  if (typeof delay === 'number') Atomics.wait(sleeper, 0, 0, delay);
  if (cls.name.startsWith('Throw_')) throw new TypeError('a bug in the rules');
  if (cls.name.startsWith('_'))
    throw new WbemError(WBEM_E_INVALID_OPERATION, { message: 'reserved name' });
  const existing = view.getClass(cls.name);
  if (existing !== undefined && intent.mode === 'create-only') {
    throw new WbemError(WBEM_E_ALREADY_EXISTS, { message: `${cls.name} exists` });
  }
  if (existing === undefined && intent.mode === 'update-only') {
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `${cls.name} does not exist` });
  }
  return {
    changes: { ...EMPTY_CHANGE_SET, putClasses: [{ local: cls, resolved: cls }] },
    events: [
      existing === undefined
        ? {
            eventClass: '__ClassCreationEvent',
            namespace: env.namespace,
            timeCreated: env.now(),
            targetClass: cls,
          }
        : {
            eventClass: '__ClassModificationEvent',
            namespace: env.namespace,
            timeCreated: env.now(),
            targetClass: cls,
            previousClass: existing.resolved,
          },
    ],
  };
}

export function getClass(
  view: ClassStoreReader,
  name: unknown,
  _o: ReadOptions,
  _env: OperationEnv,
): CimClass {
  const record = typeof name === 'string' ? view.getClass(name) : undefined;
  if (record === undefined)
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `no class ${String(name)}` });
  return record.resolved;
}

export function createClassEnum(view: ClassStoreReader): CimClass[] {
  return [...view.classNames()].flatMap((n) => view.getClass(n)?.resolved ?? []);
}

export function deleteClass(view: ClassStoreReader, name: unknown, env: OperationEnv): Mutation {
  const record = typeof name === 'string' ? view.getClass(name) : undefined;
  if (record === undefined)
    throw new WbemError(WBEM_E_NOT_FOUND, { message: `no class ${String(name)}` });
  return {
    changes: { ...EMPTY_CHANGE_SET, deleteClasses: [record.local.name] },
    events: [
      {
        eventClass: '__ClassDeletionEvent',
        namespace: env.namespace,
        timeCreated: env.now(),
        targetClass: record.resolved,
      },
    ],
  };
}

function notSupported(): never {
  throw new WbemError(WBEM_E_NOT_SUPPORTED, { message: 'not in the fake schema' });
}

export const putInstance = notSupported;
export const getInstance = notSupported;
export const deleteInstance = notSupported;
export const createInstanceEnum = notSupported;
export const putQualifierDeclaration = notSupported;
