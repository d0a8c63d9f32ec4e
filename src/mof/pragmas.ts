/**
 * @module The pragmas this compiler knows, and what `classflags`/`instanceflags` mean as
 * `WBEM_FLAG_*` bits.
 *
 * Unknown pragmas are errors (WBEMMOF_E_INVALID_PRAGMA), not warnings: a pragma that is silently
 * skipped would change where or how declarations land (`deleteclass`, `amendment`, a misspelt
 * `namespace`) without the author noticing.
 */
import {
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
} from '../wbem/flags.js';

/** Pragma name (lower-case) → allowed argument count [min, max]. */
export const KNOWN_PRAGMAS: ReadonlyMap<string, readonly [number, number]> = new Map([
  ['include', [1, 1]],
  ['namespace', [1, 1]],
  ['locale', [1, 1]],
  ['classflags', [1, 4]],
  ['instanceflags', [1, 2]],
  ['autorecover', [0, 0]],
  ['deleteclass', [2, 2]],
  ['deleteinstance', [2, 2]],
  ['amendment', [1, 1]],
]);

/**
 * The `FAIL`/`NOFAIL` argument of `deleteclass`/`deleteinstance`: true for FAIL; a reason string
 * when it is neither.
 */
export function failFlagOf(arg: string | number | undefined): boolean | string {
  const word = String(arg).toLowerCase();
  if (word === 'fail') return true;
  if (word === 'nofail') return false;
  return `expected FAIL or NOFAIL, found ${JSON.stringify(arg)}`;
}

/** `MS_409` → `ms_409`, the child namespace WMI keeps a locale's amended qualifiers in; else undefined. */
export function amendmentNamespaceOf(locale: string): string | undefined {
  return /^ms_[0-9a-f]{1,4}$/i.test(locale) ? locale.toLowerCase() : undefined;
}

const CLASS_FLAG_WORDS: ReadonlyMap<string, number> = new Map([
  ['createonly', WBEM_FLAG_CREATE_ONLY],
  ['updateonly', WBEM_FLAG_UPDATE_ONLY],
  ['safeupdate', WBEM_FLAG_UPDATE_SAFE_MODE],
  ['forceupdate', WBEM_FLAG_UPDATE_FORCE_MODE],
]);

const CLASS_FLAGS_ALLOWED =
  WBEM_FLAG_CREATE_ONLY |
  WBEM_FLAG_UPDATE_ONLY |
  WBEM_FLAG_UPDATE_SAFE_MODE |
  WBEM_FLAG_UPDATE_FORCE_MODE;

/**
 * PutClass flags of `#pragma classflags(...)`: words (`"createonly"`, `"updateonly"`,
 * `"safeupdate"`, `"forceupdate"`) or a number, combined as WMI allows: at most one of
 * createonly/updateonly, at most one of safeupdate/forceupdate, and no update mode with
 * createonly. Returns an error reason instead of throwing so the caller can position it.
 */
export function classFlagsOf(args: readonly (string | number)[]): number | string {
  let flags = 0;
  for (const arg of args) {
    if (typeof arg === 'number') {
      // A negative number has bits above the allowed ones set, so this refuses it too.
      if (!Number.isInteger(arg) || (arg & ~CLASS_FLAGS_ALLOWED) !== 0) {
        return `classflags value ${arg} has bits other than createonly/updateonly/safeupdate/forceupdate`;
      }
      flags |= arg;
      continue;
    }
    const bit = CLASS_FLAG_WORDS.get(arg.toLowerCase());
    if (bit === undefined) return `unknown classflags word "${arg}"`;
    flags |= bit;
  }
  if ((flags & WBEM_FLAG_CREATE_ONLY) !== 0 && (flags & WBEM_FLAG_UPDATE_ONLY) !== 0) {
    return 'classflags cannot combine createonly and updateonly';
  }
  if ((flags & WBEM_FLAG_UPDATE_SAFE_MODE) !== 0 && (flags & WBEM_FLAG_UPDATE_FORCE_MODE) !== 0) {
    return 'classflags cannot combine safeupdate and forceupdate';
  }
  if (
    (flags & WBEM_FLAG_CREATE_ONLY) !== 0 &&
    (flags & (WBEM_FLAG_UPDATE_SAFE_MODE | WBEM_FLAG_UPDATE_FORCE_MODE)) !== 0
  ) {
    return 'classflags cannot combine createonly with an update mode';
  }
  return flags;
}

/** PutInstance flags of `#pragma instanceflags("createonly" | "updateonly")`, or an error reason. */
export function instanceFlagsOf(args: readonly (string | number)[]): number | string {
  let flags = 0;
  for (const arg of args) {
    const word = String(arg).toLowerCase();
    if (word === 'createonly') flags |= WBEM_FLAG_CREATE_ONLY;
    else if (word === 'updateonly') flags |= WBEM_FLAG_UPDATE_ONLY;
    else return `unknown instanceflags value ${JSON.stringify(arg)}`;
  }
  if (flags === (WBEM_FLAG_CREATE_ONLY | WBEM_FLAG_UPDATE_ONLY)) {
    return 'instanceflags cannot combine createonly and updateonly';
  }
  return flags;
}
