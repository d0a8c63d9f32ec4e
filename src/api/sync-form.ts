/**
 * @module Phase 1 of an operation's synchronous and semisynchronous forms (`ppCallResult` given or
 * NULL): the sync variant's flag table, plus the one rule only these forms have — a
 * semisynchronous call needs somewhere to put its call result (spec §1.2, §3.5, B77).
 */
import { WBEM_FLAG_RETURN_IMMEDIATELY } from '../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { type CallResultYields, PUT_CLASS_YIELDS } from './call-result.js';
import { type PreparedCall, preparePutClass } from './prepare-call.js';

/** One sync-variant call, ready for `EngineCore.start` with a call result as its sink. */
export interface SyncForm {
  readonly operation: string;
  readonly yields: CallResultYields;
  /** Phase 1; throws the call's synchronous HRESULT as `WbemError`. */
  readonly prepare: () => PreparedCall;
  /**
   * `WBEM_FLAG_RETURN_IMMEDIATELY` was asked (and is allowed): answer before the outcome. Read
   * only after `prepare` succeeded; for flags it refuses the value does not matter.
   */
  readonly returnImmediately: boolean;
}

function semisync(operation: string, returnImmediately: boolean, hasCallResult: boolean): void {
  if (returnImmediately && !hasCallResult) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${operation}: WBEM_FLAG_RETURN_IMMEDIATELY needs a call result, and ppCallResult is NULL`,
    });
  }
}

/**
 * `PutClass(pObject, lFlags, pCtx, ppCallResult)`, with `hasCallResult` telling whether
 * `ppCallResult` is non-NULL.
 * @throws {WbemError} (from `prepare`) WBEM_E_INVALID_PARAMETER for a null class, invalid flags
 * (including WBEM_FLAG_SEND_STATUS, B7) or WBEM_FLAG_RETURN_IMMEDIATELY without a call result (B77).
 */
export function putClassSyncForm(cls: unknown, flags: number, hasCallResult: boolean): SyncForm {
  // `prepare` parses and checks the flags; once it succeeds they are valid sync flags, so the bit
  // alone answers (for flags it refuses, the value is never read).
  const returnImmediately =
    typeof flags === 'number' && (flags & WBEM_FLAG_RETURN_IMMEDIATELY) !== 0;
  return {
    operation: 'PutClass',
    yields: PUT_CLASS_YIELDS,
    returnImmediately,
    prepare: () => {
      const prepared = preparePutClass(cls, flags, 'sync');
      semisync('PutClass', returnImmediately, hasCallResult);
      return prepared;
    },
  };
}
