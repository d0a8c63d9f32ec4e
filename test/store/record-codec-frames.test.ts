import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { Packr } from 'msgpackr';
import { storeKey } from '../../src/store/durable/keys.js';
import { createRecordCodec, seal, unseal } from '../../src/store/durable/record-codec.js';
import { WBEM_E_INVALID_PARAMETER } from '../../src/wbem/status.js';
import { WbemError } from '../../src/wbem/wbem-error.js';

const KEY = storeKey('root', 'c', 'foo');

describe('record frames', () => {
  it('writes the frame mark, the big-endian CRC-32 of key and payload, then the payload', () => {
    const payload = Buffer.from('text');
    const frame = seal(payload, KEY);
    assert.equal(frame.length, 5 + payload.length);
    assert.equal(frame[0], 0xa5);
    assert.equal(frame.readUInt32BE(1), crc32(Buffer.concat([KEY, payload])));
    assert.deepEqual(frame.subarray(5), payload);
  });

  it('checksums the payload alone when no key is given', () => {
    const payload = Buffer.from('metadata');
    const frame = seal(payload);
    assert.equal(frame.readUInt32BE(1), crc32(payload));
    assert.deepEqual(unseal(frame), payload);
  });

  it('seals and unseals an empty payload: a frame of the header alone', () => {
    const frame = seal(Buffer.alloc(0), KEY);
    assert.equal(frame.length, 5);
    assert.deepEqual(unseal(frame, KEY), Buffer.alloc(0));
  });

  it('unseals a frame that is a view into a larger buffer', () => {
    const frame = seal(Buffer.from('inner'), KEY);
    const larger = Buffer.concat([Buffer.from('before'), frame, Buffer.from('after')]);
    const view = new Uint8Array(larger.buffer, larger.byteOffset + 6, frame.length);
    assert.deepEqual(unseal(view, KEY), Buffer.from('inner'));
  });

  it('refuses bytes shorter than the header, naming their length', () => {
    const cut = seal(Buffer.alloc(0), KEY).subarray(0, 4);
    assert.throws(() => unseal(cut, KEY), {
      message: 'not a sealed record (4 bytes, no frame mark)',
    });
    assert.throws(() => unseal(Buffer.alloc(0)), {
      message: 'not a sealed record (0 bytes, no frame mark)',
    });
  });

  it('refuses bytes that do not start with the frame mark', () => {
    const frame = seal(Buffer.from('text'), KEY);
    frame[0] = 0x85;
    assert.throws(() => unseal(frame, KEY), {
      message: 'not a sealed record (9 bytes, no frame mark)',
    });
  });

  it('names the stored and the computed checksum as eight hex digits and the payload length', () => {
    // Stored 0x00000abc; the 13 payload bytes checksum to 0x0000573b under KEY.
    const frame = Buffer.concat([
      Buffer.from([0xa5, 0x00, 0x00, 0x0a, 0xbc]),
      Buffer.from('payload 20404'),
    ]);
    assert.equal(crc32(Buffer.concat([KEY, frame.subarray(5)])), 0x573b);
    assert.throws(() => unseal(frame, KEY), {
      message: 'checksum mismatch (stored 00000abc, computed 0000573b over 13 bytes)',
    });
    frame.writeUInt32BE(0x573b, 1);
    assert.deepEqual(unseal(frame, KEY), Buffer.from('payload 20404'));
  });
});

describe('record codec', () => {
  it('keeps shared references: an object referenced twice decodes as one object', () => {
    const codec = createRecordCodec();
    const shared = { value: 1 };
    const back = codec.decode(codec.encode({ a: shared, b: shared, list: [shared] }, KEY), KEY) as {
      a: object;
      b: object;
      list: object[];
    };
    assert.deepEqual(back.a, shared);
    assert.equal(back.a, back.b);
    assert.equal(back.list[0], back.a);
  });

  it('round-trips a value that refers to itself', () => {
    const codec = createRecordCodec();
    const cyclic: { name: string; self?: unknown } = { name: 'loop' };
    cyclic.self = cyclic;
    const back = codec.decode(codec.encode(cyclic, KEY), KEY) as typeof cyclic;
    assert.equal(back.name, 'loop');
    assert.equal(back.self, back);
  });

  it('decodes a record written without a frame, as format version 1 wrote them', () => {
    const codec = createRecordCodec();
    const bare = new Packr({ structuredClone: true }).pack({ format: 'wbemrx', version: 1 });
    assert.deepEqual(codec.decodeUnsealed(bare), {
      format: 'wbemrx',
      version: 1,
    });
  });

  it('fails with WBEM_E_INVALID_PARAMETER naming why when a value cannot be stored', () => {
    assert.throws(
      () => createRecordCodec().encode({ odd: Symbol('x') }, KEY),
      (error: unknown) => {
        assert.ok(error instanceof WbemError, `expected a WbemError, got ${String(error)}`);
        assert.equal(error.hresult, WBEM_E_INVALID_PARAMETER >>> 0);
        assert.equal(error.detail, 'value cannot be stored: Unknown type: symbol');
        assert.ok(error.cause instanceof Error);
        assert.equal(error.cause.message, 'Unknown type: symbol');
        return true;
      },
    );
  });
});
