import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkChangeSet } from '../../src/store/check-change-set.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';
import { changes, classRecord, declaration, instanceRecord } from './store-fixtures.js';

/** `assert.throws` predicate: WBEM_E_INVALID_PARAMETER with exactly this message. */
function refused(message: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
    assert.equal(error.hresult, WBEM_E_INVALID_PARAMETER >>> 0, error.message);
    assert.equal(error.detail, `malformed change set: ${message}`);
    return true;
  };
}

/** A class view with one field replaced. */
function view(name: string, extra: Record<string, unknown>): never {
  return { ...classRecord(name).local, ...extra } as never;
}

describe('checkChangeSet refusals name the first malformed entry', () => {
  const cases: { desc: string; set: unknown; message: string }[] = [
    { desc: 'the change set is a string', set: 'changes', message: 'not an object' },
    { desc: 'the change set is null', set: null, message: 'not an object' },
    {
      desc: 'a list is missing',
      set: { ...changes({}), deleteInstancesOf: undefined },
      message: 'deleteInstancesOf is not an array',
    },
    {
      desc: 'a class name to delete is empty',
      set: changes({ deleteClasses: ['Foo', ''] }),
      message: 'deleteClasses[1] is not a name',
    },
    {
      desc: 'a class whose instances are deleted has no name',
      set: changes({ deleteInstancesOf: [7 as never] }),
      message: 'deleteInstancesOf[0] is not a name',
    },
    {
      desc: 'a qualifier declaration to delete has no name',
      set: changes({ deleteQualifierDeclarations: ['Abstract', null as never] }),
      message: 'deleteQualifierDeclarations[1] is not a name',
    },
    {
      desc: 'an instance reference is null',
      set: changes({ deleteInstances: [null as never] }),
      message: 'deleteInstances[0] is not an instance reference',
    },
    {
      desc: 'an instance reference has no class name',
      set: changes({ deleteInstances: [{ className: '', key: 'k' }] }),
      message: 'deleteInstances[0] is not an instance reference',
    },
    {
      desc: 'an instance reference has no key',
      set: changes({
        deleteInstances: [{ className: 'Foo', key: 'k' }, { className: 'Foo' } as never],
      }),
      message: 'deleteInstances[1] is not an instance reference',
    },
    {
      desc: 'a class record is null',
      set: changes({ putClasses: [classRecord('Fine'), null as never] }),
      message: 'putClasses[1] is not a class record',
    },
    {
      desc: 'a class record is a number',
      set: changes({ putClasses: [5 as never] }),
      message: 'putClasses[0] is not a class record',
    },
    {
      desc: 'a local view is not an object',
      set: changes({ putClasses: [{ local: 'Foo', resolved: classRecord('Foo').local } as never] }),
      message: 'putClasses[0].local is not a class',
    },
    {
      desc: 'a resolved view is missing',
      set: changes({ putClasses: [{ local: classRecord('Foo').local } as never] }),
      message: 'putClasses[0].resolved is not a class',
    },
    {
      desc: 'a local view has no class name',
      set: changes({ putClasses: [{ local: view('', {}), resolved: classRecord('X').local }] }),
      message: 'putClasses[0].local has no class name',
    },
    {
      desc: 'a superclass is an empty name',
      set: changes({
        putClasses: [{ local: view('Foo', { superclass: '' }), resolved: view('Foo', {}) }],
      }),
      message: 'putClasses[0].local (Foo) has an invalid superclass',
    },
    {
      desc: 'a superclass is missing (neither null nor a name)',
      set: changes({
        putClasses: [{ local: view('Foo', {}), resolved: view('Foo', { superclass: undefined }) }],
      }),
      message: 'putClasses[0].resolved (Foo) has an invalid superclass',
    },
    {
      desc: 'a class has methods that are not a Map',
      set: changes({
        putClasses: [{ local: view('Foo', { methods: [] }), resolved: view('Foo', {}) }],
      }),
      message: 'putClasses[0].local (Foo).methods is not a Map',
    },
    {
      desc: 'the two views name different classes',
      set: changes({ putClasses: [{ local: view('A', {}), resolved: view('B', {}) }] }),
      message: 'putClasses[0]: local and resolved views name different classes',
    },
    {
      desc: 'the two views name different superclasses',
      set: changes({
        putClasses: [
          { local: view('A', { superclass: 'P' }), resolved: view('A', { superclass: 'Q' }) },
        ],
      }),
      message: 'putClasses[0]: local and resolved views name different classes',
    },
    {
      desc: 'one view has a superclass and the other none',
      set: changes({
        putClasses: [{ local: view('A', { superclass: 'P' }), resolved: view('A', {}) }],
      }),
      message: 'putClasses[0]: local and resolved views name different classes',
    },
    {
      desc: 'the local view has no superclass and the resolved view one',
      set: changes({
        putClasses: [{ local: view('A', {}), resolved: view('A', { superclass: 'P' }) }],
      }),
      message: 'putClasses[0]: local and resolved views name different classes',
    },
    {
      desc: 'an instance record has an empty key',
      set: changes({ putInstances: [{ ...instanceRecord('Foo', 1), key: '' }] }),
      message: 'putInstances[0] has no key',
    },
    {
      desc: 'an instance record holds no instance',
      set: changes({ putInstances: [{ key: 'k', instance: null } as never] }),
      message: 'putInstances[0].instance has no class name',
    },
    {
      desc: 'an instance has no class name',
      set: changes({
        putInstances: [
          instanceRecord('Foo', 1),
          { key: 'k', instance: { ...instanceRecord('Foo', 2).instance, className: '' } },
        ],
      }),
      message: 'putInstances[1].instance has no class name',
    },
    {
      desc: "an instance's properties are not a Map",
      set: changes({
        putInstances: [
          { key: 'k', instance: { ...instanceRecord('Foo', 2).instance, properties: {} } as never },
        ],
      }),
      message: 'putInstances[0].instance.properties is not a Map',
    },
    {
      desc: 'a qualifier declaration is null',
      set: changes({ putQualifierDeclarations: [declaration('Key'), null as never] }),
      message: 'putQualifierDeclarations[1] has no name',
    },
  ];
  for (const { desc, set, message } of cases) {
    it(`fails with WBEM_E_INVALID_PARAMETER "${message}" when ${desc}`, () => {
      assert.throws(() => checkChangeSet(set), refused(message));
    });
  }

  it('accepts views whose superclass names differ only in case', () => {
    checkChangeSet(
      changes({
        putClasses: [
          {
            local: view('A', { superclass: 'Parent' }),
            resolved: view('a', { superclass: 'PARENT' }),
          },
        ],
      }),
    );
  });

  it('accepts base classes (superclass null in both views)', () => {
    checkChangeSet(changes({ putClasses: [{ local: view('A', {}), resolved: view('A', {}) }] }));
  });
});
