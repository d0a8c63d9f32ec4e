/**
 * @module The query language argument of `ExecQuery`/`ExecNotificationQuery`: WMI takes only "WQL".
 */
import { WBEM_E_INVALID_QUERY_TYPE } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';

/**
 * Checks the `strQueryLanguage` argument (case-insensitive, as WMI compares it).
 * @throws {WbemError} WBEM_E_INVALID_QUERY_TYPE for anything but `WQL`.
 */
export function checkQueryLanguage(language: unknown): void {
  if (typeof language === 'string' && language.toUpperCase() === 'WQL') return;
  const shown =
    typeof language === 'string' ? JSON.stringify(language.slice(0, 40)) : typeof language;
  throw new WbemError(WBEM_E_INVALID_QUERY_TYPE, {
    message: `query language ${shown} is not supported; WMI accepts only "WQL"`,
  });
}
