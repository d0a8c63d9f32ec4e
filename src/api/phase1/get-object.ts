/**
 * @module Phase 1 of `GetObject`: a class name (null asks for an empty class) or an instance path,
 * then `lFlags`.
 */
import { parseGetObjectFlags } from '../../schema/intent.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/** GetObject for a class. @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags. */
export function phase1GetClass(name: unknown, flags: number, variant: CallVariant): PreparedCall {
  const { useAmendedQualifiers, sendStatus } = parseGetObjectFlags(flags, variant);
  return {
    operation: 'GetObject',
    sendStatus,
    request: { kind: 'getClass', name: name ?? null, options: { useAmendedQualifiers } },
  };
}

/** GetObject for an instance. @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null path or invalid flags. */
export function phase1GetInstance(
  path: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(path, 'the object path', 'GetObject');
  const { sendStatus } = parseGetObjectFlags(flags, variant);
  return { operation: 'GetObject', sendStatus, request: { kind: 'getInstance', path } };
}

/**
 * GetObject on any path: an instance path (it has a key part, `=`) or else a class name.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for invalid flags.
 */
export function phase1GetObject(path: unknown, flags: number, variant: CallVariant): PreparedCall {
  return typeof path === 'string' && path.includes('=')
    ? phase1GetInstance(path, flags, variant)
    : phase1GetClass(path, flags, variant);
}
