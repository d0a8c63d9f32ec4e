/**
 * @module Shared fixtures of the schema tests: an environment, intents, and a `run` helper that
 * applies a mutation to a `TestStore`.
 */
import assert from 'node:assert/strict';
import {
  type Mutation,
  type OperationEnv,
  type PutClassIntent,
  type PutInstanceIntent,
  putClass,
} from '../../../src/schema/index.js';
import { hresultName } from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';
import type { TestStore } from './test-store.js';

export const ENV: OperationEnv = {
  namespace: 'root/test',
  server: 'HOST',
  now: () => '133000000000000000',
};

export function intent(overrides: Partial<PutClassIntent> = {}): PutClassIntent {
  return {
    mode: 'create-or-update',
    update: 'compatible',
    useAmendedQualifiers: false,
    ownerUpdate: false,
    ...overrides,
  };
}

export const CREATE_ONLY = intent({ mode: 'create-only' });
export const UPDATE_ONLY = intent({ mode: 'update-only' });
export const SAFE = intent({ update: 'safe' });
export const FORCE = intent({ update: 'force' });
export const INSTANCE: PutInstanceIntent = { mode: 'create-or-update' };

/** Applies the mutation of a successful operation and returns it. */
export function commit<M extends Mutation>(store: TestStore, mutation: M): M {
  store.apply(mutation.changes);
  return mutation;
}

/** Puts `cls` into `store` with `how` (create or update by default) and commits the mutation. */
export function commitPutClass(
  store: TestStore,
  cls: unknown,
  how: PutClassIntent = intent(),
): Mutation {
  return commit(store, putClass(store, cls, how, ENV));
}

/** The HRESULT name an operation fails with, or 'WBEM_S_NO_ERROR'. Anything else thrown fails the test. */
export function outcome(op: () => unknown): string {
  try {
    op();
    return 'WBEM_S_NO_ERROR';
  } catch (e) {
    if (e instanceof WbemError) return hresultName(e.hresult);
    throw e;
  }
}

/**
 * The `WbemError` an operation fails with; anything else thrown fails the test, and so does
 * success (`accepted` says what was wrongly accepted).
 */
export function refusal(op: () => unknown, accepted = 'the operation succeeded'): WbemError {
  try {
    op();
  } catch (e) {
    if (e instanceof WbemError) return e;
    throw e;
  }
  return assert.fail(accepted);
}

/** What an operation fails with: the HRESULT's name and the message's detail (see `refusal`). */
export function refusedWith(op: () => unknown): [string, string | undefined] {
  const e = refusal(op);
  return [hresultName(e.hresult), e.detail];
}

/**
 * A table row's test title: the behaviour number (`B21:`, `A6:`) of `desc` first, then the
 * outcome (`fails with WBEM_E_X` / `succeeds`), then the rest of `desc`.
 */
export function caseTitle(
  desc: string,
  expect: string,
  verbs: readonly [string, string] = ['succeeds', 'fails with'],
): string {
  const m = /^((?:[AB]\d+[/:]\s?)+)\s*(.*)$/.exec(desc);
  const tag = m === null ? '' : `${(m[1] as string).trim()} `;
  const rest = m === null ? desc : (m[2] as string);
  const head = expect === 'WBEM_S_NO_ERROR' ? verbs[0] : `${verbs[1]} ${expect}`;
  return `${tag}${head} ${rest}`;
}
