/**
 * @module Safe-mode updates of a class with subclasses (spec §5.3) as `putClass` reports them:
 * which subclass conflict wins and with which update code, which subclasses the change set puts
 * again, and that re-derivation applies the same schema rules as a put.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimMethod, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import { DMTF_RULES } from '../../src/schema/decisions.js';
import { type OperationEnv, putClass } from '../../src/schema/index.js';
import { hresultName } from '../../src/wbem/status.js';
import { commit, ENV, FORCE, refusal, SAFE } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

function storeOf(classes: readonly CimClass[], env: OperationEnv = ENV): TestStore {
  const s = new TestStore();
  for (const c of classes) commit(s, putClass(s, c, SAFE, env));
  return s;
}

const putAgain = (classes: readonly CimClass[], update: CimClass, env: OperationEnv = ENV) => {
  const s = storeOf(classes, env);
  return () => putClass(s, update, SAFE, env);
};

const failure = (op: () => unknown): string => {
  const err = refusal(op, 'the update was accepted');
  return `${hresultName(err.hresult)}: ${err.message.replace(/^[A-Z_]+: /, '')}`;
};

const putNames = (op: () => ReturnType<typeof putClass>) =>
  op().changes.putClasses.map((r) => r.local.name);

describe('PutClass (safe update of a class with subclasses)', () => {
  it('fails with WBEM_E_CANNOT_BE_ABSTRACT when the superclass of an abstract subclass stops being abstract', () => {
    const abstract = qualifier('Abstract', true);
    const op = putAgain(
      [
        cimClass({ name: 'Foo', qualifiers: [abstract] }),
        cimClass({ name: 'Bar', superclass: 'Foo', qualifiers: [abstract] }),
      ],
      cimClass({ name: 'Foo' }),
    );
    assert.equal(
      failure(op),
      'WBEM_E_CANNOT_BE_ABSTRACT: subclass Bar conflicts with the update: Bar is abstract but its superclass Foo is not',
    );
  });

  it('re-derives a subclass with methods of its own when the superclass removes a method it does not override', () => {
    const op = putAgain(
      [
        cimClass({ name: 'Foo', methods: [cimMethod('M', 'uint32')] }),
        cimClass({ name: 'Bar', superclass: 'Foo', methods: [cimMethod('N', 'uint32')] }),
      ],
      cimClass({ name: 'Foo' }),
    );
    assert.deepEqual(putNames(op), ['Foo', 'Bar']);
  });

  it('reports the conflict the update causes before one the subclass view shows when a subclass has both', () => {
    const op = putAgain(
      [
        cimClass({ name: 'Foo', properties: [cimProperty('P', 'string')] }),
        cimClass({
          name: 'Bar',
          superclass: 'Foo',
          properties: [cimProperty('P', 'string'), cimProperty('Q', 'uint32')],
        }),
      ],
      cimClass({ name: 'Foo', properties: [cimProperty('Q', 'string')] }),
    );
    assert.equal(
      failure(op),
      'WBEM_E_CLASS_HAS_CHILDREN: subclass Bar conflicts with the update: Bar.P overrides a removed property',
    );
  });

  it('puts only the updated class again when no subclass view changes', () => {
    const note = (value: string) => qualifier('Note', value);
    const P = cimProperty('P', 'string');
    const op = putAgain(
      [
        cimClass({ name: 'Foo', qualifiers: [note('a')], properties: [P] }),
        cimClass({ name: 'Bar', superclass: 'Foo' }),
      ],
      cimClass({ name: 'Foo', qualifiers: [note('b')], properties: [P] }),
    );
    assert.deepEqual(putNames(op), ['Foo']);
  });

  it('checks a narrowed reference of a subclass against the new reference class under DMTF rules', () => {
    const env: OperationEnv = { ...ENV, rules: DMTF_RULES };
    const ref = (referenceClass: string) => cimProperty('R', 'ref', { referenceClass });
    const classes = [
      cimClass({ name: 'A' }),
      cimClass({ name: 'B', superclass: 'A' }),
      cimClass({ name: 'C' }),
      cimClass({ name: 'Foo', properties: [ref('A')] }),
      cimClass({ name: 'Bar', superclass: 'Foo', properties: [ref('B')] }),
    ];
    assert.equal(
      failure(putAgain(classes, cimClass({ name: 'Foo', properties: [ref('C')] }), env)),
      'WBEM_E_UPDATE_TYPE_MISMATCH: subclass Bar conflicts with the update: Bar.R redefines an inherited property with another type',
    );
    const widened = cimClass({ name: 'Foo', properties: [ref('A'), cimProperty('X', 'string')] });
    assert.deepEqual(putNames(putAgain(classes, widened, env)), ['Foo', 'Bar']);
  });
});

describe('PutClass (force update of a class with subclasses)', () => {
  it('reports the conflict no removal can fix when a subclass also has one it could remove', () => {
    const many = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => cimProperty(`${prefix}${i}`, 'uint8'));
    const s = storeOf([
      cimClass({ name: 'Foo' }),
      cimClass({
        name: 'Bar',
        superclass: 'Foo',
        properties: [cimProperty('P', 'uint32'), ...many(30, 'B')],
      }),
    ]);
    const update = cimClass({
      name: 'Foo',
      properties: [cimProperty('P', 'string'), ...many(1000, 'F')],
    });
    assert.match(
      failure(() => putClass(s, update, FORCE, ENV)),
      /^WBEM_E_CLASS_HAS_CHILDREN: subclass Bar conflicts with the update: Bar has \d+ properties/,
    );
  });
});
