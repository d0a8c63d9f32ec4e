/**
 * `encode-cim.ts` called directly: the exact DSP0201 text of values, qualifiers, flavors,
 * properties, methods, classes shaped by DSP0200's view options, instances with and without their
 * class, instance names, object paths and qualifier declarations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_BOOLEAN,
  CIM_CHAR16,
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT32,
  type CimClass,
  type CimMethod,
  type CimProperty,
  cimClass,
  cimInstance,
  cimMethod,
  cimParameter,
  cimProperty,
  qualifier,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
} from '../../src/index.js';
import { decodeInstance, NO_DECLARATIONS } from '../../src/server/decode-cim.js';
import {
  encodeClass,
  encodeInstance,
  encodeInstanceName,
  encodeLocalNamespace,
  encodeObjectPath,
  encodeQualifier,
  encodeQualifierDeclaration,
  encodeValue,
  type ViewOptions,
} from '../../src/server/encode-cim.js';
import { parseXml } from '../../src/server/xml-tree.js';

const TO_SUB = WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
const PROPAGATED = WBEM_FLAVOR_ORIGIN_PROPAGATED;

const FULL: ViewOptions = {
  localOnly: false,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
};
const BARE: ViewOptions = { ...FULL, includeQualifiers: false };

/** The property or method of a class that the tests mark as inherited. */
function inherited<T extends CimProperty | CimMethod>(member: T): T {
  return { ...member, propagated: true, classOrigin: 'Base' };
}

describe('encodeValue', () => {
  it('writes nothing for NULL', () => {
    assert.equal(encodeValue(null, CIM_STRING), '');
    assert.equal(encodeValue(null, CIM_REFERENCE), '');
  });

  it('writes scalars as VALUE text, escaped, booleans in capitals', () => {
    assert.equal(encodeValue('a<b&c', CIM_STRING), '<VALUE>a&lt;b&amp;c</VALUE>');
    assert.equal(encodeValue(true, CIM_BOOLEAN), '<VALUE>TRUE</VALUE>');
    assert.equal(encodeValue(-7, CIM_SINT32), '<VALUE>-7</VALUE>');
    assert.equal(encodeValue(Number.NEGATIVE_INFINITY, CIM_REAL64), '<VALUE>-INF</VALUE>');
  });

  it('writes an array as VALUE.ARRAY, an empty one too', () => {
    assert.equal(
      encodeValue([1, 2], CIM_UINT8),
      '<VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY>',
    );
    assert.equal(encodeValue([], CIM_STRING), '<VALUE.ARRAY></VALUE.ARRAY>');
  });

  it('writes a reference as VALUE.REFERENCE and a reference array as VALUE.REFARRAY', () => {
    assert.equal(
      encodeValue('A.K=1', CIM_REFERENCE),
      '<VALUE.REFERENCE><INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING></INSTANCENAME></VALUE.REFERENCE>',
    );
    assert.equal(
      encodeValue(['A=@', 'B=@'], CIM_REFERENCE),
      '<VALUE.REFARRAY><VALUE.REFERENCE><INSTANCENAME CLASSNAME="A"></INSTANCENAME></VALUE.REFERENCE><VALUE.REFERENCE><INSTANCENAME CLASSNAME="B"></INSTANCENAME></VALUE.REFERENCE></VALUE.REFARRAY>',
    );
  });

  it('writes an embedded instance as escaped CIM-XML, its types inferred, and a class with its qualifiers', () => {
    assert.equal(
      encodeValue(cimInstance('In', { S: 'x', N: 2 }), CIM_OBJECT),
      '<VALUE>&lt;INSTANCE CLASSNAME=&quot;In&quot;&gt;&lt;PROPERTY NAME=&quot;S&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;x&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;PROPERTY NAME=&quot;N&quot; TYPE=&quot;sint32&quot;&gt;&lt;VALUE&gt;2&lt;/VALUE&gt;&lt;/PROPERTY&gt;&lt;/INSTANCE&gt;</VALUE>',
    );
    const cls = cimClass({
      name: 'C',
      qualifiers: [qualifier('Description', 'd', { flavor: TO_SUB })],
      properties: [inherited(cimProperty('P', 'string'))],
    });
    // A class inside a value is written whole: inherited members too, qualifiers included.
    assert.equal(
      encodeValue(cls, CIM_OBJECT),
      '<VALUE>&lt;CLASS NAME=&quot;C&quot;&gt;&lt;QUALIFIER NAME=&quot;Description&quot; TYPE=&quot;string&quot;&gt;&lt;VALUE&gt;d&lt;/VALUE&gt;&lt;/QUALIFIER&gt;&lt;PROPERTY NAME=&quot;P&quot; TYPE=&quot;string&quot; PROPAGATED=&quot;true&quot;&gt;&lt;/PROPERTY&gt;&lt;/CLASS&gt;</VALUE>',
    );
  });
});

