/**
 * @module Phase 1 of the qualifier-declaration calls (CIM `SetQualifier`, `GetQualifier`,
 * `DeleteQualifier`, `EnumerateQualifiers`; WMI has no `IWbemServices` method for them).
 */
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { type PreparedCall, required } from './prepared-call.js';

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null declaration or invalid flags. */
export function phase1PutQualifierDeclaration(declaration: unknown, flags: number): PreparedCall {
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
export function phase1GetQualifierDeclaration(name: unknown): PreparedCall {
  required(name, 'the qualifier name', 'GetQualifier');
  return {
    operation: 'GetQualifier',
    sendStatus: false,
    request: { kind: 'getQualifierDeclaration', name },
  };
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null name. */
export function phase1DeleteQualifierDeclaration(name: unknown): PreparedCall {
  required(name, 'the qualifier name', 'DeleteQualifier');
  return {
    operation: 'DeleteQualifier',
    sendStatus: false,
    request: { kind: 'deleteQualifierDeclaration', name },
  };
}

/** EnumerateQualifiers takes no argument: nothing can fail in phase 1. */
export function phase1CreateQualifierDeclarationEnum(): PreparedCall {
  return {
    operation: 'EnumerateQualifiers',
    sendStatus: false,
    request: { kind: 'createQualifierDeclarationEnum' },
  };
}
