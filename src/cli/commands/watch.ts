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
 */
import { filter } from 'rxjs';
import type { WbemEvent } from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withEngine } from '../engine-session.js';
import { createEventPrinter } from '../event-printer.js';
import { formatSummary, loadMofFiles } from '../load-mof-files.js';

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

/**
 * Resolves on abort. The engine's workers do not keep the process alive (they are unref'd so an
 * embedder can exit), so a timer does while watching.
 */
function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  const keepAlive = setInterval(() => {}, 2 ** 30);
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    ),
  );
}

export const watchCommand: Command = {
  name: 'watch',
  summary:
    'stream class/instance/namespace events of this engine (loading --mof files) until Ctrl-C',
  help: `Usage: wbemrx watch [--mof FILE]... [--all] [--json] [--once] [engine options]

Starts an engine on the repository, subscribes to its events and prints one line per event:
  <time> <event class> <namespace> <class, instance class or namespace>
then loads each --mof file into --namespace, so the events of that load stream as they
happen; then keeps watching until Ctrl-C.

Only this process's engine is watched: another process writing the same --data-dir raises
its events in that process, and they are not seen here.

Options:
      --mof FILE       compile and load FILE after subscribing (repeatable)
      --all            events of every namespace (default: --namespace and its children)
      --json           one JSON object per event per line
      --once           exit after the --mof files are loaded instead of waiting for Ctrl-C
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    mof: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    once: { type: 'boolean' },
  },
  async run(args, io, signal) {
    const options = readEngineOptions(args);
    const files = [...args.strings('mof'), ...args.positionals];
    const json = args.flag('json');
    await withEngine(options, async (engine) => {
      const printer = createEventPrinter(io, json);
      const subscription = engine.events$
        .pipe(filter((event) => args.flag('all') || inNamespace(event, options.namespace)))
        .subscribe(printer.onEvent);
      try {
        if (files.length > 0) {
          const summary = await loadMofFiles(files, { engine, namespace: options.namespace, io });
          io.err(formatSummary(summary, false));
        }
        if (!args.flag('once')) {
          io.err(
            `watching ${args.flag('all') ? 'all namespaces' : options.namespace}; Ctrl-C to stop\n`,
          );
          await untilAborted(signal);
        }
        await printer.settled();
      } finally {
        subscription.unsubscribe();
      }
    });
  },
};
