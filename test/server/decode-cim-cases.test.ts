import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_BOOLEAN,
  CIM_EMPTY,
  CIM_OBJECT,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT32,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT16,
  type CimClass,
  type CimInstance,
  cimClass,
  cimProperty,
  qualifier,
  WBEM_E_INVALID_SYNTAX,
  WBEM_E_TOO_MUCH_DATA,
  WBEM_FLAVOR_AMENDED,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS,
  WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE,
  WBEM_FLAVOR_NOT_OVERRIDABLE,
  WBEM_FLAVOR_ORIGIN_PROPAGATED,
  WBEM_GENUS_CLASS,
  WBEM_GENUS_INSTANCE,
} from '../../src/index.js';
import { CimHttpError } from '../../src/server/cim-http-error.js';
import {
  arraySizeOf,
  type DecodeContext,
  decodeClass,
  decodeFlavor,
  decodeInstance,
  decodeMethod,
  decodeOwnedValue,
  decodeProperty,
  decodeQualifier,
  NO_DECLARATIONS,
  parseBoolAttr,
} from '../../src/server/decode-cim.js';
import { embeddedAsText } from '../../src/server/dmtf-embedded.js';
import { escapeXml } from '../../src/server/xml-escape.js';
import { parseXml } from '../../src/server/xml-tree.js';
import { refusedWith } from './helpers/refused-with.js';

const xml = (text: string) => parseXml(text, { maxDepth: 64, maxElements: 10_000 });

const TO_SUBCLASS = WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS;
const TO_INSTANCE = WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE;
const DISABLE_OVERRIDE = WBEM_FLAVOR_NOT_OVERRIDABLE;

/** Declarations known by name (any case), as a namespace gives them. */
const declaring = (flavors: Record<string, number>): DecodeContext => ({
  declaredFlavor: (name) => flavors[name.toLowerCase()],
});

describe('DSP0201 boolean attributes', () => {
  const el = (value: string) => xml(`<QUALIFIER NAME="Q" OVERRIDABLE="${value}"/>`);

  it('reads true and false in any case, and nothing when absent', () => {
    for (const [text, value] of [
      ['true', true],
      ['false', false],
      ['TRUE', true],
      ['False', false],
      ['fAlSe', false],
    ] as const)
      assert.equal(parseBoolAttr(el(text), 'OVERRIDABLE'), value, text);
    assert.equal(parseBoolAttr(el('true'), 'TOSUBCLASS'), undefined);
  });

  it('refuses anything else, naming the element, the attribute and the value', () => {
    for (const text of ['', 'yes', '1', ' true'])
      assert.equal(
        refusedWith(() => parseBoolAttr(el(text), 'OVERRIDABLE')),
        `<QUALIFIER> OVERRIDABLE="${text}" is not true or false`,
      );
  });
});

describe('DSP0201 flavors', () => {
  const q = (attrs = '') => xml(`<QUALIFIER NAME="Q" TYPE="boolean"${attrs}/>`);

  it('takes each flavor the declaration gives when the attribute is left out', () => {
    assert.equal(decodeFlavor(q(), 0), 0);
    assert.equal(decodeFlavor(q(), DISABLE_OVERRIDE), DISABLE_OVERRIDE);
    assert.equal(decodeFlavor(q(), TO_SUBCLASS), TO_SUBCLASS);
    assert.equal(decodeFlavor(q(), TO_INSTANCE), TO_INSTANCE);
    assert.equal(decodeFlavor(q(), WBEM_FLAVOR_AMENDED), WBEM_FLAVOR_AMENDED);
    // Bits that are not flavors of a declaration are not taken from it.
    assert.equal(decodeFlavor(q(), WBEM_FLAVOR_ORIGIN_PROPAGATED), 0);
  });

  it('takes the DSP0201 defaults without a declaration: only TOSUBCLASS', () => {
    assert.equal(decodeFlavor(q(), undefined), TO_SUBCLASS);
  });

  it('lets each attribute written win over the declaration, one at a time', () => {
    const all = DISABLE_OVERRIDE | TO_SUBCLASS | TO_INSTANCE | WBEM_FLAVOR_AMENDED;
    assert.equal(decodeFlavor(q(' OVERRIDABLE="true"'), all), all & ~DISABLE_OVERRIDE);
    assert.equal(decodeFlavor(q(' TOSUBCLASS="false"'), all), all & ~TO_SUBCLASS);
    assert.equal(decodeFlavor(q(' TOINSTANCE="false"'), all), all & ~TO_INSTANCE);
    assert.equal(decodeFlavor(q(' TRANSLATABLE="false"'), all), all & ~WBEM_FLAVOR_AMENDED);
    assert.equal(decodeFlavor(q(' OVERRIDABLE="false"'), 0), DISABLE_OVERRIDE);
    assert.equal(decodeFlavor(q(' TOSUBCLASS="true"'), 0), TO_SUBCLASS);
    assert.equal(decodeFlavor(q(' TOINSTANCE="true"'), 0), TO_INSTANCE);
    assert.equal(decodeFlavor(q(' TRANSLATABLE="true"'), 0), WBEM_FLAVOR_AMENDED);
  });

  it('refuses a flavor attribute that is not a boolean, naming it', () => {
    for (const name of ['OVERRIDABLE', 'TOSUBCLASS', 'TOINSTANCE', 'TRANSLATABLE'])
      assert.equal(
        refusedWith(() => decodeFlavor(q(` ${name}="no"`), undefined)),
        `<QUALIFIER> ${name}="no" is not true or false`,
      );
  });
});

