/**
 * @module The byte level of the fixed-layout wire (`put-class-layout.ts`): varints, numbers,
 * strings and the loose values a model field may hold (scalars, arrays of scalars).
 *
 * Strings go in a table at the head of the message, each once (a class repeats `Description` and
 * its own names many times), the body naming them by index. The table's characters are written
 * and read in one piece (one native call each way instead of one per string, which cost the host
 * more than the rest of the decoding); the reader cuts them apart again.
 *
 * Every value is written so that the reader rebuilds one equal to it as structured clone would:
 * `-0`, `NaN` and every double go as their 8 bytes, strings as their UTF-16 code units (a lone
 * surrogate survives, which UTF-8 would replace). What this level cannot carry exactly (an object
 * where a scalar belongs, a BigInt, an array hole or an array of another class) throws
 * `OFF_LAYOUT`, and the caller sends the whole batch by the general route instead.
 */

/** Thrown for a value the layout does not carry; caught in `write-put-class-batch.ts`. */
export const OFF_LAYOUT: unique symbol = Symbol('off-layout');

const UNDEFINED = 0;
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
/** An int32 other than `-0`, zigzag varint. */
const INT = 4;
const DOUBLE = 5;
/** A string, by its index in the message's table. */
const STRING = 6;
const ARRAY = 7;

/** How the table's characters are stored: one byte each (all below 0x100), or two. */
const LATIN1 = 0;
const UTF16 = 1;
/** Shorter strings are copied out of the table's text; longer ones are decoded on their own. */
const SLICE_LIMIT = 13;

const INITIAL_BYTES = 1 << 16;

/** Writes one message; reused across messages (`reset`), its buffer grows as needed. */
export class ByteWriter {
  #bytes = new Uint8Array(INITIAL_BYTES);
  #view = new DataView(this.#bytes.buffer);
  #at = 0;
  readonly #strings = new Map<string, number>();
  readonly #table: string[] = [];
  /**
   * A message is being written. A getter of the value being written may itself send (and so
   * encode) another batch: that one must not use, and wipe, the writer the first one is in.
   */
  busy = false;

  /** Starts a new message (its string table starts empty). */
  reset(): void {
    this.#at = 0;
    // Cleared, not replaced: a field written again after construction costs every compiled
    // function that read it a deoptimisation.
    this.#strings.clear();
    this.#table.length = 0;
  }

  /**
   * The message, in a buffer of its own (to be transferred): `prefix`, the string table, the
   * body written so far.
   */
  take(prefix: number): ArrayBuffer {
    const body = this.#at;
    const table = this.#table;
    const text = table.join('');
    // Latin-1 keeps every code unit below 0x100 exactly; anything above needs two bytes.
    const wide = /[\u0100-\uffff]/.test(text);
    this.varint(table.length);
    for (let i = 0; i < table.length; i++) this.varint((table[i] as string).length);
    this.byte(wide ? UTF16 : LATIN1);
    const headEnd = this.#at;
    const textBytes = wide ? 2 * text.length : text.length;
    const out = Buffer.allocUnsafeSlow(1 + (headEnd - body) + textBytes + body);
    out[0] = prefix;
    out.set(this.#bytes.subarray(body, headEnd), 1);
    const textAt = 1 + headEnd - body;
    out.write(text, textAt, textBytes, wide ? 'utf16le' : 'latin1');
    out.set(this.#bytes.subarray(0, body), textAt + textBytes);
    this.#at = body;
    return out.buffer as ArrayBuffer;
  }

  #room(bytes: number): void {
    // Stryker disable next-line EqualityOperator: growing one byte early changes no byte written
    if (this.#at + bytes <= this.#bytes.length) return;
    // Doubling always makes room: no call asks for more than 9 bytes, far below the buffer's size.
    const grown = new Uint8Array(this.#bytes.length * 2);
    grown.set(this.#bytes.subarray(0, this.#at));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.#room(1);
    this.#bytes[this.#at++] = value;
  }

  /** An unsigned integer below 2^32. */
  varint(value: number): void {
    this.#room(5);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a fast path; the loop writes the same byte
    if (value >= 0 && value < 0x80) {
      this.#bytes[this.#at++] = value;
      return;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.#bytes[this.#at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.#bytes[this.#at++] = v;
  }

  string(value: string): void {
    let index = this.#strings.get(value);
    if (index === undefined) {
      index = this.#table.length;
      this.#strings.set(value, index);
      this.#table.push(value);
    }
    this.#room(6);
    this.#bytes[this.#at++] = STRING;
    this.varint(index);
  }

  /** A scalar, or an array of scalars (a CIM value, a name, a type, a flag). */
  value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.string(value);
        return;
      case 'number':
        // Stryker disable next-line EqualityOperator: 1 / value is ±Infinity here, never 0
        if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
          this.byte(INT);
          this.varint((value << 1) ^ (value >> 31));
        } else {
          this.#room(9);
          this.#bytes[this.#at++] = DOUBLE;
          this.#view.setFloat64(this.#at, value, true);
          this.#at += 8;
        }
        return;
      case 'boolean':
        this.byte(value ? TRUE : FALSE);
        return;
      case 'undefined':
        this.byte(UNDEFINED);
        return;
      default:
        if (value === null) this.byte(NULL);
        else if (Array.isArray(value)) this.#array(value);
        else throw OFF_LAYOUT;
    }
  }

  #array(list: readonly unknown[]): void {
    if (Object.getPrototypeOf(list) !== Array.prototype) throw OFF_LAYOUT;
    this.byte(ARRAY);
    this.varint(list.length);
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      // Stryker disable next-line ConditionalExpression: a hole always reads undefined (a fast check first)
      if (item === undefined && !(i in list)) throw OFF_LAYOUT;
      if (typeof item === 'object' && item !== null) throw OFF_LAYOUT;
      this.value(item);
    }
  }
}

