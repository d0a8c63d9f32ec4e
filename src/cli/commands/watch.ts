/**
 * @module `wbemrx watch`: streams the intrinsic events (`__ClassCreationEvent`, ...) of the engine
 * it runs, until Ctrl-C.
 *
 * A command-line process only sees the events of its own engine: each namespace is owned by one
 * actor inside one process, and another process writing the same data directory raises its
 * events there, not here (nor is polling the store an option, since the owning actors hold
 * the live state). So `watch` starts an engine on the data directory, subscribes to `events$`,
 * then loads the `--mof` files given, streaming the events of that load as they happen. It is
 * the tool for seeing what a MOF does to a repository (which classes are created, modified,
 * deleted), not a monitor of another process.
 *
 * With `--query`, the events are those of a notification query on --namespace
 * (`ExecNotificationQuery`): WMI's filtering (`TargetInstance ISA ...`), and `GROUP WITHIN`
 * aggregates, printed as `__AggregateEvent` lines.
 */
import { filter, type Subscription } from 'rxjs';
import {
  connectNamespace,
  type Notification,
  parseWql,
  toJson,
  WBEM_E_INVALID_PARAMETER,
  type WbemEngine,
  WbemError,
  type WbemEvent,
} from '../../index.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import type { CommandArgs } from '../command-args.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withEngine } from '../engine-session.js';
import { createEventPrinter, type EventPrinter } from '../event-printer.js';
import { eventTarget } from '../format-event.js';
import { formatSummary, loadMofFiles } from '../load-mof-files.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  type ServerTarget,
  serverTargetOf,
} from '../server-target.js';
import { DEFAULT_SERVER_QUERY, watchServer } from '../server-watch.js';
import { untilAborted } from '../until-aborted.js';

function inNamespace(event: WbemEvent, namespace: string): boolean {
  const key = namespace.toLowerCase();
  const own = event.namespace.toLowerCase();
  const target = event.targetNamespace?.toLowerCase();
  return (
    own === key ||
    own.startsWith(`${key}/`) ||
    target === key ||
    (target?.startsWith(`${key}/`) ?? false)
  );
}

/** One `__AggregateEvent` line: count, BY values and the representative event's target. */
function formatAggregate(
  n: Extract<Notification, { eventClass: '__AggregateEvent' }>,
  json: boolean,
): string {
  const at = new Date();
  if (json)
    return `${toJson({ seenAt: at.toISOString(), ...n })
      .replace(/\n\s*/g, ' ')
      .trim()}\n`;
  const by = n.groupValues.map((g) => ` ${g.property}=${String(g.value)}`).join('');
  const { representative } = n;
  return `${at.toISOString()} __AggregateEvent ${representative.namespace} ${eventTarget(representative)} NumberOfEvents=${n.numberOfEvents}${by}\n`;
}

/**
 * Subscribes the printer to `events$` (filtered by namespace unless --all), or to the
 * notification query --query names on --namespace.
 */
async function subscribe(
  engine: WbemEngine,
  query: string | undefined,
  options: { readonly namespace: string; readonly all: boolean; readonly json: boolean },
  printer: EventPrinter,
  io: CliIo,
): Promise<Subscription> {
  if (query === undefined) {
    return engine.events$
      .pipe(filter((event) => options.all || inNamespace(event, options.namespace)))
      .subscribe(printer.onEvent);
  }
  const svc = await connectNamespace(engine, options.namespace, true);
  let failure: unknown;
  const subscription = svc.execNotificationQuery$(query).subscribe({
    next: (n) => {
      if (n.eventClass === '__AggregateEvent') io.out(formatAggregate(n, options.json));
      else printer.onEvent(n);
    },
    error: (error: unknown) => {
      failure = error;
    },
  });
  // The actor checks the query's class names and answers its calls in order: once a later read
  // is answered, a refusal (WBEM_E_INVALID_CLASS) has arrived.
  await svc.getClass('__SystemClass');
  if (failure !== undefined) throw failure;
  return subscription;
}

