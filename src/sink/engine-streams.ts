/**
 * @module The engine-wide streams: every sink event of every call (`status$`, for monitoring) and
 * every committed intrinsic event (`events$`). Hot: a subscriber sees the sink events delivered,
 * and the events of calls started, while it is subscribed. Both complete when the engine has shut
 * down.
 */
import { type Observable, Subject } from 'rxjs';
import type { WbemEvent } from '../model/wbem-event.js';
import type { TaggedSinkEvent } from './object-sink.js';

export class EngineStreams {
  readonly #status = new Subject<TaggedSinkEvent>();
  readonly #events = new Subject<WbemEvent>();
  readonly status$: Observable<TaggedSinkEvent> = this.#status.asObservable();
  readonly events$: Observable<WbemEvent> = this.#events.asObservable();

  /** True when someone listens to `status$` (tagging is skipped otherwise). */
  get monitored(): boolean {
    return this.#status.observed;
  }

  /** True when someone listens to `events$` (hosts ship events back only then). */
  get eventsObserved(): boolean {
    return this.#events.observed;
  }

  publishStatus(event: TaggedSinkEvent): void {
    this.#status.next(event);
  }

  publishEvent(event: WbemEvent): void {
    this.#events.next(event);
  }

  complete(): void {
    this.#status.complete();
    this.#events.complete();
  }
}
