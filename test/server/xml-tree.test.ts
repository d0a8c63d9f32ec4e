import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_UINT32,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../../src/index.js';
import { decodeClass, NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import { parseXml, type XmlElement } from '../../src/server/xml-tree.js';

const LIMITS = { maxDepth: 16, maxElements: 1000 };

/** The tree as nested `[name, text, children]`, to compare shapes whole. */
type Shape = [string, string, Shape[]];
function shape(element: XmlElement): Shape {
  return [element.name, element.text, element.children.map(shape)];
}

describe('CIM-XML request tree', () => {
  it('keeps children in document order when elements have none, one or several', () => {
    const root = parseXml('<A><B/><C><D>d</D></C><E><F/><G>g</G><H/></E><I></I></A>', LIMITS);
    assert.deepEqual(shape(root), [
      'A',
      '',
      [
        ['B', '', []],
        ['C', '', [['D', 'd', []]]],
        [
          'E',
          '',
          [
            ['F', '', []],
            ['G', 'g', []],
            ['H', '', []],
          ],
        ],
        ['I', '', []],
      ],
    ]);
  });

  it('gives every parent its own children when siblings and cousins are built in turn', () => {
    const root = parseXml('<A><B><X/></B><C><Y/><Z/></C></A>', LIMITS);
    const [b, c] = root.children;
    assert.ok(b !== undefined && c !== undefined);
    assert.notEqual(b.children, c.children);
    assert.deepEqual(
      b.children.map((e) => e.name),
      ['X'],
    );
    assert.deepEqual(
      c.children.map((e) => e.name),
      ['Y', 'Z'],
    );
    // A childless element's children cannot be added to by a reader.
    const leaf = b.children[0] as XmlElement;
    assert.throws(() => (leaf.children as XmlElement[]).push(leaf), TypeError);
  });
});

describe('DSP0201 attribute spellings', () => {
  it('reads TYPE and flavor attributes in any case', () => {
    const cls = decodeClass(
      parseXml(
        '<CLASS NAME="T"><PROPERTY NAME="P" TYPE="UInt32"><QUALIFIER NAME="Q" TYPE="Boolean" OVERRIDABLE="False" TOSUBCLASS="TRUE"><VALUE>true</VALUE></QUALIFIER><VALUE>7</VALUE></PROPERTY></CLASS>',
        LIMITS,
      ),
      NO_DECLARATIONS,
    );
    const p = cls.properties.get('p');
    assert.equal(p?.type, CIM_UINT32);
    assert.equal(p?.value, 7);
    assert.equal(
      p?.qualifiers.get('q')?.flavor,
      WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
    );
  });

  it('adds no optional member that the element does not carry', () => {
    const cls = decodeClass(
      parseXml(
        '<CLASS NAME="T"><PROPERTY NAME="P" TYPE="string"/><PROPERTY.ARRAY NAME="A" TYPE="uint8" ARRAYSIZE="4"/></CLASS>',
        LIMITS,
      ),
      NO_DECLARATIONS,
    );
    assert.deepEqual(Object.keys(cls.properties.get('p') ?? {}).sort(), [
      'isArray',
      'name',
      'qualifiers',
      'type',
      'value',
    ]);
    assert.equal(cls.properties.get('a')?.arraySize, 4);
    assert.equal('embeddedObjectClass' in (cls.properties.get('a') ?? {}), false);
  });
});
