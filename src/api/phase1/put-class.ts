/**
 * @module Phase 1 of `PutClass` in every form (spec §2.3 order after the sink): the class object,
 * then `lFlags` parsed once into the intent, then, for the semisynchronous form only, a place to
 * put the call result (B77). Only the intent travels to the actor.
 */
import { parsePutClassFlags } from '../../schema/intent.js';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/**
 * `hasCallResult` tells, for the sync variant with a call result form, whether `ppCallResult` is
 * non-NULL (`undefined`: the form has no call result, as the promise form).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a null class, invalid flags (including
 * WBEM_FLAG_SEND_STATUS on the sync call, B7) or WBEM_FLAG_RETURN_IMMEDIATELY without a call
 * result (B77).
 */
export function phase1PutClass(
  cls: unknown,
  flags: number,
  variant: CallVariant,
  hasCallResult?: boolean,
): PreparedCall {
  required(cls, 'the class object', 'PutClass');
  const { mode, update, useAmendedQualifiers, ownerUpdate, sendStatus, returnImmediately } =
    parsePutClassFlags(flags, variant);
  if (returnImmediately && hasCallResult === false) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message:
        'PutClass: WBEM_FLAG_RETURN_IMMEDIATELY needs a call result, and ppCallResult is NULL',
    });
  }
  return {
    operation: 'PutClass',
    sendStatus,
    returnImmediately,
    request: { kind: 'putClass', cls, intent: { mode, update, useAmendedQualifiers, ownerUpdate } },
  };
}
