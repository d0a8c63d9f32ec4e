import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml, escapeXmlAttr, xmlAttr } from '../../src/server/xml-escape.js';
import { parseXml } from '../../src/server/xml-tree.js';

const LIMITS = { maxDepth: 8, maxElements: 100 };

/** Each character that needs escaping alone, so that the quick test finds it by itself. */
const MARKUP: readonly [string, string][] = [
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ['\r', '&#13;'],
];

/** The edges of the ranges XML 1.0 cannot carry (§2.2 Char), each written as U+FFFD. */
const NOT_XML = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u000e',
  '\u000f',
  '\u0010',
  '\u001e',
  '\u001f',
  '\ufffe',
  '\uffff',
];

/** Characters XML 1.0 carries as they are, next to the ones it cannot. */
const CARRIED = ['\u0020', '~', '\u007f', '\u0085', '\ud7ff', '\ue000', '\ufffd', 'é', '\u{1f600}'];

describe('CIM-XML escaping of element content', () => {
  for (const [c, escaped] of MARKUP) {
    it(`writes ${JSON.stringify(c)} as ${escaped}, alone or between text`, () => {
      assert.equal(escapeXml(c), escaped);
      assert.equal(escapeXml(`a${c}b${c}`), `a${escaped}b${escaped}`);
    });
  }

  it('writes every character XML 1.0 cannot carry as U+FFFD, alone or among others', () => {
    for (const c of NOT_XML) {
      assert.equal(escapeXml(c), '\ufffd', `U+${c.charCodeAt(0).toString(16)}`);
      assert.equal(escapeXml(`x${c}y${c}`), 'x\ufffdy\ufffd', `U+${c.charCodeAt(0).toString(16)}`);
    }
  });

  it('keeps tab, line feed and every character XML carries as they are', () => {
    for (const c of ['\t', '\n', ...CARRIED]) assert.equal(escapeXml(`a${c}b`), `a${c}b`);
    assert.equal(escapeXml(''), '');
  });

  it('reads back as the text written, CR included, once parsed', () => {
    const text = 'a<b>&c"d\r\ne\tf';
    assert.equal(parseXml(`<V>${escapeXml(text)}</V>`, LIMITS).text, text);
  });
});

describe('CIM-XML escaping of attribute values', () => {
  for (const [c, escaped] of [...MARKUP, ['\t', '&#9;'] as const, ['\n', '&#10;'] as const]) {
    it(`writes ${JSON.stringify(c)} as ${escaped}, alone or between text`, () => {
      assert.equal(escapeXmlAttr(c), escaped);
      assert.equal(escapeXmlAttr(`a${c}b${c}`), `a${escaped}b${escaped}`);
    });
  }

  it('writes every character XML 1.0 cannot carry as U+FFFD, alone or among others', () => {
    for (const c of NOT_XML) {
      assert.equal(escapeXmlAttr(c), '\ufffd', `U+${c.charCodeAt(0).toString(16)}`);
      assert.equal(escapeXmlAttr(`${c}-${c}`), '\ufffd-\ufffd');
    }
  });

  it('keeps every character XML carries as it is', () => {
    for (const c of CARRIED) assert.equal(escapeXmlAttr(`a${c}b`), `a${c}b`);
    assert.equal(escapeXmlAttr(''), '');
  });

  it('writes a named attribute with a leading space, and nothing for an undefined value', () => {
    assert.equal(xmlAttr('NAME', 'a"b'), ' NAME="a&quot;b"');
    assert.equal(xmlAttr('NAME', ''), ' NAME=""');
    assert.equal(xmlAttr('NAME', undefined), '');
  });

  it('reads back as the value written, its whitespace included, once parsed', () => {
    const value = ' a\tb\r\nc "d" <e> & ';
    assert.equal(parseXml(`<A${xmlAttr('V', value)}/>`, LIMITS).attrs['V'], value);
  });
});
