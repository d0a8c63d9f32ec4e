/**
 * @module The parser's view of the token stream: lookahead, expectations and positioned errors.
 */
import type { MofToken } from './lexer.js';
import { MofError } from './mof-error.js';

export class TokenCursor {
  readonly file: string;
  /** Depth of embedded `instance of` values being parsed. */
  nesting = 0;
  private readonly pull: () => MofToken;
  /**
   * Lookahead in two slots rather than an array: the grammar never needs more than two tokens
   * ahead, and `peek` runs for nearly every token, mostly before the JIT has optimised it.
   */
  private first: MofToken | undefined = undefined;
  private second: MofToken | undefined = undefined;

  constructor(pull: () => MofToken, file: string) {
    this.pull = pull;
    this.file = file;
  }

  peek(offset: 0 | 1 = 0): MofToken {
    let first = this.first;
    if (first === undefined) {
      first = this.pull();
      this.first = first;
    }
    if (offset === 0) return first;
    let second = this.second;
    if (second === undefined) {
      // Past `eof` the lexer answers `eof` again, as the array of lookahead did.
      second = this.pull();
      this.second = second;
    }
    return second;
  }

  take(): MofToken {
    const token = this.peek();
    // Taking `eof` too: the lexer answers `eof` again after it.
    this.first = this.second;
    this.second = undefined;
    return token;
  }

  /** @throws {MofError} always: `hresult` at `token`, naming what was found there. */
  fail(hresult: number, token: MofToken, reason: string): never {
    const found = token.kind === 'eof' ? 'end of file' : JSON.stringify(token.text);
    throw new MofError(
      hresult,
      { file: this.file, line: token.line, column: token.column },
      `${reason}, found ${found}`,
    );
  }

  isPunct(ch: string, offset: 0 | 1 = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === ch;
  }

  /** `word` is lower case; most checks fail on the length, so no lower-cased copy is made. */
  isWord(word: string, offset: 0 | 1 = 0): boolean {
    const t = this.peek(offset);
    if (t.kind !== 'identifier') return false;
    const text = t.text;
    return text.length === word.length && (text === word || text.toLowerCase() === word);
  }

  expect(ch: string, hresult: number): MofToken {
    if (!this.isPunct(ch)) this.fail(hresult, this.peek(), `expected "${ch}"`);
    return this.take();
  }

  identifier(hresult: number, what: string): MofToken {
    if (this.peek().kind !== 'identifier') this.fail(hresult, this.peek(), `expected ${what}`);
    return this.take();
  }
}
