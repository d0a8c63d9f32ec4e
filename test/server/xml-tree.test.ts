import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CIM_UINT32,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
} from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import { decodeClass, NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import { parseXml, type XmlElement, XmlTreeBuilder } from '../../src/server/xml-tree.js';
import { randomTree } from './helpers/fuzz-arbitraries.js';
import { RAW_SNIPPETS } from './helpers/fuzz-values.js';
import { type Node, serialize, toNode } from './helpers/request-mutations.js';

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

/** As in `request-fuzz.test.ts`: a fixed seed, another one from the environment. */
const SEED = Number(process.env['WBEMRX_FUZZ_SEED'] ?? 1412);

/** A tree or the defined refusal; anything else thrown is a bug. */
function parsedOrRefused(parse: () => XmlElement): XmlElement | undefined {
  try {
    return parse();
  } catch (thrown) {
    assert.ok(thrown instanceof CimHttpError, `not a CimHttpError: ${String(thrown)}`);
    assert.equal(thrown.httpStatus, 400);
    assert.ok(
      thrown.cimError === 'request-not-well-formed' || thrown.cimError === 'request-not-valid',
      String(thrown.cimError),
    );
    return undefined;
  }
}

/** The same document fed in pieces cut at `cuts` (fractions of its length). */
function parseInChunks(text: string, cuts: readonly number[]): XmlElement {
  const builder = new XmlTreeBuilder(LIMITS);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const to = Math.floor(cut * text.length);
    builder.write(text.slice(from, to));
    from = to;
  }
  builder.write(text.slice(from));
  return builder.close();
}

/** Characters XML 1.0 cannot carry, even escaped. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** The tree with only what XML can carry, and no text beside child elements (as parsed). */
function carriable(node: Node): Node {
  return {
    name: node.name,
    attrs: node.attrs.map(([k, v]) => [k, v.replace(NOT_XML, '?')]),
    text: node.children.length > 0 ? '' : node.text.replace(NOT_XML, '?'),
    children: node.children.map(carriable),
  };
}

describe('CIM-XML request tree: arbitrary input', () => {
  const bytes = fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8'));
  const tree = randomTree.map(carriable);
  const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });

  it('returns a tree or throws CimHttpError when given random bytes', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(bytes, (text) => {
        parsedOrRefused(() => parseXml(text, LIMITS));
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('returns a tree or throws CimHttpError when given a document with raw snippets spliced in', {
    timeout: 60_000,
  }, () => {
    const spliced = fc.tuple(
      tree,
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...RAW_SNIPPETS)), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(spliced, ([root, snippets]) => {
        let text = serialize(root);
        for (const [at, raw] of snippets) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + raw + text.slice(i);
        }
        parsedOrRefused(() => parseXml(text, LIMITS));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('reads back the same tree when a well-formed document arrives whole or in random chunks', {
    timeout: 60_000,
  }, () => {
    fc.assert(
      fc.property(tree, cuts, (root, at) => {
        const text = serialize(root);
        const whole = parsedOrRefused(() => parseXml(text, LIMITS));
        // Only the element limit may refuse a well-formed document; these trees stay under it.
        assert.ok(whole !== undefined, text.slice(0, 300));
        assert.deepEqual(carriable(toNode(whole)), root);
        assert.deepEqual(parseInChunks(text, at), whole);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('refuses with request-not-valid when the tree nests deeper than the limit, however it is chunked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 17, max: 3000 }), cuts, (depth, at) => {
        const text = `${'<A>'.repeat(depth)}${'</A>'.repeat(depth)}`;
        assert.throws(
          () => parseInChunks(text, at),
          (e: unknown) => e instanceof CimHttpError && e.cimError === 'request-not-valid',
        );
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
