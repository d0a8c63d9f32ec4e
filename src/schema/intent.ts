/**
 * @module `lFlags` parsing: each `IWbemServices` call's flag table (spec §1.2 and §6), applied
 * once at the boundary so that rules never see raw bits. Reserved bits (`0x1F000`) and
 * `WBEM_FLAG_STRONG_VALIDATION` are ignored; every other unlisted bit, the forbidden pairs and
 * the bits of the other variant (`RETURN_IMMEDIATELY` on async calls, `SEND_STATUS` on sync ones)
 * are `WBEM_E_INVALID_PARAMETER` (spec §10 A6).
 */
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_DIRECT_READ,
  WBEM_FLAG_FORWARD_ONLY,
  WBEM_FLAG_OWNER_UPDATE,
  WBEM_FLAG_RETURN_IMMEDIATELY,
  WBEM_FLAG_SEND_STATUS,
  WBEM_FLAG_SHALLOW,
  WBEM_FLAG_STRONG_VALIDATION,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WBEM_FLAG_USE_AMENDED_QUALIFIERS,
  WBEM_MASK_RESERVED_FLAGS,
} from '../wbem/flags.js';
import { WBEM_E_INVALID_PARAMETER } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { PutClassIntent } from './index.js';

/** Which form of the call: `…Async` (sink) or the sync/semisync one. */
export type CallVariant = 'async' | 'sync';

/** Delivery bits common to every call. */
export interface CallFlags {
  /** `WBEM_FLAG_RETURN_IMMEDIATELY` (sync variant only): semisynchronous. */
  readonly returnImmediately: boolean;
  /** `WBEM_FLAG_SEND_STATUS` (async variant only): progress reports welcome. */
  readonly sendStatus: boolean;
}

export interface PutClassFlags extends CallFlags {
  readonly mode: 'create-only' | 'update-only' | 'create-or-update';
  readonly update: 'compatible' | 'safe' | 'force';
  readonly useAmendedQualifiers: boolean;
  readonly ownerUpdate: boolean;
}

export type PutInstanceFlags = CallFlags & {
  readonly mode: 'create-only' | 'update-only' | 'create-or-update';
  readonly useAmendedQualifiers: boolean;
};

export interface GetObjectFlags extends CallFlags {
  readonly useAmendedQualifiers: boolean;
  readonly directRead: boolean;
}

export interface EnumFlags extends CallFlags {
  /** `WBEM_FLAG_DEEP` (0) unless `WBEM_FLAG_SHALLOW`. */
  readonly deep: boolean;
  readonly useAmendedQualifiers: boolean;
  readonly forwardOnly: boolean;
}

const IGNORED = WBEM_MASK_RESERVED_FLAGS | WBEM_FLAG_STRONG_VALIDATION;

function invalid(call: string, flags: number, why: string): never {
  throw new WbemError(WBEM_E_INVALID_PARAMETER, {
    message: `${call}: lFlags 0x${(flags >>> 0).toString(16)} ${why}`,
  });
}

