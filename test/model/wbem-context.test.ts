import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { Packr } from 'msgpackr';
import type { CimClass } from '../../src/model/cim-class.js';
import { MAX_CONTEXT_DEPTH, validateContext } from '../../src/model/validate-context.js';
import {
  cloneContext,
  createContext,
  deleteAll,
  deleteValue,
  getNames,
  getValue,
  setValue,
} from '../../src/model/wbem-context.js';
import {
  CONTEXT_PROVIDER_ARCHITECTURE,
  CONTEXT_REQUIRED_ARCHITECTURE,
  checkProviderArchitecture,
  PUT_EXT_ATOMIC,
  PUT_EXT_PROPERTIES,
  PUT_EXT_STRICT_NULLS,
  PUT_EXTENSIONS,
  parsePutExtensions,
} from '../../src/model/well-known-context.js';
import {
  WBEM_E_INVALID_CONTEXT,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_PROVIDER_LOAD_FAILURE,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { makeClass } from '../fixtures/providers/make-class.js';

const failsWith = (hresult: number, fn: () => unknown, message?: RegExp): void => {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WbemError, `expected a WbemError, got ${String(e)}`);
    assert.equal(e.hresult, hresult);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  });
};

describe('IWbemContext value operations', () => {
  it('sets and gets values case-insensitively, keeping the first spelling', () => {
    const a = setValue(createContext(), 'Marker', 'x');
    const b = setValue(a, 'MARKER', 'y');
    assert.equal(getValue(b, 'marker'), 'y');
    assert.deepEqual(getNames(b), ['Marker']);
    // What setValue returns is a context still, which the engine's checks accept as one.
    assert.equal(b.kind, 'wbem-context');
    assert.deepEqual(getNames(validateContext(b)), ['Marker']);
  });

  it('leaves the original context unchanged when a value is set or deleted', () => {
    const a = createContext({ One: 1, Two: true });
    const b = setValue(a, 'Three', 3.5);
    const c = deleteValue(b, 'one');
    assert.deepEqual(getNames(a), ['One', 'Two']);
    assert.deepEqual(getNames(b), ['One', 'Two', 'Three']);
    assert.deepEqual(getNames(c), ['Two', 'Three']);
    assert.equal(getValue(c, 'One'), undefined);
  });

  it('empties the context on deleteAll and returns names of null as none', () => {
    assert.deepEqual(getNames(deleteAll(createContext({ A: 1 }))), []);
    assert.deepEqual(getNames(null), []);
    assert.equal(getValue(null, 'A'), undefined);
  });

  it('copies class objects on set, as IWbemContext::SetValue does', () => {
    const cls = makeClass('Foo', { Description: 'd' }) as CimClass & {
      qualifiers: Map<string, unknown>;
    };
    const ctx = setValue(createContext(), 'Template', cls);
    cls.qualifiers.clear();
    const stored = getValue(ctx, 'Template') as CimClass;
    assert.notEqual(stored, cls);
    assert.equal(stored.qualifiers.size, 1);
  });

  it('deep-copies on clone', () => {
    const ctx = createContext({ List: ['a', 'b'], Obj: makeClass('Foo') });
    const copy = cloneContext(ctx);
    assert.deepEqual(copy, ctx);
    assert.notEqual(getValue(copy, 'List'), getValue(ctx, 'List'));
    assert.notEqual(getValue(copy, 'Obj'), getValue(ctx, 'Obj'));
  });

  it('accepts every allowed value type and homogeneous arrays of them', () => {
    const ctx = createContext({
      I4: 42,
      R8: 0.25,
      Bool: false,
      Bstr: 'text',
      Cls: makeClass('Foo'),
      Inst: { genus: 2, className: 'Foo', properties: new Map() },
      Strings: ['a'],
      Numbers: [1, 2],
      Bools: [true],
      Objects: [makeClass('A'), makeClass('B')],
      Empty: [],
    });
    assert.equal(getNames(ctx).length, 11);
  });
});