describe('encodeQualifier and flavors', () => {
  it('writes the DSP0201 defaults (overridable, to subclass) as no attribute at all', () => {
    assert.equal(
      encodeQualifier(qualifier('Key', true, { flavor: TO_SUB })),
      '<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER>',
    );
  });

  it('writes each flavor that differs from the defaults, and PROPAGATED for an inherited one', () => {
    const all =
      WBEM_FLAVOR_NOT_OVERRIDABLE |
      WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE |
      WBEM_FLAVOR_AMENDED |
      PROPAGATED;
    assert.equal(
      encodeQualifier(qualifier('Q', 'v', { flavor: all })),
      '<QUALIFIER NAME="Q" TYPE="string" PROPAGATED="true" OVERRIDABLE="false" TOSUBCLASS="false" TOINSTANCE="true" TRANSLATABLE="true"><VALUE>v</VALUE></QUALIFIER>',
    );
    assert.equal(
      encodeQualifier(qualifier('Q', 'v', { flavor: TO_SUB | WBEM_FLAVOR_AMENDED })),
      '<QUALIFIER NAME="Q" TYPE="string" TRANSLATABLE="true"><VALUE>v</VALUE></QUALIFIER>',
    );
  });

  it('writes an array qualifier value as VALUE.ARRAY and a NULL one as no value', () => {
    assert.equal(
      encodeQualifier(qualifier('V', ['a', 'b'], { flavor: TO_SUB })),
      '<QUALIFIER NAME="V" TYPE="string"><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></QUALIFIER>',
    );
    assert.equal(
      encodeQualifier(qualifier('N', null, { flavor: TO_SUB, type: CIM_UINT32 })),
      '<QUALIFIER NAME="N" TYPE="uint32"></QUALIFIER>',
    );
  });
});

