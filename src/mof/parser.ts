/**
 * @module The MOF parser: tokens → syntax tree (`MofFile`), one declaration at a time.
 *
 * Recursion is bounded: arrays do not nest in MOF and embedded `instance of` values may nest at
 * most `WBEM_MAX_OBJECT_NESTING` deep, so hostile input (100k open braces) fails with a
 * positioned error instead of exhausting the stack.
 */
import type {
  MofClassNode,
  MofDeclaration,
  MofFile,
  MofInstanceNode,
  MofInstancePropertyNode,
  MofMethodNode,
  MofParameterNode,
  MofPropertyNode,
  MofQualifierNode,
  MofValueNode,
} from './ast.js';
import { createLexer, type MofToken } from './lexer.js';
import {
  WBEMMOF_E_EXPECTED_ALIAS_NAME,
  WBEMMOF_E_EXPECTED_CLASS_NAME,
  WBEMMOF_E_EXPECTED_CLOSE_BRACE,
  WBEMMOF_E_EXPECTED_CLOSE_PAREN,
  WBEMMOF_E_EXPECTED_OPEN_BRACE,
  WBEMMOF_E_EXPECTED_PROPERTY_NAME,
  WBEMMOF_E_EXPECTED_SEMI,
  WBEMMOF_E_INVALID_CLASS_DECLARATION,
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_NO_ARRAYS_RETURNED,
  WBEMMOF_E_UNRECOGNIZED_TOKEN,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from './mof-status.js';
import {
  parseArraySuffix,
  parseDataType,
  parsePragma,
  parseQualifierDeclaration,
  parseQualifierList,
} from './parse-qualifier.js';
import { parseValue } from './parse-value.js';
import { TokenCursor } from './token-cursor.js';

/**
 * Parses one MOF file. Pragmas stay in the declaration list, in order, because they change how
 * the declarations after them are compiled.
 * @throws {MofError} a `WBEMMOF_E_*` code with the file, line and column of the first error.
 */
export function parseMof(text: string, file: string): MofFile {
  const c = new TokenCursor(createLexer(text, file), file);
  const declarations: MofDeclaration[] = [];
  while (c.peek().kind !== 'eof') declarations.push(declaration(c));
  return { file, declarations };
}

function declaration(c: TokenCursor): MofDeclaration {
  const first = c.peek();
  if (first.kind === 'pragma') return parsePragma(c);
  if (c.isWord('qualifier')) return parseQualifierDeclaration(c);
  const qualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
  if (c.isWord('class')) return classDeclaration(c, qualifiers, first);
  if (c.isWord('instance')) {
    const instance = instanceDeclaration(c, qualifiers, first);
    c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return instance;
  }
  if (c.isWord('typedef'))
    c.fail(WBEMMOF_E_INVALID_CLASS_DECLARATION, c.peek(), 'typedef is not supported');
  return c.fail(
    WBEMMOF_E_UNRECOGNIZED_TOKEN,
    c.peek(),
    'expected class, instance, qualifier or #pragma',
  );
}

function parseAlias(c: TokenCursor): string | undefined {
  if (!c.isWord('as')) return undefined;
  c.take();
  const t = c.peek();
  if (t.kind !== 'alias') c.fail(WBEMMOF_E_EXPECTED_ALIAS_NAME, t, 'expected $Alias');
  return c.take().text;
}

/**
 * A node while the parser fills it: optional fields are set only when present, instead of
 * conditional spreads, which copy the node under construction once per field (the parse of a
 * large schema runs cold, so each copy counts).
 */
type Building<T> = { -readonly [K in keyof T]: T[K] };

function classDeclaration(
  c: TokenCursor,
  qualifiers: MofQualifierNode[],
  first: MofToken,
): MofClassNode {
  c.take();
  const name = c.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a class name').text;
  let alias = parseAlias(c);
  let superclass: string | undefined;
  if (c.isPunct(':')) {
    c.take();
    superclass = c.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a superclass name').text;
  }
  alias ??= parseAlias(c);
  c.expect('{', WBEMMOF_E_EXPECTED_OPEN_BRACE);
  const features: (MofPropertyNode | MofMethodNode)[] = [];
  while (!c.isPunct('}')) {
    if (c.peek().kind === 'eof') c.fail(WBEMMOF_E_EXPECTED_CLOSE_BRACE, c.peek(), 'expected "}"');
    features.push(feature(c));
  }
  c.take();
  c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
  const node: Building<MofClassNode> = {
    kind: 'class',
    qualifiers,
    name,
    features,
    line: first.line,
    column: first.column,
  };
  if (superclass !== undefined) node.superclass = superclass;
  if (alias !== undefined) node.alias = alias;
  return node;
}

/**
 * `uint32[] Name(...)`, DSP0221's array return type: WMI's MOF has none and its compiler refuses
 * it with a code of its own. A property written so (`uint32[] Name;`) gets the error a `[` before
 * the name always got.
 * @throws {MofError} WBEMMOF_E_NO_ARRAYS_RETURNED, WBEMMOF_E_EXPECTED_PROPERTY_NAME.
 */
function refuseArrayBeforeName(c: TokenCursor): never {
  const open = c.take();
  c.take();
  c.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a property or method name');
  if (c.isPunct('('))
    c.fail(
      WBEMMOF_E_NO_ARRAYS_RETURNED,
      open,
      'a method cannot return an array: expected its type without "[]"',
    );
  return c.fail(WBEMMOF_E_EXPECTED_PROPERTY_NAME, open, 'expected a property or method name');
}

function feature(c: TokenCursor): MofPropertyNode | MofMethodNode {
  const qualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
  const type = parseDataType(c, true, true);
  if (c.isPunct('[') && c.isPunct(']', 1)) refuseArrayBeforeName(c);
  const nameToken = c.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a property or method name');
  if (c.isPunct('(')) {
    c.take();
    const parameters: MofParameterNode[] = [];
    while (!c.isPunct(')')) {
      parameters.push(parameter(c));
      if (!c.isPunct(',')) break;
      c.take();
    }
    c.expect(')', WBEMMOF_E_EXPECTED_CLOSE_PAREN);
    c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    return {
      kind: 'method',
      qualifiers,
      returnType: type,
      name: nameToken.text,
      parameters,
      line: nameToken.line,
      column: nameToken.column,
    };
  }
  if (type.name === 'void')
    c.fail(WBEMMOF_E_UNRECOGNIZED_TYPE, nameToken, 'void is only a method return type');
  const array = parseArraySuffix(c);
  let value: MofValueNode | undefined;
  if (c.isPunct('=')) {
    c.take();
    value = parseValue(c, embeddedInstance);
  }
  c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
  const node: Building<MofPropertyNode> = {
    kind: 'property',
    qualifiers,
    type,
    name: nameToken.text,
    isArray: array.isArray,
    line: nameToken.line,
    column: nameToken.column,
  };
  if (array.size !== undefined) node.arraySize = array.size;
  if (value !== undefined) node.value = value;
  return node;
}

function parameter(c: TokenCursor): MofParameterNode {
  const qualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
  const type = parseDataType(c, false, true);
  const nameToken = c.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a parameter name');
  const array = parseArraySuffix(c);
  let value: MofValueNode | undefined;
  if (c.isPunct('=')) {
    c.take();
    value = parseValue(c, embeddedInstance);
  }
  const node: Building<MofParameterNode> = {
    qualifiers,
    type,
    name: nameToken.text,
    isArray: array.isArray,
    line: nameToken.line,
    column: nameToken.column,
  };
  if (array.size !== undefined) node.arraySize = array.size;
  if (value !== undefined) node.value = value;
  return node;
}

function instanceDeclaration(
  c: TokenCursor,
  qualifiers: MofQualifierNode[],
  first: MofToken,
): MofInstanceNode {
  c.take();
  if (!c.isWord('of')) c.fail(WBEMMOF_E_INVALID_INSTANCE_DECLARATION, c.peek(), 'expected "of"');
  c.take();
  const className = c.identifier(WBEMMOF_E_EXPECTED_CLASS_NAME, 'a class name').text;
  const alias = parseAlias(c);
  c.expect('{', WBEMMOF_E_EXPECTED_OPEN_BRACE);
  const properties: MofInstancePropertyNode[] = [];
  while (!c.isPunct('}')) {
    const propQualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
    const nameToken = c.identifier(WBEMMOF_E_EXPECTED_PROPERTY_NAME, 'a property name or "}"');
    c.expect('=', WBEMMOF_E_INVALID_INSTANCE_DECLARATION);
    const value = parseValue(c, embeddedInstance);
    c.expect(';', WBEMMOF_E_EXPECTED_SEMI);
    properties.push({
      qualifiers: propQualifiers,
      name: nameToken.text,
      value,
      line: nameToken.line,
      column: nameToken.column,
    });
  }
  c.take();
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

function embeddedInstance(c: TokenCursor, first: MofToken): MofInstanceNode {
  return instanceDeclaration(c, [], first);
}
