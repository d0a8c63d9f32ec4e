/**
 * @module What phase 1 of a call produces (spec §2.3): the request the namespace's actor will run,
 * with `lFlags` already parsed into its intent. A `WbemError` thrown while preparing it is the
 * call's synchronous HRESULT, and the sink is never called.
 */
import type { CallAuthority, OperationRequest } from '../../runtime/protocol.js';
import type { CallVariant } from '../../schema/intent.js';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

export type { CallVariant };

type Distribute<T> = T extends unknown
  ? Omit<T, 'id' | 'namespace' | 'sendStatus' | 'wantsEvents' | 'caller'>
  : never;

/** A request ready to be addressed: everything but its id and namespace. */
export interface PreparedCall {
  /** WMI method name, for `__ExtendedStatus.Operation` and `status$`. */
  readonly operation: string;
  readonly sendStatus: boolean;
  /** `WBEM_FLAG_RETURN_IMMEDIATELY` of a sync-variant call: answer before the outcome. */
  readonly returnImmediately?: boolean;
  readonly request: Distribute<OperationRequest>;
  /**
   * The final status phase 1 already knows (a class over the property limit): the call is
   * accepted and ends with it on the sink, without being encoded or sent to the actor.
   */
  readonly outcome?: WbemError;
  /**
   * Principal, rights and context of a call `EngineCore.start` runs for a caller (a notification
   * query's check, a descriptor call); absent for engine-internal calls. A connection's calls
   * hand theirs to `EngineCore.startPrepared` instead.
   */
  readonly caller?: CallAuthority;
}

/**
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER naming the argument when it is not an object
 * (null, undefined, a number, a string, a function, an array), as a NULL pointer is in WMI.
 */
export function requiredObject(value: unknown, what: string, operation: string): void {
  required(value, what, operation);
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${operation}: ${what} is not an object (${Array.isArray(value) ? 'an array' : typeof value})`,
    });
  }
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER naming the argument when it is null. */
export function required(value: unknown, what: string, operation: string): void {
  if (value === null || value === undefined) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: `${operation}: ${what} is null` });
  }
}
