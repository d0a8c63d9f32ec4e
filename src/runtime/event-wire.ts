/**
 * @module How a committed event crosses from its host to the main thread: what dispatch needs
 * eagerly, the bulk of its classes packed for later.
 *
 * The event contract does not change: `TargetClass` and `PreviousClass` are whole class objects.
 * What changes is when the main thread pays for them. A cascade of class deletions raises one
 * event per class, each holding its whole resolved class, and decoding all of them on arrival was
 * most of the main thread's work (and, through the garbage it left, most of its pauses), although
 * the subscription index and the usual filters read only the class's name and ancestry. So each
 * class travels as its header (`genus`, `name`, `superclass`, `systemProperties` with
 * `__DERIVATION`: plain strings, read eagerly) and its members (`qualifiers`, `properties`,
 * `methods`) packed into bytes the host encoded once. On the main thread the class object has the
 * header as plain fields and its members as getters that decode the bytes on first read and keep
 * the result: an event nobody reads beyond its header is never decoded, and one that is read is
 * equal to the class the host raised.
 *
 * ```
 * host:   WbemEvent ──eventToWire──► EventWire { targetClass: { name, systemProperties, packedMembers } }
 * main:   EventWire ──eventFromWire──► WbemEvent { targetClass: { name, systemProperties, get properties() } }
 *                                                                    first read: unpack, keep ───┘
 * ```
 *
 * Hazard: the packed bytes are a `Uint8Array`, which the msgpack wire does not carry exactly, so
 * a batch holding one goes by structured clone (`wire-fidelity.ts`). The bytes live in a
 * `SharedArrayBuffer`, which structured clone shares rather than copies: the reply's post carries
 * only the headers, whatever the size of the classes.
 */
import { Packr } from 'msgpackr';
import type { CimClass } from '../model/cim-class.js';
import type { WbemEvent } from '../model/wbem-event.js';
import { wireRoute } from './wire-fidelity.js';

/** The parts of a class that are decoded only when read. */
export interface ClassMembers {
  readonly qualifiers: CimClass['qualifiers'];
  readonly properties: CimClass['properties'];
  readonly methods: CimClass['methods'];
}

/**
 * A class on the wire: every field but its members, which are packed (into a
 * `SharedArrayBuffer` on the host, so that posting them shares the bytes instead of copying).
 */
export type PackedClass = Omit<CimClass, keyof ClassMembers> & {
  readonly packedMembers: Uint8Array;
};

/**
 * An event as a host sends it. A class whose members msgpack would not carry exactly (`-0`, a
 * sparse array, ...) travels whole, as before.
 */
export type EventWire = Omit<WbemEvent, 'targetClass' | 'previousClass'> & {
  readonly targetClass?: CimClass | PackedClass;
  readonly previousClass?: CimClass | PackedClass;
};

/** Decodes packed members; `eventFromWire` takes another for tests that count decodes. */
export type MembersDecoder = (bytes: Uint8Array) => ClassMembers;

/**
 * The members codec. One instance serves every payload: without shared structures each payload
 * carries its own record definitions, so it decodes alone, in any order, on any thread.
 */
// Stryker disable next-line ObjectLiteral: msgpackr 2's defaults are these; spelled out so that an upgrade cannot change what the members rebuild to
const membersCodec = new Packr({ mapsAsObjects: false, useRecords: true });

/** The packed form of one class version's members: its bytes, or `undefined` (travels whole). */
interface PackedMembers {
  readonly qualifiers: CimClass['qualifiers'];
  readonly methods: CimClass['methods'];
  readonly bytes: Uint8Array | undefined;
}

/**
 * Members packed for earlier events, by the class version's `properties` map. Class data is
 * immutable and a class view shares its stored version's maps, so the creation event of a class
 * and the later events carrying the same version (a modification's `PreviousClass`, each
 * deletion of a cascade) pack it once: packing was most of a cascade's cost on the host. An entry
 * lives as long as the version's maps do (about the packed size per class that was in an event);
 * it is a memo of a pure function, never a source of truth.
 */
const packedByProperties = new WeakMap<CimClass['properties'], PackedMembers>();