describe('validateContext', () => {
  it('gives null for a NULL context', () => {
    assert.equal(validateContext(null), null);
    assert.equal(validateContext(undefined), null);
  });

  it('accepts a WbemContext, a Map and a plain object', () => {
    const expected = createContext({ A: 1 });
    assert.deepEqual(validateContext(expected), expected);
    assert.deepEqual(validateContext(new Map([['A', 1]])), expected);
    assert.deepEqual(validateContext({ A: 1 }), expected);
  });

  it('accepts a context rebuilt by structured clone on another thread', () => {
    const ctx = createContext({ A: 'x', Cls: makeClass('Foo', { Key: true }) });
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(ctx);
    const received = receiveMessageOnPort(port2)?.message;
    port1.close();
    assert.deepEqual(validateContext(received), ctx);
  });

  it('survives the engine wire encoding (msgpack records, maps kept as Map)', () => {
    const ctx = createContext({
      A: 'x',
      B: 2,
      C: [true, false],
      Cls: makeClass('Foo', { Key: true }),
    });
    const packr = new Packr({ mapsAsObjects: false, useRecords: true });
    assert.deepEqual(validateContext(packr.unpack(packr.pack(ctx))), ctx);
  });

  const cyclic: Record<string, unknown> = { genus: 1, name: 'Loop', properties: new Map() };
  (cyclic['properties'] as Map<string, unknown>).set('self', cyclic);
  let deep: unknown = 'leaf';
  for (let i = 0; i < MAX_CONTEXT_DEPTH + 5; i++) deep = [deep];
  class Point {
    x = 1;
  }

  const BAD: readonly { desc: string; input: unknown; message: RegExp }[] = [
    { desc: 'a value is a function', input: { F: () => 1 }, message: /function/ },
    { desc: 'a value is a symbol', input: { S: Symbol('s') }, message: /symbol/ },
    { desc: 'a value is a bigint', input: { B: 10n }, message: /bigint/ },
    { desc: 'a value is undefined', input: new Map([['U', undefined]]), message: /undefined/ },
    { desc: 'a value is null', input: { N: null }, message: /null/ },
    { desc: 'a class object refers back to itself', input: { C: cyclic }, message: /cycle/ },
    {
      desc: 'a value is a class instance',
      input: { P: new Point() },
      message: /not a class or instance/,
    },
    { desc: 'a value is a Date', input: { D: new Date(0) }, message: /not a class or instance/ },
    {
      desc: 'an object has a prototype inside a class',
      input: { C: { ...makeClass('X'), when: new Date(0) } },
      message: /Date/,
    },
    {
      desc: 'an object has a function inside a class',
      input: { C: { ...makeClass('X'), f: () => 1 } },
      message: /function/,
    },
    { desc: 'a plain object is not a class or instance', input: { O: { a: 1 } }, message: /genus/ },
    { desc: 'an array mixes types', input: { M: [1, 'a'] }, message: /mixes/ },
    { desc: 'arrays are nested', input: { M: [[1]] }, message: /array inside an array/ },
    {
      desc: 'a class object is nested too deep',
      input: { C: { ...makeClass('X'), deep } },
      message: /deeper/,
    },
    { desc: 'the context is a number', input: 5, message: /context/ },
    { desc: 'the context is an array', input: [['A', 1]], message: /array/ },
    { desc: 'the context is a class instance', input: new Point(), message: /Point/ },
    { desc: 'a name is empty', input: { '': 1 }, message: /name/ },
    { desc: 'the object has symbol keys', input: { [Symbol('k')]: 1 }, message: /symbol/ },
    {
      desc: `${CONTEXT_PROVIDER_ARCHITECTURE} is not 32 or 64`,
      input: { __ProviderArchitecture: 16 },
      message: /32 or 64/,
    },
    {
      desc: `${CONTEXT_REQUIRED_ARCHITECTURE} is not a boolean`,
      input: { __RequiredArchitecture: 1 },
      message: /boolean/,
    },
    {
      desc: `${PUT_EXT_PROPERTIES} is not a string array`,
      input: { __PUT_EXT_PROPERTIES: 'A' },
      message: /array of strings/,
    },
    {
      desc: 'a wbem-context has no entries map',
      input: { kind: 'wbem-context', entries: [] },
      message: /entries/,
    },
  ];
  for (const c of BAD)
    it(`fails with WBEM_E_INVALID_PARAMETER when ${c.desc}`, () => {
      failsWith(WBEM_E_INVALID_PARAMETER, () => validateContext(c.input), c.message);
    });

  it('fails with WBEM_E_INVALID_PARAMETER when setValue is given a function', () => {
    failsWith(WBEM_E_INVALID_PARAMETER, () => setValue(createContext(), 'F', () => 1));
  });

  it('accepts shared (non-cyclic) references inside a class object', () => {
    const shared = { name: 'Q', type: 8, value: 'v', flavor: 0 };
    const cls = {
      ...makeClass('X'),
      qualifiers: new Map([
        ['a', shared],
        ['b', shared],
      ]),
    };
    assert.equal(getNames(validateContext({ C: cls })).length, 1);
  });

  it('drops undefined fields inside objects instead of refusing them', () => {
    const ctx = validateContext({ C: { ...makeClass('X'), amended: undefined } });
    assert.equal('amended' in (getValue(ctx, 'C') as object), false);
  });
});

describe('well-known context values', () => {
  it('fails with WBEM_E_PROVIDER_LOAD_FAILURE when a required architecture is not the host one', () => {
    const ctx = createContext({
      [CONTEXT_PROVIDER_ARCHITECTURE]: 32,
      [CONTEXT_REQUIRED_ARCHITECTURE]: true,
    });
    assert.equal(checkProviderArchitecture(ctx, 64)?.hresult, WBEM_E_PROVIDER_LOAD_FAILURE);
    assert.equal(checkProviderArchitecture(ctx, 32), undefined);
  });

  it('accepts any architecture when it is not required', () => {
    const ctx = createContext({ [CONTEXT_PROVIDER_ARCHITECTURE]: 32 });
    assert.equal(checkProviderArchitecture(ctx, 64), undefined);
    assert.equal(checkProviderArchitecture(null, 64), undefined);
  });

  it('reads the PutInstance partial-update values', () => {
    const ctx = createContext({
      [PUT_EXTENSIONS]: true,
      [PUT_EXT_PROPERTIES]: ['A', 'B'],
      [PUT_EXT_STRICT_NULLS]: true,
      [PUT_EXT_ATOMIC]: false,
    });
    assert.deepEqual(parsePutExtensions(ctx), {
      properties: ['A', 'B'],
      strictNulls: true,
      atomic: false,
    });
    assert.equal(parsePutExtensions(createContext({ [PUT_EXT_PROPERTIES]: ['A'] })), undefined);
  });

  it('fails with WBEM_E_INVALID_CONTEXT when __PUT_EXTENSIONS is set without __PUT_EXT_PROPERTIES', () => {
    failsWith(WBEM_E_INVALID_CONTEXT, () =>
      parsePutExtensions(createContext({ [PUT_EXTENSIONS]: true })),
    );
  });
});