describe('DSP0201 values of an element', () => {
  const owned = (inner: string, type: number, isArray: boolean) =>
    decodeOwnedValue(xml(`<P>${inner}</P>`), type, isArray, 'property P', NO_DECLARATIONS);

  it('reads the first VALUE, VALUE.REFERENCE or VALUE.NULL child, skipping others', () => {
    assert.equal(owned('<QUALIFIER/><VALUE>7</VALUE><VALUE>8</VALUE>', CIM_UINT8, false), 7);
    assert.equal(owned('<VALUE.NULL/><VALUE>8</VALUE>', CIM_UINT8, false), null);
    assert.equal(
      owned('<VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE>', CIM_REFERENCE, false),
      'C',
    );
    assert.equal(owned('<QUALIFIER/>', CIM_UINT8, false), null);
    assert.equal(owned('', CIM_STRING, false), null);
  });

  it('reads the items of a VALUE.ARRAY or a VALUE.REFARRAY', () => {
    assert.deepEqual(
      owned('<VALUE.ARRAY><VALUE>1</VALUE><VALUE>2</VALUE></VALUE.ARRAY>', CIM_UINT8, true),
      [1, 2],
    );
    assert.deepEqual(owned('<VALUE.ARRAY/>', CIM_STRING, true), []);
    assert.deepEqual(
      owned(
        '<VALUE.REFARRAY><VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE><VALUE.REFERENCE><CLASSNAME NAME="D"/></VALUE.REFERENCE></VALUE.REFARRAY>',
        CIM_REFERENCE,
        true,
      ),
      ['C', 'D'],
    );
    assert.equal(owned('<VALUE.NULL/>', CIM_UINT8, true), null);
    assert.equal(owned('<QUALIFIER/>', CIM_UINT8, true), null);
  });

  it('refuses a value of the other shape rather than reading it as NULL', () => {
    assert.equal(
      refusedWith(() => owned('<VALUE>1</VALUE>', CIM_UINT8, true)),
      "property P: an array's value is a VALUE.ARRAY, not a VALUE",
    );
    assert.equal(
      refusedWith(() =>
        owned('<VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE>', CIM_REFERENCE, true),
      ),
      "property P: an array's value is a VALUE.ARRAY, not a VALUE.REFERENCE",
    );
    assert.equal(
      refusedWith(() => owned('<VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY>', CIM_UINT8, false)),
      "property P: a scalar's value is a VALUE, not a VALUE.ARRAY",
    );
    assert.equal(
      refusedWith(() => owned('<VALUE.REFARRAY/>', CIM_REFERENCE, false)),
      "property P: a scalar's value is a VALUE, not a VALUE.REFARRAY",
    );
  });

  it('refuses a NULL array item rather than losing it', () => {
    assert.equal(
      refusedWith(() =>
        owned('<VALUE.ARRAY><VALUE>1</VALUE><VALUE.NULL/></VALUE.ARRAY>', CIM_UINT8, true),
      ),
      'property P: NULL array elements are not supported',
    );
  });

  it('refuses a value that does not fit the type, saying where', () => {
    assert.equal(
      refusedWith(() => owned('<VALUE>256</VALUE>', CIM_UINT8, false)),
      'property P: 256 is out of range for uint8',
    );
    assert.equal(
      refusedWith(() => owned('<VALUE.ARRAY><VALUE>x</VALUE></VALUE.ARRAY>', CIM_UINT8, true)),
      "property P: 'x' is not an integer",
    );
  });
});

const EMBEDDED_INSTANCE =
  '<INSTANCE CLASSNAME="Inner"><PROPERTY NAME="V" TYPE="uint16"><VALUE>9</VALUE></PROPERTY></INSTANCE>';
const EMBEDDED_CLASS =
  '<CLASS NAME="InnerClass" SUPERCLASS="Base"><PROPERTY NAME="W" TYPE="string"/></CLASS>';

