/**
 * @module The `__ExtendedStatus` instance a failed call hands to its sink's final `SetStatus`
 * (win32:--extendedstatus): `Description`, `Operation`, `StatusCode` = the hResult.
 */
import type { CimInstance } from '../model/cim-instance.js';
import { nameMap } from '../model/names.js';
import { WBEM_GENUS_INSTANCE } from '../wbem/flags.js';

/** An `__ExtendedStatus` (genus 2) for a failure of `operation` with `hresult`. */
export function extendedStatus(
  operation: string,
  hresult: number,
  description: string,
): CimInstance {
  return {
    genus: WBEM_GENUS_INSTANCE,
    className: '__ExtendedStatus',
    properties: nameMap([
      { name: 'Description', value: description },
      { name: 'Operation', value: operation },
      { name: 'ParameterInfo', value: null },
      { name: 'ProviderName', value: 'wbemrx' },
      { name: 'StatusCode', value: hresult >>> 0 },
    ]),
  };
}
