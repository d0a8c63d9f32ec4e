/**
 * @module One intrinsic event as one line of text (or one JSON object per line with `--json`),
 * so `wbemrx watch` output can be read or piped into `grep`/`jq`.
 */
import { toJson, type WbemEvent } from '../index.js';

/** The name of the class, instance class or namespace the event is about. */
export function eventTarget(event: WbemEvent): string {
  return (
    event.targetClass?.name ??
    event.previousClass?.name ??
    event.targetInstance?.className ??
    event.previousInstance?.className ??
    event.targetNamespace ??
    ''
  );
}

/** `<ISO time> <event class> <namespace> <target>`, newline-terminated. */
export function formatEvent(event: WbemEvent, at: Date): string {
  return `${at.toISOString()} ${event.eventClass} ${event.namespace} ${eventTarget(event)}\n`;
}

/** One line of JSON: the event with the time it was seen. */
export function eventJsonLine(event: WbemEvent, at: Date): string {
  return `${toJson({ seenAt: at.toISOString(), ...event })
    .replace(/\n\s*/g, ' ')
    .trim()}\n`;
}
