import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_OBJECT,
  CIM_REFERENCE,
  CIM_UINT64,
  cimClass,
  cimInstance,
  cimProperty,
  qualifier,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WbemError,
} from '../../src/index.js';
import { parseValueText } from '../../src/server/cim-value-text.js';
import {
  decodeClass,
  decodeFlavor,
  decodeInstance,
  NO_DECLARATIONS,
} from '../../src/server/decode-cim.js';
import { decodeInstanceName, decodeReference } from '../../src/server/decode-path.js';
import {
  encodeClass,
  encodeInstance,
  encodeInstanceName,
  encodeObjectPath,
} from '../../src/server/encode-cim.js';
import { escapeXml, xmlAttr } from '../../src/server/xml-escape.js';
import { parseXml } from '../../src/server/xml-tree.js';

const LIMITS = { maxDepth: 64, maxElements: 10_000 };
const xml = (text: string) => parseXml(text, LIMITS);
const FULL = {
  localOnly: false,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
};

describe('CIM-XML escaping', () => {
  it('escapes markup characters and CR, and replaces characters XML 1.0 cannot carry', () => {
    assert.equal(escapeXml('a<b>&"c"\r\u0001'), 'a&lt;b&gt;&amp;&quot;c&quot;&#13;\ufffd');
    assert.equal(escapeXml('plain text'), 'plain text');
  });

  it('escapes tab and line feed in an attribute value, which its reader would read as spaces', () => {
    assert.equal(xmlAttr('ID', 'a\nb\tc'), ' ID="a&#10;b&#9;c"');
    assert.equal(parseXml(`<A${xmlAttr('D', 'x\n  y\t"z"')}/>`, LIMITS).attrs['D'], 'x\n  y\t"z"');
    assert.equal(escapeXml('a\nb\tc'), 'a\nb\tc');
  });

  it('round-trips markup in a string value through encode and decode', () => {
    const cls = cimClass({
      name: 'A',
      properties: [cimProperty('S', 'string', { value: '<x a="1">&amp;</x>' })],
    });
    const back = decodeClass(xml(encodeClass(cls, FULL)), NO_DECLARATIONS);
    assert.equal(back.properties.get('s')?.value, '<x a="1">&amp;</x>');
  });
});

describe('DSP0201 qualifier flavors', () => {
  const q = (attrs: string) =>
    xml(`<QUALIFIER NAME="Key" TYPE="boolean"${attrs}><VALUE>TRUE</VALUE></QUALIFIER>`);

  it('reads the DSP0201 defaults (overridable, to subclass) when no flavor attribute is given', () => {
    assert.equal(decodeFlavor(q(''), undefined), WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS);
  });

  it('takes the declaration flavor for attributes left out', () => {
    const declared = WBEM_FLAVOR_NOT_OVERRIDABLE | WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
    assert.equal(decodeFlavor(q(''), declared), declared);
  });

  it('lets attributes the client wrote win over the declaration', () => {
    const f = decodeFlavor(
      q(' OVERRIDABLE="true" TOSUBCLASS="false" TOINSTANCE="true" TRANSLATABLE="true"'),
      WBEM_FLAVOR_NOT_OVERRIDABLE,
    );
    assert.equal(f, WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE | WBEM_FLAVOR_AMENDED);
  });

  it('fails with WBEM_E_INVALID_PARAMETER when a flavor attribute is not a boolean', () => {
    assert.throws(() => decodeFlavor(q(' OVERRIDABLE="maybe"'), undefined), WbemError);
  });

  it('writes only the flavor attributes that differ from the defaults', () => {
    const cls = cimClass({
      name: 'A',
      qualifiers: [qualifier('Abstract', true, { flavor: WBEM_FLAVOR_NOT_OVERRIDABLE })],
    });
    assert.match(
      encodeClass(cls, FULL),
      /<QUALIFIER NAME="Abstract" TYPE="boolean" OVERRIDABLE="false" TOSUBCLASS="false">/,
    );
  });
});

describe('DSP0201 values', () => {
  const cases: readonly { desc: string; text: string; type: number; expect: unknown }[] = [
    {
      desc: 'a uint64 above 2^53 stays exact',
      text: '18446744073709551615',
      type: CIM_UINT64,
      expect: '18446744073709551615',
    },
    { desc: 'a hex sint32', text: '0x7f', type: 3, expect: 127 },
    { desc: 'the lowest sint32', text: '-2147483648', type: 3, expect: -2147483648 },
    {
      desc: 'the highest uint32, spaces around',
      text: ' 4294967295 ',
      type: 19,
      expect: 4294967295,
    },
    { desc: 'a signed uint8', text: '+255', type: 17, expect: 255 },
    { desc: 'minus zero as the integer 0', text: '-0', type: 3, expect: 0 },
    { desc: 'a sint64 as its decimal string', text: '-12', type: 20, expect: '-12' },
    { desc: 'a real64 infinity', text: '-INF', type: 5, expect: Number.NEGATIVE_INFINITY },
    { desc: 'a boolean in any case', text: 'true', type: 11, expect: true },
  ];
  for (const c of cases) {
    it(`reads ${c.desc}`, () => {
      const value = parseValueText(c.text, c.type, 'test');
      assert.deepEqual(value, c.expect);
      if (value === 0) assert.ok(Object.is(value, 0), 'not -0');
    });
  }

  for (const [desc, text, type] of [
    ['a uint8 out of range', '256', 17],
    ['a negative uint32', '-1', 19],
    ['a uint32 just above its range', '4294967296', 19],
    ['a sint32 of sixteen digits', '1000000000000000', 3],
    ['a sint16 below its range', '-32769', 2],
    ['a non-number sint32', 'ten', 3],
    ['a boolean that is neither', 'yes', 11],
    ['a char16 of two characters', 'ab', 103],
  ] as const) {
    it(`fails with WBEM_E_INVALID_PARAMETER when given ${desc}`, () => {
      assert.throws(
        () => parseValueText(text, type, 'test'),
        (e: unknown) => e instanceof WbemError,
      );
    });
  }
});

