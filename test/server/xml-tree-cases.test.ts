import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WBEM_E_INVALID_SYNTAX, WBEM_E_TOO_MUCH_DATA } from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import {
  childNamed,
  childrenNamed,
  parseXml,
  type XmlElement,
  XmlTreeBuilder,
} from '../../src/server/xml-tree.js';

const LIMITS = { maxDepth: 3, maxElements: 4 };

/** The refusal `parse` throws: its HRESULT, HTTP status, `CIMError` header and message. */
function refusal(parse: () => unknown): {
  hresult: number;
  status: number;
  cimError: string | undefined;
  message: string;
} {
  try {
    parse();
  } catch (thrown) {
    assert.ok(thrown instanceof CimHttpError, `not a CimHttpError: ${String(thrown)}`);
    return {
      hresult: thrown.hresult,
      status: thrown.httpStatus,
      cimError: thrown.cimError,
      message: thrown.detail ?? '',
    };
  }
  assert.fail('accepted');
}

const notWellFormed = (message: string) => ({
  hresult: WBEM_E_INVALID_SYNTAX,
  status: 400,
  cimError: 'request-not-well-formed',
  message,
});
const tooMuch = (message: string) => ({
  hresult: WBEM_E_TOO_MUCH_DATA,
  status: 400,
  cimError: 'request-not-valid',
  message,
});

describe('CIM-XML request tree: limits', () => {
  it('accepts elements nested exactly as deep as the limit', () => {
    const root = parseXml('<A><B><C/></B></A>', LIMITS);
    assert.equal(root.children[0]?.children[0]?.name, 'C');
  });

  it('refuses one level deeper with request-not-valid, naming the limit', () => {
    assert.deepEqual(
      refusal(() => parseXml('<A><B><C><D/></C></B></A>', LIMITS)),
      tooMuch('elements nested deeper than 3'),
    );
  });

  it('counts depth by open elements only: closed siblings free their level', () => {
    const root = parseXml('<A><B><C/></B><B><C/></B></A>', { maxDepth: 3, maxElements: 10 });
    assert.equal(root.children.length, 2);
  });

  it('accepts exactly as many elements as the limit, self-closing ones included', () => {
    const root = parseXml('<A><B/><C/><D/></A>', LIMITS);
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['B', 'C', 'D'],
    );
  });

  it('refuses one element more with request-not-valid, naming the limit', () => {
    assert.deepEqual(
      refusal(() => parseXml('<A><B/><C/><D/><E/></A>', LIMITS)),
      tooMuch('more than 4 elements'),
    );
  });

  it('counts elements across chunks of one body', () => {
    const builder = new XmlTreeBuilder(LIMITS);
    builder.write('<A><B/>');
    builder.write('<C/><D/>');
    assert.deepEqual(
      refusal(() => builder.write('<E/></A>')),
      tooMuch('more than 4 elements'),
    );
  });
});

describe('CIM-XML request tree: refusals', () => {
  it('refuses a DOCTYPE before looking at its content', () => {
    assert.deepEqual(
      refusal(() => parseXml('<!DOCTYPE A [<!ENTITY x "y">]><A>&x;</A>', LIMITS)),
      notWellFormed('a DOCTYPE is not accepted in a CIM-XML request'),
    );
  });

  it('refuses a body with no root element', () => {
    for (const body of ['', '  \n', '<?xml version="1.0"?>'])
      assert.deepEqual(
        refusal(() => parseXml(body, LIMITS)),
        notWellFormed('document must contain a root element.'),
      );
  });

  it("refuses what is not well-formed with the parser's reason", () => {
    for (const [body, reason] of [
      ['<A>', 'unclosed tag: A'],
      ['<A></B>', 'unexpected close tag.'],
      ['<A/><B/>', 'documents may contain only one root.'],
      ['<A>&foo;</A>', 'undefined entity.'],
      ['<A x="1" x="2"/>', 'duplicate attribute: x.'],
    ] as const)
      assert.deepEqual(
        refusal(() => parseXml(body, LIMITS)),
        notWellFormed(reason),
        body,
      );
  });

  it('reports the first fault of a body, not a later one', () => {
    assert.deepEqual(
      refusal(() => parseXml('<A><B><C><D/></C></B>&bad;</A>', LIMITS)),
      tooMuch('elements nested deeper than 3'),
    );
    assert.deepEqual(
      refusal(() => parseXml('<A>&bad;<B/><C/><D/><E/></A>', LIMITS)),
      notWellFormed('undefined entity.'),
    );
  });

  it('keeps refusing with the same error once a body has failed', () => {
    const builder = new XmlTreeBuilder(LIMITS);
    const first = refusal(() => builder.write('<A><B><C><D>'));
    assert.deepEqual(first, tooMuch('elements nested deeper than 3'));
    assert.deepEqual(
      refusal(() => builder.write('</D></C></B></A>')),
      first,
    );
    assert.deepEqual(
      refusal(() => builder.close()),
      first,
    );
  });

  it('refuses at close a body cut short, however it was chunked', () => {
    const builder = new XmlTreeBuilder(LIMITS);
    builder.write('<A><B');
    builder.write('/>');
    assert.deepEqual(
      refusal(() => builder.close()),
      notWellFormed('unclosed tag: A'),
    );
  });
});

describe('CIM-XML request tree: content', () => {
  it('reads CDATA sections and character references as text, joined with the text around', () => {
    const root = parseXml('<A>x<![CDATA[<y>&amp;]]>&#65;&lt;</A>', LIMITS);
    assert.equal(root.text, 'x<y>&amp;A<');
  });

  it('ignores the declaration and whitespace around the root', () => {
    const root = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<A N="1"/>\n', LIMITS);
    assert.deepEqual(
      { ...root, attrs: { ...root.attrs } },
      {
        name: 'A',
        attrs: { N: '1' },
        children: [],
        text: '',
      },
    );
  });

  it('gives each element its own text, not its children’s', () => {
    const root = parseXml('<A>a<B>b</B>c<C/></A>', LIMITS);
    assert.equal(root.text, 'ac');
    assert.equal(root.children[0]?.text, 'b');
    assert.equal(root.children[1]?.text, '');
  });

  it('builds the same tree from a body split inside names, attributes and text', () => {
    const builder = new XmlTreeBuilder(LIMITS);
    for (const chunk of ['<A', ' N="v', '1"><B>t', 'ext</', 'B><C/', '></A>']) builder.write(chunk);
    assert.deepEqual(builder.close(), parseXml('<A N="v1"><B>text</B><C/></A>', LIMITS));
  });

  it('finds children by name, first one or all in document order', () => {
    const root = parseXml('<A><B N="1"/><C/><B N="2"/></A>', LIMITS);
    assert.equal(childNamed(root, 'B')?.attrs['N'], '1');
    assert.equal(childNamed(root, 'D'), undefined);
    assert.deepEqual(
      childrenNamed(root, 'B').map((b: XmlElement) => b.attrs['N']),
      ['1', '2'],
    );
    assert.deepEqual(childrenNamed(root, 'D'), []);
  });
});
