/**
 * `XmlChunks` (`src/server/xml-chunks.ts`): the text of a large reply as UTF-8 chunks of about
 * 64 K characters, encoded as they fill.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlChunks } from '../../src/server/xml-chunks.js';

describe('XmlChunks', () => {
  it('gives the UTF-8 bytes of the text added, in order, multi-byte characters whole', () => {
    const chunks = new XmlChunks();
    const parts = Array.from({ length: 3000 }, (_, i) => `<V>${i}é€😀</V>`);
    for (const part of parts) chunks.add(part);
    assert.deepEqual(Buffer.concat(chunks.buffers()), Buffer.from(parts.join('')));
  });

  it('encodes a chunk once 64 K characters are gathered, not one per piece', () => {
    const chunks = new XmlChunks();
    for (let i = 0; i < 1000; i++) chunks.add('x'.repeat(100));
    const buffers = chunks.buffers();
    assert.deepEqual(
      buffers.map((b) => b.length),
      [65_600, 34_400],
    );
  });

  it('gives no chunk for no text, and no empty chunk when asked twice', () => {
    const chunks = new XmlChunks();
    assert.deepEqual(chunks.buffers(), []);
    chunks.add('');
    assert.deepEqual(chunks.buffers(), []);
    chunks.add('<A/>');
    assert.equal(chunks.buffers().length, 1);
    assert.equal(chunks.buffers().length, 1);
    chunks.add('<B/>');
    assert.deepEqual(
      chunks.buffers().map((b) => b.toString()),
      ['<A/>', '<B/>'],
    );
  });
});
