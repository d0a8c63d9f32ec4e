/**
 * @module The second half of `compileMof`: declarations arrive in source order (with the pragma
 * state in force) and are converted at once, so each file's syntax tree can be dropped as soon
 * as it is walked; `finish` then checks dependencies, orders the classes and converts the
 * instances (last, because `$Alias` references may point forward).
 *
 * Statement by statement, as mofcomp applies them: a class declared twice is put twice (the
 * second put after the first, under its own `classflags`), and the pragmas that act on the
 * repository (`deleteclass`, `deleteinstance`, an `instance of __Namespace`) cut the load into
 * segments that run in source order. The system classes (`__` names) exist in every namespace
 * from its first statement, so a class may derive from them in a namespace the load creates.
 */
import type { CimClass } from '../model/cim-class.js';
import { nameKey } from '../model/names.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { CIM_TYPE_NAMES } from '../wbem/cim-type.js';
import { WBEM_E_NOT_FOUND } from '../wbem/status.js';
import { amendmentClass, isAmendmentClass, neutralClass } from './amendment-class.js';
import type { MofClassNode, MofInstanceNode, MofQualifierDeclarationNode } from './ast.js';
import { dependenciesOf, type MofClassDependency } from './class-dependencies.js';
import { type ClassDependency, orderClasses } from './class-order.js';
import { closestName } from './closest-name.js';
import { ModelBuilder, type ModelBuilderOptions, scopedKey } from './model-builder.js';
import { MofError, type MofPosition } from './mof-error.js';
import type { MofBarrierOperation, MofCompilation, MofOperation } from './mof-operation.js';
import {
  WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
  WBEMMOF_E_MULTIPLE_ALIASES,
  WBEMMOF_E_UNRECOGNIZED_TYPE,
} from './mof-status.js';
import type { PragmaState } from './pragma-state.js';

export interface CompileSessionOptions extends ModelBuilderOptions {
  readonly existingClass?: (name: string, namespace: string) => boolean;
  /**
   * `'wmi'` (default): a strongly typed reference may name a class that is not (yet) present,
   * as WMI's repository holds such references (decision A23 in `schema/decisions.ts`);
   * `'dmtf'`: it must exist, as DSP0004 requires.
   */
  readonly rules?: 'wmi' | 'dmtf';
}

interface ClassEntry {
  readonly cls: CimClass;
  readonly source: MofPosition;
  readonly namespace: string;
  readonly flags: number;
  readonly segment: number;
  readonly dependencies: readonly MofClassDependency[];
}

interface InstanceEntry {
  readonly node: MofInstanceNode;
  readonly file: string;
  readonly namespace: string;
  readonly flags: number;
  readonly segment: number;
}

/** Classes WMI creates in every namespace: a user class can never be named `__X`. */
const isSystemName = (name: string): boolean => name.startsWith('__');

export class CompileSession {
  private readonly options: CompileSessionOptions;
  private readonly builder: ModelBuilder;
  private readonly qualifierOps: { op: MofOperation; segment: number }[] = [];
  private readonly classes: ClassEntry[] = [];
  /** Class key → indexes in `classes` of its declarations, in source order. */
  private readonly declared = new Map<string, number[]>();
  private readonly instances: InstanceEntry[] = [];
  private readonly barriers: MofBarrierOperation[] = [];

  constructor(options: CompileSessionOptions) {
    this.options = options;
    this.builder = new ModelBuilder(options);
  }

  /** Ends the current segment with `op`, which runs alone once everything before it is done. */
  barrier(op: MofBarrierOperation): void {
    this.barriers.push(op);
  }

