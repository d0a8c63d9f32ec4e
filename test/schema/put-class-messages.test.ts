/**
 * @module What `putClass` tells its caller when a member of the class is refused: the HRESULT and
 * a message that names the offending qualifier, property, method or parameter and the defect, so
 * that a MOF author or a script can find it without reading the input again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { putClass } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import type { WbemError } from '../../src/wbem/wbem-error.js';
import { ENV, intent, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const SINT32 = 3;
const STRING = 8;
const UINT8 = 17;
const UINT32 = 19;
const REFERENCE = 102;

const id = (value: unknown) => ({ name: 'ID', type: SINT32, value });
const cls = (members: { properties?: unknown; methods?: unknown; qualifiers?: unknown }) => ({
  genus: 1,
  name: 'Foo',
  superclass: null,
  qualifiers: members.qualifiers ?? [],
  properties: members.properties ?? [],
  methods: members.methods ?? [],
});
const prop = (p: Record<string, unknown>) =>
  cls({ properties: [{ name: 'Prop', type: STRING, ...p }] });
const qual = (q: Record<string, unknown>) =>
  cls({ qualifiers: [{ name: 'Qual', type: STRING, value: 'v', ...q }] });
const method = (m: Record<string, unknown>) =>
  cls({ methods: [{ name: 'Meth', returnType: UINT32, ...m }] });
const params = (...ps: Record<string, unknown>[]) =>
  method({ parameters: ps.map((p) => ({ type: UINT32, ...p })) });

interface MessageCase {
  readonly desc: string;
  readonly input: unknown;
  readonly hresult: string;
  readonly message: RegExp;
}

const CASES: readonly MessageCase[] = [
  // Names of each kind of member.
  {
    desc: 'a property has an empty name',
    input: prop({ name: '' }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a property has no name$/,
  },
  {
    desc: 'a qualifier has no name',
    input: qual({ name: undefined }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a qualifier has no name$/,
  },
  {
    desc: 'a method has no name',
    input: method({ name: 7 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a method has no name$/,
  },
  {
    desc: 'a parameter has no name',
    input: params({ qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a parameter has no name$/,
  },
  {
    desc: 'a property name is 256 characters long',
    input: prop({ name: 'a'.repeat(256) }),
    hresult: 'WBEM_E_PROPERTY_NAME_TOO_WIDE',
    message: /: property name is 256 characters long \(limit 255\)$/,
  },
  {
    desc: 'a qualifier name is 300 characters long',
    input: qual({ name: 'q'.repeat(300) }),
    hresult: 'WBEM_E_QUALIFIER_NAME_TOO_WIDE',
    message: /: qualifier name is 300 characters long \(limit 255\)$/,
  },
  {
    desc: 'a method name is 256 characters long',
    input: method({ name: 'm'.repeat(256) }),
    hresult: 'WBEM_E_METHOD_NAME_TOO_WIDE',
    message: /: method name is 256 characters long \(limit 255\)$/,
  },
  {
    desc: 'a parameter name is 256 characters long',
    input: params({ name: 'p'.repeat(256), qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: parameter name is 256 characters long \(limit 255\)$/,
  },
  {
    desc: 'a property name ends in _',
    input: prop({ name: 'Prop_' }),
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: property name "Prop_" is not valid$/,
  },
  {
    desc: 'a property name is longer than a message shows',
    input: prop({ name: `${'x'.repeat(100)} y` }),
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: property name "x{80}\.\.\.\(102 chars\)" is not valid$/,
  },
  {
    desc: 'a parameter name is not an identifier',
    input: params({ name: 'a b', qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: parameter name "a b" is not valid$/,
  },
  // Qualifiers.
  {
    desc: 'a qualifier flavor is above 0xff',
    input: qual({ flavor: 0x100 }),
    hresult: 'WBEM_E_INVALID_FLAVOR',
    message: /: qualifier flavor 256 is not valid$/,
  },
  {
    desc: 'a qualifier has type uint8',
    input: qual({ type: UINT8, value: 1 }),
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier "Qual" has type 17 \(sint32, real64, string or boolean expected\)$/,
  },
  {
    desc: 'a qualifier isArray is a string',
    input: qual({ isArray: 'yes' }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier "Qual": isArray is not a boolean$/,
  },
  {
    desc: 'a qualifier value does not fit its type',
    input: qual({ value: 5 }),
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier "Qual": the value does not fit its type$/,
  },
  {
    desc: 'a qualifier appears twice in different case',
    input: cls({
      qualifiers: [
        { name: 'Qual', type: STRING, value: 'a' },
        { name: 'QUAL', type: STRING, value: 'b' },
      ],
    }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier "QUAL" appears twice$/,
  },
  {
    desc: 'a qualifier is not an object',
    input: cls({ qualifiers: ['Key'] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a qualifier is not an object$/,
  },
  {
    desc: 'the qualifiers of a property are neither a Map nor an array',
    input: prop({ qualifiers: 'Key' }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifiers must be a Map or an array$/,
  },
  // Properties.
  {
    desc: 'a property is not an object',
    input: cls({ properties: [null] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a property is not an object$/,
  },
  {
    desc: 'a property isArray is a number',
    input: prop({ isArray: 1 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "Prop": isArray is not a boolean$/,
  },
  {
    desc: 'a property has a type that is not a CIM type',
    input: prop({ type: 99 }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: property "Prop" has type 99, which is not a CIM type$/,
  },
  {
    desc: 'a property type is a string holding a CIM type number',
    input: prop({ type: '8' }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: property "Prop" has type 8, which is not a CIM type$/,
  },
  {
    desc: 'a property type is a CIM type number plus a fraction',
    input: prop({ type: 8.5 }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: property "Prop" has type 8.5, which is not a CIM type$/,
  },
  {
    desc: 'a scalar property has an arraySize',
    input: prop({ arraySize: 3 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "Prop": arraySize is not valid$/,
  },
  {
    desc: 'a property referenceClass is a number',
    input: prop({ type: REFERENCE, referenceClass: 5 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "Prop": referenceClass is not a string$/,
  },
  {
    desc: 'a property embeddedObjectClass is a boolean',
    input: prop({ type: 13, embeddedObjectClass: true }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: property "Prop": embeddedObjectClass is not a string$/,
  },
  {
    desc: 'a property default does not fit its type',
    input: prop({ type: UINT32, value: 'x' }),
    hresult: 'WBEM_E_TYPE_MISMATCH',
    message: /: property "Prop": the default value does not fit its type$/,
  },
  // Methods.
  {
    desc: 'a method is not an object',
    input: cls({ methods: [3] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a method is not an object$/,
  },
  {
    desc: 'a method returnIsArray is a string',
    input: method({ returnIsArray: 'x' }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: method "Meth": returnIsArray is not a boolean$/,
  },
  {
    desc: 'a method has a return type that is not a CIM type',
    input: method({ returnType: 99 }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: method "Meth" has return type 99$/,
  },
  {
    desc: 'a method return type is a string holding a CIM type number',
    input: method({ returnType: '19' }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: method "Meth" has return type 19$/,
  },
  {
    desc: 'a method return type is a CIM type number plus a fraction',
    input: method({ returnType: 19.5 }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: method "Meth" has return type 19.5$/,
  },
  // Parameters.
  {
    desc: 'the parameters of a method are neither a Map nor an array',
    input: method({ parameters: 5 }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: parameters of Meth must be a Map or an array$/,
  },
  {
    desc: 'a parameter is not an object',
    input: method({ parameters: ['a'] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: a parameter is not an object$/,
  },
  {
    desc: 'a parameter isArray is a string',
    input: params({ name: 'a', isArray: 'no', qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: parameter of Meth "a": isArray is not a boolean$/,
  },
  {
    desc: 'a parameter has a type that is not a CIM type',
    input: params({ name: 'a', type: 1000, qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_PROPERTY_TYPE',
    message: /: parameter of Meth "a" has type 1000, which is not a CIM type$/,
  },
  {
    desc: 'ReturnValue is declared as a parameter with an ID',
    input: params({ name: 'ReturnValue', qualifiers: [id(0)] }),
    hresult: 'WBEM_E_PARAMETER_ID_ON_RETVAL',
    message: /: ReturnValue of Meth carries an ID$/,
  },
  {
    desc: 'ReturnValue is declared as a parameter without an ID',
    input: params({ name: 'returnvalue' }),
    hresult: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
    message: /: Meth: ReturnValue is declared by returnType, not as a parameter$/,
  },
  {
    desc: 'a parameter has no ID qualifier',
    input: params({ name: 'a' }),
    hresult: 'WBEM_E_MISSING_PARAMETER_ID',
    message: /: parameter "a" of Meth has no ID qualifier$/,
  },
  {
    desc: 'a parameter has a negative ID',
    input: params({ name: 'a', qualifiers: [id(-1)] }),
    hresult: 'WBEM_E_INVALID_PARAMETER_ID',
    message: /: parameter "a" of Meth has an invalid ID$/,
  },
  {
    desc: 'a parameter default does not fit its type',
    input: params({ name: 'a', value: 'x', qualifiers: [id(0)] }),
    hresult: 'WBEM_E_TYPE_MISMATCH',
    message: /: parameter "a" of Meth: the default value does not fit its type$/,
  },
  {
    desc: 'two parameters share a name in different case',
    input: params({ name: 'a', qualifiers: [id(0)] }, { name: 'A', qualifiers: [id(1)] }),
    hresult: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
    message: /: parameter of Meth "A" appears twice$/,
  },
  {
    desc: 'two parameters share an ID',
    input: params({ name: 'a', qualifiers: [id(0)] }, { name: 'b', qualifiers: [id(0)] }),
    hresult: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
    message: /: two parameters of Meth share ID 0$/,
  },
  {
    desc: 'the parameter IDs skip one',
    input: params({ name: 'a', qualifiers: [id(0)] }, { name: 'b', qualifiers: [id(2)] }),
    hresult: 'WBEM_E_NONCONSECUTIVE_PARAMETER_IDS',
    message: /: parameter IDs of Meth are not 0\.\.1$/,
  },
  {
    desc: 'the only parameter has ID 1',
    input: params({ name: 'a', qualifiers: [id(1)] }),
    hresult: 'WBEM_E_NONCONSECUTIVE_PARAMETER_IDS',
    message: /: parameter IDs of Meth are not 0\.\.0$/,
  },
];

const refused = (input: unknown): WbemError =>
  refusal(() => putClass(new TestStore(), input, intent(), ENV), 'putClass accepted the class');

describe('PutClass: messages of refused members', () => {
  for (const c of CASES) {
    it(`fails with ${c.hresult} and a message naming the defect when ${c.desc}`, () => {
      const err = refused(c.input);
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }
});
