import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EMPTY_CHANGE_SET } from '../../src/model/change-set.js';

describe('EMPTY_CHANGE_SET', () => {
  it('changes nothing: every list is empty', () => {
    assert.deepStrictEqual(EMPTY_CHANGE_SET, {
      deleteClasses: [],
      deleteInstances: [],
      deleteInstancesOf: [],
      putClasses: [],
      putInstances: [],
      putQualifierDeclarations: [],
      deleteQualifierDeclarations: [],
    });
  });
});
