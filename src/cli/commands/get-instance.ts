/**
 * @module `wbemrx get-instance <path>`: prints one instance (`Class.Key="v"`). Mirrors
 * `IWbemServices::GetObject` for an instance path.
 */
import { type CimValue, connectNamespace, parseInstancePath, toJson } from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withClassSuggestion } from '../did-you-mean.js';
import { withOneShotEngine } from '../engine-session.js';
import { singleName } from './get-class.js';

function formatValue(value: CimValue): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return `{${value.map((v: CimValue) => formatValue(v)).join(', ')}}`;
  if (typeof value === 'object') return toJson(value).trimEnd();
  return JSON.stringify(value);
}

export const getInstanceCommand: Command = {
  name: 'get-instance',
  summary: 'print one instance, given its path (Class.Key="value")',
  help: `Usage: wbemrx get-instance <path> [--json] [engine options]

Prints the instance at <path> (for example 'Acme_Disk.Id="d1"'), one 'Name = value' line per
property, or as JSON. Fails with WBEM_E_NOT_FOUND when there is no such instance and
WBEM_E_INVALID_OBJECT_PATH when the path is malformed.

Options:
      --json           print the instance as JSON (the form fromJson reads)
${ENGINE_OPTIONS_HELP}
`,
  options: { ...ENGINE_OPTIONS, json: { type: 'boolean' } },
  async run(args, io) {
    const path = singleName(args.positionals, 'instance path');
    const { className } = parseInstancePath(path);
    const options = readEngineOptions(args);
    const instance = await withOneShotEngine(options, async (engine) => {
      const svc = await connectNamespace(engine, options.namespace, false);
      await withClassSuggestion(svc, className, () => svc.getClass(className));
      return svc.getInstance(path);
    });
    if (args.flag('json')) {
      io.out(toJson(instance));
      return;
    }
    const lines = [...instance.properties.values()].map(
      (p) => `${p.name} = ${formatValue(p.value)}`,
    );
    io.out(
      `${instance.systemProperties?.__PATH ?? path}\n${lines.map((l) => `  ${l}\n`).join('')}`,
    );
  },
};