/** The `GROUP WITHIN` seconds of a notification query, if it has one. */
function groupWithin(query: string): number | undefined {
  const parsed = parseWql(query);
  return parsed.kind === 'select' ? parsed.group?.within : undefined;
}

/** Resolves after `ms`, or at once on abort. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `watch --url`: prints the server's indications until Ctrl-C (or the first, with --once). */
async function watchOnServer(
  server: ServerTarget,
  args: CommandArgs,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  if (args.strings('mof').length > 0 || args.positionals.length > 0 || args.flag('all')) {
    server.client.close();
    throw new WbemError(WBEM_E_INVALID_PARAMETER, {
      message: '--mof and --all work on a local engine only, not with --url',
    });
  }
  const query = args.optionalString('query') ?? DEFAULT_SERVER_QUERY;
  const printer = createEventPrinter(io, args.flag('json'));
  const once = new AbortController();
  const stop = AbortSignal.any([signal, once.signal]);
  const watch = await watchServer(server, query, (event) => {
    printer.onEvent(event);
    if (args.flag('once')) once.abort();
  });
  try {
    io.err(`watching ${server.namespace} on the server for ${query}; Ctrl-C to stop\n`);
    await untilAborted(stop);
    await printer.settled();
  } finally {
    await watch.close();
  }
}

export const watchCommand: Command = {
  name: 'watch',
  summary:
    'stream class/instance/namespace events of this engine (loading --mof files) until Ctrl-C',
  help: `Usage: wbemrx watch [--query WQL] [--mof FILE]... [--all] [--json] [--once] [--url URL] [engine options]

Starts an engine on the repository, subscribes to its events and prints one line per event:
  <time> <event class> <namespace> <class, instance class or namespace>
then loads each --mof file into --namespace, so the events of that load stream as they
happen; then keeps watching until Ctrl-C.

Only this process's engine is watched: another process writing the same --data-dir raises
its events in that process, and they are not seen here. With --url, the events are those
of the server, received as indications: a filter (--query, default
${DEFAULT_SERVER_QUERY}), a listener destination and a subscription are created in its
root/interop and deleted on exit; --once exits after the first event.

Options:
      --query WQL      only the events of this notification query on --namespace, e.g.
                       "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'X'"
                       (GROUP WITHIN prints __AggregateEvent lines)
      --mof FILE       compile and load FILE after subscribing (repeatable)
      --all            events of every namespace (default: --namespace and its children)
      --json           one JSON object per event per line
      --once           exit after the --mof files are loaded instead of waiting for Ctrl-C
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    query: { type: 'string' },
    mof: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    once: { type: 'boolean' },
  },
  async run(args, io, signal) {
    const server = serverTargetOf(args);
    if (server !== null) return watchOnServer(server, args, io, signal);
    const options = readEngineOptions(args);
    const files = [...args.strings('mof'), ...args.positionals];
    const json = args.flag('json');
    await withEngine(options, async (engine) => {
      const printer = createEventPrinter(io, json);
      const all = args.flag('all');
      const query = args.optionalString('query');
      const namespace = options.namespace;
      const subscription = await subscribe(engine, query, { namespace, all, json }, printer, io);
      try {
        if (files.length > 0) {
          const summary = await loadMofFiles(files, { engine, namespace: options.namespace, io });
          io.err(formatSummary(summary, false));
        }
        if (!args.flag('once')) {
          io.err(
            `watching ${query !== undefined ? `${namespace} for ${query}` : all ? 'all namespaces' : namespace}; Ctrl-C to stop\n`,
          );
          await untilAborted(signal);
        }
        // With --once, a GROUP WITHIN window opened by the load is let run to its end.
        const group = query === undefined ? undefined : groupWithin(query);
        if (args.flag('once') && group !== undefined) await delay(group * 1000 + 50, signal);
        // Every event already raised is queued for this subscriber by now: hand it over.
        engine.flushEvents();
        await printer.settled();
      } finally {
        engine.flushEvents();
        subscription.unsubscribe();
      }
    });
  },
};
