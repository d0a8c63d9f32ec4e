/**
 * @module The engine-wide streams: every sink event of every call (`status$`, for monitoring) and
 * every committed intrinsic event (`events$`). Hot: a subscriber sees what happens after it
 * subscribes. Both complete when the engine has shut down.
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
