/**
 * @module Piscina worker of the MOF parse pool: reads and parses a batch of files.
 */
import { readFileSync } from 'node:fs';
import { type MofParseTask, runParseTask } from '../src/mof/parse-task.js';

function readText(path: string): Uint8Array | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Returns the batch's `MofParseOutcome[]` as JSON text: see `parse-task.ts` for why. */
export default function parseBatch(task: MofParseTask): string {
  return JSON.stringify(runParseTask(task, readText));
}
