/**
 * The wire form of chained `__DERIVATION`s (`runtime/derivation-streams.ts`, through
 * `createWireCodec`): a result sliced as the host slices it arrives equal to the eager objects on
 * every encoding, each ancestor crosses once per call, and a post that was not delivered never
 * leaves the receiver unable to rebuild what follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Unpackr } from 'msgpackr';
import { cimClass, cimProperty } from '../../src/model/cim-builders.js';
import type { CimClass } from '../../src/model/cim-class.js';
import {
  type DerivationChain,
  derivationLink,
  lazyDerivation,
} from '../../src/model/derivation-chain.js';
import type { WireEncoding } from '../../src/runtime/protocol.js';
import { createWireCodec, type WireCodec } from '../../src/runtime/wire-codec.js';
import { classSystemProperties } from '../../src/schema/class-view.js';
import { ENV } from '../schema/helpers/env.js';

const SLICE = 256;
const ENCODINGS: readonly WireEncoding[] = ['msgpack', 'clone', 'json', 'copy'];

interface Chain {
  /** As the schema enumerates them: derivations chained. */
  readonly chained: CimClass[];
  /** The same classes with eager `__DERIVATION` arrays: what callers got before. */
  readonly eager: CimClass[];
}

/** Classes `Wire_1`..`Wire_{depth-1}` of a chain rooted at `Wire_0`, as a deep enumeration gives them. */
function chainOf(depth: number, withEager = true): Chain {
  const chained: CimClass[] = [];
  const eager: CimClass[] = [];
  let chain: DerivationChain | null = null;
  let names: string[] = [];
  for (let i = 0; i < depth; i++) {
    const cls = cimClass({
      name: `Wire_${i}`,
      superclass: i === 0 ? null : `Wire_${i - 1}`,
      properties: [cimProperty(`P${i % 3}`, 'uint32')],
    });
    if (i > 0) {
      chained.push({ ...cls, systemProperties: classSystemProperties(cls, chain, ENV) });
      if (withEager)
        eager.push({ ...cls, systemProperties: classSystemProperties(cls, names, ENV) });
    }
    chain = derivationLink(cls.name, chain);
    if (withEager) names = [cls.name, ...names];
  }
  return { chained, eager };
}

/** The posts of one call's result as the host sends them: `indicate` slices, then the `ok`. */
function replyPosts(id: number, objects: readonly CimClass[]): unknown[] {
  const posts: unknown[] = [];
  let at = 0;
  for (; objects.length - at > SLICE; at += SLICE) {
    posts.push({
      kind: 'batch',
      messages: [{ kind: 'indicate', id, objects: objects.slice(at, at + SLICE) }],
    });
  }
  posts.push({
    kind: 'batch',
    messages: [{ kind: 'ok', id, objects: objects.slice(at), param: null }],
  });
  return posts;
}

/** What `postMessage` would hand the receiver for one encoded post. */
function carried(encoding: WireEncoding, data: unknown): unknown {
  return encoding === 'clone' ? structuredClone(data) : data;
}

function deliver(encoding: WireEncoding, sender: WireCodec, receiver: WireCodec, post: unknown) {
  const decoded = receiver.decode(carried(encoding, sender.encode(post).data)) as {
    messages: { objects: CimClass[] }[];
  };
  return decoded.messages.flatMap((m) => m.objects);
}

/** Derivation names an encoded post's segments carry, read from the raw encoded form. */
function linksSent(encoding: WireEncoding, sender: WireCodec, post: unknown): number {
  const { data } = sender.encode(post);
  const raw =
    encoding === 'msgpack'
      ? // After the codec's format byte (msgpack: 0).
        new Unpackr({ mapsAsObjects: false, useRecords: true }).unpack(
          new Uint8Array(data as ArrayBuffer).subarray(1),
        )
      : encoding === 'json'
        ? JSON.parse(data as string)
        : data;
  const { messages } = raw as { messages: { derivations?: { names: string[] } }[] };
  return messages.reduce((n, m) => n + (m.derivations?.names.length ?? 0), 0);
}

