import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMof } from '../../src/mof/compile.js';
import { MofError, mofStatusName } from '../../src/mof/mof-error.js';
import { compileText } from './helpers/memory-files.js';

/**
 * Compiler errors are what a MOF author reads: each case pins the status, the line:column and
 * the reason, on the first line and again behind a leading line and indentation (which moves
 * the position by one line and, on the first line, two columns).
 */
const CASES: readonly (readonly [string, string, string])[] = [
  ['class A {};\n/* open', 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '2:1: unterminated comment'],
  ['class A { string S = "abc', 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '1:22: unterminated string'],
  ["class A { char16 C = 'a", 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '1:22: unterminated char16 literal'],
  [
    'class A { string S = "\\x"; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:23: escape \\x needs 1 to 4 hex digits',
  ],
  [
    'class A { string S = "\\q"; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:23: unknown escape \\q',
  ],
  [
    "class A { char16 C = 'ab'; };",
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: a char16 literal holds exactly one character',
  ],
  [
    'class A { uint32 U = 12ab; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: malformed number "12a"',
  ],
  [
    'class A { real64 R = 1e999; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: real literal 1e999 is out of range',
  ],
  [
    'class A { uint32 U = 0x; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: expected hex digits after 0x',
  ],
  [
    'class A { real64 R = 1e; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: expected digits in the exponent',
  ],
  [
    'class A { uint32 U = 09; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: invalid octal literal 09',
  ],
  [
    '  typedef uint32 X;',
    'WBEMMOF_E_INVALID_CLASS_DECLARATION',
    '1:3: typedef is not supported, found "typedef"',
  ],
  [
    '  foo A {};',
    'WBEMMOF_E_UNRECOGNIZED_TOKEN',
    '1:3: expected class, instance, qualifier or #pragma, found "foo"',
  ],
  ['instance of A as B {};', 'WBEMMOF_E_EXPECTED_ALIAS_NAME', '1:18: expected $Alias, found "B"'],
  ['class : B {};', 'WBEMMOF_E_EXPECTED_CLASS_NAME', '1:7: expected a class name, found ":"'],
  ['class A {', 'WBEMMOF_E_EXPECTED_CLOSE_BRACE', '1:10: expected "}", found end of file'],
  [
    'class A { void P; };',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:16: void is only a method return type, found "P"',
  ],
  ['instance A {};', 'WBEMMOF_E_INVALID_INSTANCE_DECLARATION', '1:10: expected "of", found "A"'],
  [
    'class A { uint32 U[] = {{1}}; };',
    'WBEMMOF_E_UNEXPECTED_ARRAY_INIT',
    '1:25: arrays do not nest, found "{"',
  ],
  [
    'class A { uint32 U = ; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: expected a value, found ";"',
  ],
  [
    'class A { uint32 U = instance of B {}; };',
    'WBEMMOF_E_TYPE_MISMATCH',
    '1:22: expected uint32, found instance value',
  ],
  ['#pragma frob("x")', 'WBEMMOF_E_INVALID_PRAGMA', '1:9: unknown pragma, found "frob"'],
  [
    '#pragma namespace("root//x")',
    'WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION',
    '1:1: invalid namespace path "root//x"',
  ],
  [
    '#pragma deleteclass("A", maybe)',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:1: #pragma deleteclass: expected FAIL or NOFAIL, found "maybe"',
  ],
  [
    '#pragma classflags("sometimes")',
    'WBEMMOF_E_INVALID_FLAGS_SYNTAX',
    '1:1: unknown classflags word "sometimes"',
  ],
  [
    '#pragma classflags("createonly", "updateonly")',
    'WBEMMOF_E_INVALID_FLAGS_SYNTAX',
    '1:1: classflags cannot combine createonly and updateonly',
  ],
  [
    '#pragma classflags("safeupdate", "forceupdate")',
    'WBEMMOF_E_INVALID_FLAGS_SYNTAX',
    '1:1: classflags cannot combine safeupdate and forceupdate',
  ],
  [
    '#pragma classflags(4096)',
    'WBEMMOF_E_INVALID_FLAGS_SYNTAX',
    '1:1: classflags value 4096 has bits other than createonly/updateonly/safeupdate/forceupdate',
  ],
  [
    '#pragma instanceflags("never")',
    'WBEMMOF_E_INVALID_FLAGS_SYNTAX',
    '1:1: unknown instanceflags value "never"',
  ],
  [
    'qualifier Q : boolean = false, Scope(table);',
    'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX',
    '1:1: unknown scope table',
  ],
  [
    'qualifier Q : boolean = false, Frob(any);',
    'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX',
    '1:32: expected Scope or Flavor, found "Frob"',
  ],
  [
    'qualifier Q : boolean = false, Flavor();',
    'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX',
    '1:39: expected a flavor keyword, found ")"',
  ],
  [
    'qualifier Q : void;',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:15: expected a data type, found "void"',
  ],
  [
    'class A { uint32 U[0]; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:20: expected a positive array size, found "0"',
  ],
  [
    'class A { [key] string S; [key] string S; };',
    'WBEMMOF_E_DUPLICATE_PROPERTY',
    '1:40: S is declared twice in A',
  ],
  [
    'class A { uint32 M([in] uint32 X, [in] uint32 X); };',
    'WBEM_E_INVALID_DUPLICATE_PARAMETER',
    '1:47: parameter X appears twice in M',
  ],
  [
    'class A { uint32 U = "x"; };',
    'WBEMMOF_E_TYPE_MISMATCH',
    '1:22: expected uint32, found string value',
  ],
  [
    'class A { uint32 U[] = {1, null}; };',
    'WBEMMOF_E_NULL_ARRAY_ELEM',
    '1:28: array elements cannot be null',
  ],
  [
    'class A { uint32 U = {1}; };',
    'WBEMMOF_E_TYPE_MISMATCH',
    '1:22: expected a single uint32, found array value',
  ],
  [
    'class A { real64 R = "x"; };',
    'WBEMMOF_E_TYPE_MISMATCH',
    '1:22: expected a real number, found string value',
  ],
  [
    'class A { A ref R = 5; };',
    'WBEMMOF_E_TYPE_MISMATCH',
    '1:21: expected an object path or $Alias, found integer value',
  ],
  [
    'class B : A {}; class A : B {};',
    'WBEM_E_CIRCULAR_REFERENCE',
    '1:1: class B is its own ancestor',
  ],
  [
    'instance of A as $X {}; instance of A as $X {};',
    'WBEMMOF_E_MULTIPLE_ALIASES',
    '1:25: alias $X is declared twice',
  ],
  [
    'class A { B ref R = $Z; };',
    'WBEMMOF_E_UNEXPECTED_ALIAS',
    '1:21: no instance is declared as $Z',
  ],
  [
    'qualifier Q : boolean = false, Scope(class), Flavor(Restricted, ToSubclass);',
    'WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES',
    '1:1: flavors tosubclass and restricted contradict each other',
  ],
  [
    '#pragma include("missing.mof")',
    'WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE',
    '1:1: cannot read missing.mof: ENOENT: missing.mof',
  ],
  [
    'class Abc {}; class D : Abd {};',
    'WBEM_E_NOT_FOUND',
    '1:15: superclass Abd of D is not declared in the MOF nor present in root/cimv2; did you mean Abc?',
  ],
  ['class A { uint32 X }', 'WBEMMOF_E_EXPECTED_SEMI', '1:20: expected ";", found "}"'],
  [
    'class A { uint32 M(uint32 P; };',
    'WBEMMOF_E_EXPECTED_CLOSE_PAREN',
    '1:28: expected ")", found ";"',
  ],
  ['class A { uint32 M(uint32 P) };', 'WBEMMOF_E_EXPECTED_SEMI', '1:30: expected ";", found "}"'],
  ['#pragma 5', 'WBEMMOF_E_INVALID_PRAGMA', '1:9: expected a pragma name, found "5"'],
  [
    '[5] class A {};',
    'WBEMMOF_E_EXPECTED_QUALIFIER_NAME',
    '1:2: expected a qualifier name, found "5"',
  ],
  ...['include', 'namespace', 'locale', 'amendment'].map(
    (name) =>
      [
        `#pragma ${name}(5)`,
        'WBEMMOF_E_INVALID_PRAGMA',
        `1:${10 + name.length}: #pragma ${name} takes a string, found "5"`,
      ] as const,
  ),
  ...['deleteclass', 'deleteinstance'].map(
    (name) =>
      [
        `#pragma ${name}(5, FAIL)`,
        'WBEMMOF_E_INVALID_PRAGMA',
        `1:${10 + name.length}: #pragma ${name} takes a string, found "5"`,
      ] as const,
  ),
  [
    'Qualifier Q : Foo Scope(any);',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:15: expected a data type, found "Foo"',
  ],
  [
    'Qualifier Q : ref, Scope(any);',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:15: expected a data type, found "ref"',
  ],
  ['class A { ref X; };', 'WBEMMOF_E_UNRECOGNIZED_TYPE', '1:11: expected a data type, found "ref"'],
  ['class A { Foo; };', 'WBEMMOF_E_UNRECOGNIZED_TYPE', '1:11: expected a data type, found "Foo"'],
  [
    'Qualifier Q : "ToSubclass";',
    'WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER',
    '1:15: expected a data type, found "ToSubclass"',
  ],
  [
    '[D("x") : "ToSubclass"] class A {};',
    'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX',
    '1:11: expected a flavor, found "ToSubclass"',
  ],
  // A comma after a flavor goes on with the flavors only when a flavor word follows it.
  [
    '[D("x") : ToSubclass, "Restricted"] class A {};',
    'WBEMMOF_E_EXPECTED_QUALIFIER_NAME',
    '1:23: expected a qualifier name, found "Restricted"',
  ],
  [
    'Qualifier D : string, Scope(any); [D("x") : ToSubclass, Restricted] class A {};',
    'WBEMMOF_E_INCOMPATIBLE_FLAVOR_TYPES',
    '1:36: flavors tosubclass and restricted contradict each other',
  ],
  [
    'class A { uint32 X = foo; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: expected a value, found "foo"',
  ],
  [
    'class A { uint32 X = instance; };',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:22: expected a value, found "instance"',
  ],
  // Only a digit, or a dot and a digit, after a sign starts a number; only `/` starts a comment.
  [
    'class A { uint32 X = -x5; };',
    'WBEMMOF_E_UNRECOGNIZED_TOKEN',
    '1:22: unexpected character "-"',
  ],
  [
    'class A { uint32 X = -*/ 1; };',
    'WBEMMOF_E_UNRECOGNIZED_TOKEN',
    '1:22: unexpected character "-"',
  ],
  ['class A { uint32 X = @1; };', 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '1:22: unexpected character "@"'],
  [
    'class A { uint32 X = %.5; };',
    'WBEMMOF_E_UNRECOGNIZED_TOKEN',
    '1:22: unexpected character "%"',
  ],
  // `/*/` opens a comment and does not close it.
  ['class A {}; /*/', 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '1:13: unterminated comment'],
  [
    'class A { uint32 M(void P); };',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:20: expected a data type, found "void"',
  ],
  [
    'class A { void P; };',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:16: void is only a method return type, found "P"',
  ],
  [
    'class A { uint32[] M(); };',
    'WBEMMOF_E_NO_ARRAYS_RETURNED',
    '1:17: a method cannot return an array: expected its type without "[]", found "["',
  ],
  [
    'class A { uint32[] X; };',
    'WBEMMOF_E_EXPECTED_PROPERTY_NAME',
    '1:17: expected a property or method name, found "["',
  ],
  [
    'class A { uint32[5] X; };',
    'WBEMMOF_E_EXPECTED_PROPERTY_NAME',
    '1:17: expected a property or method name, found "["',
  ],
  [
    'class A { uint32[] ; };',
    'WBEMMOF_E_EXPECTED_PROPERTY_NAME',
    '1:20: expected a property or method name, found ";"',
  ],
  [
    'class A { uint32 M([in] uint32) ; };',
    'WBEMMOF_E_EXPECTED_PROPERTY_NAME',
    '1:31: expected a parameter name, found ")"',
  ],
  [
    'instance of A { X 1; };',
    'WBEMMOF_E_INVALID_INSTANCE_DECLARATION',
    '1:19: expected "=", found "1"',
  ],
  [
    'instance of A { 5 = 1; };',
    'WBEMMOF_E_EXPECTED_PROPERTY_NAME',
    '1:17: expected a property name or "}", found "5"',
  ],
  ['instance of A { X = 1 };', 'WBEMMOF_E_EXPECTED_SEMI', '1:23: expected ";", found "}"'],
  ['instance of A { X = 1; }', 'WBEMMOF_E_EXPECTED_SEMI', '1:25: expected ";", found end of file'],
  ['instance of A $x { };', 'WBEMMOF_E_EXPECTED_OPEN_BRACE', '1:15: expected "{", found "x"'],
  ['[A(1) class B {};', 'WBEMMOF_E_EXPECTED_CLOSE_BRACKET', '1:7: expected "]", found "class"'],
  ['[A(1] class B {};', 'WBEMMOF_E_EXPECTED_CLOSE_PAREN', '1:5: expected ")", found "]"'],
  ['[A : ] class B {};', 'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX', '1:6: expected a flavor, found "]"'],
  [
    'class A : { };',
    'WBEMMOF_E_EXPECTED_CLASS_NAME',
    '1:11: expected a superclass name, found "{"',
  ],
  ['class A { uint32 P[; };', 'WBEMMOF_E_EXPECTED_CLOSE_BRACKET', '1:20: expected "]", found ";"'],
  ['class A { uint32 P[3; };', 'WBEMMOF_E_EXPECTED_CLOSE_BRACKET', '1:21: expected "]", found ";"'],
  [
    'class A { uint32 P = {1, 2; };',
    'WBEMMOF_E_EXPECTED_CLOSE_BRACE',
    '1:27: expected "}", found ";"',
  ],
  [
    'class A { uint32 P = {1 2}; };',
    'WBEMMOF_E_EXPECTED_CLOSE_BRACE',
    '1:25: expected "}", found "2"',
  ],
  [
    'qualifier Q : string = "x" Scope(class);',
    'WBEMMOF_E_EXPECTED_SEMI',
    '1:28: expected ";", found "Scope"',
  ],
  [
    'qualifier : string;',
    'WBEMMOF_E_EXPECTED_QUALIFIER_NAME',
    '1:11: expected a qualifier name, found ":"',
  ],
  [
    '#pragma namespace "x"',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:9: #pragma namespace takes 1 to 1 arguments, got 0, found "namespace"',
  ],
  [
    '#pragma namespace("x"',
    'WBEMMOF_E_EXPECTED_CLOSE_PAREN',
    '1:22: expected ")", found end of file',
  ],
  [
    '#pragma locale()',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:9: #pragma locale takes 1 to 1 arguments, got 0, found "locale"',
  ],
  [
    '#pragma instanceflags("a", "b", "c")',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:9: #pragma instanceflags takes 1 to 2 arguments, got 3, found "instanceflags"',
  ],
  [
    '#pragma deleteinstance("A")',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:9: #pragma deleteinstance takes 2 to 2 arguments, got 1, found "deleteinstance"',
  ],
  [
    '#pragma amendment()',
    'WBEMMOF_E_INVALID_PRAGMA',
    '1:9: #pragma amendment takes 1 to 1 arguments, got 0, found "amendment"',
  ],
  [
    'qualifier Q : boolean = false, 5;',
    'WBEMMOF_E_INVALID_QUALIFIER_SYNTAX',
    '1:32: expected Scope or Flavor, found "5"',
  ],
  [
    'qualifier Q : 5;',
    'WBEMMOF_E_EXPECTED_TYPE_IDENTIFIER',
    '1:15: expected a data type, found "5"',
  ],
  ['qualifier Q : Foo;', 'WBEMMOF_E_UNRECOGNIZED_TYPE', '1:15: expected a data type, found "Foo"'],
  ['instance of 5 {};', 'WBEMMOF_E_EXPECTED_CLASS_NAME', '1:13: expected a class name, found "5"'],
  [
    'qualifier Q : object;',
    'WBEMMOF_E_UNRECOGNIZED_TYPE',
    '1:1: qualifier Q cannot have type object',
  ],
  [
    '[Q(instance of A {})] class X {};',
    'WBEMMOF_E_ILLEGAL_CONSTANT_VALUE',
    '1:4: an embedded instance is not allowed here, found "instance"',
  ],
  ['class A {}; \u0000', 'WBEMMOF_E_UNRECOGNIZED_TOKEN', '1:13: unexpected character "\\u0000"'],
];