  /**
   * Converts one declaration written in `file` under `state`.
   * @throws {MofError} model conversion errors, WBEMMOF_E_MULTIPLE_ALIASES for a reused alias,
   * WBEMMOF_E_INVALID_INSTANCE_DECLARATION for an `__Namespace` instance without a string Name.
   */
  accept(
    node: MofQualifierDeclarationNode | MofClassNode | MofInstanceNode,
    file: string,
    state: PragmaState,
  ): void {
    const source = { file, line: node.line, column: node.column };
    const ns = state.namespace;
    const segment = this.barriers.length;
    if (node.kind === 'qualifier') {
      const declaration: QualifierDeclaration | undefined = this.builder.declareQualifier(
        node,
        file,
        ns,
      );
      if (declaration !== undefined)
        this.qualifierOps.push({
          op: { kind: 'qualifier', namespace: ns, declaration, source },
          segment,
        });
      return;
    }
    if (node.kind === 'class') {
      const cls = this.builder.declareClass(node, file, ns);
      const dependencies = dependenciesOf(node);
      const amendment = state.amendment;
      if (amendment === undefined || isAmendmentClass(cls)) {
        this.addClass({
          cls,
          source,
          namespace: ns,
          flags: state.classFlags,
          segment,
          dependencies,
        });
        return;
      }
      this.addClass({
        cls: neutralClass(cls),
        source,
        namespace: ns,
        flags: state.classFlags,
        segment,
        dependencies,
      });
      const child = `${ns}/${amendment}`;
      const parent = cls.superclass;
      const keepParent = parent !== null && this.declared.has(scopedKey(child, parent));
      this.addClass({
        cls: amendmentClass(cls, amendment, keepParent ? parent : null),
        source,
        namespace: child,
        flags: state.classFlags,
        segment,
        dependencies: keepParent ? dependencies.filter((d) => d.kind === 'superclass') : [],
      });
      return;
    }
    if (nameKey(node.className) === '__namespace') {
      this.barrier({
        kind: 'namespace',
        namespace: ns,
        name: namespaceName(node, file),
        source,
      });
      return;
    }
    if (node.alias !== undefined && !this.builder.declareAlias(node, file, ns)) {
      throw new MofError(
        WBEMMOF_E_MULTIPLE_ALIASES,
        source,
        `alias $${node.alias} is declared twice`,
      );
    }
    this.instances.push({ node, file, namespace: ns, flags: state.instanceFlags, segment });
  }

  private addClass(entry: ClassEntry): void {
    const key = scopedKey(entry.namespace, entry.cls.name);
    const list = this.declared.get(key) ?? [];
    list.push(this.classes.length);
    this.declared.set(key, list);
    this.classes.push(entry);
  }

  /** The declaration of `name` that entry `i` depends on: the latest before it, else the first. */
  private target(namespace: string, name: string, i: number): number | undefined {
    const list = this.declared.get(scopedKey(namespace, name));
    if (list === undefined) return undefined;
    let found = list[0];
    for (const j of list) if (j < i) found = j;
    return found;
  }

  private missing(entry: ClassEntry, dep: MofClassDependency): MofError {
    const what = { superclass: 'superclass', reference: 'referenced class', object: 'type' }[
      dep.kind
    ];
    const names = [...this.classes.filter((c) => c.namespace === entry.namespace)].map(
      (c) => c.cls.name,
    );
    if (dep.kind === 'object') names.push(...CIM_TYPE_NAMES.values());
    const near = closestName(dep.name, names);
    return new MofError(
      dep.kind === 'object' ? WBEMMOF_E_UNRECOGNIZED_TYPE : WBEM_E_NOT_FOUND,
      { file: entry.source.file, line: dep.line, column: dep.column },
      `${what} ${dep.name} of ${entry.cls.name} is not declared in the MOF nor present in ${entry.namespace}${near === undefined ? '' : `; did you mean ${near}?`}`,
    );
  }