describe('DSP0201 embedded objects', () => {
  const objectValue = (text: string) =>
    decodeOwnedValue(
      xml(`<P><VALUE>${escapeXml(text)}</VALUE></P>`),
      CIM_OBJECT,
      false,
      'property E',
      NO_DECLARATIONS,
    );

  it('decodes an embedded INSTANCE or CLASS from the value text', () => {
    const inst = objectValue(EMBEDDED_INSTANCE) as CimInstance;
    assert.equal(inst.genus, WBEM_GENUS_INSTANCE);
    assert.equal(inst.className, 'Inner');
    assert.equal(inst.properties.get('v')?.value, 9);
    const cls = objectValue(EMBEDDED_CLASS) as CimClass;
    assert.equal(cls.genus, WBEM_GENUS_CLASS);
    assert.equal(cls.superclass, 'Base');
  });

  it('keeps the text each embedded object came in, for a DMTF-embedded string property', () => {
    const holder = cimClass({
      name: 'H',
      properties: [
        cimProperty('E', 'string', { qualifiers: [qualifier('EmbeddedObject', true)] }),
        cimProperty('L', 'string[]', { qualifiers: [qualifier('EmbeddedObject', true)] }),
      ],
    });
    const inst = decodeInstance(
      xml(
        `<INSTANCE CLASSNAME="H"><PROPERTY NAME="E" TYPE="string" EmbeddedObject="object"><VALUE>${escapeXml(EMBEDDED_INSTANCE)}</VALUE></PROPERTY><PROPERTY.ARRAY NAME="L" TYPE="string" EmbeddedObject="object"><VALUE.ARRAY><VALUE>${escapeXml(EMBEDDED_CLASS)}</VALUE></VALUE.ARRAY></PROPERTY.ARRAY></INSTANCE>`,
      ),
      NO_DECLARATIONS,
    );
    const text = embeddedAsText(inst, holder);
    assert.equal(text.properties.get('e')?.value, EMBEDDED_INSTANCE);
    assert.deepEqual(text.properties.get('l')?.value, [EMBEDDED_CLASS]);
  });

  it('refuses embedded text that is neither an INSTANCE nor a CLASS', () => {
    assert.equal(
      refusedWith(() => objectValue('<VALUE>1</VALUE>')),
      'property E: an embedded object is an INSTANCE or a CLASS',
    );
    assert.equal(
      refusedWith(() => objectValue('<QUALIFIER.DECLARATION NAME="Q" TYPE="boolean"/>')),
      'property E: an embedded object is an INSTANCE or a CLASS',
    );
  });

  it('refuses embedded text that is not well-formed as invalid syntax', () => {
    try {
      objectValue('<INSTANCE CLASSNAME="X">');
      assert.fail('accepted');
    } catch (thrown) {
      assert.ok(thrown instanceof CimHttpError);
      assert.equal(thrown.hresult, WBEM_E_INVALID_SYNTAX);
      assert.equal(thrown.detail, 'unclosed tag: INSTANCE');
    }
  });

  it('bounds the nesting of embedded text as a request body is bounded', () => {
    const nested = (depth: number) =>
      `<INSTANCE CLASSNAME="X">${'<A>'.repeat(depth - 1)}${'</A>'.repeat(depth - 1)}</INSTANCE>`;
    assert.equal((objectValue(nested(64)) as CimInstance).className, 'X');
    try {
      objectValue(nested(65));
      assert.fail('accepted');
    } catch (thrown) {
      assert.ok(thrown instanceof CimHttpError);
      assert.equal(thrown.hresult, WBEM_E_TOO_MUCH_DATA);
      assert.equal(thrown.detail, 'elements nested deeper than 64');
    }
  });

  it('bounds the number of elements in embedded text', () => {
    const many = (n: number) => `<INSTANCE CLASSNAME="X">${'<A/>'.repeat(n - 1)}</INSTANCE>`;
    assert.equal((objectValue(many(100_000)) as CimInstance).className, 'X');
    try {
      objectValue(many(100_001));
      assert.fail('accepted');
    } catch (thrown) {
      assert.ok(thrown instanceof CimHttpError);
      assert.equal(thrown.detail, 'more than 100000 elements');
    }
  });
});

