import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CIM_BOOLEAN,
  CIM_REAL32,
  CIM_REAL64,
  CIM_REFERENCE,
  CIM_SINT64,
  CIM_STRING,
  CIM_UINT8,
  CIM_UINT64,
} from '../../src/index.js';
import {
  attr,
  decodeInstanceKeys,
  decodeInstanceName,
  decodeLocalNamespace,
  decodeReference,
} from '../../src/server/decode-path.js';
import { parseXml } from '../../src/server/xml-tree.js';
import { refusedWith } from './helpers/refused-with.js';

const xml = (text: string) => parseXml(text, { maxDepth: 32, maxElements: 1000 });

const binding = (name: string, kv: string) => `<KEYBINDING NAME="${name}">${kv}</KEYBINDING>`;
const instanceName = (inner: string, cls = 'A') =>
  xml(`<INSTANCENAME CLASSNAME="${cls}">${inner}</INSTANCENAME>`);
const NS =
  '<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="cimv2"/></LOCALNAMESPACEPATH>';
const B_NAME = `<INSTANCENAME CLASSNAME="B">${binding('X', '<KEYVALUE>x</KEYVALUE>')}</INSTANCENAME>`;

describe('DSP0201 required attributes and namespaces', () => {
  it('reads a required attribute, and refuses its absence naming the element', () => {
    assert.equal(attr(xml('<CLASS NAME="A"/>'), 'NAME'), 'A');
    assert.equal(attr(xml('<CLASS NAME=""/>'), 'NAME'), '');
    assert.equal(
      refusedWith(() => attr(xml('<CLASS name="A"/>'), 'NAME')),
      '<CLASS> has no NAME attribute',
    );
  });

  it('joins the NAMESPACE names of a LOCALNAMESPACEPATH with slashes, in order', () => {
    assert.equal(decodeLocalNamespace(xml(NS)), 'root/cimv2');
    assert.equal(
      decodeLocalNamespace(
        xml('<LOCALNAMESPACEPATH><NAMESPACE NAME="interop"/></LOCALNAMESPACEPATH>'),
      ),
      'interop',
    );
  });

  it('refuses a LOCALNAMESPACEPATH without NAMESPACE, or one without NAME', () => {
    assert.equal(
      refusedWith(() =>
        decodeLocalNamespace(xml('<LOCALNAMESPACEPATH><HOST>h</HOST></LOCALNAMESPACEPATH>')),
      ),
      '<LOCALNAMESPACEPATH> names no namespace',
    );
    assert.equal(
      refusedWith(() =>
        decodeLocalNamespace(xml('<LOCALNAMESPACEPATH><NAMESPACE/></LOCALNAMESPACEPATH>')),
      ),
      '<NAMESPACE> has no NAME attribute',
    );
  });
});

