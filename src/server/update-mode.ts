/**
 * @module How a CIM-XML client chooses the PutClass update mode of `ModifyClass`.
 *
 * DSP0200 has no such parameter, so the choice rides outside the request body, in this order:
 * 1. the `X-WBEMRX-UpdateMode: compatible | safe | force` HTTP header, for clients that can add a
 *    header (pywbem's `WBEMConnection` via its session, curl, scripts);
 * 2. the authenticated user's default (`wbemrx users add NAME --update-mode force`), so that a
 *    client that cannot add headers (wbemcli, cimcli, any unchanged tool) reaches safe or force
 *    mode by logging in as a user created for it;
 * 3. the server's default (`startServer` option `updateMode`), `compatible` unless set.
 *
 * The same mode decides `DeleteClass`: `force` deletes a class with its subclasses and instances,
 * as WMI's DeleteClass does; otherwise the DSP0200 answer `CIM_ERR_CLASS_HAS_CHILDREN` /
 * `CIM_ERR_CLASS_HAS_INSTANCES` is given, as OpenPegasus does.
 */
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_UPDATE_COMPATIBLE,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WbemError,
} from '../index.js';
import { CimHttpError } from './cim-http-error.js';

export type UpdateMode = 'compatible' | 'safe' | 'force';

export const UPDATE_MODE_HEADER = 'x-wbemrx-updatemode';

/** Whether `value` names an update mode. */
export function isUpdateMode(value: unknown): value is UpdateMode {
  return value === 'compatible' || value === 'safe' || value === 'force';
}

/** The `WBEM_FLAG_UPDATE_*` bit of a mode. */
export function updateModeFlag(mode: UpdateMode): number {
  if (mode === 'safe') return WBEM_FLAG_UPDATE_SAFE_MODE;
  if (mode === 'force') return WBEM_FLAG_UPDATE_FORCE_MODE;
  return WBEM_FLAG_UPDATE_COMPATIBLE;
}

/**
 * The mode of one request.
 * @throws {CimHttpError} 400 request-not-valid for a header naming no mode.
 */
export function requestUpdateMode(
  header: string | string[] | undefined,
  userDefault: UpdateMode | undefined,
  serverDefault: UpdateMode,
): UpdateMode {
  if (header !== undefined) {
    const value = (Array.isArray(header) ? header.join(',') : header).trim().toLowerCase();
    if (!isUpdateMode(value)) {
      throw new CimHttpError(
        WBEM_E_INVALID_PARAMETER,
        400,
        'request-not-valid',
        `X-WBEMRX-UpdateMode must be compatible, safe or force (got '${value.slice(0, 40)}')`,
      );
    }
    return value;
  }
  return userDefault ?? serverDefault;
}

/** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a value that names no mode. */
export function parseUpdateMode(value: string, what: string): UpdateMode {
  if (!isUpdateMode(value)) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${what} must be compatible, safe or force (got '${value}')`,
    });
  }
  return value;
}
