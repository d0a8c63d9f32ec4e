/**
 * @module The second half of `compileMof`: declarations arrive in source order (with the pragma
 * state in force) and are converted at once, so each file's syntax tree can be dropped as soon
 * as it is walked; `finish` then checks dependencies, orders the classes and converts the
 * instances (last, because `$Alias` references may point forward).
 */
import type { CimClass } from '../model/cim-class.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { WBEM_E_NOT_FOUND } from '../wbem/status.js';
import type { MofClassNode, MofInstanceNode, MofQualifierDeclarationNode } from './ast.js';
import { dependenciesOf } from './class-dependencies.js';
import { type ClassDependency, orderClasses } from './class-order.js';
import { ModelBuilder, type ModelBuilderOptions } from './model-builder.js';
import { MofError, type MofPosition } from './mof-error.js';
import type { MofCompilation, MofOperation } from './mof-operation.js';
import { WBEMMOF_E_INVALID_CLASS_DECLARATION, WBEMMOF_E_MULTIPLE_ALIASES } from './mof-status.js';
import type { PragmaState } from './pragma-state.js';

export interface CompileSessionOptions extends ModelBuilderOptions {
  readonly existingClass?: (name: string, namespace: string) => boolean;
}

interface ClassEntry {
  readonly cls: CimClass;
  readonly key: string;
  readonly source: MofPosition;
  readonly namespace: string;
  readonly flags: number;
  readonly dependencies: ReturnType<typeof dependenciesOf>;
}

interface InstanceEntry {
  readonly node: MofInstanceNode;
  readonly file: string;
  readonly namespace: string;
  readonly flags: number;
}

const classKey = (namespace: string, name: string): string =>
  `${namespace}\u0000${name.toLowerCase()}`;

export class CompileSession {
  private readonly options: CompileSessionOptions;
  private readonly builder: ModelBuilder;
  private readonly qualifierOps: MofOperation[] = [];
  private readonly classes: ClassEntry[] = [];
  private readonly instances: InstanceEntry[] = [];

  constructor(options: CompileSessionOptions) {
    this.options = options;
    this.builder = new ModelBuilder(options);
  }

  /**
   * Converts one declaration written in `file` under `state`.
   * @throws {MofError} model conversion errors, WBEMMOF_E_INVALID_CLASS_DECLARATION for a class
   * declared twice in one namespace, WBEMMOF_E_MULTIPLE_ALIASES for a reused alias.
   */
  accept(
    node: MofQualifierDeclarationNode | MofClassNode | MofInstanceNode,
    file: string,
    state: PragmaState,
  ): void {
    const source = { file, line: node.line, column: node.column };
    const ns = state.namespace;
    if (node.kind === 'qualifier') {
      const declaration: QualifierDeclaration | undefined = this.builder.declareQualifier(
        node,
        file,
        ns,
      );
      if (declaration !== undefined)
        this.qualifierOps.push({ kind: 'qualifier', namespace: ns, declaration, source });
      return;
    }
    if (node.kind === 'class') {
      const first = this.builder.classSource(ns, node.name);
      if (first !== undefined) {
        throw new MofError(
          WBEMMOF_E_INVALID_CLASS_DECLARATION,
          source,
          `class ${node.name} is already declared at ${first.file}:${first.line}:${first.column}`,
        );
      }
      const cls = this.builder.declareClass(node, file, ns);
      this.classes.push({
        cls,
        key: classKey(ns, node.name),
        source,
        namespace: ns,
        flags: state.classFlags,
        dependencies: dependenciesOf(node),
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
    this.instances.push({ node, file, namespace: ns, flags: state.instanceFlags });
  }

  /**
   * The operations: qualifier declarations, classes by level, instances.
   * @throws {MofError} WBEM_E_NOT_FOUND for a superclass or referenced class found neither in
   * the MOF nor through `existingClass`; WBEM_E_CIRCULAR_REFERENCE for a superclass cycle.
   */
  finish(files: readonly string[]): MofCompilation {
    const orderNodes = this.classes.map(({ cls, key, source, namespace, dependencies }) => {
      const resolved: ClassDependency[] = [];
      for (const dep of dependencies) {
        if (this.builder.classSource(namespace, dep.name) !== undefined) {
          resolved.push({ key: classKey(namespace, dep.name), hard: dep.hard });
        } else if (!(this.options.existingClass?.(dep.name, namespace) ?? false)) {
          const what = dep.hard ? 'superclass' : 'referenced class';
          throw new MofError(
            WBEM_E_NOT_FOUND,
            { file: source.file, line: dep.line, column: dep.column },
            `${what} ${dep.name} of ${cls.name} is not declared in the MOF nor present in ${namespace}`,
          );
        }
      }
      return { key, name: cls.name, source, dependencies: resolved };
    });
    const levels = orderClasses(orderNodes);
    const classOps: MofOperation[] = this.classes
      .map((entry, i) => ({ entry, i, level: levels[i] as number }))
      .sort((a, b) => a.level - b.level || a.i - b.i)
      .map(({ entry, level }) => ({
        kind: 'class',
        namespace: entry.namespace,
        cls: entry.cls,
        flags: entry.flags,
        level,
        source: entry.source,
      }));
    const instanceOps: MofOperation[] = this.instances.map(({ node, file, namespace, flags }) => ({
      kind: 'instance',
      namespace,
      instance: this.builder.instance(node, file, namespace),
      flags,
      ...(node.alias === undefined ? {} : { alias: node.alias }),
      source: { file, line: node.line, column: node.column },
    }));
    return {
      operations: [...this.qualifierOps, ...classOps, ...instanceOps],
      files,
      qualifierCount: this.qualifierOps.length,
      classCount: classOps.length,
      instanceCount: instanceOps.length,
    };
  }
}
