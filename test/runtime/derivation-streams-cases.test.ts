/**
 * Cases of the derivation streams (`runtime/derivation-streams.ts`, through `createWireCodec`)
 * found by mutation testing: which replies keep a call's stream and which end it on both ends,
 * a message mixing chained objects with others, and the TypeError, with its message, for a
 * segment or index that is not a stream's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DerivationChain,
  derivationLink,
  withLazyDerivation,
} from '../../src/model/derivation-chain.js';
import { createWireCodec } from '../../src/runtime/wire-codec.js';

/** One chain as an enumeration shares it: `B` derives from `A`, `A` from nothing. */
const LINK_A = derivationLink('A', null);
const LINK_B = derivationLink('B', LINK_A);
const CHAINS: Readonly<Record<string, DerivationChain | null>> = { '': null, A: LINK_A, B: LINK_B };

/** A class result named `name` whose chained `__DERIVATION` starts at its superclass `above`. */
function chained(name: string, above = '') {
  const chain = CHAINS[above] ?? null;
  return {
    name,
    systemProperties: withLazyDerivation({ __CLASS: name, __DERIVATION: [] as string[] }, chain),
  };
}

const batch = (...messages: unknown[]) => ({ kind: 'batch', messages });
const indicate = (id: unknown, ...objects: unknown[]) => ({ kind: 'indicate', id, objects });

interface Decoded {
  messages: { kind: string; objects?: { systemProperties?: { __DERIVATION: unknown } }[] }[];
}

/** A sender and a receiver on the clone encoding; `post` returns the links the post carried. */
function pair() {
  const sender = createWireCodec('clone');
  const receiver = createWireCodec('clone');
  return {
    post(value: unknown): { links: number; back: Decoded } {
      const data = structuredClone(sender.encode(value).data) as {
        messages: { derivations?: { names: string[] } }[];
      };
      const links = data.messages.reduce((n, m) => n + (m?.derivations?.names.length ?? 0), 0);
      return { links, back: receiver.decode(data) as Decoded };
    },
    receiver,
  };
}

const derivationOf = (back: Decoded, m = 0, o = 0): unknown =>
  back.messages[m]?.objects?.[o]?.systemProperties?.__DERIVATION;

describe('derivation streams: which replies keep a call’s stream', () => {
  it('keeps it through a progress reply, sending each ancestor once', () => {
    const { post } = pair();
    assert.equal(post(batch(indicate(7, chained('B', 'A')))).links, 1);
    post(batch({ kind: 'progress', id: 7, current: 1, total: 2 }));
    const next = post(batch(indicate(7, chained('C', 'B'))));
    assert.equal(next.links, 1, 'only B is new');
    assert.deepEqual(derivationOf(next.back), ['B', 'A']);
  });

  it('ends it on a reply without objects, so a new call with the id starts again', () => {
    for (const end of [
      { kind: 'fail', id: 7, hresult: 0x80041001, message: 'failed' },
      { kind: 'ok', id: 7, objects: [], param: null },
    ]) {
      const { post } = pair();
      post(batch(indicate(7, chained('B', 'A'))));
      post(batch(end));
      const next = post(batch(indicate(7, chained('C', 'B'))));
      assert.equal(next.links, 2, `after ${end.kind}: A and B again`);
      assert.deepEqual(derivationOf(next.back), ['B', 'A']);
    }
  });

  it('keeps no stream for a message whose id is not a number', () => {
    const { post } = pair();
    assert.equal(post(batch(indicate('7', chained('B', 'A')))).links, 1);
    const next = post(batch(indicate('7', chained('C', 'B'))));
    assert.equal(next.links, 2);
    assert.deepEqual(derivationOf(next.back), ['B', 'A']);
  });
});

describe('derivation streams: what a message holds', () => {
  it('keeps the other objects and messages of a batch beside the chained ones, in place', () => {
    const { post } = pair();
    const eager = { name: 'E', systemProperties: { __CLASS: 'E', __DERIVATION: ['Base'] } };
    const value = batch(
      { kind: 'cancel', ids: [3] },
      indicate(7, null, { name: 'N' }, eager, chained('R'), chained('B', 'A')),
    );
    const { back } = post(value);
    assert.deepStrictEqual(back.messages[0], { kind: 'cancel', ids: [3] });
    const objects = back.messages[1]?.objects ?? [];
    assert.equal(objects.length, 5);
    assert.equal(objects[0], null);
    assert.deepStrictEqual(objects[1], { name: 'N' });
    assert.deepStrictEqual(objects[2], eager);
    assert.deepEqual(derivationOf(back, 1, 3), [], 'a root class');
    assert.deepEqual(derivationOf(back, 1, 4), ['A']);
  });

  it('lets discard take what is not a batch', () => {
    const codec = createWireCodec('clone');
    for (const value of [null, 'text', { messages: null }, batch(null, 'x')]) codec.discard(value);
  });
});

describe('derivation streams: a segment or index that is not the stream’s', () => {
  /** A decoded post of one indicate for call 7 with `segment` and one object at `index`. */
  const crafted = (segment: unknown, index = 0) =>
    batch({
      kind: 'indicate',
      id: 7,
      objects: [{ name: 'X', systemProperties: { __CLASS: 'X', __DERIVATION: index } }],
      derivations: segment,
    });
  const cases: readonly [string, unknown, number, string][] = [
    [
      'more links than names',
      { from: 0, names: ['A'], next: [-1, -1] },
      0,
      'malformed or out-of-order derivation segment',
    ],
    [
      'a name that is not a string',
      { from: 0, names: [5], next: [-1] },
      0,
      'malformed derivation link 0',
    ],
    [
      'a link below that is not an integer',
      { from: 0, names: ['A', 'B'], next: [-1, '0'] },
      0,
      'malformed derivation link 1',
    ],
    [
      'a link below that is not yet in the stream',
      { from: 0, names: ['A', 'B'], next: [-1, 1] },
      0,
      'malformed derivation link 1',
    ],
    [
      'an object index past the stream',
      { from: 0, names: ['A'], next: [-1] },
      1,
      'derivation index 1 is not in the stream',
    ],
  ];
  for (const [what, segment, index, message] of cases) {
    it(`refuses ${what} with a TypeError naming it`, () => {
      assert.throws(
        () => createWireCodec('clone').decode(crafted(segment, index)),
        (error: unknown) => error instanceof TypeError && error.message === message,
      );
    });
  }
});
