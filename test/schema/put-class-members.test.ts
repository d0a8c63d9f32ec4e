/**
 * @module How the members of a put class are read and resolved, seen by a caller of `putClass`
 * and `getClass`: qualifiers under WBEM_FLAG_USE_AMENDED_QUALIFIERS, typed members read back,
 * parameter IDs, inherited and overridden members through several levels, and instance keys.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cimClass,
  cimInstance,
  cimMethod,
  cimParameter,
  cimProperty,
  idParameter,
  qualifier,
} from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  getClass,
  getInstance,
  parsePutClassFlags,
  putClass,
  putInstance,
} from '../../src/schema/index.js';
import { WBEM_FLAVOR_AMENDED } from '../../src/wbem/flavor.js';
import { commit, commitPutClass, ENV, INSTANCE, intent, outcome, SAFE } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

const WBEM_FLAG_USE_AMENDED_QUALIFIERS = 0x20000;
const key = qualifier('Key', true);
const amended = (name: string, value: string) =>
  qualifier(name, value, { flavor: WBEM_FLAVOR_AMENDED });

function store(...classes: CimClass[]): TestStore {
  const s = new TestStore();
  for (const c of classes) commitPutClass(s, c);
  return s;
}

describe('PutClass: WBEM_FLAG_USE_AMENDED_QUALIFIERS through the parsed flags', () => {
  const described = cimClass({
    name: 'Foo',
    qualifiers: [amended('Description', 'class text')],
    properties: [
      cimProperty('Id', 'string', { qualifiers: [key, amended('Description', 'id text')] }),
    ],
    methods: [
      cimMethod('M', 'uint32', {
        qualifiers: [amended('Description', 'm')],
        parameters: [
          cimParameter('a', 'uint32', {
            qualifiers: [qualifier('ID', 0), qualifier('In', true), amended('Description', 'a')],
          }),
        ],
      }),
    ],
  });

  it('drops every amended qualifier and keeps Key, ID and In when the flag is set', () => {
    const s = new TestStore();
    commitPutClass(s, described, parsePutClassFlags(WBEM_FLAG_USE_AMENDED_QUALIFIERS, 'sync'));
    const local = s.getClass('Foo')?.local;
    assert.equal(local?.qualifiers.size, 0);
    assert.deepEqual([...(local?.properties.get('id')?.qualifiers.keys() ?? [])], ['key']);
    const m = local?.methods.get('m');
    assert.equal(m?.qualifiers.size, 0);
    assert.deepEqual([...(m?.parameters.get('a')?.qualifiers.keys() ?? [])], ['id', 'in']);
    assert.equal(getClass(s, 'Foo', {}, ENV).properties.get('id')?.qualifiers.has('key'), true);
  });

  it('stores the amended qualifiers when the flag is not set', () => {
    const s = new TestStore();
    commitPutClass(s, described, parsePutClassFlags(0, 'sync'));
    const local = s.getClass('Foo')?.local;
    assert.equal(local?.qualifiers.get('description')?.value, 'class text');
    assert.equal(local?.properties.get('id')?.qualifiers.get('description')?.value, 'id text');
    assert.equal(local?.methods.get('m')?.qualifiers.get('description')?.value, 'm');
  });

  it('fails with WBEM_E_AMENDED_OBJECT when an amended read is written back with flags 0 and succeeds with the flag', () => {
    const s = store(cimClass({ name: 'Foo' }));
    const read = getClass(s, 'Foo', { useAmendedQualifiers: true }, ENV);
    for (const variant of ['sync', 'async'] as const) {
      assert.equal(
        outcome(() => putClass(s, read, parsePutClassFlags(0, variant), ENV)),
        'WBEM_E_AMENDED_OBJECT',
      );
      assert.equal(
        outcome(() =>
          putClass(s, read, parsePutClassFlags(WBEM_FLAG_USE_AMENDED_QUALIFIERS, variant), ENV),
        ),
        'WBEM_S_NO_ERROR',
      );
    }
  });

  it('succeeds with flags 0 when the class was not read with amended qualifiers', () => {
    const s = store(cimClass({ name: 'Foo' }));
    const read = getClass(s, 'Foo', {}, ENV);
    assert.equal(read.amended, undefined);
    assert.equal(
      outcome(() => putClass(s, read, parsePutClassFlags(0, 'sync'), ENV)),
      'WBEM_S_NO_ERROR',
    );
  });
});

describe('PutClass: typed members read back', () => {
  it('reads back a scalar method as scalar and an array method as an array', () => {
    const s = store(
      cimClass({
        name: 'Foo',
        methods: [
          cimMethod('Scalar', 'uint32'),
          cimMethod('List', 'string', { returnIsArray: true }),
          { ...cimMethod('Flagged', 'void'), returnType: 8 | 0x2000 },
        ],
      }),
    );
    const methods = getClass(s, 'Foo', {}, ENV).methods;
    assert.equal(methods.get('scalar')?.returnIsArray ?? false, false);
    assert.equal(methods.get('list')?.returnIsArray, true);
    assert.equal(methods.get('flagged')?.returnIsArray, true);
    assert.equal(methods.get('flagged')?.returnType, 8);
  });

  it('reads back arraySize, referenceClass and embeddedObjectClass of a property', () => {
    const s = store(
      cimClass({ name: 'Other' }),
      cimClass({
        name: 'Foo',
        properties: [
          cimProperty('Fixed', 'uint8', { isArray: true, arraySize: 4 }),
          cimProperty('Link', 'ref', { referenceClass: 'Other' }),
          cimProperty('Obj', 'object', { embeddedObjectClass: 'Other' }),
          cimProperty('Free', 'uint8', { isArray: true }),
        ],
      }),
    );
    const p = getClass(s, 'Foo', {}, ENV).properties;
    assert.equal(p.get('fixed')?.arraySize, 4);
    assert.equal(p.get('fixed')?.isArray, true);
    assert.equal(p.get('free')?.arraySize, undefined);
    assert.equal(p.get('link')?.referenceClass, 'Other');
    assert.equal(p.get('obj')?.embeddedObjectClass, 'Other');
  });

  it('reads a type with the array bit as an array of that type', () => {
    const s = store(cimClass({ name: 'Foo', properties: [cimProperty('P', 19 | 0x2000)] }));
    const p = getClass(s, 'Foo', {}, ENV).properties.get('p');
    assert.equal(p?.type, 19);
    assert.equal(p?.isArray, true);
  });

  it('fails with WBEM_E_INVALID_OBJECT when a scalar property has an arraySize', () => {
    const cls = cimClass({
      name: 'Foo',
      properties: [cimProperty('P', 'uint8', { arraySize: 4 })],
    });
    assert.equal(
      outcome(() => putClass(new TestStore(), cls, intent(), ENV)),
      'WBEM_E_INVALID_OBJECT',
    );
  });

  const parameterCases: { desc: string; ids: number[]; expect: string }[] = [
    {
      desc: 'the only parameter has ID 1',
      ids: [1],
      expect: 'WBEM_E_NONCONSECUTIVE_PARAMETER_IDS',
    },
    {
      desc: 'parameters carry IDs 1 and 2',
      ids: [1, 2],
      expect: 'WBEM_E_NONCONSECUTIVE_PARAMETER_IDS',
    },
    {
      desc: 'two parameters share ID 0',
      ids: [0, 0],
      expect: 'WBEM_E_INVALID_DUPLICATE_PARAMETER',
    },
    { desc: 'a parameter has ID -1', ids: [-1], expect: 'WBEM_E_INVALID_PARAMETER_ID' },
    { desc: 'parameters carry IDs 1 and 0 in that order', ids: [1, 0], expect: 'WBEM_S_NO_ERROR' },
    { desc: 'parameters carry IDs 0, 1 and 2', ids: [0, 1, 2], expect: 'WBEM_S_NO_ERROR' },
  ];
  for (const { desc, ids, expect } of parameterCases) {
    const title =
      expect === 'WBEM_S_NO_ERROR' ? `succeeds when ${desc}` : `fails with ${expect} when ${desc}`;
    it(title, () => {
      const cls = cimClass({
        name: 'Foo',
        methods: [
          cimMethod('M', 'void', {
            parameters: ids.map((id, i) => idParameter(`p${i}`, 'uint32', id)),
          }),
        ],
      });
      assert.equal(
        outcome(() => putClass(new TestStore(), cls, intent(), ENV)),
        expect,
      );
    });
  }
});

describe('PutClass: members through several levels of inheritance', () => {
  const a = cimClass({
    name: 'A',
    properties: [cimProperty('P', 'uint32')],
    methods: [cimMethod('M', 'uint32')],
  });

  /** Checks the resolved C, then again after A changes in safe mode (C re-derived). */
  function bothWays(classes: CimClass[], check: (c: CimClass) => void): void {
    const s = store(a, ...classes);
    check(getClass(s, 'C', {}, ENV));
    commitPutClass(
      s,
      cimClass({
        name: 'A',
        properties: [cimProperty('P', 'uint32'), cimProperty('Extra', 'string')],
        methods: [cimMethod('M', 'uint32')],
      }),
      SAFE,
    );
    const c = getClass(s, 'C', {}, ENV);
    assert.equal(c.properties.get('extra')?.classOrigin, 'A');
    check(c);
  }

  it('keeps the methods a class declares under a parent whose methods are all inherited', () => {
    bothWays(
      [
        cimClass({ name: 'B', superclass: 'A' }),
        cimClass({ name: 'C', superclass: 'B', methods: [cimMethod('N', 'string')] }),
      ],
      (c) => {
        assert.deepEqual([...c.methods.keys()].sort(), ['m', 'n']);
        assert.equal(c.methods.get('m')?.classOrigin, 'A');
        assert.equal(c.methods.get('m')?.propagated, true);
        assert.equal(c.methods.get('n')?.classOrigin, 'C');
        assert.equal(c.methods.get('n')?.propagated, false);
      },
    );
  });

  it('keeps the origin of a method overridden in a middle class', () => {
    bothWays(
      [
        cimClass({
          name: 'B',
          superclass: 'A',
          methods: [cimMethod('M', 'uint32', { qualifiers: [qualifier('Description', 'b')] })],
        }),
        cimClass({ name: 'C', superclass: 'B' }),
      ],
      (c) => {
        assert.equal(c.methods.get('m')?.classOrigin, 'A');
        assert.equal(c.methods.get('m')?.propagated, true);
      },
    );
  });

  it('keeps its own new properties and methods when a class also overrides inherited ones', () => {
    bothWays(
      [
        cimClass({ name: 'B', superclass: 'A' }),
        cimClass({
          name: 'C',
          superclass: 'B',
          properties: [cimProperty('P', 'uint32', { value: 7 }), cimProperty('Q', 'string')],
          methods: [cimMethod('M', 'uint32'), cimMethod('N', 'void')],
        }),
      ],
      (c) => {
        assert.ok(c.properties.has('p') && c.properties.has('q'));
        assert.equal(c.properties.get('p')?.value, 7);
        assert.equal(c.properties.get('p')?.classOrigin, 'A');
        assert.equal(c.properties.get('p')?.propagated, false);
        assert.equal(c.properties.get('q')?.classOrigin, 'C');
        assert.equal(c.properties.get('q')?.propagated, false);
        assert.equal(c.methods.get('m')?.propagated, false);
        assert.equal(c.methods.get('n')?.classOrigin, 'C');
      },
    );
  });

  it('fails with WBEM_E_PROPAGATED_METHOD when a ref parameter override names another class', () => {
    const method = (ref: string) =>
      cimMethod('M', 'void', {
        parameters: [
          cimParameter('r', 'ref', {
            referenceClass: ref,
            qualifiers: [qualifier('ID', 0), qualifier('In', true)],
          }),
        ],
      });
    const s = store(
      cimClass({ name: 'X' }),
      cimClass({ name: 'Y' }),
      cimClass({ name: 'Foo', methods: [method('X')] }),
    );
    assert.equal(
      outcome(() =>
        putClass(
          s,
          cimClass({ name: 'Bar', superclass: 'Foo', methods: [method('Y')] }),
          intent(),
          ENV,
        ),
      ),
      'WBEM_E_PROPAGATED_METHOD',
    );
    assert.equal(
      outcome(() =>
        putClass(
          s,
          cimClass({ name: 'Bar', superclass: 'Foo', methods: [method('X')] }),
          intent(),
          ENV,
        ),
      ),
      'WBEM_S_NO_ERROR',
    );
  });
});

