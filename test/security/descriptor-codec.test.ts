/**
 * The persisted form of a namespace's explicit descriptor (`descriptor-codec.ts`): the exact
 * text written under the namespace-metadata key, and the `WBEM_E_FAILED` refusal of each kind of
 * unreadable text, whose message says what is wrong with it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseSecurityDescriptor,
  SECURITY_DESCRIPTOR_KEY,
  serializeSecurityDescriptor,
} from '../../src/security/descriptor-codec.js';
import { ace, NO_INHERITANCE, WBEM_ALL_RIGHTS } from '../../src/security/security-descriptor.js';
import { WBEM_ENABLE } from '../../src/wbem/security.js';
import { WBEM_E_FAILED, WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const UNREADABLE = 'stored security descriptor is unreadable';

/** Parsing `text` fails with WBEM_E_FAILED and exactly `detail`; returns the error. */
const unreadable = (text: string, detail: string): WbemError => {
  let caught: unknown;
  assert.throws(
    () => parseSecurityDescriptor(text),
    (error: unknown) => {
      caught = error;
      return true;
    },
  );
  assert.ok(caught instanceof WbemError);
  assert.equal(caught.hresult, WBEM_E_FAILED);
  assert.equal(caught.detail, `${UNREADABLE}: ${detail}`);
  return caught;
};

describe('security descriptor persisted form: what is written', () => {
  it("is stored under the namespace-metadata key 'security-descriptor'", () => {
    // Part of the on-disk format: a data directory written before must still be found.
    assert.equal(SECURITY_DESCRIPTOR_KEY, 'security-descriptor');
  });

  it('writes version 1 JSON with the owner, the protected flag and Windows ACE flag bits', () => {
    const text = serializeSecurityDescriptor({
      owner: 'Administrators',
      protected: true,
      aces: [
        ace('allow', 'Administrators', WBEM_ALL_RIGHTS),
        ace('deny', 'bob', WBEM_ENABLE, { container: true, noPropagate: true, inheritOnly: true }),
        ace('allow', 'carol', WBEM_ENABLE, NO_INHERITANCE),
      ],
    });
    assert.equal(
      text,
      `{"v":1,"owner":"Administrators","protected":true,"aces":[["Administrators","A",${WBEM_ALL_RIGHTS},2],["bob","D",1,14],["carol","A",1,0]]}`,
    );
  });

  it('writes neither an owner nor the protected flag when the descriptor sets none', () => {
    assert.equal(serializeSecurityDescriptor({ aces: [] }), '{"v":1,"aces":[]}');
    assert.equal(serializeSecurityDescriptor({ aces: [], protected: false }), '{"v":1,"aces":[]}');
  });

  it('reads back a descriptor without owner or protection as exactly its entries', () => {
    const sd = { aces: [ace('allow', 'bob', WBEM_ENABLE)] };
    assert.deepEqual(parseSecurityDescriptor(serializeSecurityDescriptor(sd)), sd);
  });
});

describe('security descriptor persisted form: unreadable text fails with WBEM_E_FAILED', () => {
  it('says the text is not JSON, keeping the parse error as the cause', () => {
    const error = unreadable('{"v":1,', 'not JSON');
    assert.ok(error.cause instanceof SyntaxError);
  });

  for (const text of ['null', '5', '"text"', 'true'])
    it(`says ${text} is not an object`, () => {
      unreadable(text, 'not an object');
    });

  it('names a format version it does not know', () => {
    unreadable('{"v":2,"aces":[]}', 'unknown format version 2');
    unreadable('{"aces":[]}', 'unknown format version undefined');
    unreadable('[]', 'unknown format version undefined');
  });

  for (const text of ['{"v":1}', '{"v":1,"aces":{}}', '{"v":1,"aces":"AD"}'])
    it(`says ${text} has no ACE list`, () => {
      unreadable(text, 'no ACE list');
    });

  for (const text of [
    '{"v":1,"aces":[["x","A",1]]}',
    '{"v":1,"aces":[["x","A",1,0,0]]}',
    '{"v":1,"aces":[{"0":"x","1":"A","2":1,"3":0}]}',
    '{"v":1,"aces":["xA10"]}',
    '{"v":1,"aces":[null]}',
  ])
    it(`says an entry of ${text} is not a four-part ACE`, () => {
      unreadable(text, 'malformed ACE');
    });

  for (const flags of ['"2"', 'null', 'true'])
    it(`says ACE flags ${flags} are not a number`, () => {
      unreadable(`{"v":1,"aces":[["x","A",1,${flags}]]}`, 'malformed ACE flags');
    });

  it("reports the validator's reason for a stored entry it refuses, with that refusal as cause", () => {
    const error = unreadable(
      '{"v":1,"aces":[["x","Q",1,0]]}',
      "security descriptor: aces[0].type must be 'allow' or 'deny'",
    );
    assert.ok(error.cause instanceof WbemError);
    assert.equal(error.cause.hresult, WBEM_E_INVALID_PARAMETER);
    unreadable('{"v":1,"owner":"","aces":[]}', 'security descriptor: owner must not be empty');
    unreadable(
      '{"v":1,"aces":[["x","A",256,0]]}',
      'security descriptor: aces[0].mask 0x100 has bits that are not WBEM_* rights',
    );
  });
});
