/**
 * @module The frame of a batch in a fixed layout (`write-put-class-batch.ts`,
 * `reply-batch-wire.ts`): `{ kind: 'batch', messages }` as a message count and the messages, each
 * written by the layout of its kind. A batch any message of which does not fit goes by the
 * general route (msgpack or structured clone), whole.
 */
import { BATCH, presence } from './put-class-layout.js';
import { ByteReader, type ByteWriter, OFF_LAYOUT } from './wire-bytes.js';

/** True when `Object.prototype` has an enumerable key (someone added one): `presence` sees it. */
function prototypeTouched(): boolean {
  for (const _ in {}) return true;
  return false;
}

/**
 * The batch after `prefix` (the codec's format byte) when `first` accepts its first message's
 * kind and `write` every message; `undefined` otherwise, and while `out` is busy with another
 * batch (nothing is thrown for a value that does not fit, only what reading it throws: a
 * getter's error).
 */
export function writeFixedBatch(
  out: ByteWriter,
  batch: unknown,
  prefix: number,
  first: (kind: unknown) => boolean,
  write: (out: ByteWriter, message: unknown) => void,
): ArrayBuffer | undefined {
  const messages = (batch as { messages?: unknown } | null)?.messages;
  // Stryker disable next-line ConditionalExpression: an empty list's first message is undefined, which `first` refuses
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  // Stryker disable next-line ConditionalExpression: a quick refusal; `write` refuses a message of another kind too
  if (!first((messages[0] as { kind?: unknown } | null)?.kind)) return undefined;
  if (prototypeTouched() || out.busy) return undefined;
  out.reset();
  out.busy = true;
  try {
    presence(batch, BATCH);
    if ((batch as { kind?: unknown }).kind !== 'batch') return undefined;
    if (Object.getPrototypeOf(messages) !== Array.prototype) return undefined;
    out.varint(messages.length);
    // A hole reads as `undefined`, which no layout's `write` accepts (it throws `OFF_LAYOUT`).
    for (let i = 0; i < messages.length; i++) write(out, messages[i]);
    return out.take(prefix);
  } catch (error) {
    if (error === OFF_LAYOUT) return undefined;
    throw error;
  } finally {
    out.busy = false;
  }
}

/**
 * The batch `writeFixedBatch` wrote into `bytes` from `at` (after the format byte).
 * @throws {TypeError} bytes that are not such a batch (the post is undecodable).
 */
export function readFixedBatch(
  bytes: Uint8Array,
  at: number,
  read: (input: ByteReader) => unknown,
): { kind: 'batch'; messages: unknown[] } {
  const input = new ByteReader(bytes, at);
  const count = input.varint();
  if (count > bytes.length) throw new TypeError('the batch claims more messages than bytes');
  const messages: unknown[] = [];
  for (let i = 0; i < count; i++) messages.push(read(input));
  if (!input.done) throw new TypeError('bytes follow the last message');
  return { kind: 'batch', messages };
}
