/**
 * @module A read position over a WQL statement's tokens, with the checks every rule needs.
 */
import { WBEM_E_INVALID_QUERY, WBEM_E_NOT_SUPPORTED } from '../wbem/status.js';
import type { WbemError } from '../wbem/wbem-error.js';
import { lexWql, type WqlToken } from './lex-wql.js';
import { wqlError } from './wql-error.js';

export class WqlCursor {
  readonly query: string;
  private readonly tokens: WqlToken[];
  private index = 0;

  constructor(query: string) {
    this.query = query;
    this.tokens = lexWql(query);
  }

  peek(ahead = 0): WqlToken {
    const last = this.tokens[this.tokens.length - 1] as WqlToken;
    return this.tokens[this.index + ahead] ?? last;
  }

  /** Past the end, `peek` keeps returning the `end` token, so moving on is always safe. */
  next(): WqlToken {
    const token = this.peek();
    this.index++;
    return token;
  }

  /** The next token is the keyword `word` (case-insensitive). */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  /** Consumes the keyword when it is next. */
  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.index++;
    return true;
  }

  acceptPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.index++;
    return true;
  }

  expectWord(word: string): WqlToken {
    if (!this.isWord(word))
      throw this.fail(`expected ${word}, found ${describeToken(this.peek())}`);
    return this.next();
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text))
      throw this.fail(`expected ${text}, found ${describeToken(this.peek())}`);
  }

  expectIdent(what: string): WqlToken {
    if (this.peek().kind !== 'ident')
      throw this.fail(`expected ${what}, found ${describeToken(this.peek())}`);
    return this.next();
  }

  /** A positive number of seconds (`WITHIN`, `GROUP WITHIN`). */
  expectInterval(): number {
    const t = this.peek();
    const value = t.kind === 'number' ? Number(t.text) : Number.NaN;
    if (!(value > 0) || !Number.isFinite(value)) {
      throw this.fail(`expected a positive number of seconds, found ${describeToken(t)}`);
    }
    this.index++;
    return value;
  }

  /** WBEM_E_INVALID_QUERY at the next token (or at `token`). */
  fail(message: string, token: WqlToken = this.peek()): WbemError {
    return wqlError(this.query, token.offset, message, WBEM_E_INVALID_QUERY);
  }

  /** WBEM_E_NOT_SUPPORTED at the next token (or at `token`), naming the construct. */
  unsupported(construct: string, token: WqlToken = this.peek()): WbemError {
    return wqlError(
      this.query,
      token.offset,
      `${construct} is not supported by WQL`,
      WBEM_E_NOT_SUPPORTED,
    );
  }
}

/** A token as an error message names it. */
export function describeToken(token: WqlToken): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'string':
      return `string ${JSON.stringify(token.text.length > 40 ? `${token.text.slice(0, 40)}...` : token.text)}`;
    case 'path':
      return 'an object path';
    default:
      return `'${token.text.length > 40 ? `${token.text.slice(0, 40)}...` : token.text}'`;
  }
}
