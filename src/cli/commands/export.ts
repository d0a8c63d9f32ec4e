/**
 * @module `wbemrx export [CLASS...]`: writes a namespace (or classes with their subclasses) as
 * MOF that `mofcomp` and `wbemrx mofcomp` load back: `#pragma namespace`, qualifier
 * declarations, classes in dependency order, optionally their instances.
 */
import { writeFileSync } from 'node:fs';
import {
  amendmentNamespaceOf,
  type CimClass,
  type CimInstance,
  connectNamespace,
  encodeMof,
  localDefinition,
  nameKey,
  toMof,
  WBEM_E_INVALID_PARAMETER,
  WBEM_FLAG_DEEP,
  WBEM_FLAG_SHALLOW,
  WbemError,
} from '../../index.js';
import type { Command } from '../command.js';
import { ENGINE_OPTIONS, ENGINE_OPTIONS_HELP, readEngineOptions } from '../common-options.js';
import { withOneShotEngine } from '../engine-session.js';
import {
  SERVER_OPTIONS,
  SERVER_OPTIONS_HELP,
  serverTargetOf,
  withServer,
} from '../server-target.js';

const isSystem = (name: string): boolean => name.startsWith('__');

/**
 * The classes `subtree` gives for each name (the class, then its subclasses), each class once, in
 * the order met: named classes may overlap.
 */
async function subtrees(
  names: readonly string[],
  subtree: (name: string) => Promise<CimClass[]>,
): Promise<CimClass[]> {
  const seen = new Set<string>();
  const classes: CimClass[] = [];
  for (const name of names) {
    for (const cls of await subtree(name)) {
      if (seen.has(nameKey(cls.name))) continue;
      seen.add(nameKey(cls.name));
      classes.push(cls);
    }
  }
  return classes;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a namespace or classes (with subclasses) as MOF that mofcomp loads back',
  help: `Usage: wbemrx export [CLASS...] [--instances] [--amended LOCALE] [--utf16] [-o FILE] [--url URL] [engine options]

Writes the namespace as MOF: #pragma namespace, its qualifier declarations, its classes
(each after its superclass and the classes it embeds) and, with --instances, their
instances. With CLASS names, only those classes and their subclasses. System classes
(__ names) are never written: every namespace has them.

Options:
      --instances      also write the instances of the written classes
      --amended LOCALE write the locale's amendment classes (e.g. MS_409: the namespace's
                       ms_409 child, where amended qualifiers are kept) as an .mfl file
                       is: the child namespace created first, then [AMENDMENT, LOCALE(0x409)]
                       classes
      --utf16          UTF-16LE with a byte-order mark, as Windows MOF files are (needs -o)
  -o, --output FILE    write to FILE instead of stdout (UTF-8 unless --utf16)
${SERVER_OPTIONS_HELP}
${ENGINE_OPTIONS_HELP}
`,
  options: {
    ...ENGINE_OPTIONS,
    ...SERVER_OPTIONS,
    instances: { type: 'boolean' },
    amended: { type: 'string' },
    utf16: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
  },
  async run(args, io) {
    const options = readEngineOptions(args);
    const output = args.optionalString('output');
    if (args.flag('utf16') && output === undefined)
      throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: '--utf16 needs -o FILE' });
    const locale = args.optionalString('amended');
    const child = locale === undefined ? undefined : amendmentNamespaceOf(locale);
    if (locale !== undefined && child === undefined)
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: `--amended takes a locale such as MS_409, got '${locale}'`,
      });
    const server = serverTargetOf(args);
    if (server !== null && locale !== undefined) {
      server.client.close();
      throw new WbemError(WBEM_E_INVALID_PARAMETER, {
        message: '--amended works on a local repository only: name the child namespace in --url',
      });
    }
    const namespace =
      server !== null
        ? server.namespace
        : child === undefined
          ? options.namespace
          : `${options.namespace}/${child}`;
    const content =
      server !== null
        ? await withServer(server, async (client) => {
            const qualifiers = await client.enumerateQualifiers();
            const shape = { deepInheritance: true, includeQualifiers: true, localOnly: true };
            const resolved =
              args.positionals.length === 0
                ? await client.enumerateClasses(shape)
                : await subtrees(args.positionals, async (name) => [
                    await client.getClass(name, { includeQualifiers: true, localOnly: true }),
                    ...(await client.enumerateClasses({ ...shape, className: name })),
                  ]);
            const classes = resolved.filter((c) => !isSystem(c.name)).map(localDefinition);
            const instances: CimInstance[] = [];
            if (args.flag('instances')) {
              for (const cls of classes)
                instances.push(
                  ...(await client.enumerateInstances(cls.name, {
                    deepInheritance: false,
                    localOnly: false,
                  })),
                );
            }
            return { namespace, createNamespace: false, qualifiers, classes, instances };
          })
        : await withOneShotEngine(options, async (engine) => {
            const svc = await connectNamespace(engine, namespace, false);
            const qualifiers = await svc.createQualifierDeclarationEnum();
            const resolved =
              args.positionals.length === 0
                ? await svc.createClassEnum(null, WBEM_FLAG_DEEP)
                : await subtrees(args.positionals, async (name) => [
                    await svc.getClass(name),
                    ...(await svc.createClassEnum(name, WBEM_FLAG_DEEP)),
                  ]);
            const classes = resolved.filter((c) => !isSystem(c.name)).map(localDefinition);
            const instances: CimInstance[] = [];
            if (args.flag('instances')) {
              for (const cls of classes)
                instances.push(...(await svc.createInstanceEnum(cls.name, WBEM_FLAG_SHALLOW)));
            }
            return {
              namespace,
              createNamespace: child !== undefined,
              qualifiers,
              classes,
              instances,
            };
          });
    const text = toMof(content);
    if (output === undefined) {
      io.out(text);
      return;
    }
    writeFileSync(output, encodeMof(text, args.flag('utf16') ? 'utf-16le' : 'utf-8'));
    io.err(
      `exported ${content.classes.length} classes, ${content.qualifiers.length} qualifier declarations and ${content.instances.length} instances of ${namespace} to ${output}\n`,
    );
  },
};