describe('GetObject: instance paths normalise key values', () => {
  it('finds an instance with a string key when the path gives a number', () => {
    const s = store(
      cimClass({ name: 'Foo', properties: [cimProperty('Id', 'string', { qualifiers: [key] })] }),
    );
    commit(s, putInstance(s, cimInstance('Foo', { Id: '5' }), INSTANCE, ENV));
    assert.equal(getInstance(s, 'Foo.Id=5', ENV).properties.get('id')?.value, '5');
  });

  it('finds an instance with an integer key when the path gives it as a string', () => {
    const s = store(
      cimClass({ name: 'Foo', properties: [cimProperty('N', 'uint32', { qualifiers: [key] })] }),
    );
    commit(s, putInstance(s, cimInstance('Foo', { N: 7 }), INSTANCE, ENV));
    assert.equal(getInstance(s, 'Foo.N="7"', ENV).properties.get('n')?.value, 7);
    assert.equal(
      outcome(() => getInstance(s, 'Foo.N="seven"', ENV)),
      'WBEM_E_INVALID_OBJECT_PATH',
    );
  });
});

describe('Stored member shapes', () => {
  it('stores only the optional type fields a property has', () => {
    const store = new TestStore();
    commitPutClass(
      store,
      cimClass({
        name: 'Shapes',
        properties: [
          cimProperty('Sized', 'uint8[]', { arraySize: 4 }),
          cimProperty('Pointer', 'ref', { referenceClass: 'Shapes' }),
        ],
      }),
    );
    const stored = store.getClass('Shapes')?.local.properties;
    const sized = stored?.get('sized');
    assert.equal(sized?.arraySize, 4);
    assert.equal('referenceClass' in (sized ?? {}), false);
    assert.equal('embeddedObjectClass' in (sized ?? {}), false);
    assert.equal(stored?.get('pointer')?.referenceClass, 'Shapes');
    assert.equal('arraySize' in (stored?.get('pointer') ?? {}), false);
  });

  it('stores only the optional type fields a parameter has', () => {
    const store = new TestStore();
    const sized = {
      ...cimParameter('Sized', 'uint8[]', {
        qualifiers: [qualifier('ID', 0), qualifier('In', true)],
      }),
      arraySize: 2,
    };
    commitPutClass(
      store,
      cimClass({ name: 'Params', methods: [cimMethod('Run', 'uint32', { parameters: [sized] })] }),
    );
    const param = store.getClass('Params')?.local.methods.get('run')?.parameters.get('sized');
    assert.equal(param?.arraySize, 2);
    assert.deepEqual(
      Object.keys(param ?? {}).filter((k) => k.endsWith('Class')),
      [],
    );
  });
});