describe('DSP0201 qualifiers', () => {
  it('reads a boolean or string qualifier with its type, and no isArray for a scalar', () => {
    assert.deepEqual(
      decodeQualifier(
        xml('<QUALIFIER NAME="Key" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER>'),
        NO_DECLARATIONS,
      ),
      { name: 'Key', type: CIM_BOOLEAN, value: true, flavor: TO_SUBCLASS },
    );
    assert.deepEqual(
      decodeQualifier(
        xml(
          '<QUALIFIER NAME="Values" TYPE="string"><VALUE.ARRAY><VALUE>a</VALUE><VALUE>b</VALUE></VALUE.ARRAY></QUALIFIER>',
        ),
        NO_DECLARATIONS,
      ),
      { name: 'Values', type: CIM_STRING, isArray: true, value: ['a', 'b'], flavor: TO_SUBCLASS },
    );
  });

  it('stores DMTF-typed qualifiers as the MOF compiler does: sint32, real64 or string', () => {
    const decoded = (type: string, value: string) =>
      decodeQualifier(
        xml(`<QUALIFIER NAME="Q" TYPE="${type}"><VALUE>${value}</VALUE></QUALIFIER>`),
        NO_DECLARATIONS,
      );
    assert.deepEqual(
      [decoded('uint32', '256').type, decoded('uint32', '256').value],
      [CIM_SINT32, 256],
    );
    assert.deepEqual(
      [decoded('real32', '1.5').type, decoded('real32', '1.5').value],
      [CIM_REAL64, 1.5],
    );
    assert.deepEqual(
      [decoded('datetime', '20240101000000.000000+000').type, decoded('char16', 'x').value],
      [CIM_STRING, 'x'],
    );
  });

  it('takes the flavors left out from the declaration of the same name', () => {
    const ctx = declaring({ key: DISABLE_OVERRIDE | TO_SUBCLASS });
    const q = decodeQualifier(
      xml('<QUALIFIER NAME="KEY" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER>'),
      ctx,
    );
    assert.equal(q.flavor, DISABLE_OVERRIDE | TO_SUBCLASS);
    const other = decodeQualifier(xml('<QUALIFIER NAME="Other" TYPE="boolean"/>'), ctx);
    assert.equal(other.flavor, TO_SUBCLASS);
    assert.equal(other.value, null);
  });

  it('refuses a qualifier without a name or a type', () => {
    assert.equal(
      refusedWith(() => decodeQualifier(xml('<QUALIFIER TYPE="boolean"/>'), NO_DECLARATIONS)),
      '<QUALIFIER> has no NAME attribute',
    );
    assert.equal(
      refusedWith(() => decodeQualifier(xml('<QUALIFIER NAME="Q"/>'), NO_DECLARATIONS)),
      'qualifier Q: TYPE missing',
    );
    assert.equal(
      refusedWith(() =>
        decodeQualifier(
          xml('<QUALIFIER NAME="Q" TYPE="uint8"><VALUE>x</VALUE></QUALIFIER>'),
          NO_DECLARATIONS,
        ),
      ),
      "qualifier Q: 'x' is not an integer",
    );
  });
});

describe('DSP0201 array sizes', () => {
  it('reads a positive integer ARRAYSIZE, and nothing when absent', () => {
    assert.deepEqual(arraySizeOf(xml('<PROPERTY.ARRAY ARRAYSIZE="4"/>')), { arraySize: 4 });
    assert.deepEqual(arraySizeOf(xml('<PROPERTY.ARRAY ARRAYSIZE="1"/>')), { arraySize: 1 });
    assert.deepEqual(arraySizeOf(xml('<PROPERTY.ARRAY/>')), {});
  });

  it('refuses an ARRAYSIZE that is not a positive integer', () => {
    for (const text of ['0', '-1', '1.5', 'x', ''])
      assert.equal(
        refusedWith(() => arraySizeOf(xml(`<PARAMETER.ARRAY ARRAYSIZE="${text}"/>`))),
        `<PARAMETER.ARRAY> ARRAYSIZE="${text}" invalid`,
      );
  });
});

