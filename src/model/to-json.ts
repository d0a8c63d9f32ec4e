/**
 * @module JSON output of model objects. `NameMap`s become arrays of their elements (each element
 * carries its own `name`), so every name survives, `__proto__` included, and the order is the
 * class's member order.
 */

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return [...value.values()];
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Pretty-printed JSON of any model value, followed by a newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, replacer, 2)}\n`;
}
