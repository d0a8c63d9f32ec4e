/**
 * @module The messages of the MOF parse pool: a batch of files to parse, and per file either its
 * syntax tree or its positioned error, as plain data (they cross threads by structured clone).
 */
import type { MofFile } from './ast.js';
import type { MofErrorData } from './mof-error.js';
import { MofError } from './mof-error.js';
import { parseMof } from './parser.js';

export interface MofParseTask {
  readonly files: readonly { readonly path: string; readonly text: string | null }[];
}

export type MofParseOutcome =
  | { readonly kind: 'ok'; readonly path: string; readonly file: MofFile }
  | { readonly kind: 'fail'; readonly path: string; readonly error: MofErrorData }
  /** The file could not be read; the compiler reads it again and reports it where it is included. */
  | { readonly kind: 'unreadable'; readonly path: string };

/**
 * Parses each file of a task; `readText` supplies the text of files sent without it (and
 * returns `undefined` when it cannot read them).
 */
export function runParseTask(task: MofParseTask, readText: (path: string) => string | undefined): MofParseOutcome[] {
  return task.files.map(({ path, text }) => {
    const source = text ?? readText(path);
    if (source === undefined) return { kind: 'unreadable', path };
    try {
      return { kind: 'ok', path, file: parseMof(source, path) };
    } catch (thrown) {
      if (thrown instanceof MofError) return { kind: 'fail', path, error: thrown.toData() };
      throw thrown;
    }
  });
}
