/**
 * @module The source line of a positioned MOF error, quoted under it with a caret. The file is
 * read again only on the error path, so neither a successful compile nor a successful load holds
 * file text after parsing it; this is shared by the compiler (syntax and declaration errors) and
 * the loader (puts the engine rejected, which surface long after the text was parsed).
 */
import { decodeMof } from './decode-mof.js';
import { MofError } from './mof-error.js';

/** An entry given as text rather than read from a file (`MofSource` of `compile.ts`). */
type GivenText = { readonly path: string; readonly text: string };

/**
 * `error` with its source line quoted when it is a positioned `MofError` without one and the text
 * can be had: from `entries` given as text, else through `readFile`. Anything else, and any
 * failure to read or decode, gives `error` unchanged: quoting must never hide the error itself.
 */
export function quoteSourceLine<E>(
  error: E,
  entries: readonly (string | GivenText)[],
  readFile: (path: string) => string | Uint8Array,
): E | MofError {
  if (!(error instanceof MofError) || error.excerpt !== undefined || error.line < 1) return error;
  // Stryker disable next-line StringLiteral: a string entry has no `path`, so it never matches an error's file either way
  const given = entries.find((e): e is GivenText => typeof e !== 'string' && e.path === error.file);
  let text: string | Uint8Array | undefined = given?.text;
  if (text === undefined) {
    try {
      text = readFile(error.file);
    } catch {
      return error;
    }
  }
  try {
    return error.withSource(text instanceof Uint8Array ? decodeMof(text, error.file) : text);
  } catch {
    return error;
  }
}