function failure(text: string): string {
  try {
    compileText(text);
  } catch (e) {
    assert.ok(e instanceof MofError, `expected a MofError, got ${String(e)}`);
    assert.equal(e.file, 'main.mof');
    assert.ok(e.message.includes(`main.mof:${e.line}:${e.column}: ${e.reason}`), e.message);
    return `${mofStatusName(e.hresult)} ${e.line}:${e.column}: ${e.reason}`;
  }
  return 'compiled';
}

/** The same position one line down, two columns right when it was on the first line. */
function shifted(position: string): string {
  const [, line, column, reason] = /^(\d+):(\d+): ([\s\S]*)$/.exec(position) ?? [];
  const l = Number(line);
  const c = Number(column);
  return l === 1 ? `2:${c + 2}: ${reason}` : `${l + 1}:${c}: ${reason}`;
}

describe('compileMof error messages', () => {
  it('reports WBEMMOF_E_INVALID_FILE for the file when readFile gives neither text nor bytes', () => {
    assert.throws(
      () => compileMof(['main.mof'], { readFile: () => 5 as unknown as string }),
      (e: unknown) =>
        e instanceof MofError &&
        mofStatusName(e.hresult) === 'WBEMMOF_E_INVALID_FILE' &&
        `${e.file}:${e.line}:${e.column}: ${e.reason}` ===
          'main.mof:0:0: readFile returned number for main.mof, not text or bytes',
    );
  });

  for (const [text, status, position] of CASES) {
    it(`reports ${status} at ${position} when the MOF is ${JSON.stringify(text)}`, () => {
      assert.equal(failure(text), `${status} ${position}`);
      assert.equal(failure(`\n  ${text}`), `${status} ${shifted(position)}`);
    });
  }
});
