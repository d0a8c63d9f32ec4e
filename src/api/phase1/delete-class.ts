/**
 * @module Phase 1 of `DeleteClass`: the class name, then `lFlags` (only the delivery bits).
 */
import { parseDeleteFlags } from '../../schema/intent.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null name or invalid flags. */
export function phase1DeleteClass(
  name: unknown,
  flags: number,
  variant: CallVariant,
): PreparedCall {
  required(name, 'the class name', 'DeleteClass');
  const { sendStatus } = parseDeleteFlags(flags, variant);
  return { operation: 'DeleteClass', sendStatus, request: { kind: 'deleteClass', name } };
}
