/**
 * @module Piscina worker of the MOF parse pool: reads and parses a batch of files.
 */
import { readFileSync } from 'node:fs';
import { type MofParseOutcome, type MofParseTask, runParseTask } from '../src/mof/parse-task.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export default function parseBatch(task: MofParseTask): MofParseOutcome[] {
  return runParseTask(task, readText);
}