/** Reads `flags` as an unsigned 32-bit mask and refuses bits outside `allowed`. */
function checkBits(call: string, flags: unknown, allowed: number, variant: CallVariant): number {
  if (
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses every non-number too
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
  const perVariant = variant === 'async' ? WBEM_FLAG_SEND_STATUS : WBEM_FLAG_RETURN_IMMEDIATELY;
  const stray = (bits & ~(allowed | perVariant | IGNORED)) >>> 0;
  if (stray !== 0) {
    const other = variant === 'async' ? WBEM_FLAG_RETURN_IMMEDIATELY : WBEM_FLAG_SEND_STATUS;
    return invalid(
      call,
      bits,
      stray === other
        ? `sets ${variant === 'async' ? 'WBEM_FLAG_RETURN_IMMEDIATELY' : 'WBEM_FLAG_SEND_STATUS'}, which the ${variant} call does not accept`
        : `has bits 0x${stray.toString(16)} the call does not accept`,
    );
  }
  return bits;
}

function callFlags(bits: number, variant: CallVariant): CallFlags {
  return {
    // Stryker disable next-line ConditionalExpression: checkBits already refused this bit on the other variant
    returnImmediately: variant === 'sync' && (bits & WBEM_FLAG_RETURN_IMMEDIATELY) !== 0,
    // Stryker disable next-line ConditionalExpression: checkBits already refused this bit on the other variant
    sendStatus: variant === 'async' && (bits & WBEM_FLAG_SEND_STATUS) !== 0,
  };
}

function createMode(call: string, bits: number): PutClassFlags['mode'] {
  const only = bits & (WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY);
  if (only === (WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY)) {
    return invalid(call, bits, 'combines WBEM_FLAG_UPDATE_ONLY and WBEM_FLAG_CREATE_ONLY');
  }
  return only === WBEM_FLAG_CREATE_ONLY
    ? 'create-only'
    : only === WBEM_FLAG_UPDATE_ONLY
      ? 'update-only'
      : 'create-or-update';
}

/**
 * Parses PutClass(Async) `lFlags` (spec §1.2).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for unknown bits, UPDATE_ONLY|CREATE_ONLY,
 * SAFE|FORCE, RETURN_IMMEDIATELY on the async call, SEND_STATUS on the sync call.
 */
export function parsePutClassFlags(flags: number, variant: CallVariant): PutClassFlags {
  const call = variant === 'async' ? 'PutClassAsync' : 'PutClass';
  const bits = checkBits(
    call,
    flags,
    WBEM_FLAG_UPDATE_ONLY |
      WBEM_FLAG_CREATE_ONLY |
      WBEM_FLAG_UPDATE_SAFE_MODE |
      WBEM_FLAG_UPDATE_FORCE_MODE |
      WBEM_FLAG_USE_AMENDED_QUALIFIERS,
    variant,
  );
  const mode = createMode(call, bits);
  const safe = (bits & WBEM_FLAG_UPDATE_SAFE_MODE) !== 0;
  const force = (bits & WBEM_FLAG_UPDATE_FORCE_MODE) !== 0;
  if (safe && force) {
    return invalid(
      call,
      bits,
      'combines WBEM_FLAG_UPDATE_SAFE_MODE and WBEM_FLAG_UPDATE_FORCE_MODE',
    );
  }
  return {
    mode,
    update: safe ? 'safe' : force ? 'force' : 'compatible',
    useAmendedQualifiers: (bits & WBEM_FLAG_USE_AMENDED_QUALIFIERS) !== 0,
    ownerUpdate: (bits & WBEM_FLAG_OWNER_UPDATE) !== 0,
    ...callFlags(bits, variant),
  };
}

/**
 * Parses PutInstance(Async) `lFlags` (spec §6.4): the create/update bits as for classes.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for unknown bits or UPDATE_ONLY|CREATE_ONLY.
 */
export function parsePutInstanceFlags(flags: number, variant: CallVariant): PutInstanceFlags {
  const call = variant === 'async' ? 'PutInstanceAsync' : 'PutInstance';
  const bits = checkBits(
    call,
    flags,
    WBEM_FLAG_UPDATE_ONLY | WBEM_FLAG_CREATE_ONLY | WBEM_FLAG_USE_AMENDED_QUALIFIERS,
    variant,
  );
  return {
    mode: createMode(call, bits),
    useAmendedQualifiers: (bits & WBEM_FLAG_USE_AMENDED_QUALIFIERS) !== 0,
    ...callFlags(bits, variant),
  };
}

/**
 * Parses DeleteClass(Async) / DeleteInstance(Async) `lFlags` (spec §6.2): only the delivery bits.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for any other bit.
 */
export function parseDeleteFlags(flags: number, variant: CallVariant): CallFlags {
  const call = variant === 'async' ? 'DeleteClassAsync' : 'DeleteClass';
  return callFlags(checkBits(call, flags, 0, variant), variant);
}

/** Alias of `parseDeleteFlags` for DeleteClass(Async). */
export const parseDeleteClassFlags = parseDeleteFlags;

/**
 * Parses GetObject(Async) `lFlags` (spec §6.1).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for any bit outside the table.
 */
export function parseGetObjectFlags(flags: number, variant: CallVariant): GetObjectFlags {
  const call = variant === 'async' ? 'GetObjectAsync' : 'GetObject';
  const bits = checkBits(
    call,
    flags,
    WBEM_FLAG_USE_AMENDED_QUALIFIERS | WBEM_FLAG_DIRECT_READ,
    variant,
  );
  return {
    useAmendedQualifiers: (bits & WBEM_FLAG_USE_AMENDED_QUALIFIERS) !== 0,
    directRead: (bits & WBEM_FLAG_DIRECT_READ) !== 0,
    ...callFlags(bits, variant),
  };
}

/**
 * Parses CreateClassEnum(Async) / CreateInstanceEnum(Async) `lFlags` (spec §6.3).
 * `WBEM_FLAG_FORWARD_ONLY` belongs to the sync table only.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for any bit outside the table.
 */
export function parseEnumFlags(flags: number, variant: CallVariant): EnumFlags {
  const call = variant === 'async' ? 'CreateClassEnumAsync' : 'CreateClassEnum';
  const allowed =
    WBEM_FLAG_SHALLOW |
    WBEM_FLAG_USE_AMENDED_QUALIFIERS |
    (variant === 'sync' ? WBEM_FLAG_FORWARD_ONLY : 0);
  const bits = checkBits(call, flags, allowed, variant);
  return {
    deep: (bits & WBEM_FLAG_SHALLOW) === 0,
    useAmendedQualifiers: (bits & WBEM_FLAG_USE_AMENDED_QUALIFIERS) !== 0,
    forwardOnly: (bits & WBEM_FLAG_FORWARD_ONLY) !== 0,
    ...callFlags(bits, variant),
  };
}

/** Alias of `parseEnumFlags` for CreateClassEnum(Async). */
export const parseClassEnumFlags = parseEnumFlags;
/** Alias of `parseEnumFlags` for CreateInstanceEnum(Async). */
export const parseInstanceEnumFlags = parseEnumFlags;

/**
 * The `lFlags` a PutClass intent stands for (the inverse of `parsePutClassFlags` on the bits that
 * mean something), for the class provider that receives the caller's flags: only the intent
 * crosses to the actor.
 */
export function putClassFlagsOf(intent: PutClassIntent, sendStatus = false): number {
  const mode =
    intent.mode === 'create-only'
      ? WBEM_FLAG_CREATE_ONLY
      : intent.mode === 'update-only'
        ? WBEM_FLAG_UPDATE_ONLY
        : 0;
  const update =
    intent.update === 'safe'
      ? WBEM_FLAG_UPDATE_SAFE_MODE
      : intent.update === 'force'
        ? WBEM_FLAG_UPDATE_FORCE_MODE
        : 0;
  return (
    (mode |
      update |
      (intent.useAmendedQualifiers ? WBEM_FLAG_USE_AMENDED_QUALIFIERS : 0) |
      (intent.ownerUpdate ? WBEM_FLAG_OWNER_UPDATE : 0) |
      (sendStatus ? WBEM_FLAG_SEND_STATUS : 0)) >>>
    0
  );
}
