/**
 * @module The one order of every list the command line prints: by name, case-insensitive first
 * (CIM names are), then case-sensitive, so the order is total and the same on every run.
 */

/** Compares two names: case-insensitive, then case-sensitive. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders named things (classes, namespaces) by `name`. */
export function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return compareText(a.name, b.name);
}
