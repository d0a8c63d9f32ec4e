import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkChangeSet } from '../../src/store/check-change-set.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { isWbemError } from './class-store-context.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

// Stores trust the change sets the schema builds; this is the one check of their shape, used for
// what comes from outside the schema (records read back from a store file).
describe('checkChangeSet', () => {
  const malformed: { desc: string; set: () => unknown }[] = [
    { desc: 'the change set is null', set: () => null },
    { desc: 'a list is missing', set: () => ({ ...changes({}), putClasses: undefined }) },
    {
      desc: 'a class record has no resolved view',
      set: () =>
        changes({
          deleteClasses: ['Foo'],
          putClasses: [classRecord('New'), { local: classRecord('X').local } as never],
        }),
    },
    {
      desc: 'local and resolved views name different classes',
      set: () =>
        changes({
          putClasses: [{ local: classRecord('A').local, resolved: classRecord('B').local }],
        }),
    },
    {
      desc: 'a class has no name',
      set: () => changes({ putClasses: [classRecord(''), classRecord('Fine')] }),
    },
    {
      desc: 'a class has properties that are not a Map',
      set: () => {
        const bad = { ...classRecord('Bad').local, properties: {} };
        return changes({
          deleteInstancesOf: ['Foo'],
          putClasses: [{ local: bad, resolved: bad } as never],
        });
      },
    },
    {
      desc: 'an instance record has no key',
      set: () =>
        changes({
          deleteClasses: ['Bar'],
          putInstances: [instanceRecord('Foo', 5), { ...instanceRecord('Foo', 6), key: '' }],
        }),
    },
    {
      desc: 'an instance reference to delete is not an object',
      set: () => changes({ deleteInstances: [42 as never], putClasses: [classRecord('New')] }),
    },
    {
      desc: 'a qualifier declaration has no name',
      set: () =>
        changes({
          deleteQualifierDeclarations: ['Abstract'],
          putQualifierDeclarations: [{ ...declaration('X'), name: undefined } as never],
        }),
    },
    {
      desc: 'a class name to delete is not a string',
      set: () => changes({ deleteClasses: ['Foo', 7 as never] }),
    },
  ];
  for (const { desc, set } of malformed) {
    it(`fails with WBEM_E_INVALID_PARAMETER when ${desc}`, () => {
      assert.throws(() => checkChangeSet(set()), isWbemError(WBEM_E_INVALID_PARAMETER));
    });
  }

  it('accepts a well-formed change set of every kind of entry', () => {
    checkChangeSet(
      changes({
        deleteClasses: ['Foo'],
        deleteInstances: [{ className: 'Foo', key: instanceRecord('Foo', 1).key }],
        deleteInstancesOf: ['Bar'],
        putClasses: [classRecord('New', 'Foo')],
        putInstances: [instanceRecord('Foo', 3)],
        putQualifierDeclarations: [declaration('Fresh')],
        deleteQualifierDeclarations: ['Abstract'],
      }),
    );
  });
});