describe('encodeClass', () => {
  const base = cimClass({
    name: 'Sub',
    superclass: 'Base',
    qualifiers: [
      qualifier('Description', 'own', { flavor: TO_SUB }),
      qualifier('Abstract', true, { flavor: PROPAGATED | TO_SUB }),
    ],
    properties: [
      inherited(cimProperty('Old', 'uint8')),
      {
        ...cimProperty('New', 'string', {
          value: 'd',
          qualifiers: [
            qualifier('MaxLen', 9, { flavor: TO_SUB }),
            qualifier('Key', true, { flavor: TO_SUB | PROPAGATED }),
          ],
        }),
        classOrigin: 'Sub',
      },
    ],
    methods: [
      inherited(cimMethod('Gone', 'void')),
      {
        ...cimMethod('Run', 'uint32', {
          qualifiers: [qualifier('Static', true, { flavor: TO_SUB })],
        }),
        classOrigin: 'Sub',
      },
    ],
  });

  it('writes everything with qualifiers and without class origins by default', () => {
    assert.equal(
      encodeClass(base, FULL),
      '<CLASS NAME="Sub" SUPERCLASS="Base">' +
        '<QUALIFIER NAME="Description" TYPE="string"><VALUE>own</VALUE></QUALIFIER>' +
        '<QUALIFIER NAME="Abstract" TYPE="boolean" PROPAGATED="true"><VALUE>TRUE</VALUE></QUALIFIER>' +
        '<PROPERTY NAME="Old" TYPE="uint8" PROPAGATED="true"></PROPERTY>' +
        '<PROPERTY NAME="New" TYPE="string"><QUALIFIER NAME="MaxLen" TYPE="sint32"><VALUE>9</VALUE></QUALIFIER><QUALIFIER NAME="Key" TYPE="boolean" PROPAGATED="true"><VALUE>TRUE</VALUE></QUALIFIER><VALUE>d</VALUE></PROPERTY>' +
        '<METHOD NAME="Gone" PROPAGATED="true"></METHOD>' +
        '<METHOD NAME="Run" TYPE="uint32"><QUALIFIER NAME="Static" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></METHOD>' +
        '</CLASS>',
    );
  });

  it('leaves out inherited members and qualifiers with LocalOnly', () => {
    assert.equal(
      encodeClass(base, { ...FULL, localOnly: true }),
      '<CLASS NAME="Sub" SUPERCLASS="Base">' +
        '<QUALIFIER NAME="Description" TYPE="string"><VALUE>own</VALUE></QUALIFIER>' +
        '<PROPERTY NAME="New" TYPE="string"><QUALIFIER NAME="MaxLen" TYPE="sint32"><VALUE>9</VALUE></QUALIFIER><VALUE>d</VALUE></PROPERTY>' +
        '<METHOD NAME="Run" TYPE="uint32"><QUALIFIER NAME="Static" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER></METHOD>' +
        '</CLASS>',
    );
  });

  it('leaves out every qualifier without IncludeQualifiers, and writes CLASSORIGIN with IncludeClassOrigin', () => {
    assert.equal(
      encodeClass(base, { ...BARE, includeClassOrigin: true }),
      '<CLASS NAME="Sub" SUPERCLASS="Base">' +
        '<PROPERTY NAME="Old" TYPE="uint8" CLASSORIGIN="Base" PROPAGATED="true"></PROPERTY>' +
        '<PROPERTY NAME="New" TYPE="string" CLASSORIGIN="Sub"><VALUE>d</VALUE></PROPERTY>' +
        '<METHOD NAME="Gone" CLASSORIGIN="Base" PROPAGATED="true"></METHOD>' +
        '<METHOD NAME="Run" TYPE="uint32" CLASSORIGIN="Sub"></METHOD>' +
        '</CLASS>',
    );
  });

  it('keeps only the properties of a PropertyList (any case), and every method', () => {
    assert.equal(
      encodeClass(base, { ...BARE, propertyList: new Set(['new']) }),
      '<CLASS NAME="Sub" SUPERCLASS="Base"><PROPERTY NAME="New" TYPE="string"><VALUE>d</VALUE></PROPERTY><METHOD NAME="Gone" PROPAGATED="true"></METHOD><METHOD NAME="Run" TYPE="uint32"></METHOD></CLASS>',
    );
    assert.equal(
      encodeClass(base, { ...BARE, propertyList: new Set() }),
      '<CLASS NAME="Sub" SUPERCLASS="Base"><METHOD NAME="Gone" PROPAGATED="true"></METHOD><METHOD NAME="Run" TYPE="uint32"></METHOD></CLASS>',
    );
  });

  it('writes no SUPERCLASS for a root class', () => {
    assert.equal(encodeClass(cimClass({ name: 'Root' }), FULL), '<CLASS NAME="Root"></CLASS>');
  });

  it('writes references, arrays with their size, and embedded objects as DSP0201 has them', () => {
    const cls = cimClass({
      name: 'A',
      properties: [
        cimProperty('R', CIM_REFERENCE, { referenceClass: 'B' }),
        cimProperty('Rs', 'ref[]', { referenceClass: 'B', value: ['B=@'] }),
        cimProperty('L', 'uint8[]', { arraySize: 4, value: [1] }),
        cimProperty('V', 'string[]'),
        cimProperty('O', CIM_OBJECT),
        cimProperty('I', CIM_OBJECT, { embeddedObjectClass: 'B' }),
        cimProperty('Os', CIM_OBJECT, { isArray: true }),
      ],
    });
    assert.equal(
      encodeClass(cls, BARE),
      '<CLASS NAME="A">' +
        '<PROPERTY.REFERENCE NAME="R" REFERENCECLASS="B"></PROPERTY.REFERENCE>' +
        '<PROPERTY.ARRAY NAME="Rs" TYPE="ref"><VALUE.REFARRAY><VALUE.REFERENCE><INSTANCENAME CLASSNAME="B"></INSTANCENAME></VALUE.REFERENCE></VALUE.REFARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.ARRAY NAME="L" TYPE="uint8" ARRAYSIZE="4"><VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.ARRAY NAME="V" TYPE="string"></PROPERTY.ARRAY>' +
        '<PROPERTY NAME="O" TYPE="string" EmbeddedObject="object"></PROPERTY>' +
        '<PROPERTY NAME="I" TYPE="string" EmbeddedObject="instance"></PROPERTY>' +
        '<PROPERTY.ARRAY NAME="Os" TYPE="string" EmbeddedObject="object"></PROPERTY.ARRAY>' +
        '</CLASS>',
    );
  });

  it('marks a DMTF embedded string property only while its value is NULL or CIM-XML', () => {
    const embeds = [qualifier('EmbeddedInstance', 'B', { flavor: TO_SUB })];
    const cls = (value: string | null) =>
      cimClass({
        name: 'A',
        properties: [cimProperty('E', 'string', { value, qualifiers: embeds })],
      });
    assert.equal(
      encodeClass(cls(null), BARE),
      '<CLASS NAME="A"><PROPERTY NAME="E" TYPE="string" EmbeddedObject="instance"></PROPERTY></CLASS>',
    );
    assert.equal(
      encodeClass(cls('plain'), BARE),
      '<CLASS NAME="A"><PROPERTY NAME="E" TYPE="string"><VALUE>plain</VALUE></PROPERTY></CLASS>',
    );
    const anyObject = cimClass({
      name: 'A',
      properties: [
        cimProperty('E', 'string', {
          value: '<INSTANCE CLASSNAME="B"/>',
          qualifiers: [qualifier('EmbeddedObject', true, { flavor: TO_SUB })],
        }),
      ],
    });
    assert.equal(
      encodeClass(anyObject, BARE),
      '<CLASS NAME="A"><PROPERTY NAME="E" TYPE="string" EmbeddedObject="object"><VALUE>&lt;INSTANCE CLASSNAME=&quot;B&quot;/&gt;</VALUE></PROPERTY></CLASS>',
    );
  });
});

