/**
 * @module The `__DERIVATION`s of a call's result objects on the wire: each shared ancestor sent
 * once per call.
 *
 * A class enumeration gives its classes chained derivations (`model/derivation-chain.ts`): a
 * class's chain is its superclass's with one link in front. Sent as arrays they would be d²/2
 * names for a chain of d classes, which the host encodes and the main thread decodes and then
 * collects as garbage (at 3,000 deep: ~0.25 s of decoding and ~0.8 s in the collector on the main
 * thread, in stalls of up to 370 ms, bench/RESULTS.md). Instead, a message's objects refer to
 * links by index, and the message carries the links that are new to its call:
 *
 * ```
 *   host: replies of call 7                   each message's segment of call 7's links
 *   indicate  objects C1..C256   ──post──►   derivations { from: 0,   names: C0..C255 }
 *   indicate  objects C257..     ──post──►   derivations { from: 256, names: C256.. }
 *   ok        objects ..C4095    ──post──►   ... the call's links are dropped after it
 *   each object: systemProperties.__DERIVATION = index of its first link (-1: none)
 * ```
 *
 * So a deep result costs the wire and the receiving thread one link per ancestor it names, not
 * one name per class and ancestor. Both ends keep a call's links only while its results stream
 * (`indicate` and `progress` replies); any other message for the id ends the stream. A segment
 * starting at 0 starts the stream again, which is what the sender does after a post it could not
 * encode or send (`discard`): the messages are retried with their links in full, so the two ends
 * never disagree about what was delivered. Objects whose derivation is a plain array travel as
 * they are.
 */
import {
  type DerivationChain,
  derivationLink,
  lazyDerivation,
  withLazyDerivation,
} from '../model/derivation-chain.js';
import type { HostReply } from './protocol.js';

/** The links a message adds to its call's stream: link `from + i` is `names[i]`, then `next[i]`. */
interface Segment {
  readonly from: number;
  readonly names: string[];
  readonly next: number[];
}

/** The message field carrying the segment; no protocol message has one. */
const SEGMENT_FIELD = 'derivations';

/** Replies after which more of the same call's results follow. */
const STREAMING: ReadonlySet<unknown> = new Set<HostReply['kind']>(['indicate', 'progress']);

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message's call id, when it has one. */
function idOf(message: Fields): number | undefined {
  const id = message['id'];
  return typeof id === 'number' ? id : undefined;
}

/** Links being added to one call's stream by one message. */
class SegmentBuilder {
  readonly segment: Segment;
  readonly #index: Map<DerivationChain, number>;

  constructor(index: Map<DerivationChain, number>) {
    this.#index = index;
    this.segment = { from: index.size, names: [], next: [] };
  }

  /** The index of `chain`'s first link, adding it and whichever links below it are new. */
  add(chain: DerivationChain | null): number {
    const fresh: DerivationChain[] = [];
    let below = -1;
    for (let at = chain; at !== null; at = at.next) {
      const known = this.#index.get(at);
      if (known !== undefined) {
        below = known;
        break;
      }
      fresh.push(at);
    }
    for (let i = fresh.length - 1; i >= 0; i--) {
      const link = fresh[i] as DerivationChain;
      this.segment.next.push(below);
      this.segment.names.push(link.name);
      below = this.#index.size;
      this.#index.set(link, below);
    }
    return below;
  }
}

/** `object` with its chained `__DERIVATION` replaced by a link index; `undefined`: unchanged. */
function packObject(object: unknown, builder: SegmentBuilder): Fields | undefined {
  if (!isRecord(object) || !isRecord(object['systemProperties'])) return undefined;
  const system = object['systemProperties'];
  const chain = lazyDerivation(system);
  if (chain === undefined) return undefined;
  // Copied key by key, so the copy keeps the order of keys and the original is not read through
  // its `__DERIVATION` getter (which would build the array this form avoids).
  const packed: Fields = {};
  for (const key of Object.keys(system)) {
    packed[key] = key === '__DERIVATION' ? builder.add(chain) : system[key];
  }
  return { ...object, systemProperties: packed };
}

/** The links of one segment appended to `links` (each may point only to an earlier link). */
function appendLinks(links: DerivationChain[], segment: unknown): void {
  if (
    !isRecord(segment) ||
    segment['from'] !== links.length ||
    !Array.isArray(segment['names']) ||
    !Array.isArray(segment['next']) ||
    segment['names'].length !== segment['next'].length
  ) {
    throw new TypeError('malformed or out-of-order derivation segment');
  }
  const names: unknown[] = segment['names'];
  const next: unknown[] = segment['next'];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const below = next[i];
    const rest = below === -1 ? null : links[below as number];
    if (typeof name !== 'string' || !Number.isInteger(below) || rest === undefined) {
      throw new TypeError(`malformed derivation link ${links.length}`);
    }
    links.push(derivationLink(name, rest));
  }
}

