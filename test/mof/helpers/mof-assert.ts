/**
 * @module Assertions shared by the MOF tests.
 */
import assert from 'node:assert/strict';
import { MofError, mofStatusName } from '../../../src/mof/mof-error.js';
import { compileText } from './memory-files.js';

export interface ExpectedMofError {
  readonly hresult: number;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly reason?: RegExp;
}

/** Runs `fn` and checks it throws a `MofError` with this code and position. */
export function throwsMof(fn: () => unknown, expected: ExpectedMofError): MofError {
  let caught: unknown;
  try {
    fn();
  } catch (thrown) {
    caught = thrown;
  }
  return checkMofError(caught, expected);
}

/** Awaits `promise` and checks it rejects with a `MofError` with this code and position. */
export async function rejectsMof(
  promise: Promise<unknown>,
  expected: ExpectedMofError,
): Promise<MofError> {
  let caught: unknown;
  try {
    await promise;
  } catch (thrown) {
    caught = thrown;
  }
  return checkMofError(caught, expected);
}

function checkMofError(caught: unknown, expected: ExpectedMofError): MofError {
  assert.ok(caught instanceof MofError, `expected a MofError, got ${String(caught)}`);
  assert.equal(mofStatusName(caught.hresult), mofStatusName(expected.hresult), caught.message);
  if (expected.file !== undefined) assert.equal(caught.file, expected.file, caught.message);
  if (expected.line !== undefined) assert.equal(caught.line, expected.line, caught.message);
  if (expected.column !== undefined) assert.equal(caught.column, expected.column, caught.message);
  if (expected.reason !== undefined) assert.match(caught.reason, expected.reason);
  assert.ok(
    caught.message.includes(`${caught.file}:${caught.line}:${caught.column}`),
    'message names the position',
  );
  return caught;
}

/**
 * How `compileText` refuses `text`: `STATUS line:column: reason`, or `compiled` when it does not.
 * Fails the test when it throws anything but a `MofError`.
 */
export function compileFailure(text: string): string {
  try {
    compileText(text);
  } catch (e) {
    assert.ok(e instanceof MofError, String(e));
    return `${mofStatusName(e.hresult)} ${e.line}:${e.column}: ${e.reason}`;
  }
  return 'compiled';
}