describe('encodeClass methods', () => {
  const method = cimMethod('M', 'void', {
    parameters: [
      cimParameter('S', 'string', {
        qualifiers: [
          qualifier('In', true, { flavor: TO_SUB }),
          qualifier('ID', 0, { flavor: TO_SUB }),
        ],
      }),
      cimParameter('U', 'string[]'),
      { ...cimParameter('L', 'uint8[]'), arraySize: 3 },
      cimParameter('R', CIM_REFERENCE, { referenceClass: 'B' }),
      { ...cimParameter('Rs', 'ref[]', { referenceClass: 'B' }), arraySize: 2 },
      cimParameter('O', CIM_OBJECT),
      cimParameter('I', CIM_OBJECT, { embeddedObjectClass: 'B' }),
      cimParameter('T', CIM_OBJECT, {
        embeddedObjectClass: 'B',
        qualifiers: [qualifier('CIMTYPE', 'object:B', { flavor: TO_SUB })],
      }),
    ],
  });
  const cls = cimClass({ name: 'A', methods: [method] });

  it('writes each parameter kind, with its qualifiers and a CIMTYPE marker for embedded objects', () => {
    assert.equal(
      encodeClass(cls, FULL),
      '<CLASS NAME="A"><METHOD NAME="M">' +
        '<PARAMETER NAME="S" TYPE="string"><QUALIFIER NAME="In" TYPE="boolean"><VALUE>TRUE</VALUE></QUALIFIER><QUALIFIER NAME="ID" TYPE="sint32"><VALUE>0</VALUE></QUALIFIER></PARAMETER>' +
        '<PARAMETER.ARRAY NAME="U" TYPE="string"></PARAMETER.ARRAY>' +
        '<PARAMETER.ARRAY NAME="L" TYPE="uint8" ARRAYSIZE="3"></PARAMETER.ARRAY>' +
        '<PARAMETER.REFERENCE NAME="R" REFERENCECLASS="B"></PARAMETER.REFERENCE>' +
        '<PARAMETER.REFARRAY NAME="Rs" REFERENCECLASS="B" ARRAYSIZE="2"></PARAMETER.REFARRAY>' +
        '<PARAMETER NAME="O" TYPE="string"><QUALIFIER NAME="CIMTYPE" TYPE="string"><VALUE>object</VALUE></QUALIFIER></PARAMETER>' +
        '<PARAMETER NAME="I" TYPE="string"><QUALIFIER NAME="CIMTYPE" TYPE="string"><VALUE>object:B</VALUE></QUALIFIER></PARAMETER>' +
        '<PARAMETER NAME="T" TYPE="string"><QUALIFIER NAME="CIMTYPE" TYPE="string"><VALUE>object:B</VALUE></QUALIFIER></PARAMETER>' +
        '</METHOD></CLASS>',
    );
  });

  it('writes no parameter qualifier, the CIMTYPE marker neither, without IncludeQualifiers', () => {
    assert.equal(
      encodeClass(cls, BARE),
      '<CLASS NAME="A"><METHOD NAME="M">' +
        '<PARAMETER NAME="S" TYPE="string"></PARAMETER>' +
        '<PARAMETER.ARRAY NAME="U" TYPE="string"></PARAMETER.ARRAY>' +
        '<PARAMETER.ARRAY NAME="L" TYPE="uint8" ARRAYSIZE="3"></PARAMETER.ARRAY>' +
        '<PARAMETER.REFERENCE NAME="R" REFERENCECLASS="B"></PARAMETER.REFERENCE>' +
        '<PARAMETER.REFARRAY NAME="Rs" REFERENCECLASS="B" ARRAYSIZE="2"></PARAMETER.REFARRAY>' +
        '<PARAMETER NAME="O" TYPE="string"></PARAMETER>' +
        '<PARAMETER NAME="I" TYPE="string"></PARAMETER>' +
        '<PARAMETER NAME="T" TYPE="string"></PARAMETER>' +
        '</METHOD></CLASS>',
    );
  });

  it('writes ARRAYSIZE only on array parameters', () => {
    const sized = cimClass({
      name: 'A',
      methods: [
        cimMethod('M', 'void', {
          parameters: [
            { ...cimParameter('S', 'string'), arraySize: 3 },
            { ...cimParameter('R', CIM_REFERENCE, { referenceClass: 'B' }), arraySize: 3 },
          ],
        }),
      ],
    });
    assert.equal(
      encodeClass(sized, BARE),
      '<CLASS NAME="A"><METHOD NAME="M"><PARAMETER NAME="S" TYPE="string"></PARAMETER><PARAMETER.REFERENCE NAME="R" REFERENCECLASS="B"></PARAMETER.REFERENCE></METHOD></CLASS>',
    );
  });
});