/** Reads one message written by `ByteWriter`. */
export class ByteReader {
  readonly #bytes: Buffer;
  readonly #view: DataView;
  #at: number;
  readonly #strings: string[];

  /** `at`: where the string table starts (after the codec's prefix). */
  constructor(bytes: Uint8Array, at: number) {
    this.#bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#at = at;
    this.#strings = this.#table();
  }

  #table(): string[] {
    const count = this.varint();
    if (count > this.#bytes.length - this.#at)
      throw new TypeError('the string table runs past the end');
    // Stryker disable next-line ArrayDeclaration: preallocated for speed; filled to count either way
    const lengths: number[] = new Array(count);
    let units = 0;
    for (let i = 0; i < count; i++) {
      const length = this.varint();
      lengths[i] = length;
      units += length;
    }
    const width = this.byte() === UTF16 ? 2 : 1;
    const encoding = width === 2 ? 'utf16le' : 'latin1';
    this.#need(units * width);
    const start = this.#at;
    const text = this.#bytes.toString(encoding, start, start + units * width);
    // Stryker disable next-line ArrayDeclaration: preallocated for speed; filled to count either way
    const strings: string[] = new Array(count);
    let unit = 0;
    for (let i = 0; i < count; i++) {
      const length = lengths[i] as number;
      // A long `substring` would be a slice pinning the whole table text in whatever stores it.
      strings[i] =
        // Stryker disable next-line ConditionalExpression,EqualityOperator: both ways give the same string (only what it pins differs)
        length < SLICE_LIMIT
          ? text.substring(unit, unit + length)
          : this.#bytes.toString(encoding, start + unit * width, start + (unit + length) * width);
      unit += length;
    }
    this.#at = start + units * width;
    return strings;
  }

  /** True when every byte was read. */
  get done(): boolean {
    return this.#at === this.#bytes.length;
  }

  byte(): number {
    if (this.#at >= this.#bytes.length) throw new TypeError('the message ends early');
    return this.#bytes[this.#at++] as number;
  }

  varint(): number {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a fast path; the loop reads the same byte, or throws as it does
    if (this.#at < this.#bytes.length) {
      const first = this.#bytes[this.#at] as number;
      // Stryker disable next-line ConditionalExpression,BlockStatement: a fast path; the loop reads the same byte
      if (first < 0x80) {
        this.#at++;
        return first;
      }
    }
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
    throw new TypeError('a varint runs too long');
  }

  string(): string {
    const value = this.value();
    if (typeof value !== 'string') throw new TypeError('a string was expected');
    return value;
  }

  #stringAt(index: number): string {
    const value = this.#strings[index];
    if (value === undefined) throw new TypeError('a string index is not in the table');
    return value;
  }

  value(): unknown {
    // Most values are a string (a table index) or a small integer: read those without calls,
    // which is what they cost before the JIT has compiled this.
    const bytes = this.#bytes;
    const at = this.#at;
    // Bounds checked before reading: a read past the end deoptimises the compiled code.
    // Stryker disable next-line ConditionalExpression: the fast path; #value reads the same value
    if (at + 2 >= bytes.length) return this.#value();
    const tag = bytes[at] as number;
    const low = bytes[at + 1] as number;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,BlockStatement: the fast path; #value reads the same value
    if (tag === STRING || tag === INT) {
      let index = low;
      let next = at + 2;
      if (low >= 0x80) {
        const high = bytes[next] as number;
        // Stryker disable next-line ConditionalExpression: the fast path; #value reads the same value
        if (high >= 0x80) return this.#value();
        index = (low & 0x7f) | (high << 7);
        next++;
      }
      this.#at = next;
      return tag === STRING ? this.#stringAt(index) : (index >>> 1) ^ -(index & 1);
    }
    return this.#value();
  }

  #value(): unknown {
    const tag = this.byte();
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT: {
        const z = this.varint();
        return (z >>> 1) ^ -(z & 1);
      }
      case DOUBLE: {
        this.#need(8);
        const value = this.#view.getFloat64(this.#at, true);
        this.#at += 8;
        return value;
      }
      case STRING:
        return this.#stringAt(this.varint());
      case ARRAY: {
        const length = this.varint();
        if (length > this.#bytes.length - this.#at)
          throw new TypeError('an array runs past the end');
        // Stryker disable next-line ArrayDeclaration: preallocated for speed; filled to length either way
        const list: unknown[] = new Array(length);
        for (let i = 0; i < length; i++) list[i] = this.value();
        return list;
      }
      default:
        throw new TypeError(`unknown value tag ${tag}`);
    }
  }

  #need(bytes: number): void {
    if (this.#at + bytes > this.#bytes.length) throw new TypeError('the message ends early');
  }
}
