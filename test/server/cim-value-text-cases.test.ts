import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT8,
  CIM_SINT16,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT16,
  CIM_UINT32,
  CIM_UINT64,
} from '../../src/index.js';
import {
  cimTypeOf,
  formatValueText,
  parseValueText,
  typeNameOf,
} from '../../src/server/cim-value-text.js';
import { refusedWith } from './helpers/refused-with.js';

describe('DSP0201 TYPE attributes', () => {
  it('reads every DSP0201 spelling, in any case', () => {
    for (const [name, type] of [
      ['sint8', CIM_SINT8],
      ['uint8', CIM_UINT8],
      ['sint16', CIM_SINT16],
      ['uint16', CIM_UINT16],
      ['sint32', CIM_SINT32],
      ['uint32', CIM_UINT32],
      ['sint64', CIM_SINT64],
      ['uint64', CIM_UINT64],
      ['real32', CIM_REAL32],
      ['real64', CIM_REAL64],
      ['boolean', CIM_BOOLEAN],
      ['string', CIM_STRING],
      ['datetime', CIM_DATETIME],
      ['char16', CIM_CHAR16],
    ] as const) {
      assert.equal(cimTypeOf(name, 'w'), type, name);
      assert.equal(cimTypeOf(name.toUpperCase(), 'w'), type, name);
    }
    assert.equal(cimTypeOf('DateTime', 'w'), CIM_DATETIME);
  });

  it('refuses a missing, unknown, reference or object TYPE, saying where', () => {
    assert.equal(
      refusedWith(() => cimTypeOf(undefined, 'property P')),
      'property P: TYPE missing',
    );
    assert.equal(
      refusedWith(() => cimTypeOf('int', 'property P')),
      "property P: TYPE 'int' unknown",
    );
    assert.equal(
      refusedWith(() => cimTypeOf('', 'property P')),
      "property P: TYPE '' unknown",
    );
    // A reference is a PROPERTY.REFERENCE, an embedded object a string with EmbeddedObject.
    assert.equal(
      refusedWith(() => cimTypeOf('ref', 'q')),
      "q: TYPE 'ref' unknown",
    );
    assert.equal(
      refusedWith(() => cimTypeOf('REF', 'q')),
      "q: TYPE 'REF' unknown",
    );
    assert.equal(
      refusedWith(() => cimTypeOf('object', 'q')),
      "q: TYPE 'object' unknown",
    );
    assert.equal(
      refusedWith(() => cimTypeOf('Object', 'q')),
      "q: TYPE 'Object' unknown",
    );
  });

  it('writes each type as DSP0201 spells it, an embedded object as a string', () => {
    assert.equal(typeNameOf(CIM_UINT16), 'uint16');
    assert.equal(typeNameOf(CIM_DATETIME), 'datetime');
    assert.equal(typeNameOf(CIM_OBJECT), 'string');
    assert.equal(typeNameOf(CIM_EMPTY), 'string');
  });
});

