/**
 * @module Runs several compiled test files in one `node` process, for mutation testing: the
 * files named (comma-separated, relative to the working directory) by `MUTATION_TEST_FILES`.
 * Starting node and loading the build once per mutant instead of once per file makes a mutant's
 * run several times cheaper; `node:test` collects the tests of every imported file into one run.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const files = (process.env['MUTATION_TEST_FILES'] ?? '').split(',').filter((f) => f !== '');
if (files.length === 0) throw new Error('MUTATION_TEST_FILES names no test file');
for (const file of files) await import(pathToFileURL(resolve(file)).href);
