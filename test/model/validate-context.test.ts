import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_CONTEXT_DEPTH,
  MAX_CONTEXT_ENTRIES,
  MAX_CONTEXT_NODES,
  validateContext,
  validateContextValues,
} from '../../src/model/validate-context.js';
import { createContext, deleteAll, deleteValue, getValue } from '../../src/model/wbem-context.js';
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
import { WBEM_MAX_IDENTIFIER } from '../../src/wbem/flags.js';
import {
  WBEM_E_INVALID_CONTEXT,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_PROVIDER_LOAD_FAILURE,
} from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

/** Asserts WBEM_E_INVALID_PARAMETER with exactly `context: <message>`. */
function refuses(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WbemError);
    assert.equal(e.hresult, WBEM_E_INVALID_PARAMETER);
    assert.equal(e.message, `WBEM_E_INVALID_PARAMETER: context: ${message}`);
    return true;
  });
}

const cls = (fields: Record<string, unknown> = {}) => ({
  genus: 1,
  name: 'X',
  properties: new Map<unknown, unknown>(),
  ...fields,
});

class Point {
  x = 1;
}

describe('validateContext (the pCtx of every call)', () => {
  describe('refusals of the context itself', () => {
    const cases: readonly (readonly [string, unknown, string])[] = [
      ['a number', 5, 'expected a context object, got an instance of Number'],
      ['a string', 'x', 'expected a context object, got an instance of String'],
      ['a boolean', true, 'expected a context object, got an instance of Boolean'],
      ['a function', () => 1, 'expected a context object, got a function'],
      ['a symbol', Symbol('s'), 'expected a context object, got a symbol'],
      ['a bigint', 1n, 'expected a context object, got a bigint'],
      ['an array', [['A', 1]], 'expected a context object, got an array'],
      [
        'a class instance',
        new Point(),
        'expected a WbemContext, a Map or a plain object, got an instance of Point',
      ],
      ['an object with symbol keys', { [Symbol('k')]: 1 }, 'symbol keys are not value names'],
      [
        'a wbem-context without an entries Map',
        { kind: 'wbem-context', entries: {} },
        'a wbem-context must hold an entries Map',
      ],
      [
        'a wbem-context with a null entry',
        { kind: 'wbem-context', entries: new Map([['a', null]]) },
        'malformed context entry',
      ],
      [
        'a wbem-context with a number entry',
        { kind: 'wbem-context', entries: new Map([['a', 5]]) },
        'malformed context entry',
      ],
      ['a Map with a number key', new Map([[5, 1]]), 'value names must be non-empty strings'],
      ['an empty name', { '': 1 }, 'value names must be non-empty strings'],
      [
        'a name that is too long',
        { [`N${'x'.repeat(WBEM_MAX_IDENTIFIER)}`]: 1 },
        `value name longer than ${WBEM_MAX_IDENTIFIER} characters`,
      ],
    ];
    for (const [condition, input, message] of cases) {
      it(`fails with WBEM_E_INVALID_PARAMETER when the context is ${condition}`, () => {
        refuses(() => validateContext(input), message);
      });
    }

    it('accepts a name of the longest length and an object without a prototype', () => {
      const name = 'n'.repeat(WBEM_MAX_IDENTIFIER);
      const bare = Object.create(null) as Record<string, unknown>;
      bare[name] = 1;
      assert.equal(getValue(validateContext(bare), name), 1);
    });

    it('reads the entries of a context rebuilt from its parts', () => {
      const ctx = validateContext({
        kind: 'wbem-context',
        entries: new Map([['x', { name: 'X', value: [1, 2] }]]),
      });
      assert.deepEqual([...(ctx?.entries.values() ?? [])], [{ name: 'X', value: [1, 2] }]);
    });
  });

  describe('entries', () => {
    it(`accepts ${MAX_CONTEXT_ENTRIES} values and refuses one more`, () => {
      const pairs = Array.from({ length: MAX_CONTEXT_ENTRIES }, (_, i) => [`v${i}`, i] as const);
      assert.equal(validateContextValues(pairs).size, MAX_CONTEXT_ENTRIES);
      refuses(
        () => validateContextValues([...pairs, ['extra', 1]]),
        `more than ${MAX_CONTEXT_ENTRIES} values`,
      );
    });

    it('refuses entries that are not [name, value] pairs', () => {
      for (const pair of [['a'], ['a', 1, 2], 'ab']) {
        refuses(
          () => validateContextValues([pair as unknown as readonly [unknown, unknown]]),
          'entries must be [name, value] pairs',
        );
      }
    });

    it('keeps the first spelling and the last value when a name is given twice', () => {
      const entries = validateContextValues([
        ['Name', 1],
        ['NAME', 2],
      ]);
      assert.deepEqual([...entries], [['name', { name: 'Name', value: 2 }]]);
    });
  });

  describe('values', () => {
    const cases: readonly (readonly [string, unknown, string])[] = [
      [
        'a function',
        () => 1,
        'value "V" is a function; allowed: string, number, boolean, object, array',
      ],
      [
        'a symbol',
        Symbol('s'),
        'value "V" is a symbol; allowed: string, number, boolean, object, array',
      ],
      ['a bigint', 2n, 'value "V" is a bigint; allowed: string, number, boolean, object, array'],
      [
        'undefined',
        undefined,
        'value "V" is undefined; allowed: string, number, boolean, object, array',
      ],
      ['null', null, 'value "V" is null; delete the value instead'],
      ['an array holding null', ['a', null], 'value "V"[1] is null; delete the value instead'],
      ['an array of arrays', [[1]], 'value "V"[0] is an array inside an array'],
      [
        'an array of numbers then strings',
        [1, 2, 'a'],
        'value "V" mixes number and string elements; arrays must be of one type',
      ],
      [
        'an array of booleans then objects',
        [true, cls()],
        'value "V" mixes boolean and object elements; arrays must be of one type',
      ],
      [
        'a plain object',
        { a: 1 },
        'value "V" is an object that is not a class or instance (genus 1 or 2)',
      ],
      [
        'a class whose name is not a string',
        cls({ name: 1 }),
        'value "V" is an object that is not a class or instance (genus 1 or 2)',
      ],
      [
        'an instance whose class name is not a string',
        { genus: 2, name: 'X', properties: new Map() },
        'value "V" is an object that is not a class or instance (genus 1 or 2)',
      ],
      [
        'an object of genus 3',
        { genus: 3, name: 'X', className: 'X', properties: new Map() },
        'value "V" is an object that is not a class or instance (genus 1 or 2)',
      ],
      [
        'a class whose properties are not a Map',
        cls({ properties: {} }),
        'value "V" is an object that is not a class or instance (genus 1 or 2)',
      ],
      [
        'a class holding a Date',
        cls({ when: new Date(0) }),
        'value "V".when is an instance of Date; only plain objects are accepted',
      ],
      [
        'a class holding a function in an array',
        cls({ list: [1, () => 1] }),
        'value "V".list[1] is a function, not plain data',
      ],
      [
        'a class holding a symbol',
        cls({ s: Symbol('s') }),
        'value "V".s is a symbol, not plain data',
      ],
      [
        'a class whose map has a number key',
        cls({ properties: new Map([[1, 'a']]) }),
        'value "V".properties has a map key that is not a string',
      ],
      [
        'a class whose map holds a bigint',
        cls({ properties: new Map([['p', 1n]]) }),
        'value "V".properties.get("p") is a bigint, not plain data',
      ],
      ['a class with symbol keys', cls({ [Symbol('k')]: 1 }), 'value "V" has symbol keys'],
      [
        'a class holding an object whose class has no constructor',
        cls({ odd: Object.create(Object.create(null)) }),
        'value "V".odd is an instance of an unknown class; only plain objects are accepted',
      ],
    ];
    for (const [condition, value, message] of cases) {
      it(`fails with WBEM_E_INVALID_PARAMETER when the value is ${condition}`, () => {
        refuses(() => createContext([['V', value]]), message);
      });
    }

    it('names the path back to the object when a class refers to itself', () => {
      const loop = cls();
      loop.properties.set('self', loop);
      refuses(
        () => createContext([['V', loop]]),
        'value "V".properties.get("self") refers back to itself (a cycle)',
      );
      const inner = { a: {} as Record<string, unknown> };
      inner.a['b'] = inner;
      refuses(
        () => createContext([['V', cls({ inner })]]),
        'value "V".inner.a.b refers back to itself (a cycle)',
      );
    });

    it(`accepts nesting to depth ${MAX_CONTEXT_DEPTH - 1} and refuses depth ${MAX_CONTEXT_DEPTH}`, () => {
      const nest = (levels: number): unknown => {
        let v: unknown = 'leaf';
        for (let i = 0; i < levels; i++) v = [v];
        return v;
      };
      const ok = createContext([['V', cls({ deep: nest(MAX_CONTEXT_DEPTH - 1) })]]);
      assert.ok(getValue(ok, 'V') !== undefined);
      refuses(
        () => createContext([['V', cls({ deep: nest(MAX_CONTEXT_DEPTH) })]]),
        `value "V".deep${'[0]'.repeat(MAX_CONTEXT_DEPTH - 1)} is nested deeper than ${MAX_CONTEXT_DEPTH} levels`,
      );
    });

    it(`counts the depth of nested Maps as of arrays, refusing depth ${MAX_CONTEXT_DEPTH}`, () => {
      const nest = (levels: number): unknown => {
        let v: unknown = 'leaf';
        for (let i = 0; i < levels; i++) v = new Map([['k', v]]);
        return v;
      };
      assert.ok(getValue(createContext([['V', cls({ deep: nest(MAX_CONTEXT_DEPTH - 1) })]]), 'V'));
      refuses(
        () => createContext([['V', cls({ deep: nest(MAX_CONTEXT_DEPTH) })]]),
        `value "V".deep${'.get("k")'.repeat(MAX_CONTEXT_DEPTH - 1)} is nested deeper than ${MAX_CONTEXT_DEPTH} levels`,
      );
    });

    it(`accepts ${MAX_CONTEXT_NODES} nodes in one value and refuses one more`, () => {
      // The class, genus, name, properties Map and list array are five nodes.
      const fits = Array.from({ length: MAX_CONTEXT_NODES - 5 }, () => 0);
      const copy = getValue(createContext([['V', cls({ list: fits })]]), 'V') as unknown as {
        list: number[];
      };
      assert.equal(copy.list.length, MAX_CONTEXT_NODES - 5);
      refuses(
        () => createContext([['V', cls({ list: [...fits, 0] })]]),
        `value "V".list[${MAX_CONTEXT_NODES - 5}]: more than ${MAX_CONTEXT_NODES} nodes`,
      );
    });

    it('copies a class with a null-prototype field, dropping undefined fields', () => {
      const bare = Object.create(null) as Record<string, unknown>;
      bare['k'] = 'v';
      const source = cls({ extra: bare, gone: undefined, n: null });
      const copy = getValue(createContext([['V', source]]), 'V') as unknown as Record<
        string,
        unknown
      >;
      assert.notEqual(copy, source);
      assert.deepEqual(copy['extra'], { k: 'v' });
      assert.equal('gone' in copy, false);
      assert.equal(copy['n'], null);
    });

    it('accepts arrays of one kind, empty arrays and instances', () => {
      const ctx = createContext([
        ['A', []],
        ['B', ['x', 'y']],
        ['C', [cls(), { genus: 2, className: 'Y', properties: new Map() }]],
      ]);
      assert.deepEqual(getValue(ctx, 'A'), []);
      assert.deepEqual(getValue(ctx, 'B'), ['x', 'y']);
      assert.equal((getValue(ctx, 'C') as unknown[]).length, 2);
    });
  });
});

