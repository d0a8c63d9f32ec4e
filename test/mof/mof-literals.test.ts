import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { CimClass } from '../../src/model/cim-class.js';
import type { CimInstance } from '../../src/model/cim-instance.js';
import { nameMap } from '../../src/model/names.js';
import type { Qualifier } from '../../src/model/qualifier.js';
import {
  arrayText,
  flavorWords,
  qualifierText,
  quote,
  typeText,
  valueText,
} from '../../src/mof/mof-literals.js';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_OBJECT,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT64,
} from '../../src/wbem/cim-type.js';
import { WBEM_GENUS_CLASS, WBEM_GENUS_INSTANCE } from '../../src/wbem/flags.js';

describe('MOF literals (what toMof writes)', () => {
  it('escapes backslashes, control characters and the quote in a string literal', () => {
    assert.equal(quote('a\\b'), '"a\\\\b"');
    assert.equal(quote('\n\r\t\b\f'), '"\\n\\r\\t\\b\\f"');
    assert.equal(quote('say "hi"'), '"say \\"hi\\""');
    assert.equal(quote("it's"), '"it\'s"');
    assert.equal(quote('\u0001\u001f\u007f'), '"\\x0001\\x001f\\x007f"');
    assert.equal(quote(' ~\u0080é'), '" ~\u0080é"');
  });

  it('writes char16 values in single quotes, escaping that quote only', () => {
    assert.equal(valueText("'", CIM_CHAR16), "'\\''");
    assert.equal(valueText('"', CIM_CHAR16), "'\"'");
    assert.equal(valueText('\t', CIM_CHAR16), "'\\t'");
    assert.equal(valueText(65, CIM_CHAR16), '65');
  });

  it('writes reals with a decimal point when they are whole and below 1e21', () => {
    assert.equal(valueText(2, CIM_REAL64), '2.0');
    assert.equal(valueText(-3, CIM_REAL32), '-3.0');
    assert.equal(valueText(1.5, CIM_REAL64), '1.5');
    assert.equal(valueText(1e20, CIM_REAL64), '100000000000000000000.0');
    assert.equal(valueText(-1e20, CIM_REAL64), '-100000000000000000000.0');
    assert.equal(valueText(1e21, CIM_REAL64), '1e+21');
    assert.equal(valueText(-1e21, CIM_REAL64), '-1e+21');
    assert.equal(valueText('1.5', CIM_REAL64), '"1.5"');
    assert.equal(valueText(2, CIM_SINT32), '2');
  });

  it('writes booleans by the type and the value', () => {
    assert.equal(valueText(true, CIM_BOOLEAN), 'TRUE');
    assert.equal(valueText(false, CIM_BOOLEAN), 'FALSE');
    assert.equal(valueText('true', CIM_BOOLEAN), 'FALSE');
    assert.equal(valueText(true), 'TRUE');
    assert.equal(valueText(false), 'FALSE');
    assert.equal(valueText([true, false], CIM_BOOLEAN), '{TRUE, FALSE}');
  });

  it('writes 64-bit integers held as text bare and other text quoted', () => {
    assert.equal(valueText('18446744073709551615', CIM_UINT64), '18446744073709551615');
    assert.equal(valueText('-5', CIM_SINT64), '-5');
    assert.equal(valueText('7', CIM_UINT8), '7');
    assert.equal(valueText('7', CIM_STRING), '"7"');
    assert.equal(valueText('7'), '"7"');
    assert.equal(valueText(7), '7');
    assert.equal(valueText(null, CIM_STRING), 'NULL');
    assert.equal(valueText([], CIM_STRING), '{}');
    assert.equal(valueText(['a', 'b'], CIM_STRING), '{"a", "b"}');
  });

  it('writes embedded instances indented and a class value as NULL', () => {
    const inner: CimInstance = {
      genus: WBEM_GENUS_INSTANCE,
      className: 'In',
      properties: nameMap([
        { name: 'N', value: '5' },
        { name: 'S', value: 'x' },
      ]),
    };
    const typeOf = (cls: string, name: string) =>
      cls === 'In' && name === 'N' ? { type: CIM_UINT64, isArray: false } : undefined;
    assert.equal(
      valueText(inner, CIM_OBJECT, typeOf, '  '),
      'instance of In\n  {\n      N = 5;\n      S = "x";\n  }',
    );
    assert.equal(
      valueText([inner], undefined, undefined, ''),
      '{instance of In\n{\n    N = "5";\n    S = "x";\n}}',
    );
    // No indent given: none.
    assert.equal(valueText(inner), 'instance of In\n{\n    N = "5";\n    S = "x";\n}');
    const aClass: CimClass = {
      genus: WBEM_GENUS_CLASS,
      name: 'C',
      superclass: null,
      qualifiers: nameMap([]),
      properties: nameMap([]),
      methods: nameMap([]),
    };
    assert.equal(valueText(aClass, CIM_OBJECT), 'NULL');
  });

  it('names only the flavor bits that differ from the base', () => {
    assert.deepEqual(flavorWords(0x1, 0), ['ToInstance']);
    assert.deepEqual(flavorWords(0, 0x1), ['NotToInstance']);
    assert.deepEqual(flavorWords(0x2, 0), ['ToSubclass']);
    assert.deepEqual(flavorWords(0, 0x2), ['NotToSubclass']);
    assert.deepEqual(flavorWords(0x10, 0), ['DisableOverride']);
    assert.deepEqual(flavorWords(0, 0x10), ['EnableOverride']);
    assert.deepEqual(flavorWords(0x80, 0), ['Amended']);
    assert.deepEqual(flavorWords(0, 0x80), []);
    assert.deepEqual(flavorWords(0x93, 0x93), []);
    assert.deepEqual(flavorWords(0x60, 0), []);
    assert.deepEqual(flavorWords(0x93, 0), [
      'ToInstance',
      'ToSubclass',
      'DisableOverride',
      'Amended',
    ]);
  });

  describe('qualifierText', () => {
    const q = (fields: Partial<Qualifier>): Qualifier => ({
      name: 'Q',
      type: CIM_BOOLEAN,
      value: true,
      flavor: 0,
      ...fields,
    });

    it('writes a true boolean as the bare name and false with its value', () => {
      assert.equal(qualifierText(q({}), 0), 'Q');
      assert.equal(qualifierText(q({ flavor: 0x10 }), 0), 'Q : DisableOverride');
      assert.equal(qualifierText(q({ flavor: 0x3 }), 0x2), 'Q : ToInstance');
      assert.equal(qualifierText(q({ value: false }), 0), 'Q(FALSE)');
      assert.equal(qualifierText(q({ isArray: true, value: [true] }), 0), 'Q{TRUE}');
    });

    it('writes a LOCALE number in hex and other numbers in decimal', () => {
      assert.equal(
        qualifierText(q({ name: 'Locale', type: CIM_SINT32, value: 1033 }), 0),
        'Locale(0x409)',
      );
      assert.equal(
        qualifierText(q({ name: 'LOCALE', type: CIM_SINT32, value: 0 }), 0),
        'LOCALE(0x0)',
      );
      assert.equal(
        qualifierText(q({ name: 'Locale', type: CIM_SINT32, value: -1 }), 0),
        'Locale(-1)',
      );
      assert.equal(
        qualifierText(q({ name: 'Locale', type: CIM_REAL64, value: 1.5 }), 0),
        'Locale(1.5)',
      );
      assert.equal(
        qualifierText(q({ name: 'Locale', type: CIM_STRING, value: 'x' }), 0),
        'Locale("x")',
      );
      assert.equal(
        qualifierText(q({ name: 'Lcid', type: CIM_SINT32, value: 1033 }), 0),
        'Lcid(1033)',
      );
    });

    it('writes real64 values past the sint32 range as integers', () => {
      const real = (value: number | number[]) =>
        qualifierText(
          q({ type: CIM_REAL64, value, ...(Array.isArray(value) ? { isArray: true } : {}) }),
          0,
        );
      assert.equal(real(5000000000), 'Q(5000000000)');
      assert.equal(real(-2147483648), 'Q(-2147483648)');
      assert.equal(real(2147483647), 'Q(2147483647.0)');
      assert.equal(real(2147483648), 'Q(2147483648)');
      assert.equal(real([5000000000, 6000000000]), 'Q{5000000000, 6000000000}');
      assert.equal(real([5000000000, 1]), 'Q{5000000000.0, 1.0}');
      assert.equal(real(2 ** 60), `Q(${2 ** 60}.0)`);
    });

    it('writes string arrays in braces and scalars in parentheses', () => {
      assert.equal(
        qualifierText(q({ type: CIM_STRING, isArray: true, value: ['a', 'b'], flavor: 0x80 }), 0),
        'Q{"a", "b"} : Amended',
      );
      assert.equal(qualifierText(q({ type: CIM_STRING, value: 'a' }), 0), 'Q("a")');
      assert.equal(qualifierText(q({ type: CIM_STRING, value: null }), 0), 'Q(NULL)');
    });
  });

  it('writes data types and array suffixes as MOF spells them', () => {
    assert.equal(typeText({ type: CIM_REFERENCE, referenceClass: 'R' }), 'R ref');
    assert.equal(typeText({ type: CIM_REFERENCE }), 'object ref');
    assert.equal(typeText({ type: CIM_OBJECT, embeddedObjectClass: 'E' }), 'E');
    assert.equal(typeText({ type: CIM_OBJECT }), 'object');
    assert.equal(typeText({ type: CIM_STRING, embeddedObjectClass: 'E' }), 'string');
    assert.equal(typeText({ type: 4095 }), 'cimtype(4095)');
    assert.equal(arrayText({ isArray: false, arraySize: 3 }), '');
    assert.equal(arrayText({ isArray: true }), '[]');
    assert.equal(arrayText({ isArray: true, arraySize: 0 }), '[0]');
  });
});

/** The character-by-character escaping `quote` and char16 values had before: the reference. */
function escapedByLoop(text: string, quoteChar: string): string {
  const escapes: Record<string, string> = {
    '\\': '\\\\',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\b': '\\b',
    '\f': '\\f',
  };
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const known = escapes[ch];
    if (known !== undefined) out += known;
    else if (ch === quoteChar) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

describe('MOF literals: escaping, against a character loop', () => {
  it('escapes every string and char16 value as the loop does, surrogates and controls included', () => {
    const tricky = fc.constantFrom(
      '"',
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      '\b',
      '\f',
      '\x00',
      '\x1f',
      '\x7f',
      '\ud800',
      '\udc00',
      '\u{1f600}',
      'é',
    );
    const text = fc
      .array(fc.oneof(fc.string({ unit: 'binary' }), tricky))
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        assert.equal(quote(value), `"${escapedByLoop(value, '"')}"`);
        const char16 = valueText(value, CIM_CHAR16);
        assert.equal(char16, `'${escapedByLoop(value, "'")}'`);
      }),
      { numRuns: 2000 },
    );
  });
});
