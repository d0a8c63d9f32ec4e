/**
 * @module Intrinsic events (`__Event` subclasses) raised by successful operations.
 */
import type { WbemContext } from '../model/wbem-context.js';
import type { CimClass } from './cim-class.js';
import type { CimInstance } from './cim-instance.js';

export type WbemEventClass =
  | '__ClassCreationEvent'
  | '__ClassModificationEvent'
  | '__ClassDeletionEvent'
  | '__InstanceCreationEvent'
  | '__InstanceModificationEvent'
  | '__InstanceDeletionEvent'
  | '__NamespaceCreationEvent'
  | '__NamespaceDeletionEvent'
  /** Delivered to an `events$` subscriber too slow to keep up, before its next event. */
  | '__EventQueueOverflowEvent';

export interface WbemEvent {
  /** `__CLASS` of the event. */
  readonly eventClass: WbemEventClass;
  /** Namespace the event happened in (`root/cimv2`). */
  readonly namespace: string;
  /** `TIME_CREATED`: 100-ns ticks since 1601-01-01 UTC, as a decimal string (uint64). */
  readonly timeCreated: string;
  readonly targetClass?: CimClass;
  readonly previousClass?: CimClass;
  readonly targetInstance?: CimInstance;
  readonly previousInstance?: CimInstance;
  /** For namespace events: the full path of the namespace created or deleted. */
  readonly targetNamespace?: string;
  /** For `__EventQueueOverflowEvent`: events dropped for this subscriber since its last one. */
  readonly droppedEvents?: number;
  /** The `IWbemContext` of the call that raised the event; absent when the call passed none. */
  readonly context?: WbemContext;
}
