import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cimClass, cimProperty, qualifier } from '../../src/model/cim-builders.js';
import { putClassFromHeader, readPutClassHeader } from '../../src/schema/index.js';
import { WBEM_E_ALREADY_EXISTS } from '../../src/wbem/status.js';
import { CREATE_ONLY, commit, ENV, FORCE, refusal } from './helpers/env.js';
import { TestStore } from './helpers/test-store.js';

function chain(): TestStore {
  const store = new TestStore();
  commit(
    store,
    putClassFromHeader(
      store,
      readPutClassHeader(
        cimClass({
          name: 'Base',
          qualifiers: [qualifier('Description', 'base')],
          properties: [cimProperty('Id', 'string', { qualifiers: [qualifier('key', true)] })],
        }),
      ),
      CREATE_ONLY,
      ENV,
    ),
  );
  commit(
    store,
    putClassFromHeader(
      store,
      readPutClassHeader(
        cimClass({ name: 'Sub', superclass: 'Base', properties: [cimProperty('a', 'uint32')] }),
      ),
      CREATE_ONLY,
      ENV,
    ),
  );
  return store;
}

describe('PutClass without events (a namespace nobody watches)', () => {
  it('gives the same change set and no event when a class is created', () => {
    const cls = cimClass({
      name: 'Leaf',
      superclass: 'Sub',
      properties: [cimProperty('b', 'string', { value: 'x' })],
    });
    const watched = putClassFromHeader(chain(), readPutClassHeader(cls), CREATE_ONLY, ENV);
    const unwatched = putClassFromHeader(chain(), readPutClassHeader(cls), CREATE_ONLY, ENV, false);
    assert.equal(watched.events.length, 1);
    assert.deepEqual(unwatched.events, []);
    assert.deepEqual(unwatched.changes, watched.changes);
  });

  it('gives the same change set, descendants included, and no event when a class is updated', () => {
    const cls = cimClass({
      name: 'Base',
      properties: [
        cimProperty('Id', 'string', { qualifiers: [qualifier('key', true)] }),
        cimProperty('Extra', 'uint32'),
      ],
    });
    const watched = putClassFromHeader(chain(), readPutClassHeader(cls), FORCE, ENV);
    const unwatched = putClassFromHeader(chain(), readPutClassHeader(cls), FORCE, ENV, false);
    assert.equal(watched.events.length, 1);
    assert.deepEqual(unwatched.events, []);
    assert.equal(unwatched.changes.putClasses.length, 2);
    assert.deepEqual(unwatched.changes, watched.changes);
  });

  it('fails with WBEM_E_ALREADY_EXISTS when the class exists and WBEM_FLAG_CREATE_ONLY is set', () => {
    const store = chain();
    const error = refusal(() =>
      putClassFromHeader(
        store,
        readPutClassHeader(cimClass({ name: 'Sub' })),
        CREATE_ONLY,
        ENV,
        false,
      ),
    );
    assert.equal(error.hresult, WBEM_E_ALREADY_EXISTS);
  });
});
