/**
 * @module A batch of plain replies in a fixed layout: `ok` without objects or events (what a
 * put, a delete or a write of any kind answers when nobody watches its events) and `fail`. With
 * the requests of a put in their own layout (`write-put-class-batch.ts`), a run of creates then
 * never needs msgpackr on either thread, whose large packer and reader each cost a long JIT
 * compilation on each thread early in the engine's life.
 */
import { readFixedBatch, writeFixedBatch } from './fixed-batch.js';
import { type Fields, layout, presence } from './put-class-layout.js';
import { type ByteReader, type ByteWriter, OFF_LAYOUT } from './wire-bytes.js';

const OK_REPLY = layout('kind', 'id', 'objects', 'param', 'events');
const FAIL_REPLY = layout('kind', 'id', 'hresult', 'message');

const OK = 0;
const FAIL = 1;

/** An empty plain array (rebuilt as `[]`); anything else is off the layout. */
function checkEmpty(list: unknown): void {
  if (!Array.isArray(list) || list.length !== 0) throw OFF_LAYOUT;
  if (Object.getPrototypeOf(list) !== Array.prototype) throw OFF_LAYOUT;
}

function writeReply(out: ByteWriter, message: unknown): void {
  const kind = (message as { kind?: unknown } | null)?.kind;
  const fields = message as Fields;
  if (kind === 'ok') {
    presence(message, OK_REPLY);
    checkEmpty(fields['objects']);
    checkEmpty(fields['events']);
    out.byte(OK);
    out.value(fields['id']);
    out.value(fields['param']);
  } else if (kind === 'fail') {
    presence(message, FAIL_REPLY);
    out.byte(FAIL);
    out.value(fields['id']);
    out.value(fields['hresult']);
    out.value(fields['message']);
  } else {
    throw OFF_LAYOUT;
  }
}

// Stryker disable next-line ConditionalExpression: a quick refusal; writeReply refuses any other kind too
const isPlainReply = (kind: unknown): boolean => kind === 'ok' || kind === 'fail';

/**
 * The batch after `prefix` (the codec's format byte) when every message is such a reply;
 * `undefined` otherwise.
 */
export function writeReplyBatch(
  out: ByteWriter,
  batch: unknown,
  prefix: number,
): ArrayBuffer | undefined {
  return writeFixedBatch(out, batch, prefix, isPlainReply, writeReply);
}

// Literals in the order the actor builds its replies (`namespace-actor.ts`); fields initialise
// in source order, which is the order they were written in.
function readReply(input: ByteReader): unknown {
  const tag = input.byte();
  if (tag === OK) {
    return { kind: 'ok', id: input.value(), objects: [], param: input.value(), events: [] };
  }
  if (tag === FAIL) {
    return { kind: 'fail', id: input.value(), hresult: input.value(), message: input.value() };
  }
  throw new TypeError(`unknown reply tag ${tag}`);
}

/**
 * The batch `writeReplyBatch` wrote into `bytes` from offset `at` (after the format byte).
 * @throws {TypeError} bytes that are not such a batch (the post is undecodable).
 */
export function readReplyBatch(bytes: Uint8Array, at: number): unknown {
  return readFixedBatch(bytes, at, readReply);
}