describe('DSP0201 properties', () => {
  const prop = (text: string, reading: 'definition' | 'view' = 'definition') =>
    decodeProperty(xml(text), NO_DECLARATIONS, reading);

  it('reads a PROPERTY with its type and value, and no optional member it does not carry', () => {
    assert.deepEqual(
      prop('<PROPERTY NAME="P" TYPE="uint16" ARRAYSIZE="3"><VALUE>5</VALUE></PROPERTY>'),
      {
        name: 'P',
        type: CIM_UINT16,
        isArray: false,
        value: 5,
        qualifiers: new Map(),
      },
    );
  });

  it('reads a PROPERTY.ARRAY with its size and items', () => {
    assert.deepEqual(
      prop(
        '<PROPERTY.ARRAY NAME="A" TYPE="uint8" ARRAYSIZE="2"><VALUE.ARRAY><VALUE>1</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>',
      ),
      {
        name: 'A',
        type: CIM_UINT8,
        isArray: true,
        arraySize: 2,
        value: [1],
        qualifiers: new Map(),
      },
    );
  });

  it('reads a PROPERTY.REFERENCE with or without its class', () => {
    assert.deepEqual(
      prop(
        '<PROPERTY.REFERENCE NAME="R" REFERENCECLASS="C"><VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE></PROPERTY.REFERENCE>',
      ),
      {
        name: 'R',
        type: CIM_REFERENCE,
        isArray: false,
        referenceClass: 'C',
        value: 'C',
        qualifiers: new Map(),
      },
    );
    assert.deepEqual(prop('<PROPERTY.REFERENCE NAME="R"/>'), {
      name: 'R',
      type: CIM_REFERENCE,
      isArray: false,
      value: null,
      qualifiers: new Map(),
    });
  });

  it('refuses a property without a name or a type, saying which', () => {
    assert.equal(
      refusedWith(() => prop('<PROPERTY TYPE="string"/>')),
      '<PROPERTY> has no NAME attribute',
    );
    assert.equal(
      refusedWith(() => prop('<PROPERTY NAME="P"/>')),
      'property P: TYPE missing',
    );
    assert.equal(
      refusedWith(() => prop('<PROPERTY.ARRAY NAME="A" TYPE="uint8" ARRAYSIZE="0"/>')),
      '<PROPERTY.ARRAY> ARRAYSIZE="0" invalid',
    );
  });

  it('reads a property marked EmbeddedObject or EmbeddedInstance, in either spelling, as an object', () => {
    for (const attrs of [
      'EmbeddedObject="object"',
      'EMBEDDEDOBJECT="instance"',
      'EmbeddedInstance="Inner"',
      'EMBEDDEDINSTANCE="Inner"',
    ]) {
      const p = prop(
        `<PROPERTY NAME="E" TYPE="string" ${attrs}><VALUE>${escapeXml(EMBEDDED_INSTANCE)}</VALUE></PROPERTY>`,
      );
      assert.equal(p.type, CIM_OBJECT, attrs);
      assert.equal((p.value as CimInstance).className, 'Inner', attrs);
    }
  });

  it('names the embedded class from the legacy attribute, the EmbeddedInstance qualifier, or CIMTYPE', () => {
    const classOf = (attrs: string, qualifiers = '') =>
      prop(`<PROPERTY NAME="E" TYPE="string" ${attrs}>${qualifiers}</PROPERTY>`)
        .embeddedObjectClass;
    const q = (name: string, value: string) =>
      `<QUALIFIER NAME="${name}" TYPE="string"><VALUE>${value}</VALUE></QUALIFIER>`;
    assert.equal(classOf('EmbeddedInstance="Legacy"', q('EmbeddedInstance', 'Q')), 'Legacy');
    assert.equal(classOf('EMBEDDEDINSTANCE="Legacy"'), 'Legacy');
    assert.equal(classOf('EmbeddedObject="instance"', q('EmbeddedInstance', 'Named')), 'Named');
    assert.equal(
      classOf(
        'EmbeddedObject="instance"',
        q('EmbeddedInstance', '') + q('CIMTYPE', 'object:Typed'),
      ),
      'Typed',
    );
    assert.equal(classOf('EmbeddedObject="instance"', q('CIMTYPE', 'OBJECT:Typed')), 'Typed');
    assert.equal(classOf('EmbeddedObject="object"', q('CIMTYPE', 'object')), undefined);
    assert.equal(classOf('EmbeddedObject="object"', q('CIMTYPE', 'object:')), undefined);
    assert.equal(classOf('EmbeddedObject="object"', q('CIMTYPE', 'xobject:C')), undefined);
    assert.equal(classOf('EmbeddedObject="object"'), undefined);
    // Without an embedding mark the qualifiers name nothing: the property is a plain string.
    const plain = prop(
      `<PROPERTY NAME="E" TYPE="string">${q('EmbeddedInstance', 'Named')}</PROPERTY>`,
    );
    assert.equal(plain.type, CIM_STRING);
    assert.equal('embeddedObjectClass' in plain, false);
  });

  it('keeps in a view the origin and the propagated mark, and neither in a definition', () => {
    const text = '<PROPERTY NAME="P" TYPE="string" CLASSORIGIN="Base" PROPAGATED="true"/>';
    assert.equal('classOrigin' in prop(text), false);
    assert.equal('propagated' in prop(text), false);
    const view = prop(text, 'view');
    assert.equal(view.classOrigin, 'Base');
    assert.equal(view.propagated, true);
    const own = prop('<PROPERTY NAME="P" TYPE="string"/>', 'view');
    assert.equal('classOrigin' in own, false);
    assert.equal(own.propagated, false);
    const ref = prop('<PROPERTY.REFERENCE NAME="R" CLASSORIGIN="Base" PROPAGATED="TRUE"/>', 'view');
    assert.deepEqual([ref.classOrigin, ref.propagated], ['Base', true]);
  });

  it('keeps inherited qualifiers in a view, marked as propagated, and drops them in a definition', () => {
    const text =
      '<PROPERTY NAME="P" TYPE="string"><QUALIFIER NAME="Own" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER><QUALIFIER NAME="Inh" TYPE="boolean" PROPAGATED="true"><VALUE>true</VALUE></QUALIFIER><QUALIFIER NAME="Not" TYPE="boolean" PROPAGATED="false"/></PROPERTY>';
    assert.deepEqual([...prop(text).qualifiers.keys()], ['own', 'not']);
    const view = prop(text, 'view').qualifiers;
    assert.deepEqual([...view.keys()], ['own', 'inh', 'not']);
    assert.equal(view.get('inh')?.flavor, TO_SUBCLASS | WBEM_FLAVOR_ORIGIN_PROPAGATED);
    assert.equal(view.get('own')?.flavor, TO_SUBCLASS);
  });

  it('refuses a PROPAGATED mark that is not a boolean', () => {
    assert.equal(
      refusedWith(() => prop('<PROPERTY NAME="P" TYPE="string" PROPAGATED="yes"/>', 'view')),
      '<PROPERTY> PROPAGATED="yes" is not true or false',
    );
  });
});

