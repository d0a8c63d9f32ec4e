/**
 * @module Runs the test files of one folder in this process, each inside a suite named after its
 * source file. The suite is what keeps the files apart: a file's top-level `before` and `after`
 * hooks belong to its suite, so they run around that file's tests (an engine it starts is shut
 * down before the next file begins), not around the whole group.
 */
import { describe } from 'node:test';
import { groupMembers } from './suite-plan.js';

/** Registers one suite per member file of `folder`; each suite imports its file. */
export function runGroup(folder: string): void {
  for (const file of groupMembers(folder)) {
    describe(`test/${file.replace(/\.js$/, '.ts')}`, async () => {
      await import(new URL(`../${file}`, import.meta.url).href);
    });
  }
}
