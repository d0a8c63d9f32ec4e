/**
 * @module Phase 1 of `ExecQuery` and `ExecNotificationQuery`: the query language, the query text
 * (parsed here, so a syntax error is the call's own HRESULT with its position), then `lFlags`.
 */

import {
  WBEM_FLAG_ENSURE_LOCATABLE,
  WBEM_FLAG_FORWARD_ONLY,
  WBEM_FLAG_PROTOTYPE,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_USE_AMENDED_QUALIFIERS,
  WBEM_MASK_RESERVED_FLAGS,
} from '../../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { WqlQuery, WqlSelect } from '../../wql/ast.js';
import { checkQueryLanguage } from '../../wql/check-query-language.js';
import { compileEventQuery, type EventFilter } from '../../wql/event-filter.js';
import { parseWql } from '../../wql/parse-wql.js';
import { type CallVariant, type PreparedCall, required } from './prepared-call.js';

/** `lFlags` of ExecQuery(Async), parsed. */
export interface QueryFlags {
  readonly prototype: boolean;
  readonly useAmendedQualifiers: boolean;
  readonly sendStatus: boolean;
  readonly returnImmediately: boolean;
}

/**
 * Reads `flags` as an unsigned 32-bit mask; refuses bits outside `allowed` (reserved bits are
 * ignored, as WMI servers do).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER.
 */
function checkBits(call: string, flags: unknown, allowed: number): number {
  if (
    typeof flags !== 'number' ||
    !Number.isInteger(flags) ||
    flags < -0x80000000 ||
    flags > 0xffffffff
  ) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${call}: lFlags must be a 32-bit integer, got ${typeof flags === 'number' ? flags : typeof flags}`,
    });
  }
  const bits = flags >>> 0;
  const stray = bits & ~(allowed | WBEM_MASK_RESERVED_FLAGS);
  if (stray !== 0) {
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: `${call}: lFlags 0x${bits.toString(16)} has bits 0x${stray.toString(16)} the call does not accept`,
    });
  }
  return bits;
}

/**
 * ExecQuery(Async) flags: `WBEM_FLAG_PROTOTYPE`, `WBEM_FLAG_USE_AMENDED_QUALIFIERS`,
 * `WBEM_FLAG_ENSURE_LOCATABLE` (every result already carries its `__PATH`), and per variant
 * `WBEM_FLAG_SEND_STATUS` (async) or `WBEM_FLAG_FORWARD_ONLY` / `WBEM_FLAG_RETURN_IMMEDIATELY`
 * (sync: results are handed over once, so forward-only costs nothing more).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for any other bit.
 */
export function parseQueryFlags(flags: unknown, variant: CallVariant): QueryFlags {
  const common =
    WBEM_FLAG_PROTOTYPE | WBEM_FLAG_USE_AMENDED_QUALIFIERS | WBEM_FLAG_ENSURE_LOCATABLE;
  const own =
    variant === 'async'
      ? WBEM_FLAG_SEND_STATUS
      : WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY;
  const call = variant === 'async' ? 'ExecQueryAsync' : 'ExecQuery';
  const bits = checkBits(call, flags, common | own);
  return {
    prototype: (bits & WBEM_FLAG_PROTOTYPE) !== 0,
    useAmendedQualifiers: (bits & WBEM_FLAG_USE_AMENDED_QUALIFIERS) !== 0,
    sendStatus: variant === 'async' && (bits & WBEM_FLAG_SEND_STATUS) !== 0,
    returnImmediately: variant === 'sync' && (bits & WBEM_FLAG_RETURN_IMMEDIATELY) !== 0,
  };
}

/** The query text, parsed. @throws {WbemError} WBEM_E_INVALID_PARAMETER for null; WBEM_E_INVALID_QUERY. */
function parseQueryText(wql: unknown, operation: string): WqlQuery {
  required(wql, 'the query', operation);
  return parseWql(wql as string);
}

/**
 * Mirrors the synchronous checks of `IWbemServices::ExecQuery(Async)`.
 * @throws {WbemError} WBEM_E_INVALID_QUERY_TYPE (language), WBEM_E_INVALID_PARAMETER (null query,
 * flags), WBEM_E_INVALID_QUERY (syntax, with the column), WBEM_E_NOT_SUPPORTED (a construct WQL
 * does not have).
 */
export function phase1ExecQuery(
  language: unknown,
  wql: unknown,
  flags: unknown,
  variant: CallVariant,
): PreparedCall {
  checkQueryLanguage(language);
  const query = parseQueryText(wql, 'ExecQuery');
  const parsed = parseQueryFlags(flags, variant);
  return {
    operation: 'ExecQuery',
    sendStatus: parsed.sendStatus,
    returnImmediately: parsed.returnImmediately,
    request: {
      kind: 'execQuery',
      query,
      prototype: parsed.prototype,
      options: { useAmendedQualifiers: parsed.useAmendedQualifiers },
    },
  };
}

/** A notification query ready to be opened: its filter, and the request that checks its classes. */
export interface PreparedNotificationQuery {
  readonly filter: EventFilter;
  readonly check: PreparedCall;
}

/**
 * Mirrors the synchronous checks of `IWbemServices::ExecNotificationQuery(Async)`. The class
 * names are checked against the namespace in its actor (`check`).
 * @throws {WbemError} WBEM_E_INVALID_QUERY_TYPE, WBEM_E_INVALID_PARAMETER (null query, flags),
 * WBEM_E_INVALID_QUERY (syntax; an association query), WBEM_E_NOT_SUPPORTED,
 * WBEM_E_INVALID_CLASS (FROM names no event class).
 */
export function phase1NotificationQuery(
  language: unknown,
  wql: unknown,
  flags: unknown,
  variant: CallVariant | 'rx',
): PreparedNotificationQuery {
  checkQueryLanguage(language);
  const query = parseQueryText(wql, 'ExecNotificationQuery');
  const allowed =
    variant === 'async'
      ? WBEM_FLAG_SEND_STATUS
      : variant === 'sync'
        ? WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY
        : 0;
  checkBits(
    variant === 'async' ? 'ExecNotificationQueryAsync' : 'ExecNotificationQuery',
    flags,
    allowed,
  );
  const filter = compileEventQuery(query as WqlSelect);
  return {
    filter,
    check: {
      operation: 'ExecNotificationQuery',
      sendStatus: false,
      request: { kind: 'checkEventQuery', query: filter.query },
    },
  };
}
