/**
 * @module Phase 1 of `PutClass` in every form (spec §2.3 order after the sink): the class object,
 * then `lFlags` parsed once into the intent, then, for the semisynchronous form only, a place to
 * put the call result (B77). Only the intent travels to the actor.
 */
import { parsePutClassFlags } from '../../schema/intent.js';
import { WBEM_MAX_USER_PROPERTIES } from '../../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER, WBEM_E_TOO_MANY_PROPERTIES } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import { type CallVariant, type PreparedCall, requiredObject } from './prepared-call.js';

/**
 * The local property count, when it already exceeds `WBEM_MAX_USER_PROPERTIES`: the resolved
 * class holds at least its local properties, so the put cannot succeed, and a huge class is
 * refused here rather than encoded and sent to the actor. Only the collection's size is read.
 */
function overPropertyLimit(cls: object): number | undefined {
  const properties: unknown = (cls as { properties?: unknown }).properties;
  const count =
    properties instanceof Map ? properties.size : Array.isArray(properties) ? properties.length : 0;
  return count > WBEM_MAX_USER_PROPERTIES ? count : undefined;
}

/**
 * `hasCallResult` tells, for the sync variant with a call result form, whether `ppCallResult` is
 * non-NULL (`undefined`: the form has no call result, as the promise form).
 * A class with more than `WBEM_MAX_USER_PROPERTIES` local properties is accepted and ends with
 * WBEM_E_TOO_MANY_PROPERTIES on the sink (its channel, spec §2.1) without reaching the actor.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a class that is not an object, invalid flags (including
 * WBEM_FLAG_SEND_STATUS on the sync call, B7) or WBEM_FLAG_RETURN_IMMEDIATELY without a call
 * result (B77).
 */
export function phase1PutClass(
  cls: unknown,
  flags: number,
  variant: CallVariant,
  hasCallResult?: boolean,
): PreparedCall {
  requiredObject(cls, 'the class object', 'PutClass');
  const { mode, update, useAmendedQualifiers, ownerUpdate, sendStatus, returnImmediately } =
    parsePutClassFlags(flags, variant);
  if (returnImmediately && hasCallResult === false) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message:
        'PutClass: WBEM_FLAG_RETURN_IMMEDIATELY needs a call result, and ppCallResult is NULL',
    });
  }
  const properties = overPropertyLimit(cls as object);
  return {
    ...(properties === undefined
      ? {}
      : {
          outcome: new WbemError(WBEM_E_TOO_MANY_PROPERTIES, {
            message: `the class has ${properties} properties (limit ${WBEM_MAX_USER_PROPERTIES})`,
          }),
        }),
    operation: 'PutClass',
    sendStatus,
    returnImmediately,
    request: { kind: 'putClass', cls, intent: { mode, update, useAmendedQualifiers, ownerUpdate } },
  };
}