describe('DSP0201 integer values', () => {
  it('accepts the ends of each range and refuses one beyond, naming the value and the type', () => {
    for (const [type, min, max] of [
      [CIM_SINT8, -128, 127],
      [CIM_UINT8, 0, 255],
      [CIM_SINT16, -32768, 32767],
      [CIM_UINT16, 0, 65535],
      [CIM_SINT32, -2147483648, 2147483647],
      [CIM_UINT32, 0, 4294967295],
    ] as const) {
      const name = typeNameOf(type);
      assert.equal(parseValueText(String(min), type, 'w'), min, name);
      assert.equal(parseValueText(String(max), type, 'w'), max, name);
      assert.equal(
        refusedWith(() => parseValueText(String(min - 1), type, 'v')),
        `v: ${min - 1} is out of range for ${name}`,
      );
      assert.equal(
        refusedWith(() => parseValueText(String(max + 1), type, 'v')),
        `v: ${max + 1} is out of range for ${name}`,
      );
    }
  });

  it('keeps 64-bit integers exact as decimal strings, at the ends of their ranges', () => {
    assert.equal(parseValueText('-9223372036854775808', CIM_SINT64, 'w'), '-9223372036854775808');
    assert.equal(parseValueText('9223372036854775807', CIM_SINT64, 'w'), '9223372036854775807');
    assert.equal(parseValueText('0', CIM_UINT64, 'w'), '0');
    assert.equal(parseValueText('+7', CIM_UINT64, 'w'), '7');
    assert.equal(parseValueText('007', CIM_SINT64, 'w'), '7');
    assert.equal(
      refusedWith(() => parseValueText('9223372036854775808', CIM_SINT64, 'v')),
      'v: 9223372036854775808 is out of range for sint64',
    );
    assert.equal(
      refusedWith(() => parseValueText('-1', CIM_UINT64, 'v')),
      'v: -1 is out of range for uint64',
    );
    assert.equal(
      refusedWith(() => parseValueText('18446744073709551616', CIM_UINT64, 'v')),
      'v: 18446744073709551616 is out of range for uint64',
    );
  });

  it('reads integers longer than fifteen digits exactly, leading zeros included', () => {
    assert.equal(parseValueText('0000000000000000042', CIM_UINT8, 'w'), 42);
    assert.equal(parseValueText('-0000000002147483648', CIM_SINT32, 'w'), -2147483648);
    assert.equal(
      refusedWith(() => parseValueText('0000000004294967296', CIM_UINT32, 'v')),
      'v: 4294967296 is out of range for uint32',
    );
  });

  it('reads hexadecimal integers, either sign, in any case', () => {
    assert.equal(parseValueText('0x7F', CIM_SINT8, 'w'), 127);
    assert.equal(parseValueText('0XfF', CIM_UINT8, 'w'), 255);
    assert.equal(parseValueText('+0x10', CIM_SINT32, 'w'), 16);
    assert.equal(parseValueText('-0x10', CIM_SINT32, 'w'), -16);
    assert.equal(parseValueText(' -0x80 ', CIM_SINT8, 'w'), -128);
    assert.equal(parseValueText('0xFFFFFFFFFFFFFFFF', CIM_UINT64, 'w'), '18446744073709551615');
    assert.equal(parseValueText('-0x8000000000000000', CIM_SINT64, 'w'), '-9223372036854775808');
    assert.equal(
      refusedWith(() => parseValueText('0x100', CIM_UINT8, 'v')),
      'v: 256 is out of range for uint8',
    );
    assert.equal(
      refusedWith(() => parseValueText('-0x81', CIM_SINT8, 'v')),
      'v: -129 is out of range for sint8',
    );
  });

  it('refuses what is not an integer, quoting at most forty characters of it', () => {
    for (const text of [
      '',
      ' ',
      '1.5',
      '1e3',
      '0x',
      '0xg',
      '0x1g',
      '--0x1',
      'x0x1',
      '--1',
      '+-1',
      '1 2',
      'ten',
      '٣',
    ])
      assert.equal(
        refusedWith(() => parseValueText(text, CIM_SINT32, 'v')),
        `v: '${text.trim()}' is not an integer`,
        text,
      );
    assert.equal(
      refusedWith(() => parseValueText(`${'9'.repeat(39)}x${'9'.repeat(20)}`, CIM_SINT64, 'v')),
      `v: '${'9'.repeat(39)}x' is not an integer`,
    );
  });

  it('reads minus zero as the integer 0', () => {
    assert.ok(Object.is(parseValueText('-0', CIM_SINT8, 'w'), 0));
    assert.ok(Object.is(parseValueText('-0x0', CIM_SINT32, 'w'), 0));
    assert.equal(parseValueText('-0', CIM_SINT64, 'w'), '0');
  });
});