  /**
   * The operations: per segment, qualifier declarations, classes by level, instances; segments
   * separated by their barrier operations.
   * @throws {MofError} WBEM_E_NOT_FOUND for a superclass (or, under `dmtf` rules, referenced
   * class) found neither in the MOF nor through `existingClass`; WBEMMOF_E_UNRECOGNIZED_TYPE,
   * with the closest name, for a type that is neither a CIM type nor such a class;
   * WBEM_E_CIRCULAR_REFERENCE for a superclass cycle.
   */
  finish(
    files: readonly string[],
    autorecover: boolean,
    amendments: readonly string[],
  ): MofCompilation {
    const strictReferences = this.options.rules === 'dmtf';
    const orderNodes = this.classes.map((entry, i) => {
      // Stryker disable next-line ArrayDeclaration: an entry that is no dependency has no key, and orderClasses skips a key it does not know
      const resolved: ClassDependency[] = [];
      // The entry's own declaration is in the list, so there is always one.
      const previous = this.target(entry.namespace, entry.cls.name, i) as number;
      if (previous < i) resolved.push({ key: String(previous), hard: true });
      for (const dep of entry.dependencies) {
        const j = this.target(entry.namespace, dep.name, i);
        if (j !== undefined) {
          resolved.push({ key: String(j), hard: dep.kind === 'superclass' });
        } else if (
          !isSystemName(dep.name) &&
          !(dep.kind === 'reference' && !strictReferences) &&
          !(this.options.existingClass?.(dep.name, entry.namespace) ?? false)
        ) {
          throw this.missing(entry, dep);
        }
      }
      return { key: String(i), name: entry.cls.name, source: entry.source, dependencies: resolved };
    });
    const levels = orderClasses(orderNodes);
    const operations: MofOperation[] = [];
    let classCount = 0;
    for (let segment = 0; segment <= this.barriers.length; segment++) {
      for (const q of this.qualifierOps) if (q.segment === segment) operations.push(q.op);
      // By level, then source order: buckets rather than a comparison sort of every class.
      const byLevel: number[][] = [];
      for (let i = 0; i < this.classes.length; i++) {
        if ((this.classes[i] as ClassEntry).segment !== segment) continue;
        const level = levels[i] as number;
        let bucket = byLevel[level];
        if (bucket === undefined) {
          bucket = [];
          byLevel[level] = bucket;
        }
        bucket.push(i);
      }
      // Stryker disable next-line EqualityOperator: one level past the last finds no bucket, and `?? []` walks nothing
      for (let level = 0; level < byLevel.length; level++) {
        for (const i of byLevel[level] ?? []) {
          const entry = this.classes[i] as ClassEntry;
          operations.push({
            kind: 'class',
            namespace: entry.namespace,
            cls: entry.cls,
            flags: entry.flags,
            level,
            source: entry.source,
          });
          classCount++;
        }
      }
      for (const { node, file, namespace, flags, segment: s } of this.instances) {
        if (s !== segment) continue;
        operations.push({
          kind: 'instance',
          namespace,
          instance: this.builder.instance(node, file, namespace),
          flags,
          ...(node.alias === undefined ? {} : { alias: node.alias }),
          source: { file, line: node.line, column: node.column },
        });
      }
      const barrier = this.barriers[segment];
      if (barrier !== undefined) operations.push(barrier);
    }
    return {
      operations,
      files,
      autorecover,
      amendments,
      qualifierCount: this.qualifierOps.length,
      classCount,
      instanceCount: this.instances.length,
    };
  }
}

/** The `Name` of an `instance of __Namespace`, which must be a string literal. */
function namespaceName(node: MofInstanceNode, file: string): string {
  const name = node.properties.find((p) => nameKey(p.name) === 'name');
  if (name?.value.kind !== 'string' || !/^[A-Za-z0-9_\u0080-\uffff]+$/.test(name.value.value)) {
    throw new MofError(
      WBEMMOF_E_INVALID_INSTANCE_DECLARATION,
      { file, line: node.line, column: node.column },
      'instance of __Namespace needs Name = "<namespace name>" (letters, digits, underscores)',
    );
  }
  return name.value.value;
}