describe('encodeInstance', () => {
  const cls: CimClass = cimClass({
    name: 'A',
    properties: [
      cimProperty('K', 'uint32', { qualifiers: [qualifier('Key', true, { flavor: TO_SUB })] }),
      cimProperty('D', 'string', { value: 'default' }),
      inherited(cimProperty('Up', 'boolean')),
    ],
  });
  const inst = cimInstance('A', { K: 4, Up: true });

  it('writes every property of the class with its type, the class default where the instance has none, and no qualifier', () => {
    assert.equal(
      encodeInstance(inst, cls, FULL),
      '<INSTANCE CLASSNAME="A">' +
        '<PROPERTY NAME="K" TYPE="uint32"><VALUE>4</VALUE></PROPERTY>' +
        '<PROPERTY NAME="D" TYPE="string"><VALUE>default</VALUE></PROPERTY>' +
        '<PROPERTY NAME="Up" TYPE="boolean" PROPAGATED="true"><VALUE>TRUE</VALUE></PROPERTY>' +
        '</INSTANCE>',
    );
  });

  it('keeps a PropertyList (any case) and leaves inherited properties out with LocalOnly', () => {
    assert.equal(
      encodeInstance(inst, cls, { ...FULL, propertyList: new Set(['k', 'up']) }),
      '<INSTANCE CLASSNAME="A"><PROPERTY NAME="K" TYPE="uint32"><VALUE>4</VALUE></PROPERTY><PROPERTY NAME="Up" TYPE="boolean" PROPAGATED="true"><VALUE>TRUE</VALUE></PROPERTY></INSTANCE>',
    );
    assert.equal(
      encodeInstance(inst, cls, { ...FULL, localOnly: true }),
      '<INSTANCE CLASSNAME="A"><PROPERTY NAME="K" TYPE="uint32"><VALUE>4</VALUE></PROPERTY><PROPERTY NAME="D" TYPE="string"><VALUE>default</VALUE></PROPERTY></INSTANCE>',
    );
  });

  it('without its class, writes its own values typed from their form', () => {
    const loose = cimInstance('L', {
      B: false,
      I: -3,
      R: 2.5,
      S: 's',
      N: null,
      Bs: [true],
      Is: [1, 2],
      E: [],
      O: cimInstance('In', {}),
    });
    assert.equal(
      encodeInstance(loose, null, FULL),
      '<INSTANCE CLASSNAME="L">' +
        '<PROPERTY NAME="B" TYPE="boolean"><VALUE>FALSE</VALUE></PROPERTY>' +
        '<PROPERTY NAME="I" TYPE="sint32"><VALUE>-3</VALUE></PROPERTY>' +
        '<PROPERTY NAME="R" TYPE="real64"><VALUE>2.5</VALUE></PROPERTY>' +
        '<PROPERTY NAME="S" TYPE="string"><VALUE>s</VALUE></PROPERTY>' +
        '<PROPERTY NAME="N" TYPE="string"></PROPERTY>' +
        '<PROPERTY.ARRAY NAME="Bs" TYPE="boolean"><VALUE.ARRAY><VALUE>TRUE</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.ARRAY NAME="Is" TYPE="sint32"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.ARRAY NAME="E" TYPE="string"><VALUE.ARRAY></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY NAME="O" TYPE="string" EmbeddedObject="object"><VALUE>&lt;INSTANCE CLASSNAME=&quot;In&quot;&gt;&lt;/INSTANCE&gt;</VALUE></PROPERTY>' +
        '</INSTANCE>',
    );
  });

  it('without its class, types an integer past sint32 as sint64 and a real array by all its values, so a client reads them back', () => {
    const loose = cimInstance('L', {
      Big: 4_294_967_295,
      Low: -2_147_483_649,
      Edge: 2_147_483_647,
      Floor: -2_147_483_648,
      Reals: [1, 2.5],
      Wide: [1, 3_000_000_000],
    });
    const out = encodeInstance(loose, null, FULL);
    assert.equal(
      out,
      '<INSTANCE CLASSNAME="L">' +
        '<PROPERTY NAME="Big" TYPE="sint64"><VALUE>4294967295</VALUE></PROPERTY>' +
        '<PROPERTY NAME="Low" TYPE="sint64"><VALUE>-2147483649</VALUE></PROPERTY>' +
        '<PROPERTY NAME="Edge" TYPE="sint32"><VALUE>2147483647</VALUE></PROPERTY>' +
        '<PROPERTY NAME="Floor" TYPE="sint32"><VALUE>-2147483648</VALUE></PROPERTY>' +
        '<PROPERTY.ARRAY NAME="Reals" TYPE="real64"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>2.5</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '<PROPERTY.ARRAY NAME="Wide" TYPE="sint64"><VALUE.ARRAY><VALUE>1</VALUE><VALUE>3000000000</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>' +
        '</INSTANCE>',
    );
    // The server's own reader (as strict as pywbem on ranges) takes it back.
    const back = decodeInstance(
      parseXml(out, { maxDepth: 64, maxElements: 1000 }),
      NO_DECLARATIONS,
    );
    assert.equal(back.properties.get('big')?.value, '4294967295');
    assert.deepEqual(back.properties.get('reals')?.value, [1, 2.5]);
  });
});

