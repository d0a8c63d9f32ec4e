/**
 * @module Phase 1 of each operation, in spec §2.3 order after the sink check: the object or name
 * argument, then `lFlags` parsed once into typed intent. The result is the request the actor will
 * run; a `WbemError` thrown here is the call's synchronous HRESULT and the sink is never called.
 * One function per operation, shared by the async, Rx and promise forms.
 */
import type { CallAuthority, OperationRequest } from '../runtime/protocol.js';
import {
  type CallVariant,
  parseDeleteFlags,
  parseEnumFlags,
  parseGetObjectFlags,
  parsePutClassFlags,
  parsePutInstanceFlags,
} from '../schema/intent.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

export type { CallVariant };

type Distribute<T> = T extends unknown
  ? Omit<T, 'id' | 'namespace' | 'sendStatus' | 'wantsEvents' | 'caller'>
  : never;

/** A request ready to be addressed: everything but its id and namespace. */
export interface PreparedCall {
  /** WMI method name, for `__ExtendedStatus.Operation` and `status$`. */
  readonly operation: string;
  readonly sendStatus: boolean;
  readonly request: Distribute<OperationRequest>;
  /** Principal, rights and context (set by `WbemServices`); absent for engine-internal calls. */
  readonly caller?: CallAuthority;
}

function required(value: unknown, what: string, operation: string): void {
  if (value === null || value === undefined) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: `${operation}: ${what} is null` });
  }
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null class or invalid flags. */
export function preparePutClass(cls: unknown, flags: number, variant: CallVariant): PreparedCall {
  required(cls, 'the class object', 'PutClass');
  const { mode, update, useAmendedQualifiers, ownerUpdate, sendStatus } = parsePutClassFlags(
    flags,
    variant,
  );
  return {
    operation: 'PutClass',
    sendStatus,
    request: {
      kind: 'putClass',
      cls,
      flags,
      intent: { mode, update, useAmendedQualifiers, ownerUpdate },
    },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null name or invalid flags. */
export function prepareDeleteClass(
  name: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(name, 'the class name', 'DeleteClass');
  const { sendStatus } = parseDeleteFlags(flags, variant);
  return { operation: 'DeleteClass', sendStatus, request: { kind: 'deleteClass', name, flags } };
}

/** GetObject for a class; a null name asks for an empty class. @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags. */
export function prepareGetClass(name: unknown, flags: number, variant: CallVariant): PreparedCall {
  const { useAmendedQualifiers, sendStatus } = parseGetObjectFlags(flags, variant);
  return {
    operation: 'GetObject',
    sendStatus,
    request: { kind: 'getClass', name: name ?? null, options: { useAmendedQualifiers } },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags. */
export function prepareCreateClassEnum(
  superclass: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  const { deep, useAmendedQualifiers, sendStatus } = parseEnumFlags(flags, variant);
  return {
    operation: 'CreateClassEnum',
    sendStatus,
    request: {
      kind: 'createClassEnum',
      superclass: superclass ?? null,
      deep,
      options: { useAmendedQualifiers },
    },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null instance or invalid flags. */
export function preparePutInstance(
  instance: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(instance, 'the instance', 'PutInstance');
  const { mode, sendStatus } = parsePutInstanceFlags(flags, variant);
  return {
    operation: 'PutInstance',
    sendStatus,
    request: { kind: 'putInstance', instance, intent: { mode } },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null path or invalid flags. */
export function prepareGetInstance(
  path: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(path, 'the object path', 'GetObject');
  const { sendStatus } = parseGetObjectFlags(flags, variant);
  return { operation: 'GetObject', sendStatus, request: { kind: 'getInstance', path } };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null path or invalid flags. */
export function prepareDeleteInstance(
  path: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(path, 'the object path', 'DeleteInstance');
  const { sendStatus } = parseDeleteFlags(flags, variant);
  return { operation: 'DeleteInstance', sendStatus, request: { kind: 'deleteInstance', path } };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null class name or invalid flags. */
export function prepareCreateInstanceEnum(
  className: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(className, 'the class name', 'CreateInstanceEnum');
  const { deep, sendStatus } = parseEnumFlags(flags, variant);
  return {
    operation: 'CreateInstanceEnum',
    sendStatus,
    request: { kind: 'createInstanceEnum', className, deep },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null declaration or invalid flags. */
export function preparePutQualifierDeclaration(declaration: unknown, flags: number): PreparedCall {
  required(declaration, 'the qualifier declaration', 'PutQualifier');
  if (flags !== 0) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'PutQualifier: lFlags must be 0' });
  }
  return {
    operation: 'PutQualifier',
    sendStatus: false,
    request: { kind: 'putQualifierDeclaration', declaration },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null name. */
export function prepareGetQualifierDeclaration(name: unknown): PreparedCall {
  required(name, 'the qualifier name', 'GetQualifier');
  return {
    operation: 'GetQualifier',
    sendStatus: false,
    request: { kind: 'getQualifierDeclaration', name },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null name. */
export function prepareDeleteQualifierDeclaration(name: unknown): PreparedCall {
  required(name, 'the qualifier name', 'DeleteQualifier');
  return {
    operation: 'DeleteQualifier',
    sendStatus: false,
    request: { kind: 'deleteQualifierDeclaration', name },
  };
}

/** EnumerateQualifiers takes no argument: nothing can fail in phase 1. */
export function prepareCreateQualifierDeclarationEnum(): PreparedCall {
  return {
    operation: 'EnumerateQualifiers',
    sendStatus: false,
    request: { kind: 'createQualifierDeclarationEnum' },
  };
}

/**
 * GetObject on any path: an instance path (it has a key part, `=`) or else a class name.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags.
 */
export function prepareGetObject(path: unknown, flags: number, variant: CallVariant): PreparedCall {
  return typeof path === 'string' && path.includes('=')
    ? prepareGetInstance(path, flags, variant)
    : prepareGetClass(path, flags, variant);
}