describe('DSP0201 key values', () => {
  const keyOf = (kv: string) => decodeInstanceKeys(instanceName(binding('K', kv))).keys[0];

  it('reads a KEYVALUE without VALUETYPE as a string, exactly as sent', () => {
    assert.deepEqual(keyOf('<KEYVALUE> a b </KEYVALUE>'), {
      name: 'K',
      value: ' a b ',
      type: CIM_STRING,
    });
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="string">7</KEYVALUE>'), {
      name: 'K',
      value: '7',
      type: CIM_STRING,
    });
  });

  it('reads a boolean KEYVALUE in any case', () => {
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="boolean"> false </KEYVALUE>'), {
      name: 'K',
      value: false,
      type: CIM_BOOLEAN,
    });
    assert.equal(
      refusedWith(() => keyOf('<KEYVALUE VALUETYPE="boolean">1</KEYVALUE>')),
      "key K of A: '1' is not TRUE or FALSE",
    );
  });

  it('reads a numeric KEYVALUE as a number, or as its decimal text beyond 2^53', () => {
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric"> -12 </KEYVALUE>'), {
      name: 'K',
      value: -12,
      type: CIM_SINT64,
    });
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric">+9007199254740991</KEYVALUE>'), {
      name: 'K',
      value: 9007199254740991,
      type: CIM_SINT64,
    });
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric">9007199254740993</KEYVALUE>'), {
      name: 'K',
      value: '9007199254740993',
      type: CIM_SINT64,
    });
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric">0x1F</KEYVALUE>'), {
      name: 'K',
      value: 31,
      type: CIM_SINT64,
    });
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric">-0x10</KEYVALUE>'), {
      name: 'K',
      value: -16,
      type: CIM_SINT64,
    });
  });

  it('reads a numeric KEYVALUE with a fraction or an exponent as a real', () => {
    for (const [text, value] of [
      ['2.5', 2.5],
      ['-.5', -0.5],
      ['1e3', 1000],
      ['+1.5E-2', 0.015],
      ['12.5', 12.5],
      ['-.25', -0.25],
      ['1e10', 1e10],
    ] as const)
      assert.deepEqual(
        keyOf(`<KEYVALUE VALUETYPE="numeric">${text}</KEYVALUE>`),
        { name: 'K', value, type: CIM_REAL64 },
        text,
      );
  });

  it('refuses a numeric KEYVALUE that is empty or not a finite number', () => {
    for (const text of [
      '',
      '  ',
      'x',
      '1e999',
      'Infinity',
      '1 2',
      '0b11',
      '0o7',
      '0x',
      '.',
      '1.2.3',
    ])
      assert.equal(
        refusedWith(() => keyOf(`<KEYVALUE VALUETYPE="numeric">${text}</KEYVALUE>`)),
        `key K of A: '${text.trim()}' is not numeric`,
        text,
      );
  });

  it('refuses an unknown VALUETYPE, naming it', () => {
    assert.equal(
      refusedWith(() => keyOf('<KEYVALUE VALUETYPE="Numeric">1</KEYVALUE>')),
      "key K of A: VALUETYPE 'Numeric' unknown",
    );
  });

  it('types a KEYVALUE by its TYPE attribute over its VALUETYPE', () => {
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric" TYPE="uint8">200</KEYVALUE>'), {
      name: 'K',
      value: 200,
      type: CIM_UINT8,
    });
    assert.deepEqual(
      keyOf('<KEYVALUE VALUETYPE="numeric" TYPE="uint64">18446744073709551615</KEYVALUE>'),
      {
        name: 'K',
        value: '18446744073709551615',
        type: CIM_UINT64,
      },
    );
    assert.deepEqual(keyOf('<KEYVALUE VALUETYPE="numeric" TYPE="real32">1.5</KEYVALUE>'), {
      name: 'K',
      value: 1.5,
      type: CIM_REAL32,
    });
    assert.equal(
      refusedWith(() => keyOf('<KEYVALUE VALUETYPE="numeric" TYPE="uint8">256</KEYVALUE>')),
      'key K of A: 256 is out of range for uint8',
    );
    assert.equal(
      refusedWith(() => keyOf('<KEYVALUE TYPE="int">1</KEYVALUE>')),
      "key K of A: TYPE 'int' unknown",
    );
  });
});

describe('DSP0201 instance names', () => {
  it('reads key bindings of values and references, in document order', () => {
    const { className, keys } = decodeInstanceKeys(
      instanceName(
        binding('S', '<KEYVALUE>s</KEYVALUE>') +
          binding('R', `<VALUE.REFERENCE>${B_NAME}</VALUE.REFERENCE>`),
      ),
    );
    assert.equal(className, 'A');
    assert.deepEqual(keys, [
      { name: 'S', value: 's', type: CIM_STRING },
      { name: 'R', value: 'B.X="x"', type: CIM_REFERENCE },
    ]);
  });

  it('refuses a key binding without a value, and one without a name', () => {
    assert.equal(
      refusedWith(() => decodeInstanceKeys(instanceName(binding('K', '')))),
      'key K of A has no value',
    );
    assert.equal(
      refusedWith(() =>
        decodeInstanceKeys(instanceName('<KEYBINDING><KEYVALUE>1</KEYVALUE></KEYBINDING>')),
      ),
      '<KEYBINDING> has no NAME attribute',
    );
    assert.equal(
      refusedWith(() => decodeInstanceKeys(xml('<INSTANCENAME/>'))),
      '<INSTANCENAME> has no CLASSNAME attribute',
    );
  });

  it('names the class in the refusal of an unnamed key value', () => {
    assert.equal(
      refusedWith(() =>
        decodeInstanceKeys(instanceName('<KEYVALUE VALUETYPE="boolean">x</KEYVALUE>')),
      ),
      "key of A: 'x' is not TRUE or FALSE",
    );
  });

  it('formats key bindings as the canonical path, keys in name order', () => {
    assert.equal(
      decodeInstanceName(
        instanceName(
          binding('Z', '<KEYVALUE VALUETYPE="numeric">7</KEYVALUE>') +
            binding('b', '<KEYVALUE VALUETYPE="boolean">true</KEYVALUE>') +
            binding('S', '<KEYVALUE>a"b\\c</KEYVALUE>') +
            binding('R', `<VALUE.REFERENCE>${B_NAME}</VALUE.REFERENCE>`),
        ),
      ),
      'A.b=TRUE,R="B.X=\\"x\\"",S="a\\"b\\\\c",Z=7',
    );
  });

  it('names a keyless instance as a singleton', () => {
    assert.equal(decodeInstanceName(instanceName('')), 'A=@');
  });

  it('writes a lone unnamed key value bare, quoted as its type wants', () => {
    assert.equal(decodeInstanceName(instanceName('<KEYVALUE>a"b\\c</KEYVALUE>')), 'A="a\\"b\\\\c"');
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="numeric">-3</KEYVALUE>')),
      'A=-3',
    );
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="boolean">TRUE</KEYVALUE>')),
      'A=TRUE',
    );
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="boolean">false</KEYVALUE>')),
      'A=FALSE',
    );
    assert.equal(
      decodeInstanceName(instanceName(`<VALUE.REFERENCE>${B_NAME}</VALUE.REFERENCE>`)),
      'A="B.X=\\"x\\""',
    );
  });

  it('writes a lone unnamed key of another numeric type bare', () => {
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="numeric" TYPE="uint8">200</KEYVALUE>')),
      'A=200',
    );
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="numeric">2.5</KEYVALUE>')),
      'A=2.5',
    );
  });

  it('names at most 40 characters of numeric text it refuses', () => {
    const text = `${'1'.repeat(45)}x`;
    assert.equal(
      refusedWith(() =>
        decodeInstanceKeys(
          instanceName(binding('K', `<KEYVALUE VALUETYPE="numeric">${text}</KEYVALUE>`)),
        ),
      ),
      `key K of A: '${'1'.repeat(40)}' is not numeric`,
    );
  });

  it('writes a lone unnamed 64-bit key bare, as a named one is written', () => {
    assert.equal(
      decodeInstanceName(instanceName('<KEYVALUE VALUETYPE="numeric" TYPE="uint64">5</KEYVALUE>')),
      'A=5',
    );
    assert.equal(
      decodeInstanceName(
        instanceName('<KEYVALUE VALUETYPE="numeric">99999999999999999999</KEYVALUE>'),
      ),
      'A=99999999999999999999',
    );
    assert.equal(
      decodeInstanceName(
        instanceName(binding('K', '<KEYVALUE VALUETYPE="numeric" TYPE="uint64">5</KEYVALUE>')),
      ),
      'A.K=5',
    );
  });
});

