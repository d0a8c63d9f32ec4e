/**
 * @module The MOF parser: tokens → syntax tree (`MofFile`), one declaration at a time.
 *
 * Recursion is bounded: arrays do not nest in MOF and embedded `instance of` values may nest at
 * most `WBEM_MAX_OBJECT_NESTING` deep, so hostile input (100k open braces) fails with a
 * positioned error instead of exhausting the stack.
 */
import { WBEM_MAX_OBJECT_NESTING } from '../wbem/flags.js';
import type {
  MofClassNode,
  MofDeclaration,
  MofFile,
  MofInstanceNode,
  MofInstancePropertyNode,
  MofMethodNode,
  MofParameterNode,
  MofPragmaNode,
  MofPropertyNode,
  MofQualifierDeclarationNode,
  MofQualifierNode,
  MofTypeNode,
  MofValueNode,
} from './ast.js';
import { createLexer, type MofToken } from './lexer.js';
import { MofError } from './mof-error.js';
import {
  WBEMMOF_E_EXPECTED_ALIAS_NAME,
  WBEMMOF_E_EXPECTED_CLASS_NAME,
  WBEMMOF_E_EXPECTED_CLOSE_BRACE,
  WBEMMOF_E_EXPECTED_CLOSE_BRACKET,
  WBEMMOF_E_EXPECTED_CLOSE_PAREN,
  WBEMMOF_E_EXPECTED_OPEN_BRACE,
  WBEMMOF_E_EXPECTED_OPEN_PAREN,
  WBEMMOF_E_EXPECTED_PROPERTY_NAME,
  WBEMMOF_E_EXPECTED_QUALIFIER_NAME,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER,
  WBEMMOF_E_ILLEGAL_CONSTANT_VALUE,
  WBEMMOF_E_INVALID_CLASS_DECLARATION,
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_INVALID_PRAGMA,
  WBEMMOF_E_INVALID_QUALIFIER_SYNTAX,
  WBEMMOF_E_UNEXPECTED_ARRAY_INIT,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from './mof-status.js';
import { MOF_TYPE_KEYWORDS } from './mof-types.js';
import { KNOWN_PRAGMAS } from './pragmas.js';

const FLAVOR_WORDS = new Set([
  'enableoverride',
  'disableoverride',
  'tosubclass',
  'nottosubclass',
  'toinstance',
  'nottoinstance',
  'restricted',
  'translatable',
  'amended',
]);

/**
 * Parses one MOF file. Pragmas stay in the declaration list, in order, because they change how
 * the declarations after them are compiled.
 * @throws {MofError} a `WBEMMOF_E_*` code with the file, line and column of the first error.
 */
export function parseMof(text: string, file: string): MofFile {
  const p = new Parser(createLexer(text, file), file);
  const declarations: MofDeclaration[] = [];
  while (p.peek().kind !== 'eof') declarations.push(p.declaration());
  return { file, declarations };
}

class Parser {
  private nesting = 0;
  private readonly pull: () => MofToken;
  private readonly file: string;
  /** Lookahead: the grammar never needs more than two tokens ahead. */
  private readonly ahead: MofToken[] = [];

  constructor(pull: () => MofToken, file: string) {
    this.pull = pull;
    this.file = file;
  }

  peek(offset = 0): MofToken {
    while (this.ahead.length <= offset) this.ahead.push(this.pull());
    return this.ahead[offset] as MofToken;
  }

  private take(): MofToken {
    const token = this.peek();
    if (token.kind !== 'eof') this.ahead.shift();
    return token;
  }

  private fail(hresult: number, token: MofToken, reason: string): never {
    const found = token.kind === 'eof' ? 'end of file' : JSON.stringify(token.text);
    throw new MofError(hresult, { file: this.file, line: token.line, column: token.column }, `${reason}, found ${found}`);
  }

  private isPunct(ch: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === ch;
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'identifier' && t.text.toLowerCase() === word;
  }

  private expect(ch: string, hresult: number): MofToken {
    if (!this.isPunct(ch)) this.fail(hresult, this.peek(), `expected "${ch}"`);
    return this.take();
  }

  private identifier(hresult: number, what: string): MofToken {
    if (this.peek().kind !== 'identifier') this.fail(hresult, this.peek(), `expected ${what}`);
    return this.take();
  }

  declaration(): MofDeclaration {
    const first = this.peek();
    if (first.kind === 'pragma') return this.pragma();
    if (this.isWord('qualifier')) return this.qualifierDeclaration();
    const qualifiers = this.isPunct('[') ? this.qualifierList() : [];
    if (this.isWord('class')) return this.classDeclaration(qualifiers, first);
    if (this.isWord('instance')) {
      const instance = this.instanceDeclaration(qualifiers, first);
      this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
      return instance;
    }
    if (this.isWord('typedef')) this.fail(WBEMMOF_E_INVALID_CLASS_DECLARATION, this.peek(), 'typedef is not supported');
    return this.fail(WBEMMOF_E_UNRECOGNIZED_TOKEN, this.peek(), 'expected class, instance, qualifier or #pragma');
  }

  private pragma(): MofPragmaNode {
    const at = this.take();
    const nameToken = this.identifier(WBEMMOF_E_INVALID_PRAGMA, 'a pragma name');
    const name = nameToken.text.toLowerCase();
    const arity = KNOWN_PRAGMAS.get(name);
    if (arity === undefined) this.fail(WBEMMOF_E_INVALID_PRAGMA, nameToken, 'unknown pragma');
    const args: (string | number)[] = [];
    if (this.isPunct('(')) {
      this.take();
      while (!this.isPunct(')')) {
        const t = this.peek();
        if (t.kind === 'string') args.push(this.stringValue());
        else if (t.kind === 'integer') args.push(Number(this.take().text));
        else if (t.kind === 'identifier') args.push(this.take().text);
        else this.fail(WBEMMOF_E_INVALID_PRAGMA, t, `expected a pragma argument`);
        if (!this.isPunct(',')) break;
        this.take();
      }
      this.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
    }
    if (args.length < arity[0] || args.length > arity[1]) {
      this.fail(WBEMMOF_E_INVALID_PRAGMA, nameToken, `#pragma ${name} takes ${arity[0]} to ${arity[1]} arguments, got ${args.length}`);
    }
    if (['include', 'namespace', 'locale'].includes(name) && typeof args[0] !== 'string') {
      this.fail(WBEMMOF_E_INVALID_PRAGMA, nameToken, `#pragma ${name} takes a string`);
    }
    return { kind: 'pragma', name, args, line: at.line, column: at.column };
  }

  private stringValue(): string {
    let value = this.take().text;
    while (this.peek().kind === 'string') value += this.take().text;
    return value;
  }

  private qualifierDeclaration(): MofQualifierDeclarationNode {
    const at = this.take();
    const name = this.identifier(WBEMMOF_E_EXPECTED_QUALIFIER_NAME, 'a qualifier name').text;
    this.expect(':', WBEMMOF_E_INVALID_QUALIFIER_SYNTAX);
    const pos = { line: at.line, column: at.column };
    if (this.peek().kind === 'identifier' && FLAVOR_WORDS.has(this.peek().text.toLowerCase())) {
      const flavors = this.flavorWords();
      this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
      return { kind: 'qualifier', name, isArray: false, scopes: [], flavors, ...pos };
    }
    const type = this.dataType(false);
    const array = this.arraySuffix();
    let value: MofValueNode | undefined;
    if (this.isPunct('=')) {
      this.take();
      value = this.value();
    }
    let scopes: string[] = [];
    let flavors: string[] = [];
    if (this.isPunct(':')) {
      this.take();
      flavors = this.flavorWords();
    }
    while (this.isPunct(',')) {
      this.take();
      const word = this.identifier(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, 'Scope or Flavor');
      const lower = word.text.toLowerCase();
      if (lower !== 'scope' && lower !== 'flavor') this.fail(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, word, 'expected Scope or Flavor');
      this.expect('(', WBEMMOF_E_EXPECTED_OPEN_PAREN);
      const words: string[] = [];
      for (;;) {
        words.push(this.identifier(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, `a ${lower} keyword`).text.toLowerCase());
        if (!this.isPunct(',')) break;
        this.take();
      }
      this.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
      if (lower === 'scope') scopes = words;
      else flavors = flavors.concat(words);
    }
    this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return {
      kind: 'qualifier',
      name,
      type,
      isArray: array.isArray,
      ...(array.size === undefined ? {} : { arraySize: array.size }),
      ...(value === undefined ? {} : { value }),
      scopes,
      flavors,
      ...pos,
    };
  }

  private flavorWords(): string[] {
    const words: string[] = [];
    while (this.peek().kind === 'identifier' && FLAVOR_WORDS.has(this.peek().text.toLowerCase())) {
      words.push(this.take().text.toLowerCase());
      if (this.isPunct(',') && this.peek(1).kind === 'identifier' && FLAVOR_WORDS.has(this.peek(1).text.toLowerCase())) this.take();
    }
    if (words.length === 0) this.fail(WBEMMOF_E_INVALID_QUALIFIER_SYNTAX, this.peek(), 'expected a flavor');
    return words;
  }

  private qualifierList(): MofQualifierNode[] {
    this.take();
    const list: MofQualifierNode[] = [];
    for (;;) {
      const nameToken = this.identifier(WBEMMOF_E_EXPECTED_QUALIFIER_NAME, 'a qualifier name');
      let value: MofValueNode | undefined;
      if (this.isPunct('(')) {
        this.take();
        value = this.value();
        this.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
      } else if (this.isPunct('{')) {
        value = this.value();
      }
      let flavors: string[] = [];
      if (this.isPunct(':')) {
        this.take();
        flavors = this.flavorWords();
      }
      list.push({
        name: nameToken.text,
        ...(value === undefined ? {} : { value }),
        flavors,
        line: nameToken.line,
        column: nameToken.column,
      });
      if (!this.isPunct(',')) break;
      this.take();
    }
    this.expect(']', WBEMMOF_E_EXPECTED_CLOSE_BRACKET);
    return list;
  }

  private alias(): string | undefined {
    if (!this.isWord('as')) return undefined;
    this.take();
    const t = this.peek();
    if (t.kind !== 'alias') this.fail(WBEMMOF_E_EXPECTED_ALIAS_NAME, t, 'expected $Alias');
    return this.take().text;
  }

  private classDeclaration(qualifiers: MofQualifierNode[], first: MofToken): MofClassNode {
    this.take();
    const name = this.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a class name').text;
    let alias = this.alias();
    let superclass: string | undefined;
    if (this.isPunct(':')) {
      this.take();
      superclass = this.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a superclass name').text;
    }
    alias ??= this.alias();
    this.expect('{', WBEMMOF_E_EXPECTED_OPEN_BRACE);
    const features: (MofPropertyNode | MofMethodNode)[] = [];
    while (!this.isPunct('}')) {
      if (this.peek().kind === 'eof') this.fail(WBEMMOF_E_EXPECTED_CLOSE_BRACE, this.peek(), 'expected "}"');
      features.push(this.feature());
    }
    this.take();
    this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return {
      kind: 'class',
      qualifiers,
      name,
      ...(superclass === undefined ? {} : { superclass }),
      ...(alias === undefined ? {} : { alias }),
      features,
      line: first.line,
      column: first.column,
    };
  }

  /** `sint32`, `Cls REF`, `object`; `void` only where `allowVoid` (method return types). */
  private dataType(allowVoid: boolean): MofTypeNode {
    const t = this.identifier(WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER, 'a data type');
    const lower = t.text.toLowerCase();
    if (this.isWord('ref')) {
      this.take();
      return { name: 'ref', referenceClass: t.text, line: t.line, column: t.column };
    }
    if ((MOF_TYPE_KEYWORDS.has(lower) && lower !== 'ref') || (allowVoid && lower === 'void')) {
      return { name: lower, line: t.line, column: t.column };
    }
    return this.fail(WBEMMOF_E_UNRECOGNIZED_TYPE, t, 'expected a data type');
  }

  private arraySuffix(): { isArray: boolean; size?: number } {
    if (!this.isPunct('[')) return { isArray: false };
    this.take();
    let size: number | undefined;
    if (this.peek().kind === 'integer') {
      const t = this.take();
      size = Number(t.text);
      if (!Number.isSafeInteger(size) || size <= 0) this.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a positive array size');
    }
    this.expect(']', WBEMMOF_E_EXPECTED_CLOSE_BRACKET);
    return size === undefined ? { isArray: true } : { isArray: true, size };
  }

  private feature(): MofPropertyNode | MofMethodNode {
    const qualifiers = this.isPunct('[') ? this.qualifierList() : [];
    const type = this.dataType(true);
    const nameToken = this.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a property or method name');
    const pos = { line: nameToken.line, column: nameToken.column };
    if (this.isPunct('(')) {
      this.take();
      const parameters: MofParameterNode[] = [];
      while (!this.isPunct(')')) {
        parameters.push(this.parameter());
        if (!this.isPunct(',')) break;
        this.take();
      }
      this.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
      this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
      return { kind: 'method', qualifiers, returnType: type, name: nameToken.text, parameters, ...pos };
    }
    if (type.name === 'void') this.fail(WBEMMOF_E_UNRECOGNIZED_TYPE, nameToken, 'void is only a method return type');
    const array = this.arraySuffix();
    let value: MofValueNode | undefined;
    if (this.isPunct('=')) {
      this.take();
      value = this.value();
    }
    this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return {
      kind: 'property',
      qualifiers,
      type,
      name: nameToken.text,
      isArray: array.isArray,
      ...(array.size === undefined ? {} : { arraySize: array.size }),
      ...(value === undefined ? {} : { value }),
      ...pos,
    };
  }

  private parameter(): MofParameterNode {
    const qualifiers = this.isPunct('[') ? this.qualifierList() : [];
    const type = this.dataType(false);
    const nameToken = this.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a parameter name');
    const array = this.arraySuffix();
    return {
      qualifiers,
      type,
      name: nameToken.text,
      isArray: array.isArray,
      ...(array.size === undefined ? {} : { arraySize: array.size }),
      line: nameToken.line,
      column: nameToken.column,
    };
  }

  private instanceDeclaration(qualifiers: MofQualifierNode[], first: MofToken): MofInstanceNode {
    this.take();
    if (!this.isWord('of')) this.fail(WBEMMOF_E_INVALID_INSTANCE_DECLARATION, this.peek(), 'expected "of"');
    this.take();
    const className = this.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a class name').text;
    const alias = this.alias();
    this.expect('{', WBEMMOF_E_EXPECTED_OPEN_BRACE);
    const properties: MofInstancePropertyNode[] = [];
    while (!this.isPunct('}')) {
      const propQualifiers = this.isPunct('[') ? this.qualifierList() : [];
      const nameToken = this.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a property name or "}"');
      this.expect('=', WBEMMOF_E_INVALID_INSTANCE_DECLARATION);
      const value = this.value();
      this.expect(';', WBEMMOF_E_EXPECTED_SEMI);
      properties.push({ qualifiers: propQualifiers, name: nameToken.text, value, line: nameToken.line, column: nameToken.column });
    }
    this.take();
    return {
      kind: 'instance',
      qualifiers,
      className,
      ...(alias === undefined ? {} : { alias }),
      properties,
      line: first.line,
      column: first.column,
    };
  }

  /** A value: literal, `{array}`, `$Alias` or an embedded `instance of`. */
  private value(): MofValueNode {
    const t = this.peek();
    const pos = { line: t.line, column: t.column };
    if (this.isPunct('{')) {
      this.take();
      const items: MofValueNode[] = [];
      while (!this.isPunct('}')) {
        if (this.isPunct('{')) this.fail(WBEMMOF_E_UNEXPECTED_ARRAY_INIT, this.peek(), 'arrays do not nest');
        items.push(this.value());
        if (!this.isPunct(',')) break;
        this.take();
      }
      this.expect('}', WBEMMOF_E_EXPECTED_CLOSE_BRACE);
      return { kind: 'array', items, ...pos };
    }
    if (this.isWord('instance') && this.isWord('of', 1)) {
      if (this.nesting >= WBEM_MAX_OBJECT_NESTING) {
        this.fail(WBEMMOF_E_INVALID_INSTANCE_DECLARATION, t, `embedded objects nest deeper than ${WBEM_MAX_OBJECT_NESTING}`);
      }
      this.nesting++;
      const instance = this.instanceDeclaration([], t);
      this.nesting--;
      return { kind: 'instance', instance, ...pos };
    }
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: this.stringValue(), ...pos };
      case 'char16':
        this.take();
        return { kind: 'char16', value: t.text, ...pos };
      case 'integer':
        this.take();
        return { kind: 'integer', value: t.text, ...pos };
      case 'real':
        this.take();
        return { kind: 'real', value: Number(t.text), ...pos };
      case 'alias':
        this.take();
        return { kind: 'alias', name: t.text, ...pos };
      case 'identifier': {
        const lower = t.text.toLowerCase();
        this.take();
        if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', ...pos };
        if (lower === 'null') return { kind: 'null', ...pos };
        return this.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a value');
      }
      default:
        return this.fail(WBEMMOF_E_ILLEGAL_CONSTANT_VALUE, t, 'expected a value');
    }
  }
}