/** One side's derivation streams: what it sent per call, and what it received per call. */
export class DerivationStreams {
  readonly #sent = new Map<number, Map<DerivationChain, number>>();
  readonly #received = new Map<number, DerivationChain[]>();

  /**
   * `batch` for the wire: a copy in which chained derivations are link indexes and each message
   * carries its new links; `batch` itself when it has none. The input is not changed.
   */
  pack(batch: unknown): unknown {
    if (!isRecord(batch) || !Array.isArray(batch['messages'])) return batch;
    const messages: unknown[] = batch['messages'];
    let copied: unknown[] | undefined;
    // Stryker disable next-line EqualityOperator: the message at length is undefined, skipped as not a record
    for (let m = 0; m < messages.length; m++) {
      const message = messages[m];
      if (!isRecord(message)) continue;
      const id = idOf(message);
      const objects = message['objects'];
      // Stryker disable next-line ConditionalExpression: an empty list packs nothing and keeps or ends the stream as below does
      if (!Array.isArray(objects) || objects.length === 0) {
        if (id !== undefined && this.#sent.size > 0 && !STREAMING.has(message['kind'])) {
          this.#sent.delete(id);
        }
        continue;
      }
      // Stryker disable next-line ConditionalExpression: no stream is kept under undefined
      const index = (id === undefined ? undefined : this.#sent.get(id)) ?? new Map();
      const builder = new SegmentBuilder(index);
      let packed: unknown[] | undefined;
      // Stryker disable next-line EqualityOperator: the object at length is undefined, left as it is
      for (let o = 0; o < objects.length; o++) {
        const object = packObject(objects[o], builder);
        if (object === undefined) continue;
        packed ??= [...objects];
        packed[o] = object;
      }
      // Stryker disable next-line ConditionalExpression: a stream kept under undefined is never read (see index above)
      if (id !== undefined) {
        if (STREAMING.has(message['kind'])) this.#sent.set(id, index);
        else this.#sent.delete(id);
      }
      if (packed === undefined) continue;
      copied ??= [...messages];
      copied[m] = { ...message, objects: packed, [SEGMENT_FIELD]: builder.segment };
    }
    return copied === undefined ? batch : { ...batch, messages: copied };
  }

  /**
   * `batch` (as given to `pack`) was not delivered: its calls' next messages start their links
   * again from the first, so the receiver is not left missing any.
   */
  discard(batch: unknown): void {
    if (!isRecord(batch) || !Array.isArray(batch['messages'])) return;
    for (const message of batch['messages']) {
      const id = isRecord(message) ? idOf(message) : undefined;
      // Stryker disable next-line ConditionalExpression: nothing is kept under undefined
      if (id !== undefined) this.#sent.delete(id);
    }
  }

  /**
   * Undoes `pack` in place on a freshly decoded batch (the receiver owns it): each indexed
   * `__DERIVATION` becomes its names again, materialised on first read.
   * @throws {TypeError} a malformed or out-of-order segment or index (the post is undecodable).
   */
  unpack(batch: unknown): unknown {
    if (!isRecord(batch) || !Array.isArray(batch['messages'])) return batch;
    for (const message of batch['messages']) {
      if (!isRecord(message)) continue;
      const id = idOf(message);
      const streaming = STREAMING.has(message['kind']);
      if (!(SEGMENT_FIELD in message)) {
        if (id !== undefined && !streaming && this.#received.size > 0) this.#received.delete(id);
        continue;
      }
      const segment = message[SEGMENT_FIELD];
      delete message[SEGMENT_FIELD];
      const links =
        isRecord(segment) && segment['from'] === 0
          ? []
          : // Stryker disable next-line ConditionalExpression: no stream is kept under undefined
            ((id === undefined ? undefined : this.#received.get(id)) ?? []);
      appendLinks(links, segment);
      // Stryker disable next-line ConditionalExpression: a stream kept under undefined is never read (see links above)
      if (id !== undefined) {
        // Stryker disable next-line ConditionalExpression: a stream kept after its call ended is replaced when the id comes back (its next segment starts at 0)
        if (streaming) this.#received.set(id, links);
        else this.#received.delete(id);
      }
      // Stryker disable next-line ConditionalExpression: pack puts a segment only on a message with objects
      if (Array.isArray(message['objects'])) resolveObjects(message['objects'], links);
    }
    return batch;
  }

  /** Forgets every stream: the other end was replaced, and its calls were failed. */
  reset(): void {
    this.#sent.clear();
    this.#received.clear();
  }
}

function resolveObjects(objects: readonly unknown[], links: readonly DerivationChain[]): void {
  for (const object of objects) {
    if (!isRecord(object) || !isRecord(object['systemProperties'])) continue;
    const system = object['systemProperties'];
    const index = system['__DERIVATION'];
    if (typeof index !== 'number') continue;
    const chain = index === -1 ? null : links[index];
    if (chain === undefined) throw new TypeError(`derivation index ${index} is not in the stream`);
    object['systemProperties'] = withLazyDerivation(system, chain);
  }
}