describe('well-known context values (types and readers)', () => {
  const wrong: readonly (readonly [string, unknown, string])[] = [
    [CONTEXT_PROVIDER_ARCHITECTURE, 16, '32 or 64'],
    [CONTEXT_PROVIDER_ARCHITECTURE, '64', '32 or 64'],
    [CONTEXT_REQUIRED_ARCHITECTURE, 1, 'a boolean'],
    [PUT_EXTENSIONS, 'true', 'a boolean'],
    [PUT_EXT_STRICT_NULLS, 0, 'a boolean'],
    [PUT_EXT_ATOMIC, 'yes', 'a boolean'],
    [PUT_EXT_PROPERTIES, 'A', 'an array of strings'],
    [PUT_EXT_PROPERTIES, [1, 2], 'an array of strings'],
  ];
  for (const [name, value, expected] of wrong) {
    it(`fails with WBEM_E_INVALID_PARAMETER when ${name} is ${JSON.stringify(value)}`, () => {
      refuses(() => createContext([[name, value]]), `${name} must be ${expected}`);
      const lower = name.toLowerCase();
      refuses(() => createContext([[lower, value]]), `${lower} must be ${expected}`);
    });
  }

  it('accepts each well-known value of its type and unknown names of any type', () => {
    const ctx = createContext([
      [CONTEXT_PROVIDER_ARCHITECTURE, 64],
      [CONTEXT_REQUIRED_ARCHITECTURE, false],
      [PUT_EXTENSIONS, true],
      [PUT_EXT_STRICT_NULLS, false],
      [PUT_EXT_ATOMIC, true],
      [PUT_EXT_PROPERTIES, []],
      ['__Other', 'x'],
    ]);
    assert.equal(ctx.entries.size, 7);
    assert.equal(
      getValue(createContext([[CONTEXT_PROVIDER_ARCHITECTURE, 32]]), CONTEXT_PROVIDER_ARCHITECTURE),
      32,
    );
  });

  it('names both bitnesses when a required architecture is not the host one', () => {
    const ctx = createContext([
      [CONTEXT_PROVIDER_ARCHITECTURE, 64],
      [CONTEXT_REQUIRED_ARCHITECTURE, true],
    ]);
    const error = checkProviderArchitecture(ctx, 32);
    assert.equal(error?.hresult, WBEM_E_PROVIDER_LOAD_FAILURE);
    assert.equal(
      error?.message,
      'WBEM_E_PROVIDER_LOAD_FAILURE: a 64-bit provider is required, this host runs 32-bit providers',
    );
    assert.equal(
      checkProviderArchitecture(createContext([[CONTEXT_REQUIRED_ARCHITECTURE, true]]), 32),
      undefined,
    );
    assert.equal(
      checkProviderArchitecture(
        createContext([
          [CONTEXT_PROVIDER_ARCHITECTURE, 64],
          [CONTEXT_REQUIRED_ARCHITECTURE, false],
        ]),
        32,
      ),
      undefined,
    );
  });

  it('reads partial-update defaults as false and names both values when properties are missing', () => {
    assert.deepEqual(
      parsePutExtensions(
        createContext([
          [PUT_EXTENSIONS, true],
          [PUT_EXT_PROPERTIES, ['A']],
        ]),
      ),
      { properties: ['A'], strictNulls: false, atomic: false },
    );
    assert.deepEqual(
      parsePutExtensions(
        createContext([
          [PUT_EXTENSIONS, true],
          [PUT_EXT_PROPERTIES, []],
          [PUT_EXT_ATOMIC, true],
        ]),
      ),
      { properties: [], strictNulls: false, atomic: true },
    );
    assert.equal(parsePutExtensions(createContext([[PUT_EXTENSIONS, false]])), undefined);
    assert.equal(parsePutExtensions(null), undefined);
    assert.throws(
      () => parsePutExtensions(createContext([[PUT_EXTENSIONS, true]])),
      (e: unknown) =>
        e instanceof WbemError &&
        e.hresult === WBEM_E_INVALID_CONTEXT &&
        e.message ===
          'WBEM_E_INVALID_CONTEXT: __PUT_EXTENSIONS is TRUE but __PUT_EXT_PROPERTIES is not set',
    );
  });
});

describe('IWbemContext values (identity and kind)', () => {
  it('returns the same context when DeleteValue names a value that is not set', () => {
    const ctx = createContext([['A', 1]]);
    assert.equal(deleteValue(ctx, 'missing'), ctx);
    const without = deleteValue(ctx, 'a');
    assert.notEqual(without, ctx);
    assert.equal(without.kind, 'wbem-context');
    assert.equal(without.entries.size, 0);
  });

  it('gives empty contexts that validate as contexts', () => {
    for (const empty of [createContext(), deleteAll(createContext([['A', 1]]))]) {
      assert.equal(empty.kind, 'wbem-context');
      assert.equal(validateContext(empty)?.entries.size, 0);
    }
  });
});
