/**
 * @module Prints the files `npm test` hands to `node --test`, one a line: the files that keep a
 * process of their own, one entry per grouped folder, and every other test file (a folder not
 * grouped yet), longest first by `ENTRY_SECONDS`: `node --test` starts them in this order, a few
 * at a time, and a long entry started last would run alone at the end.
 *
 *     node build/test/groups/suite-files.js
 *
 * It fails (exit 1) when the plan names a file or an entry that does not exist, so a renamed
 * file cannot silently drop out of the suite.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  ENTRY_SECONDS,
  GROUPED_FOLDERS,
  OWN_PROCESS,
  TEST_ROOT,
  testFilesOf,
} from './suite-plan.js';

const problems: string[] = [];
const own = OWN_PROCESS.filter((file) => {
  if (existsSync(join(TEST_ROOT, file))) return true;
  problems.push(`OWN_PROCESS names ${file}, which does not exist`);
  return false;
});
const entries = GROUPED_FOLDERS.map((folder) => {
  const entry = `groups/${folder}.test.js`;
  if (!existsSync(join(TEST_ROOT, entry))) problems.push(`no entry ${entry} for ${folder}`);
  return entry;
});
const top = readdirSync(TEST_ROOT, { withFileTypes: true });
const loose = [
  ...top.filter((d) => d.isFile() && d.name.endsWith('.test.js')).map((d) => d.name),
  ...top
    .filter((d) => d.isDirectory() && d.name !== 'groups' && !GROUPED_FOLDERS.includes(d.name))
    .flatMap((d) => testFilesOf(d.name)),
];
for (const entry of Object.keys(ENTRY_SECONDS)) {
  if (!existsSync(join(TEST_ROOT, entry)))
    problems.push(`ENTRY_SECONDS names ${entry}, which does not exist`);
}
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
const root = relative(process.cwd(), TEST_ROOT) || '.';
// A stable sort: entries of equal weight keep the order above.
const seconds = (entry: string): number => ENTRY_SECONDS[entry] ?? 1;
const ordered = [...own, ...entries, ...loose].sort((a, b) => seconds(b) - seconds(a));
process.stdout.write(`${ordered.map((f) => join(root, f)).join('\n')}\n`);
