/**
 * @module Paths of the MOF fixtures (the tests run from a build folder one level below the
 * repository, so the fixtures are found relative to it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileMof } from '../../../src/mof/compile.js';
import type { MofCompilation } from '../../../src/mof/mof-operation.js';

/** Absolute path of `test/fixtures/<relative>`. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../../../test/fixtures/${relative}`, import.meta.url));
}

export const readFixture = (path: string): string => readFileSync(path, 'utf8');

export const DMTF_ENTRY = fixturePath('cim-schema-2.41/cim_schema_2.41.0.mof');

let dmtf: MofCompilation | undefined;

/**
 * The DMTF schema compiled with the default options, once per process: the MOF tests run in one
 * process (`test/groups/mof.test.ts`) and several start from it. Read it; do not change it.
 */
export function compiledDmtf(): MofCompilation {
  dmtf ??= compileMof([DMTF_ENTRY], { readFile: readFixture });
  return dmtf;
}
