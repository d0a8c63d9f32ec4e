/**
 * @module Qualifier declarations as a caller sees them: the declaration `putQualifierDeclaration`
 * stores (defaults filled in, input copied), and the HRESULT and message of every refusal of
 * put, get and delete.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deleteQualifierDeclaration,
  getQualifierDeclaration,
  putQualifierDeclaration,
} from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import { commit, ENV, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const SINT32 = 3;
const STRING = 8;
const BOOLEAN = 11;
const OBJECT = 13;

function stored(decl: Record<string, unknown>): unknown {
  const s = new TestStore();
  commit(s, putQualifierDeclaration(s, decl, ENV));
  return getQualifierDeclaration(s, String(decl['name']));
}

interface RefusalCase {
  readonly desc: string;
  readonly decl: unknown;
  readonly hresult: string;
  readonly message: RegExp;
}

const Q = { name: 'Q', type: BOOLEAN, value: true };

const REFUSALS: readonly RefusalCase[] = [
  {
    desc: 'no declaration is given',
    decl: undefined,
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: no qualifier declaration was given$/,
  },
  {
    desc: 'the declaration has no name',
    decl: { type: BOOLEAN },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: a qualifier name is required$/,
  },
  {
    desc: 'the name is empty',
    decl: { ...Q, name: '' },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: a qualifier name is required$/,
  },
  {
    desc: 'the name is 256 characters long',
    decl: { ...Q, name: 'q'.repeat(256) },
    hresult: 'WBEM_E_QUALIFIER_NAME_TOO_WIDE',
    message: /: qualifier name is 256 characters long$/,
  },
  {
    desc: 'the name ends in _',
    decl: { ...Q, name: 'Q_' },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: qualifier name "Q_" is not valid$/,
  },
  {
    desc: 'the name is not an identifier',
    decl: { ...Q, name: 'a b' },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: qualifier name "a b" is not valid$/,
  },
  {
    desc: 'the type is not a CIM type',
    decl: { ...Q, type: 99 },
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier Q has type 99$/,
  },
  {
    desc: 'the type is object',
    decl: { ...Q, type: OBJECT, value: null },
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier Q has type 13$/,
  },
  {
    desc: 'isArray is a string',
    decl: { ...Q, isArray: 'true' },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier Q: isArray is not a boolean$/,
  },
  {
    desc: 'the default does not fit its type',
    decl: { ...Q, value: 'yes' },
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier Q: the default does not fit its type$/,
  },
  {
    desc: 'a scalar default is given for an array declaration',
    decl: { ...Q, isArray: true },
    hresult: 'WBEM_E_INVALID_QUALIFIER_TYPE',
    message: /: qualifier Q: the default does not fit its type$/,
  },
  {
    desc: 'the scopes are a string',
    decl: { ...Q, scopes: 'class' },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: qualifier Q: scopes are not valid$/,
  },
  {
    desc: 'one scope of several is unknown',
    decl: { ...Q, scopes: ['class', 'everywhere'] },
    hresult: 'WBEM_E_INVALID_PARAMETER',
    message: /: qualifier Q: scopes are not valid$/,
  },
  {
    desc: 'the flavor is a string',
    decl: { ...Q, flavor: '1' },
    hresult: 'WBEM_E_INVALID_FLAVOR',
    message: /: qualifier Q: flavor 1 is not valid$/,
  },
  {
    desc: 'the flavor is fractional',
    decl: { ...Q, flavor: 1.5 },
    hresult: 'WBEM_E_INVALID_FLAVOR',
    message: /: qualifier Q: flavor 1.5 is not valid$/,
  },
  {
    desc: 'the flavor carries the origin bit',
    decl: { ...Q, flavor: 0x20 },
    hresult: 'WBEM_E_INVALID_FLAVOR',
    message: /: qualifier Q: flavor 32 is not valid$/,
  },
  {
    desc: 'an array declaration has a negative arraySize',
    decl: { ...Q, isArray: true, value: [true], arraySize: -1 },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier Q: arraySize is not valid$/,
  },
  {
    desc: 'an array declaration has a fractional arraySize',
    decl: { ...Q, isArray: true, value: [true], arraySize: 2.5 },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier Q: arraySize is not valid$/,
  },
  {
    desc: 'an array declaration has an arraySize given as a string',
    decl: { ...Q, isArray: true, value: [true], arraySize: '2' },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier Q: arraySize is not valid$/,
  },
  {
    desc: 'a scalar declaration has an arraySize',
    decl: { ...Q, arraySize: 2 },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: qualifier Q: arraySize is not valid$/,
  },
  {
    desc: 'reading the declaration throws',
    decl: {
      get name(): string {
        throw new Error('boom');
      },
    },
    hresult: 'WBEM_E_INVALID_OBJECT',
    message: /: the qualifier declaration could not be read$/,
  },
];

describe('PutQualifierDeclaration', () => {
  for (const c of REFUSALS) {
    it(`fails with ${c.hresult} and names the defect when ${c.desc}`, () => {
      const err = refusal(() => putQualifierDeclaration(new TestStore(), c.decl, ENV));
      assert.equal(hresultName(err.hresult), c.hresult);
      assert.match(err.message, c.message);
    });
  }

  it('stores a scalar declaration with scope any, flavor 0 and a null default when they are omitted', () => {
    assert.deepEqual(stored({ name: 'Q', type: STRING }), {
      name: 'Q',
      type: STRING,
      isArray: false,
      value: null,
      scopes: ['any'],
      flavor: 0,
    });
  });

  it('stores an array declaration with its arraySize, scopes once each and its flavor', () => {
    assert.deepEqual(
      stored({
        name: 'Values',
        type: SINT32,
        isArray: true,
        arraySize: 0,
        value: [1, 2],
        scopes: ['property', 'method', 'property'],
        flavor: 0x3,
      }),
      {
        name: 'Values',
        type: SINT32,
        isArray: true,
        arraySize: 0,
        value: [1, 2],
        scopes: ['property', 'method'],
        flavor: 0x3,
      },
    );
  });

  it('accepts a name of 255 characters', () => {
    const name = 'q'.repeat(255);
    assert.equal((stored({ name, type: BOOLEAN }) as { name: string }).name, name);
  });

  it('keeps the stored default when the caller changes its array afterwards', () => {
    const value = ['a'];
    const s = new TestStore();
    commit(s, putQualifierDeclaration(s, { name: 'Q', type: STRING, isArray: true, value }, ENV));
    value.push('b');
    assert.deepEqual(getQualifierDeclaration(s, 'Q').value, ['a']);
  });

  it('raises no event and writes nothing but the declaration when it is put', () => {
    const m = putQualifierDeclaration(new TestStore(), Q, ENV);
    assert.deepEqual(m.events, []);
    assert.equal(m.changes.putQualifierDeclarations.length, 1);
    assert.deepEqual(m.changes.putClasses, []);
    assert.deepEqual(m.changes.deleteQualifierDeclarations, []);
  });
});

describe('GetQualifierDeclaration / DeleteQualifierDeclaration', () => {
  it('fails with WBEM_E_NOT_FOUND naming the qualifier when it is not declared', () => {
    for (const op of [
      () => getQualifierDeclaration(new TestStore(), 'Units'),
      () => deleteQualifierDeclaration(new TestStore(), 'Units', ENV),
    ]) {
      const err = refusal(op);
      assert.equal(hresultName(err.hresult), 'WBEM_E_NOT_FOUND');
      assert.match(err.message, /: qualifier Units is not declared$/);
    }
  });

  it('fails with WBEM_E_INVALID_PARAMETER when the name is not a string', () => {
    const err = refusal(() => getQualifierDeclaration(new TestStore(), 5));
    assert.equal(hresultName(err.hresult), 'WBEM_E_INVALID_PARAMETER');
    assert.match(err.message, /: a qualifier name is required$/);
  });

  it('deletes the declaration by its stored spelling when named in another case', () => {
    const s = new TestStore();
    commit(s, putQualifierDeclaration(s, Q, ENV));
    const m = deleteQualifierDeclaration(s, 'q', ENV);
    assert.deepEqual(m.changes.deleteQualifierDeclarations, ['Q']);
    assert.deepEqual(m.changes.putQualifierDeclarations, []);
    assert.deepEqual(m.events, []);
  });
});