describe('DSP0201 real values', () => {
  it('reads decimal and exponent forms, INF, -INF and NaN', () => {
    for (const [text, value] of [
      ['1.5', 1.5],
      ['12.75', 12.75],
      ['100', 100],
      ['-10.5e2', -1050],
      [' -2 ', -2],
      ['+3.', 3],
      ['.25', 0.25],
      ['1e3', 1000],
      ['1E-3', 0.001],
      ['-1.5e+2', -150],
      ['INF', Number.POSITIVE_INFINITY],
      ['+INF', Number.POSITIVE_INFINITY],
      ['-INF', Number.NEGATIVE_INFINITY],
    ] as const) {
      assert.equal(parseValueText(text, CIM_REAL64, 'w'), value, text);
      assert.equal(parseValueText(text, CIM_REAL32, 'w'), value, text);
    }
    assert.ok(Number.isNaN(parseValueText('NaN', CIM_REAL64, 'w')));
  });

  it('refuses what is not a real number, quoting at most forty characters of it', () => {
    for (const text of [
      '',
      '.',
      'e5',
      '1e',
      '1e+',
      '1.2.3',
      '0x10',
      'inf',
      'Infinity',
      'nan',
      '1,5',
      '- 1',
    ])
      assert.equal(
        refusedWith(() => parseValueText(text, CIM_REAL32, 'v')),
        `v: '${text.trim()}' is not a real number`,
        text,
      );
    assert.equal(
      refusedWith(() => parseValueText(`x${'1'.repeat(50)}`, CIM_REAL64, 'v')),
      `v: 'x${'1'.repeat(39)}' is not a real number`,
    );
  });
});

describe('DSP0201 boolean, char16 and string values', () => {
  it('reads a boolean in any case, spaces around', () => {
    assert.equal(parseValueText(' TRUE\n', CIM_BOOLEAN, 'w'), true);
    assert.equal(parseValueText('False', CIM_BOOLEAN, 'w'), false);
    assert.equal(
      refusedWith(() => parseValueText(' yes ', CIM_BOOLEAN, 'v')),
      "v: 'yes' is not TRUE or FALSE",
    );
    assert.equal(
      refusedWith(() => parseValueText('t'.repeat(50), CIM_BOOLEAN, 'v')),
      `v: '${'t'.repeat(40)}' is not TRUE or FALSE`,
    );
  });

  it('reads a char16 as one UTF-16 code unit, spaces kept', () => {
    assert.equal(parseValueText('x', CIM_CHAR16, 'w'), 'x');
    assert.equal(parseValueText(' ', CIM_CHAR16, 'w'), ' ');
    assert.equal(parseValueText('\uffee', CIM_CHAR16, 'w'), '\uffee');
  });

  it('refuses a char16 of no character, of two, or beyond U+FFFF (two code units)', () => {
    for (const text of ['', 'ab', ' a', '\u{1f600}'])
      assert.equal(
        refusedWith(() => parseValueText(text, CIM_CHAR16, 'v')),
        'v: a char16 value is one character',
        JSON.stringify(text),
      );
  });

  it('keeps strings, datetimes and references exactly as sent', () => {
    assert.equal(parseValueText('  a b\n', CIM_STRING, 'w'), '  a b\n');
    assert.equal(parseValueText('', CIM_STRING, 'w'), '');
    assert.equal(
      parseValueText('20240101000000.000000+000', CIM_DATETIME, 'w'),
      '20240101000000.000000+000',
    );
    assert.equal(parseValueText('A.K="1"', CIM_REFERENCE, 'w'), 'A.K="1"');
  });

  it('refuses a type that has no text form, naming it', () => {
    assert.equal(
      refusedWith(() => parseValueText('<INSTANCE/>', CIM_OBJECT, 'v')),
      'v: values of CIM type 13 cannot be given as text',
    );
    assert.equal(
      refusedWith(() => parseValueText('', CIM_EMPTY, 'v')),
      'v: values of CIM type 0 cannot be given as text',
    );
  });
});

describe('DSP0201 value text written', () => {
  it('writes booleans, special reals, numbers and strings', () => {
    assert.equal(formatValueText(true), 'TRUE');
    assert.equal(formatValueText(false), 'FALSE');
    assert.equal(formatValueText(Number.NaN), 'NaN');
    assert.equal(formatValueText(Number.POSITIVE_INFINITY), 'INF');
    assert.equal(formatValueText(Number.NEGATIVE_INFINITY), '-INF');
    assert.equal(formatValueText(-1.5), '-1.5');
    assert.equal(formatValueText(0), '0');
    assert.equal(formatValueText('x y'), 'x y');
    assert.equal(formatValueText(''), '');
  });

  it('writes values that read back as the same values', () => {
    for (const value of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e21,
      5e-324,
    ])
      assert.deepEqual(parseValueText(formatValueText(value), CIM_REAL64, 'w'), value);
    assert.equal(parseValueText(formatValueText(true), CIM_BOOLEAN, 'w'), true);
  });
});
