/**
 * @module The one conversion of a failed final status into the `WbemError` the promise and Rx forms
 * reject with: the HRESULT, and the message of the `__ExtendedStatus` object when one came with it.
 */
import type { CimObject } from '../model/cim-value.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';
import { WbemError } from '../wbem/wbem-error.js';

/** `WbemError(hResult)` described by `object`'s `Description` (an `__ExtendedStatus`). */
export function statusError(hResult: number, object: CimObject | null): WbemError {
  const description =
    object?.genus === WBEM_GENUS_INSTANCE ? object.properties.get('description')?.value : undefined;
  return new WbemError(hResult, typeof description === 'string' ? { message: description } : {});
}
