/**
 * @module A `WqlReader` over the public API of one namespace: the WQL evaluators read
 * synchronously, the engine answers asynchronously, so the reader is a snapshot. Every class is
 * read when it is built; instances are read per class, before evaluation, by `loadInstances`.
 *
 * The snapshot is taken per request and thrown away after it, so a query sees the namespace as
 * it was when it started (each class's instances as of their own read: the reads are separate
 * engine calls, not one transaction).
 */
import {
  CIM_REFERENCE,
  type CimClass,
  type CimInstance,
  nameKey,
  parseInstancePath,
  sameName,
  WBEM_FLAG_DEEP,
  type WbemServices,
  type WqlReader,
} from '../index.js';

/** Reference values of an instance of `cls` (paths it points at). */
function referenceValues(inst: CimInstance, cls: CimClass): string[] {
  const out: string[] = [];
  for (const p of cls.properties.values()) {
    if (p.type !== CIM_REFERENCE) continue;
    const v = inst.properties.get(nameKey(p.name))?.value;
    if (typeof v === 'string') out.push(v);
  }
  return out;
}

export class ServicesWqlReader implements WqlReader {
  readonly #svc: WbemServices;
  readonly #classes = new Map<string, CimClass>();
  readonly #children = new Map<string, string[]>();
  /** Instances of a class and its subclasses, by lower-cased class name (read deep). */
  readonly #instances = new Map<string, CimInstance[]>();

  private constructor(svc: WbemServices, classes: readonly CimClass[]) {
    this.#svc = svc;
    for (const c of classes) this.#classes.set(nameKey(c.name), c);
    for (const c of classes) {
      const parent = c.superclass === null ? '' : nameKey(c.superclass);
      const list = this.#children.get(parent) ?? [];
      list.push(c.name);
      this.#children.set(parent, list);
    }
  }

  /**
   * A snapshot over `classes` (every class of the namespace, as `createClassEnum` deep from the
   * top returns them; by default read now).
   * @throws {WbemError} as `createClassEnum` (WBEM_E_ACCESS_DENIED, ...).
   */
  static async open(
    svc: WbemServices,
    classes?: Promise<readonly CimClass[]>,
  ): Promise<ServicesWqlReader> {
    return new ServicesWqlReader(svc, await (classes ?? svc.createClassEnum(null, WBEM_FLAG_DEEP)));
  }

  /** Reads the instances of `className` and its subclasses (once per class per snapshot). */
  async loadInstances(className: string): Promise<void> {
    const key = nameKey(className);
    if (this.#instances.has(key) || !this.#classes.has(key)) return;
    this.#instances.set(key, await this.#svc.createInstanceEnum(className));
  }

  /**
   * Reads what an association query over `path` may visit: the target's class, every
   * association class's instances and the classes their references point at.
   */
  async loadAssociations(path: string): Promise<void> {
    try {
      await this.loadInstances(parseInstancePath(path).className);
    } catch {
      // A class path or a malformed one: the evaluator reports it.
    }
    const assocs = [...this.#classes.values()].filter(
      (c) => c.qualifiers.get('association')?.value === true,
    );
    for (const a of assocs) await this.loadInstances(a.name);
    const targets = new Set<string>();
    for (const a of assocs) {
      // Each association class's own instances, read by that class's own declaration.
      for (const link of this.instancesOf(a.name, false)) {
        for (const ref of referenceValues(link, a)) {
          try {
            targets.add(parseInstancePath(ref).className);
          } catch {
            // A reference that is no instance path names nothing.
          }
        }
      }
    }
    for (const t of targets) await this.loadInstances(t);
  }

  getClass(name: string): CimClass | undefined {
    return this.#classes.get(nameKey(name));
  }

  derivation(name: string): readonly string[] {
    const out: string[] = [];
    let cls = this.getClass(name);
    // Up the whole chain; more steps than there are classes could only go round a loop.
    while (cls?.superclass != null && out.length < this.#classes.size) {
      out.push(cls.superclass);
      cls = this.getClass(cls.superclass);
    }
    return out;
  }

  subclassNames(name: string | null): readonly string[] {
    return this.#children.get(name === null ? '' : nameKey(name)) ?? [];
  }

  *instancesOf(className: string, deep: boolean): Iterable<CimInstance> {
    const own = this.#instances.get(nameKey(className));
    if (own !== undefined) {
      for (const i of own) if (deep || sameName(i.className, className)) yield i;
      return;
    }
    // Not read as a whole: any read ancestor's list holds this class's instances.
    for (const ancestor of this.derivation(className)) {
      const list = this.#instances.get(nameKey(ancestor));
      if (list === undefined) continue;
      for (const i of list) {
        if (sameName(i.className, className)) yield i;
        else if (deep && this.derivation(i.className).some((a) => sameName(a, className))) yield i;
      }
      return;
    }
  }

  getInstance(path: string): CimInstance | undefined {
    let parsed: ReturnType<typeof parseInstancePath>;
    try {
      parsed = parseInstancePath(path);
    } catch {
      return undefined;
    }
    // Spelling may differ (key order, case, class named by an ancestor): compare key values.
    for (const inst of this.instancesOf(parsed.className, true)) {
      const rel = inst.systemProperties?.__RELPATH;
      if (typeof rel === 'string' && sameKeys(rel, parsed)) return inst;
    }
    return undefined;
  }
}

function sameKeys(rel: string, want: ReturnType<typeof parseInstancePath>): boolean {
  let have: ReturnType<typeof parseInstancePath>;
  try {
    have = parseInstancePath(rel);
  } catch {
    return false;
  }
  if (have.keys.length !== want.keys.length) return false;
  return want.keys.every((k) =>
    have.keys.some(
      (h) =>
        (sameName(h.name, k.name) || want.keys.length === 1) &&
        String(h.value).toLowerCase() === String(k.value).toLowerCase(),
    ),
  );
}