function packMembers(members: ClassMembers): Uint8Array | undefined {
  try {
    if (wireRoute(members) !== 'pack') return undefined;
  } catch {
    // What no wire can carry is refused with the whole batch, as for any reply.
    return undefined;
  }
  // A copy, into shared memory. msgpackr returns a view of its pooled buffer, so the bytes must
  // be copied out; a `SharedArrayBuffer` makes it the last copy. Structured clone copies an
  // `ArrayBuffer` (both threads pay: a DMTF cascade carries 19 MB of members, which cost the host
  // 5-25 ms to serialise and the main thread 5-12 ms of allocating and copying before the reply's
  // handler could run, the loop delay's one stall), but shares a `SharedArrayBuffer`. The bytes
  // are never written after this, so sharing them is safe, and one copy can be posted any number
  // of times (bench/RESULTS.md, "Notification dispatch, the stall before the reply").
  const packed = membersCodec.pack(members);
  const bytes = new Uint8Array(new SharedArrayBuffer(packed.byteLength));
  bytes.set(packed);
  return bytes;
}

function packClass(cls: CimClass): CimClass | PackedClass {
  const { qualifiers, properties, methods, ...header } = cls;
  let packed = packedByProperties.get(properties);
  if (packed === undefined || packed.qualifiers !== qualifiers || packed.methods !== methods) {
    packed = { qualifiers, methods, bytes: packMembers({ qualifiers, properties, methods }) };
    packedByProperties.set(properties, packed);
  }
  return packed.bytes === undefined ? cls : { ...header, packedMembers: packed.bytes };
}

/** Host side: the event with the members of its classes packed. */
export function eventToWire(event: WbemEvent): EventWire {
  const { targetClass, previousClass } = event;
  if (targetClass === undefined && previousClass === undefined) return event;
  const wire: { -readonly [K in keyof EventWire]: EventWire[K] } = { ...event };
  if (targetClass !== undefined) wire.targetClass = packClass(targetClass);
  if (previousClass !== undefined) wire.previousClass = packClass(previousClass);
  return wire;
}

/** The default `MembersDecoder`. */
export function unpackMembers(bytes: Uint8Array): ClassMembers {
  return membersCodec.unpack(bytes) as ClassMembers;
}

function isPacked(cls: CimClass | PackedClass): cls is PackedClass {
  return 'packedMembers' in cls;
}

/** Where a lazy class keeps its bytes until they are decoded; not enumerable, so never copied. */
const LAZY = Symbol('packed members');

interface LazyMembers {
  bytes: Uint8Array | undefined;
  members: ClassMembers | undefined;
  readonly decode: MembersDecoder;
}

type LazyClass = CimClass & { readonly [LAZY]: LazyMembers };

function membersOf(cls: LazyClass): ClassMembers {
  const lazy = cls[LAZY];
  if (lazy.members === undefined) {
    lazy.members = lazy.decode(lazy.bytes as Uint8Array);
    lazy.bytes = undefined;
  }
  return lazy.members;
}

/**
 * The getters of every lazy class. One set of functions for all of them, so that the class
 * objects of a burst share one shape (a getter per object would give each its own, and make
 * every property read in dispatch megamorphic).
 */
const MEMBER_GETTERS: PropertyDescriptorMap = {
  qualifiers: {
    get(this: LazyClass) {
      return membersOf(this).qualifiers;
    },
    enumerable: true,
  },
  properties: {
    get(this: LazyClass) {
      return membersOf(this).properties;
    },
    enumerable: true,
  },
  methods: {
    get(this: LazyClass) {
      return membersOf(this).methods;
    },
    enumerable: true,
  },
};

/**
 * The class object of a packed class: its header as plain fields, its members as enumerable
 * getters that decode once (so spreading, serialising or comparing the object reads them all).
 */
function lazyClass(packed: PackedClass, decode: MembersDecoder): CimClass {
  const { packedMembers, ...header } = packed;
  const lazy: LazyMembers = { bytes: packedMembers, members: undefined, decode };
  Object.defineProperty(header, LAZY, { value: lazy });
  return Object.defineProperties(header, MEMBER_GETTERS) as CimClass;
}

function classFromWire(cls: CimClass | PackedClass, decode: MembersDecoder): CimClass {
  return isPacked(cls) ? lazyClass(cls, decode) : cls;
}

/** Main side: the event, its packed classes decoded on first read of their members. */
export function eventFromWire(wire: EventWire, decode: MembersDecoder = unpackMembers): WbemEvent {
  const { targetClass, previousClass } = wire;
  if (targetClass === undefined && previousClass === undefined) return wire as WbemEvent;
  const event: { -readonly [K in keyof WbemEvent]: WbemEvent[K] } = {
    ...(wire as Omit<EventWire, 'targetClass' | 'previousClass'>),
  };
  if (targetClass !== undefined) event.targetClass = classFromWire(targetClass, decode);
  if (previousClass !== undefined) event.previousClass = classFromWire(previousClass, decode);
  return event;
}
