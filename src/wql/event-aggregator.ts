/**
 * @module `GROUP WITHIN n [BY p, ...] [HAVING NumberOfEvents op k]`: WMI's aggregation of the
 * events a notification query matches into `__AggregateEvent`s.
 *
 * The first matching event of a group opens that group's window; every event of the group within
 * the next n seconds is counted; when the window ends one `__AggregateEvent` is produced carrying
 * `NumberOfEvents` and, as `Representative`, the first event of the window, unless HAVING rejects
 * the count. Groups are told apart by the values of the BY properties (strings case-insensitively,
 * as WMI compares them). Pure: time comes from the injected clock, and the caller asks for the
 * windows due (`nextDeadline` says when to ask).
 */
import type { CimInstance } from '../model/cim-instance.js';
import type { CimValue } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { WqlGroup } from './ast.js';
import { compileWhere, type WqlPredicate } from './compile-where.js';
import { eventObject, instanceOf } from './event-object.js';
import { isCimObject, type ObjectReader, valueAtPath } from './object-values.js';

/** An `__AggregateEvent`. */
export interface WqlAggregateEvent {
  readonly eventClass: '__AggregateEvent';
  readonly numberOfEvents: number;
  /** The first event of the window. */
  readonly representative: WbemEvent;
  /** The BY properties and their values for this group, in BY order. */
  readonly groupValues: readonly { readonly property: string; readonly value: CimValue }[];
  /** Clock time (ms) the window opened and closed. */
  readonly windowStart: number;
  readonly windowEnd: number;
}

interface Window {
  readonly start: number;
  readonly representative: WbemEvent;
  readonly groupValues: WqlAggregateEvent['groupValues'];
  count: number;
}

export class EventAggregator {
  private readonly group: WqlGroup;
  private readonly now: () => number;
  private readonly having: WqlPredicate | undefined;
  private readonly reader: ObjectReader | undefined;
  /** Open windows by group key, in opening order (so the earliest deadline is first). */
  private readonly windows = new Map<string, Window>();

  /** `now` returns milliseconds (any epoch, non-decreasing). */
  constructor(group: WqlGroup, now: () => number, reader?: ObjectReader) {
    this.group = group;
    this.now = now;
    this.reader = reader;
    this.having = group.having === undefined ? undefined : compileWhere(group.having, undefined);
  }

  /** Counts one event the query's WHERE clause already matched. */
  add(event: WbemEvent): void {
    // Built for the first BY property, if any: a query without BY never reads the event.
    let object: CimInstance | undefined;
    const groupValues = this.group.by.map((p) => {
      object ??= eventObject(event);
      return {
        property: p.path.join('.'),
        value: valueAtPath(object, p.path.map(nameKey), this.reader) ?? null,
      };
    });
    const key = groupValues.map((g) => groupKey(g.value)).join('\u0000');
    const open = this.windows.get(key);
    if (open !== undefined) open.count++;
    else this.windows.set(key, { start: this.now(), representative: event, groupValues, count: 1 });
  }

  /** Closes the windows whose time is up and returns their aggregate events (HAVING applied). */
  due(): WqlAggregateEvent[] {
    const now = this.now();
    const length = this.group.within * 1000;
    const out: WqlAggregateEvent[] = [];
    for (const [key, w] of this.windows) {
      if (w.start + length > now) break;
      this.windows.delete(key);
      if (this.having !== undefined && !this.having(countObject(w.count))) continue;
      out.push({
        eventClass: '__AggregateEvent',
        numberOfEvents: w.count,
        representative: w.representative,
        groupValues: w.groupValues,
        windowStart: w.start,
        windowEnd: w.start + length,
      });
    }
    return out;
  }

  /** When (clock ms) the earliest open window ends; `undefined` when none is open. */
  nextDeadline(): number | undefined {
    for (const w of this.windows.values()) return w.start + this.group.within * 1000;
    return undefined;
  }

  get openWindows(): number {
    return this.windows.size;
  }
}

/** What HAVING reads: an object whose only property is NumberOfEvents. */
function countObject(count: number) {
  return instanceOf(
    '__AggregateEvent',
    new Map([['numberofevents', { name: 'NumberOfEvents', value: count }]]),
    null,
  );
}

/** A string equal for values WMI groups together; NULL is `object:null`, which nothing else gives. */
function groupKey(value: CimValue): string {
  if (typeof value === 'string') return `s:${nameKey(value)}`;
  if (isCimObject(value)) return `o:${JSON.stringify(value.systemProperties?.__RELPATH ?? null)}`;
  if (Array.isArray(value)) return `a:${value.map((v) => groupKey(v)).join(',')}`;
  return `${typeof value}:${String(value)}`;
}