describe('encodeInstanceName', () => {
  it('types keys from their form without the class', () => {
    assert.equal(
      encodeInstanceName('A.B=FALSE,N=-2,S="a<b"'),
      '<INSTANCENAME CLASSNAME="A">' +
        '<KEYBINDING NAME="B"><KEYVALUE VALUETYPE="boolean">FALSE</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="N"><KEYVALUE VALUETYPE="numeric">-2</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="S"><KEYVALUE VALUETYPE="string">a&lt;b</KEYVALUE></KEYBINDING>' +
        '</INSTANCENAME>',
    );
  });

  it('types keys from the class: references, booleans, numbers written as strings, and the string kinds', () => {
    const types = new Map([
      ['r', CIM_REFERENCE],
      ['b', CIM_BOOLEAN],
      ['n', CIM_UINT32],
      ['x', CIM_REAL64],
      ['d', CIM_DATETIME],
      ['c', CIM_CHAR16],
      ['s', CIM_STRING],
    ]);
    assert.equal(
      encodeInstanceName(
        'A.B="TRUE",C="z",D="20200101000000.000000+000",N="7",R="root/x:B.K=1",S="7",X=1.5',
        types,
      ),
      '<INSTANCENAME CLASSNAME="A">' +
        '<KEYBINDING NAME="B"><KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="C"><KEYVALUE VALUETYPE="string">z</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="D"><KEYVALUE VALUETYPE="string">20200101000000.000000+000</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="N"><KEYVALUE VALUETYPE="numeric" TYPE="uint32">7</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="R"><VALUE.REFERENCE><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="x"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="B"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></VALUE.REFERENCE></KEYBINDING>' +
        '<KEYBINDING NAME="S"><KEYVALUE VALUETYPE="string">7</KEYVALUE></KEYBINDING>' +
        '<KEYBINDING NAME="X"><KEYVALUE VALUETYPE="numeric" TYPE="real64">1.5</KEYVALUE></KEYBINDING>' +
        '</INSTANCENAME>',
    );
  });

  it('writes an unnamed key as a bare KEYVALUE and a singleton with no key', () => {
    assert.equal(
      encodeInstanceName('A="x"'),
      '<INSTANCENAME CLASSNAME="A"><KEYVALUE VALUETYPE="string">x</KEYVALUE></INSTANCENAME>',
    );
    assert.equal(encodeInstanceName('A=@'), '<INSTANCENAME CLASSNAME="A"></INSTANCENAME>');
  });
});

