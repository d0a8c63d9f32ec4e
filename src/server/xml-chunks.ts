/**
 * @module The text of a large reply as UTF-8 chunks of about 64 K characters, encoded as it is
 * written. A reply built as one string (a whole namespace's classes: 30 MB for the DMTF schema)
 * is a tree of millions of small strings that outlives several young-generation collections, so
 * the collector copies it into the old generation and then marks it; there it took about a
 * third of an EnumerateClasses. Each chunk's strings die young, in the chunk's own collection.
 */

/** Characters gathered before they are encoded into one chunk. */
const CHUNK_CHARS = 64 * 1024;

export class XmlChunks {
  readonly #chunks: Buffer[] = [];
  #pending = '';

  /** Appends `text`. */
  add(text: string): void {
    this.#pending += text;
    // Stryker disable next-line EqualityOperator: at exactly CHUNK_CHARS the chunk is the same, encoded now or by the next add
    if (this.#pending.length >= CHUNK_CHARS) this.#encodePending();
  }

  /** The encoded text, every chunk in order. */
  buffers(): readonly Buffer[] {
    this.#encodePending();
    return this.#chunks;
  }

  #encodePending(): void {
    if (this.#pending === '') return;
    this.#chunks.push(Buffer.from(this.#pending));
    this.#pending = '';
  }
}