describe('wire codec: chained __DERIVATION', () => {
  const { chained, eager } = chainOf(520);

  for (const encoding of ENCODINGS) {
    it(`delivers objects deep-strict-equal to the eager ones when the result is sliced (${encoding})`, () => {
      const sender = createWireCodec(encoding);
      const receiver = createWireCodec(encoding);
      const got = replyPosts(7, chained).flatMap((post) =>
        deliver(encoding, sender, receiver, post),
      );
      assert.equal(got.length, eager.length);
      assert.deepStrictEqual(got, eager);
      assert.equal(JSON.stringify(got), JSON.stringify(eager));
      assert.deepStrictEqual(structuredClone(got), structuredClone(eager));
    });

    it(`sends each ancestor once per call when a chain's result spans several posts (${encoding})`, () => {
      const sender = createWireCodec(encoding);
      const total = replyPosts(8, chained).reduce<number>(
        (n, post) => n + linksSent(encoding, sender, post),
        0,
      );
      // Wire_0 .. Wire_518 are the ancestors named by Wire_1 .. Wire_519.
      assert.equal(total, chained.length);
    });
  }

  it('leaves the sender’s objects unread when it encodes them', () => {
    const sender = createWireCodec('msgpack');
    for (const post of replyPosts(9, chained)) sender.encode(post);
    for (const cls of chained) {
      const system = cls.systemProperties as object;
      assert.notEqual(lazyDerivation(system), undefined);
      assert.equal(typeof Object.getOwnPropertyDescriptor(system, '__DERIVATION')?.get, 'function');
    }
  });

  it('grows the encoded result about linearly with the depth (2k ≤ 2.5 × 1k bytes)', () => {
    const size = (depth: number) => {
      const sender = createWireCodec('msgpack');
      return replyPosts(10, chainOf(depth, false).chained).reduce<number>(
        (n, post) => n + (sender.encode(post).data as ArrayBuffer).byteLength,
        0,
      );
    };
    const small = size(1000);
    const large = size(2000);
    assert.ok(large <= 2.5 * small, `1k: ${small} bytes, 2k: ${large} bytes`);
  });

  it('rebuilds every later post when a post was encoded but not delivered', () => {
    const sender = createWireCodec('msgpack');
    const receiver = createWireCodec('msgpack');
    const posts = replyPosts(11, chained);
    const got = deliver('msgpack', sender, receiver, posts[0]);
    // The second post is encoded, then its postMessage fails: the outbox discards it and retries.
    sender.encode(posts[1]);
    sender.discard(posts[1]);
    for (const post of posts.slice(1)) got.push(...deliver('msgpack', sender, receiver, post));
    assert.deepStrictEqual(got, eager);
  });

  it('refuses a post whose links continue a stream the receiver never got', () => {
    const sender = createWireCodec('msgpack');
    const posts = replyPosts(12, chained);
    sender.encode(posts[0]);
    const second = sender.encode(posts[1]).data;
    assert.throws(() => createWireCodec('msgpack').decode(second), TypeError);
  });

  it('starts a call’s links again after its final reply when the id comes back', () => {
    const sender = createWireCodec('msgpack');
    const receiver = createWireCodec('msgpack');
    const first = replyPosts(13, chained).flatMap((p) => deliver('msgpack', sender, receiver, p));
    const again = replyPosts(13, chained).flatMap((p) => deliver('msgpack', sender, receiver, p));
    assert.deepStrictEqual(first, eager);
    assert.deepStrictEqual(again, eager);
  });

  it('passes eager derivations through unchanged when objects hold arrays', () => {
    const sender = createWireCodec('msgpack');
    const receiver = createWireCodec('msgpack');
    const got = replyPosts(14, eager).flatMap((p) => deliver('msgpack', sender, receiver, p));
    assert.deepStrictEqual(got, eager);
    assert.equal(
      replyPosts(15, eager).reduce<number>((n, p) => n + linksSent('msgpack', sender, p), 0),
      0,
    );
  });
});
