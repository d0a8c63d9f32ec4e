/**
 * @module The messages of the MOF parse pool: a batch of files to parse, and per file either its
 * syntax tree or its positioned error, as plain data.
 *
 * Results cross back as one JSON string per batch, not as structured-clone objects: for the
 * DMTF schema's syntax trees (8 MB as JSON) structured clone measured 150-650 ms against
 * 110-250 ms for stringify + parse, since a string crosses threads as one copy. Every value in
 * a tree is JSON-safe (reals are finite: the lexer rejects literals that overflow).
 */
import type { MofFile } from './ast.js';
import { decodeMof } from './decode-mof.js';
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
 * Parses each file of a task; `readText` supplies the text or bytes (decoded as `decodeMof`
 * does) of files sent without text, and `undefined` when it cannot read them.
 */
export function runParseTask(
  task: MofParseTask,
  readText: (path: string) => string | Uint8Array | undefined,
): MofParseOutcome[] {
  return task.files.map(({ path, text }) => {
    const source = text ?? readText(path);
    if (source === undefined) return { kind: 'unreadable', path };
    try {
      const decoded = typeof source === 'string' ? source : decodeMof(source, path);
      return { kind: 'ok', path, file: parseMof(decoded, path) };
    } catch (thrown) {
      if (thrown instanceof MofError) return { kind: 'fail', path, error: thrown.toData() };
      throw thrown;
    }
  });
}