describe('DSP0201 classes', () => {
  it('drops members marked PROPAGATED when decoding a class to write', () => {
    const cls = decodeClass(
      xml(
        `<CLASS NAME="Sub" SUPERCLASS="Base"><QUALIFIER NAME="Description" TYPE="string" PROPAGATED="true"><VALUE>x</VALUE></QUALIFIER><PROPERTY NAME="A" TYPE="string" PROPAGATED="true"/><PROPERTY NAME="B" TYPE="uint8"/><METHOD NAME="M" PROPAGATED="true"/></CLASS>`,
      ),
      NO_DECLARATIONS,
    );
    assert.deepEqual([...cls.properties.keys()], ['b']);
    assert.equal(cls.qualifiers.size, 0);
    assert.equal(cls.methods.size, 0);
  });

  it('gives parameters IDs in document order when the client sends none', () => {
    const cls = decodeClass(
      xml(
        `<CLASS NAME="A"><METHOD NAME="M" TYPE="uint32"><PARAMETER NAME="X" TYPE="string"/><PARAMETER.REFERENCE NAME="R" REFERENCECLASS="A"/><PARAMETER.ARRAY NAME="L" TYPE="uint8" ARRAYSIZE="4"/></METHOD></CLASS>`,
      ),
      NO_DECLARATIONS,
    );
    const params = [...(cls.methods.get('m')?.parameters.values() ?? [])];
    assert.deepEqual(
      params.map((p) => p.qualifiers.get('id')?.value),
      [0, 1, 2],
    );
    assert.equal(params[1]?.type, CIM_REFERENCE);
    assert.equal(params[2]?.arraySize, 4);
  });

  it('round-trips references, arrays and an embedded instance', () => {
    const inner = cimInstance('Inner', { V: 'x' });
    const cls = cimClass({
      name: 'A',
      properties: [
        cimProperty('R', 'ref', { referenceClass: 'A', value: 'root/cimv2:A.K="1"' }),
        cimProperty('L', 'uint16[]', { value: [1, 2, 3] }),
        cimProperty('E', CIM_OBJECT, { value: inner }),
      ],
    });
    const back = decodeClass(xml(encodeClass(cls, FULL)), NO_DECLARATIONS);
    assert.equal(back.properties.get('r')?.value, 'root/cimv2:A.K="1"');
    assert.equal(back.properties.get('r')?.referenceClass, 'A');
    assert.deepEqual(back.properties.get('l')?.value, [1, 2, 3]);
    const e = back.properties.get('e');
    assert.equal(e?.type, CIM_OBJECT);
    const embedded = e?.value as { className: string } | undefined;
    assert.equal(embedded?.className, 'Inner');
  });
});

describe('DSP0201 instance names', () => {
  it('reads typed key bindings into a canonical path', () => {
    const path = decodeInstanceName(
      xml(
        `<INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="Z"><KEYVALUE VALUETYPE="numeric">7</KEYVALUE></KEYBINDING><KEYBINDING NAME="B"><KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE></KEYBINDING><KEYBINDING NAME="S"><KEYVALUE>a"b</KEYVALUE></KEYBINDING></INSTANCENAME>`,
      ),
    );
    assert.equal(path, 'A.B=TRUE,S="a\\"b",Z=7');
  });

  it('writes a path back as INSTANCENAME with VALUETYPEs', () => {
    const out = encodeInstanceName('A.B=TRUE,S="x",Z=7', new Map([['z', 19]]));
    assert.equal(
      out,
      '<INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="B"><KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE></KEYBINDING><KEYBINDING NAME="S"><KEYVALUE VALUETYPE="string">x</KEYVALUE></KEYBINDING><KEYBINDING NAME="Z"><KEYVALUE VALUETYPE="numeric" TYPE="uint32">7</KEYVALUE></KEYBINDING></INSTANCENAME>',
    );
  });

  it('writes a namespace-qualified reference as LOCALINSTANCEPATH and reads it back', () => {
    const out = encodeObjectPath('root/cimv2:A.K="1"');
    assert.match(
      out,
      /^<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"\/><NAMESPACE NAME="cimv2"\/><\/LOCALNAMESPACEPATH><INSTANCENAME/,
    );
    assert.equal(
      decodeReference(xml(`<VALUE.REFERENCE>${out}</VALUE.REFERENCE>`)),
      'root/cimv2:A.K="1"',
    );
  });

  it('decodes an INSTANCE with typed properties', () => {
    const inst = decodeInstance(
      xml(
        '<INSTANCE CLASSNAME="A"><PROPERTY NAME="N" TYPE="sint16"><VALUE>-3</VALUE></PROPERTY><PROPERTY NAME="Empty" TYPE="string"/></INSTANCE>',
      ),
      NO_DECLARATIONS,
    );
    assert.equal(inst.properties.get('n')?.value, -3);
    assert.equal(inst.properties.get('empty')?.value, null);
    const out = encodeInstance(inst, null, FULL);
    assert.match(out, /<PROPERTY NAME="N" TYPE="sint32"><VALUE>-3<\/VALUE><\/PROPERTY>/);
  });
});
