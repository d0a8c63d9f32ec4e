/**
 * @module Phase 1 of `PutInstance` and `DeleteInstance`: the instance or its path, then `lFlags`.
 */
import { parseDeleteFlags, parsePutInstanceFlags } from '../../schema/intent.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null instance or invalid flags. */
export function phase1PutInstance(
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
export function phase1DeleteInstance(
  path: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(path, 'the object path', 'DeleteInstance');
  const { sendStatus } = parseDeleteFlags(flags, variant);
  return { operation: 'DeleteInstance', sendStatus, request: { kind: 'deleteInstance', path } };
}
