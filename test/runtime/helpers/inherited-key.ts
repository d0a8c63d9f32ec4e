/**
 * @module The msgpack wire's encoding of a value while `Object.prototype` has an enumerable key
 * (a polluted prototype an application may bring): the fixed-layout frames must step aside then.
 */
import { createWireCodec } from '../../../src/runtime/wire-codec.js';

/** `value` encoded by the msgpack wire while `Object.prototype[key]` is set, enumerable. */
export function encodeWithInheritedKey(key: string, inherited: unknown, value: unknown): unknown {
  Object.defineProperty(Object.prototype, key, {
    value: inherited,
    enumerable: true,
    configurable: true,
    writable: true,
  });
  try {
    return createWireCodec('msgpack').encode(value).data;
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}
