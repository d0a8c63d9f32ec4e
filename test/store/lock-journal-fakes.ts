/**
 * Test doubles for the file system calls of the lock and the load journal: a built-in module's
 * function replaced where its ES module importers see it too, and errors shaped like Node's.
 */
import { syncBuiltinESMExports } from 'node:module';

/**
 * Replaces `name` of a built-in module (`import fs from 'node:fs'`) for every importer until the
 * returned function puts the original back.
 */
export function replaceBuiltin<T extends object, K extends keyof T>(
  module: T,
  name: K,
  fake: T[K],
): () => void {
  const target = module as unknown as Record<PropertyKey, unknown>;
  const real = target[name];
  target[name] = fake;
  syncBuiltinESMExports();
  return () => {
    target[name] = real;
    syncBuiltinESMExports();
  };
}

/** An error as Node's file system calls throw it. */
export function errno(code: string, text: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${text}`), { code });
}

/** Checks a `WbemError` by its HRESULT and exact message (without the HRESULT name). */
export { isWbemError } from './class-store-context.js';