describe('encodeLocalNamespace and encodeObjectPath', () => {
  it('splits a namespace on either slash', () => {
    assert.equal(
      encodeLocalNamespace('root\\a/b'),
      '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="a"/><NAMESPACE NAME="b"/></LOCALNAMESPACEPATH>',
    );
  });

  it('writes a relative instance path as INSTANCENAME and a namespace path as LOCALINSTANCEPATH', () => {
    assert.equal(
      encodeObjectPath('A.K="x"'),
      '<INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="string">x</KEYVALUE></KEYBINDING></INSTANCENAME>',
    );
    assert.equal(
      encodeObjectPath('root/cimv2:A.K="a:b"'),
      '<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="string">a:b</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>',
    );
  });

  it('takes the local part of a path with a host, whose host holds a colon or the namespace name', () => {
    assert.equal(
      encodeObjectPath('\\\\h:5988\\root:A.K=1'),
      '<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>',
    );
    assert.equal(
      encodeObjectPath('\\\\root\\root:A.K=1'),
      '<LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="A"><KEYBINDING NAME="K"><KEYVALUE VALUETYPE="numeric">1</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH>',
    );
  });

  it('drops the host of a class path, as of an instance path, instead of writing it as namespace components', () => {
    assert.equal(
      encodeObjectPath('\\\\host\\root\\cimv2:Acme_Disk'),
      '<LOCALCLASSPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><CLASSNAME NAME="Acme_Disk"/></LOCALCLASSPATH>',
    );
  });

  it('writes a class path as CLASSNAME, or LOCALCLASSPATH with its namespace', () => {
    assert.equal(encodeObjectPath('Acme_Disk'), '<CLASSNAME NAME="Acme_Disk"/>');
    assert.equal(
      encodeObjectPath('root/cimv2:Acme_Disk'),
      '<LOCALCLASSPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH><CLASSNAME NAME="Acme_Disk"/></LOCALCLASSPATH>',
    );
  });
});

