/**
 * Test doubles for the file system calls of the lock and the load journal: a built-in module's
 * function replaced where its ES module importers see it too, and errors shaped like Node's.
 */
import assert from 'node:assert/strict';
import { syncBuiltinESMExports } from 'node:module';
import { WbemError } from '../../src/wbem/wbem-error.js';

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
export function isWbemError(hresult: number, detail: string | RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, hresult >>> 0, error.message);
    if (typeof detail === 'string') assert.equal(error.detail, detail);
    else assert.match(error.detail ?? '', detail);
    return true;
  };
}