describe('DSP0201 methods and parameters', () => {
  const method = (
    inner: string,
    reading: 'definition' | 'view' = 'definition',
    attrs = ' TYPE="uint32"',
  ) => decodeMethod(xml(`<METHOD NAME="M"${attrs}>${inner}</METHOD>`), NO_DECLARATIONS, reading);
  const cimtype = (value: string) =>
    `<QUALIFIER NAME="CIMTYPE" TYPE="string"><VALUE>${value}</VALUE></QUALIFIER>`;

  it('reads a method without TYPE as one without a return value', () => {
    assert.equal(method('', 'definition', '').returnType, CIM_EMPTY);
    assert.equal(method('').returnType, 19);
    assert.equal(
      refusedWith(() => method('', 'definition', ' TYPE="void"')),
      "method M: TYPE 'void' unknown",
    );
  });

  it('reads each kind of parameter, its array size and reference class', () => {
    const m = method(
      '<QUALIFIER NAME="Static" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER><PARAMETER NAME="S" TYPE="string" REFERENCECLASS="Ignored" ARRAYSIZE="2"/><PARAMETER.ARRAY NAME="A" TYPE="uint8" ARRAYSIZE="2"/><PARAMETER.REFERENCE NAME="R" REFERENCECLASS="C"/><PARAMETER.REFARRAY NAME="L" REFERENCECLASS="D" ARRAYSIZE="3"/><PARAMETER.REFERENCE NAME="U"/>',
    );
    const shape = [...m.parameters.values()].map((p) => ({
      ...p,
      qualifiers: [...p.qualifiers.keys()],
    }));
    assert.deepEqual(shape, [
      { name: 'S', type: CIM_STRING, isArray: false, qualifiers: ['id'] },
      { name: 'A', type: CIM_UINT8, isArray: true, arraySize: 2, qualifiers: ['id'] },
      { name: 'R', type: CIM_REFERENCE, isArray: false, referenceClass: 'C', qualifiers: ['id'] },
      {
        name: 'L',
        type: CIM_REFERENCE,
        isArray: true,
        arraySize: 3,
        referenceClass: 'D',
        qualifiers: ['id'],
      },
      { name: 'U', type: CIM_REFERENCE, isArray: false, qualifiers: ['id'] },
    ]);
    assert.deepEqual([...m.qualifiers.keys()], ['static']);
  });

  it('numbers the parameters of a definition as sint32 IDs that propagate to subclasses', () => {
    const m = method('<PARAMETER NAME="X" TYPE="string"/><PARAMETER NAME="Y" TYPE="string"/>');
    assert.deepEqual(m.parameters.get('y')?.qualifiers.get('id'), {
      name: 'ID',
      type: CIM_SINT32,
      value: 1,
      flavor: TO_SUBCLASS,
    });
    assert.equal(m.parameters.get('x')?.qualifiers.get('id')?.value, 0);
  });

  it('keeps the IDs a client sent, numbering no other parameter', () => {
    const m = method(
      '<PARAMETER NAME="X" TYPE="string"/><PARAMETER NAME="Y" TYPE="string"><QUALIFIER NAME="ID" TYPE="sint32"><VALUE>0</VALUE></QUALIFIER></PARAMETER>',
    );
    assert.equal(m.parameters.get('x')?.qualifiers.has('id'), false);
    assert.equal(m.parameters.get('y')?.qualifiers.get('id')?.value, 0);
  });

  it('numbers nothing in a view, and keeps its inherited parameter qualifiers marked', () => {
    const m = method(
      '<PARAMETER NAME="X" TYPE="string"><QUALIFIER NAME="In" TYPE="boolean" PROPAGATED="true"><VALUE>true</VALUE></QUALIFIER></PARAMETER>',
      'view',
    );
    const x = m.parameters.get('x');
    assert.deepEqual([...(x?.qualifiers.keys() ?? [])], ['in']);
    assert.equal(x?.qualifiers.get('in')?.flavor, TO_SUBCLASS | WBEM_FLAVOR_ORIGIN_PROPAGATED);
  });

  it('keeps every qualifier of a parameter in a definition, a PROPAGATED one included', () => {
    const m = method(
      '<PARAMETER NAME="X" TYPE="string"><QUALIFIER NAME="In" TYPE="boolean" PROPAGATED="true"><VALUE>true</VALUE></QUALIFIER></PARAMETER>',
    );
    assert.equal(m.parameters.get('x')?.qualifiers.get('in')?.flavor, TO_SUBCLASS);
  });

  it('reads a parameter whose CIMTYPE says object as an object, dropping a bare object CIMTYPE', () => {
    const m = method(
      `<PARAMETER NAME="O" TYPE="string">${cimtype('object')}</PARAMETER><PARAMETER NAME="I" TYPE="string">${cimtype('Object:Inner')}</PARAMETER><PARAMETER.ARRAY NAME="L" TYPE="string">${cimtype('OBJECT')}</PARAMETER.ARRAY><PARAMETER NAME="S" TYPE="string">${cimtype('string')}</PARAMETER><PARAMETER NAME="N" TYPE="string">${cimtype('objects')}</PARAMETER><PARAMETER NAME="X" TYPE="string">${cimtype('xobject')}</PARAMETER>`,
      'view',
    );
    const o = m.parameters.get('o');
    assert.equal(o?.type, CIM_OBJECT);
    assert.equal(o?.qualifiers.has('cimtype'), false);
    assert.equal('embeddedObjectClass' in (o ?? {}), false);
    const i = m.parameters.get('i');
    assert.equal(i?.type, CIM_OBJECT);
    assert.equal(i?.embeddedObjectClass, 'Inner');
    assert.equal(i?.qualifiers.get('cimtype')?.value, 'Object:Inner');
    assert.deepEqual(
      [m.parameters.get('l')?.type, m.parameters.get('l')?.isArray],
      [CIM_OBJECT, true],
    );
    assert.equal(m.parameters.get('l')?.qualifiers.has('cimtype'), false);
    assert.equal(m.parameters.get('s')?.type, CIM_STRING);
    assert.equal(m.parameters.get('s')?.qualifiers.has('cimtype'), true);
    assert.equal(m.parameters.get('n')?.type, CIM_STRING);
    assert.equal(m.parameters.get('x')?.type, CIM_STRING);
    assert.equal(m.parameters.get('x')?.qualifiers.get('cimtype')?.value, 'xobject');
  });

  it('reads a parameter marked EmbeddedObject as an object, and keeps a reference a reference', () => {
    const m = method(
      `<PARAMETER NAME="E" TYPE="string" EmbeddedObject="instance"/><PARAMETER.REFERENCE NAME="R" REFERENCECLASS="C">${cimtype('object')}</PARAMETER.REFERENCE>`,
    );
    assert.equal(m.parameters.get('e')?.type, CIM_OBJECT);
    assert.equal(m.parameters.get('r')?.type, CIM_REFERENCE);
    assert.equal('embeddedObjectClass' in (m.parameters.get('r') ?? {}), false);
  });

  it('refuses a parameter without a name or a type, saying which', () => {
    assert.equal(
      refusedWith(() => method('<PARAMETER TYPE="string"/>')),
      '<PARAMETER> has no NAME attribute',
    );
    assert.equal(
      refusedWith(() => method('<PARAMETER NAME="X"/>')),
      'parameter X: TYPE missing',
    );
  });

  it('keeps in a view the method origin and propagated mark, and neither in a definition', () => {
    const attrs = ' CLASSORIGIN="Base" PROPAGATED="true"';
    const view = method('', 'view', attrs);
    assert.deepEqual([view.classOrigin, view.propagated], ['Base', true]);
    const def = method('', 'definition', attrs);
    assert.equal('classOrigin' in def || 'propagated' in def, false);
  });
});

