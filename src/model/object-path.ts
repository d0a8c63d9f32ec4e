/**
 * @module Canonical instance key paths (`__RELPATH`): `Foo.Id="x",N=3`, `Foo=@` for a singleton.
 *
 * The canonical form lists keys in name order (case-insensitive), spelled as the class declares
 * them; strings, datetimes, references and char16 are double-quoted with `\` and `"` escaped;
 * integers (sint64/uint64 included) are bare decimals, booleans `TRUE`/`FALSE`. Two paths naming
 * the same instance therefore format to the same string, which is what stores key on.
 */
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_REFERENCE,
  CIM_STRING,
} from '../wbem/cim-type.js';
import { WBEM_E_INVALID_OBJECT_PATH } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import { nameKey } from './names.js';

export interface KeyBinding {
  /** Key property name; `''` in a parsed path that gave a bare value (`Foo="x"`). */
  readonly name: string;
  readonly value: string | number | boolean;
}

export interface InstancePath {
  /** Namespace part before `:` when the path had one (`root\cimv2`), else `undefined`. */
  readonly namespace?: string;
  readonly className: string;
  readonly singleton: boolean;
  readonly keys: readonly KeyBinding[];
}

const QUOTED_TYPES = new Set([CIM_STRING, CIM_DATETIME, CIM_REFERENCE, CIM_CHAR16]);

/** Formats one key value for a path, by its CIM type. */
export function formatKeyValue(value: string | number | boolean, type: number): string {
  if (type === CIM_BOOLEAN || typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (QUOTED_TYPES.has(type) || (typeof value === 'string' && !/^-?\d+$/.test(value))) {
    return `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  }
  return String(value);
}

/** Formats a canonical relative path from the class name and its typed key values. */
export function formatInstancePath(
  className: string,
  keys: readonly {
    readonly name: string;
    readonly value: string | number | boolean;
    readonly type: number;
  }[],
): string {
  if (keys.length === 0) return `${className}=@`;
  const sorted = [...keys].sort((a, b) => {
    const ka = nameKey(a.name);
    const kb = nameKey(b.name);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the result is below 0, so 1 and 0 order alike
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return `${className}.${sorted.map((k) => `${k.name}=${formatKeyValue(k.value, k.type)}`).join(',')}`;
}

const fail = (path: string, why: string): never => {
  throw new WbemError(WBEM_E_INVALID_OBJECT_PATH, {
    message: `${why} in object path ${JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}...` : path)}`,
  });
};

/**
 * Parses an instance path (optionally behind `\\server\namespace:` or `namespace:`).
 * Quoted values (double or single quotes) come back as strings, `TRUE`/`FALSE` as booleans, other bare values as numbers
 * when they are safe integers or reals, else as their decimal text (sint64/uint64).
 * @throws {WbemError} WBEM_E_INVALID_OBJECT_PATH for anything that is not such a path.
 */
export function parseInstancePath(path: string): InstancePath {
  let text = path;
  let namespace: string | undefined;
  const quote = text.search(/["']/);
  const colon = text.lastIndexOf(':', quote === -1 ? text.length : quote);
  if (colon !== -1) {
    namespace = text.slice(0, colon).replace(/^\\\\[^\\/]*[\\/]/, '');
    text = text.slice(colon + 1);
  }
  // Stryker disable next-line Regex: with the s flag, (.*) runs to the end with or without the $
  const m = /^([A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*)(.*)$/s.exec(text);
  if (m === null) return fail(path, 'no class name');
  const className = m[1] as string;
  const rest = m[2] as string;
  const base = namespace === undefined ? {} : { namespace };
  if (rest === '=@') return { ...base, className, singleton: true, keys: [] };
  if (rest.startsWith('=')) {
    const [value, end] = readValue(rest, 1, path);
    if (end !== rest.length) fail(path, 'trailing text');
    return { ...base, className, singleton: false, keys: [{ name: '', value }] };
  }
  if (!rest.startsWith('.')) return fail(path, rest === '' ? 'no key' : 'unexpected text');
  const keys: KeyBinding[] = [];
  let i = 1;
  for (;;) {
    const nm = /^[A-Za-z_\u0080-\uFFEF][A-Za-z0-9_\u0080-\uFFEF]*/.exec(rest.slice(i, i + 300));
    if (nm === null) return fail(path, 'no key name');
    i += nm[0].length;
    if (rest[i] !== '=') return fail(path, 'missing =');
    const [value, end] = readValue(rest, i + 1, path);
    keys.push({ name: nm[0], value });
    i = end;
    if (i === rest.length) break;
    if (rest[i] !== ',') return fail(path, 'expected ,');
    i++;
  }
  return { ...base, className, singleton: false, keys };
}

function readValue(text: string, start: number, path: string): [string | number | boolean, number] {
  // WMI takes a key value in single quotes too (`Win32_Service.Name='Spooler'`); either quote
  // ends only at its own kind, and `\` escapes the next character.
  const quote = text[start];
  if (quote === '"' || quote === "'") {
    let out = '';
    let i = start + 1;
    // Stryker disable next-line EqualityOperator: one more turn reads past the end, adds nothing that is kept and fails 'unterminated string' as the exit does
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '\\') {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: without the break the loop ends one step later at the same 'unterminated string'
        if (i + 1 >= text.length) break;
        out += text[i + 1];
        i += 2;
      } else if (c === quote) {
        return [out, i + 1];
      } else {
        out += c;
        i++;
      }
    }
    return fail(path, 'unterminated string');
  }
  let end = start;
  while (end < text.length && text[end] !== ',') end++;
  const raw = text.slice(start, end);
  if (/^true$/i.test(raw)) return [true, end];
  if (/^false$/i.test(raw)) return [false, end];
  if (/^-?\d+$/.test(raw)) {
    const n = Number(raw);
    return [Number.isSafeInteger(n) ? n : raw, end];
  }
  if (raw !== '' && Number.isFinite(Number(raw))) return [Number(raw), end];
  return fail(path, 'bad key value');
}
