/**
 * @module Test helper: the whole repository of an engine as one comparable text (every
 * namespace's qualifier declarations, classes and instances in their JSON form, sorted), so that
 * a test can tell whether a request changed anything.
 */
import { toJson, type WbemEngine } from '../../../src/index.js';

/** The repository below `root` as sorted JSON lines; equal texts mean equal repositories. */
export async function repositoryDigest(engine: WbemEngine): Promise<string> {
  const lines: string[] = [];
  const pending = ['root'];
  while (pending.length > 0) {
    const ns = pending.shift() as string;
    const svc = await engine.connectServer(ns);
    for (const d of await svc.createQualifierDeclarationEnum()) lines.push(`${ns} ${toJson(d)}`);
    for (const cls of await svc.createClassEnum(null)) {
      lines.push(`${ns} ${toJson(cls)}`);
      // A root class's deep enumeration holds its subclasses' instances too.
      const system = cls.name.startsWith('__') && cls.name.toLowerCase() !== '__namespace';
      if (system || (cls.superclass !== null && !cls.name.startsWith('__'))) continue;
      for (const inst of await svc.createInstanceEnum(cls.name, 0)) {
        lines.push(`${ns} ${toJson(inst)}`);
        if (cls.name.toLowerCase() === '__namespace')
          pending.push(`${ns}/${String(inst.properties.get('name')?.value)}`);
      }
    }
  }
  return lines.sort().join('');
}