describe('DSP0201 classes and instances', () => {
  const CLASS = `<CLASS NAME="Sub" SUPERCLASS="Base"><QUALIFIER NAME="Own" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER><QUALIFIER NAME="Inh" TYPE="string" PROPAGATED="true"><VALUE>x</VALUE></QUALIFIER><PROPERTY NAME="A" TYPE="string" PROPAGATED="true"/><PROPERTY.ARRAY NAME="B" TYPE="uint8"/><PROPERTY.REFERENCE NAME="C" PROPAGATED="false"/><METHOD NAME="M" PROPAGATED="true"/><METHOD NAME="N"/><VALUE>ignored</VALUE></CLASS>`;

  it('keeps only what the class defines in a definition', () => {
    const cls = decodeClass(xml(CLASS), NO_DECLARATIONS);
    assert.equal(cls.genus, WBEM_GENUS_CLASS);
    assert.equal(cls.name, 'Sub');
    assert.equal(cls.superclass, 'Base');
    assert.deepEqual([...cls.qualifiers.keys()], ['own']);
    assert.deepEqual([...cls.properties.keys()], ['b', 'c']);
    assert.deepEqual([...cls.methods.keys()], ['n']);
  });

  it('keeps everything sent in a view, inherited members marked', () => {
    const cls = decodeClass(xml(CLASS), NO_DECLARATIONS, 'view');
    assert.deepEqual([...cls.qualifiers.keys()], ['own', 'inh']);
    assert.deepEqual([...cls.properties.keys()], ['a', 'b', 'c']);
    assert.deepEqual([...cls.methods.keys()], ['m', 'n']);
    assert.equal(cls.properties.get('a')?.propagated, true);
    assert.equal(cls.methods.get('m')?.propagated, true);
    assert.equal(cls.methods.get('n')?.propagated, false);
  });

  it('reads a class without SUPERCLASS as a root class', () => {
    assert.equal(decodeClass(xml('<CLASS NAME="R"/>'), NO_DECLARATIONS).superclass, null);
  });

  it('refuses an element that is not a CLASS, and a CLASS without a name', () => {
    assert.equal(
      refusedWith(() => decodeClass(xml('<INSTANCE CLASSNAME="A"/>'), NO_DECLARATIONS)),
      'expected <CLASS>, got <INSTANCE>',
    );
    assert.equal(
      refusedWith(() => decodeClass(xml('<CLASS/>'), NO_DECLARATIONS)),
      '<CLASS> has no NAME attribute',
    );
  });

  it('reports the first fault in the order qualifiers, properties, methods', () => {
    const bad =
      '<CLASS NAME="X"><METHOD NAME="M" TYPE="bad"/><PROPERTY NAME="P" TYPE="bad"/><QUALIFIER NAME="Q" TYPE="bad"/></CLASS>';
    assert.equal(
      refusedWith(() => decodeClass(xml(bad), NO_DECLARATIONS)),
      "qualifier Q: TYPE 'bad' unknown",
    );
    const noQualifier =
      '<CLASS NAME="X"><METHOD NAME="M" TYPE="bad"/><PROPERTY NAME="P" TYPE="bad"/></CLASS>';
    assert.equal(
      refusedWith(() => decodeClass(xml(noQualifier), NO_DECLARATIONS)),
      "property P: TYPE 'bad' unknown",
    );
  });

  it('refuses a member or qualifier name given twice, in any case, rather than keeping one', () => {
    const classWith = (inner: string) => () =>
      decodeClass(xml(`<CLASS NAME="X">${inner}</CLASS>`), NO_DECLARATIONS);
    assert.equal(
      refusedWith(
        classWith('<PROPERTY NAME="P" TYPE="uint8"/><PROPERTY.ARRAY NAME="p" TYPE="string"/>'),
      ),
      'property P given twice',
    );
    assert.equal(
      refusedWith(classWith('<METHOD NAME="M"/><METHOD NAME="m" TYPE="string"/>')),
      'method M given twice',
    );
    assert.equal(
      refusedWith(
        classWith(
          '<METHOD NAME="M"><PARAMETER NAME="A" TYPE="string"/><PARAMETER.REFERENCE NAME="a"/></METHOD>',
        ),
      ),
      'parameter A given twice',
    );
    assert.equal(
      refusedWith(
        classWith(
          '<QUALIFIER NAME="Abstract" TYPE="boolean"><VALUE>true</VALUE></QUALIFIER><QUALIFIER NAME="ABSTRACT" TYPE="boolean"><VALUE>false</VALUE></QUALIFIER>',
        ),
      ),
      'qualifier Abstract given twice',
    );
    assert.equal(
      refusedWith(
        classWith(
          '<PROPERTY NAME="P" TYPE="uint8"><QUALIFIER NAME="Key" TYPE="boolean"/><QUALIFIER NAME="key" TYPE="boolean"/></PROPERTY>',
        ),
      ),
      'qualifier Key given twice',
    );
    assert.equal(
      refusedWith(
        classWith(
          '<METHOD NAME="M"><PARAMETER NAME="A" TYPE="string"><QUALIFIER NAME="In" TYPE="boolean"/><QUALIFIER NAME="IN" TYPE="boolean"/></PARAMETER></METHOD>',
        ),
      ),
      'qualifier In given twice',
    );
    assert.equal(
      refusedWith(() =>
        decodeInstance(
          xml(
            '<INSTANCE CLASSNAME="X"><PROPERTY NAME="N" TYPE="uint8"><VALUE>1</VALUE></PROPERTY><PROPERTY NAME="n" TYPE="uint8"><VALUE>2</VALUE></PROPERTY></INSTANCE>',
          ),
          NO_DECLARATIONS,
        ),
      ),
      'property N given twice',
    );
    // An inherited member dropped from a definition leaves its name free for the class's own.
    const cls = decodeClass(
      xml(
        '<CLASS NAME="X"><PROPERTY NAME="P" TYPE="uint8" PROPAGATED="true"/><PROPERTY NAME="P" TYPE="string"/></CLASS>',
      ),
      NO_DECLARATIONS,
    );
    assert.equal(cls.properties.get('p')?.type, CIM_STRING);
  });

  it('reads an INSTANCE as its class name and property values only', () => {
    const inst = decodeInstance(
      xml(
        '<INSTANCE CLASSNAME="A"><QUALIFIER NAME="Q" TYPE="boolean"/><PROPERTY NAME="N" TYPE="sint32" CLASSORIGIN="A"><VALUE>-1</VALUE></PROPERTY><PROPERTY.ARRAY NAME="L" TYPE="string"><VALUE.ARRAY><VALUE>x</VALUE></VALUE.ARRAY></PROPERTY.ARRAY><PROPERTY.REFERENCE NAME="R"><VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE></PROPERTY.REFERENCE></INSTANCE>',
      ),
      NO_DECLARATIONS,
    );
    assert.equal(inst.genus, WBEM_GENUS_INSTANCE);
    assert.equal(inst.className, 'A');
    assert.deepEqual(
      [...inst.properties.values()],
      [
        { name: 'N', value: -1 },
        { name: 'L', value: ['x'] },
        { name: 'R', value: 'C' },
      ],
    );
  });

  it('refuses an element that is not an INSTANCE, and an INSTANCE without a class', () => {
    assert.equal(
      refusedWith(() => decodeInstance(xml('<CLASS NAME="A"/>'), NO_DECLARATIONS)),
      'expected <INSTANCE>, got <CLASS>',
    );
    assert.equal(
      refusedWith(() => decodeInstance(xml('<INSTANCE/>'), NO_DECLARATIONS)),
      '<INSTANCE> has no CLASSNAME attribute',
    );
  });
});