describe('encodeQualifierDeclaration', () => {
  it('writes the scopes declared, in DSP0201 order, and flavors that differ from the defaults', () => {
    assert.equal(
      encodeQualifierDeclaration({
        name: 'Units',
        type: CIM_STRING,
        isArray: false,
        value: null,
        scopes: ['property', 'method', 'parameter'],
        flavor: TO_SUB | WBEM_FLAVOR_AMENDED,
      }),
      '<QUALIFIER.DECLARATION NAME="Units" TYPE="string" TRANSLATABLE="true"><SCOPE PROPERTY="true" METHOD="true" PARAMETER="true"/></QUALIFIER.DECLARATION>',
    );
  });

  it('writes every scope for `any`, ISARRAY and ARRAYSIZE for an array, and its default value', () => {
    assert.equal(
      encodeQualifierDeclaration({
        name: 'Tags',
        type: CIM_STRING,
        isArray: true,
        arraySize: 2,
        value: ['a'],
        scopes: ['any'],
        flavor: WBEM_FLAVOR_NOT_OVERRIDABLE,
      }),
      '<QUALIFIER.DECLARATION NAME="Tags" TYPE="string" ISARRAY="true" ARRAYSIZE="2" OVERRIDABLE="false" TOSUBCLASS="false"><SCOPE CLASS="true" ASSOCIATION="true" INDICATION="true" PROPERTY="true" REFERENCE="true" METHOD="true" PARAMETER="true"/><VALUE.ARRAY><VALUE>a</VALUE></VALUE.ARRAY></QUALIFIER.DECLARATION>',
    );
  });

  it('writes the class, association, indication and reference scopes', () => {
    assert.equal(
      encodeQualifierDeclaration({
        name: 'Q',
        type: CIM_BOOLEAN,
        isArray: false,
        value: false,
        scopes: ['class', 'association', 'indication', 'reference'],
        flavor: TO_SUB,
      }),
      '<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean"><SCOPE CLASS="true" ASSOCIATION="true" INDICATION="true" REFERENCE="true"/><VALUE>FALSE</VALUE></QUALIFIER.DECLARATION>',
    );
  });
});