describe('DSP0201 references', () => {
  it('reads a class name, and an instance name without a namespace', () => {
    assert.equal(
      decodeReference(xml('<VALUE.REFERENCE><CLASSNAME NAME="C"/></VALUE.REFERENCE>')),
      'C',
    );
    assert.equal(decodeReference(xml(`<VALUE.REFERENCE>${B_NAME}</VALUE.REFERENCE>`)), 'B.X="x"');
    assert.equal(decodeReference(xml(B_NAME)), 'B.X="x"');
  });

  it('qualifies local and full paths with their namespace and drops the host', () => {
    for (const [element, expected] of [
      [`<LOCALINSTANCEPATH>${NS}${B_NAME}</LOCALINSTANCEPATH>`, 'root/cimv2:B.X="x"'],
      [`<LOCALCLASSPATH>${NS}<CLASSNAME NAME="C"/></LOCALCLASSPATH>`, 'root/cimv2:C'],
      [
        `<INSTANCEPATH><NAMESPACEPATH><HOST>h.example</HOST>${NS}</NAMESPACEPATH>${B_NAME}</INSTANCEPATH>`,
        'root/cimv2:B.X="x"',
      ],
      [
        `<CLASSPATH><NAMESPACEPATH><HOST>h</HOST>${NS}</NAMESPACEPATH><CLASSNAME NAME="C"/></CLASSPATH>`,
        'root/cimv2:C',
      ],
    ] as const) {
      assert.equal(decodeReference(xml(`<VALUE.REFERENCE>${element}</VALUE.REFERENCE>`)), expected);
      assert.equal(decodeReference(xml(element)), expected);
    }
  });

  it('reads a path that names no namespace as a local one', () => {
    assert.equal(
      decodeReference(xml(`<LOCALINSTANCEPATH>${B_NAME}</LOCALINSTANCEPATH>`)),
      'B.X="x"',
    );
    assert.equal(
      decodeReference(
        xml(
          '<CLASSPATH><NAMESPACEPATH><HOST>h</HOST></NAMESPACEPATH><CLASSNAME NAME="C"/></CLASSPATH>',
        ),
      ),
      'C',
    );
  });

  it('refuses an empty reference, a path naming no object, and what is not a path', () => {
    assert.equal(
      refusedWith(() => decodeReference(xml('<VALUE.REFERENCE/>'))),
      '<VALUE.REFERENCE> is empty',
    );
    assert.equal(
      refusedWith(() =>
        decodeReference(
          xml(`<VALUE.REFERENCE><INSTANCEPATH>${NS}</INSTANCEPATH></VALUE.REFERENCE>`),
        ),
      ),
      '<INSTANCEPATH> names no object',
    );
    assert.equal(
      refusedWith(() =>
        decodeReference(xml('<VALUE.REFERENCE><VALUE>A.K=1</VALUE></VALUE.REFERENCE>')),
      ),
      '<VALUE> is not an object path',
    );
    assert.equal(
      refusedWith(() => decodeReference(xml('<VALUE.REFERENCE><CLASSNAME/></VALUE.REFERENCE>'))),
      '<CLASSNAME> has no NAME attribute',
    );
  });
});
