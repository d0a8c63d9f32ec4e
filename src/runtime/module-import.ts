/**
 * @module `import()` of a module named at run time (a storage module), from code that may run
 * from V8's code cache (`code-cache-file.ts`).
 *
 * Node 20 forgets a `vm.Script`'s dynamic-import callback when V8 restores the script's code from
 * a cache: an `import()` inside it then fails with "A dynamic import callback was not specified".
 * So a file that runs a bundle that way, and that Node itself loaded, gives the bundle its own
 * `import()` first (`provideModuleImport`), and the bundle's code imports through it.
 */

const IMPORT = Symbol.for('wbemrx.importModule');

type ModuleImport = (specifier: string) => Promise<Record<string, unknown>>;

/** Makes `importModule` use `load`: called before the bundle runs, by the file that runs it. */
export function provideModuleImport(load: ModuleImport): void {
  (globalThis as Record<symbol, unknown>)[IMPORT] = load;
}

/** `import(specifier)`, by the running file's own `import()` when it gave one. */
export function importModule(specifier: string): Promise<Record<string, unknown>> {
  const load = (globalThis as Record<symbol, unknown>)[IMPORT];
  return typeof load === 'function'
    ? (load as ModuleImport)(specifier)
    : (import(specifier) as Promise<Record<string, unknown>>);
}
