/**
 * @module The compiler's symbol tables for one compilation: qualifier declarations, classes and
 * instance aliases per namespace, and the `ModelContext` that model conversion reads them
 * through.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import { nameKey } from '../model/names.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { WBEM_E_CIRCULAR_REFERENCE } from '../wbem/status.js';
import type {
  MofClassNode,
  MofInstanceNode,
  MofQualifierDeclarationNode,
  MofValueNode,
} from './ast.js';
import { applyFlavors, DEFAULT_FLAVOR } from './flavors.js';
import { instancePath } from './instance-path.js';
import { MofError } from './mof-error.js';
import { type QualifierValueTypes, qualifierDeclarationToModel } from './qualifiers.js';
import { classToModel, instanceToModel, type ModelContext } from './to-model.js';
import { unknownAlias } from './values.js';

/**
 * The key of a name declared in a namespace (a class, a qualifier declaration). Namespaces are
 * case-insensitive in WMI: `root/Test` and `ROOT/test` hold the same names.
 */
export const scopedKey = (namespace: string, name: string): string =>
  // Stryker disable next-line MethodExpression: either case folds the namespace; only equality of the keys matters
  `${namespace.toLowerCase()}\u0000${nameKey(name)}`;

interface AliasEntry {
  readonly node: MofInstanceNode;
  readonly file: string;
  readonly namespace: string;
}

/** How MOF declarations become model objects (shared by `MofCompileOptions`). */
export interface ModelBuilderOptions {
  /** A qualifier declaration the target namespace already holds. */
  readonly existingQualifier?: (
    name: string,
    namespace: string,
  ) => QualifierDeclaration | undefined;
  /**
   * Types of qualifier values on elements: `'wmi'` (default; what PutClass accepts: sint32,
   * real64, string, boolean) or `'declared'` (the declaration's own type, e.g. MaxLen uint32).
   * Values are checked against the declared type either way.
   */
  readonly qualifierValueTypes?: QualifierValueTypes;
  /**
   * Add `ID` qualifiers 0..n-1 to the parameters of methods that carry none, as mofcomp does
   * (PutClass fails with WBEM_E_MISSING_PARAMETER_ID without them). Default true.
   */
  readonly parameterIds?: boolean;
}

export class ModelBuilder {
  private readonly options: ModelBuilderOptions;
  /** Keyed by `scopedKey`, as are the two maps below. */
  private readonly qualifiers = new Map<string, QualifierDeclaration>();
  private readonly flavorDefaults = new Map<string, number>();
  private readonly classes = new Map<string, CimClass>();
  private readonly aliases = new Map<string, AliasEntry>();
  private readonly instances = new Map<MofInstanceNode, CimInstance>();
  private readonly resolving = new Set<MofInstanceNode>();

  constructor(options: ModelBuilderOptions) {
    this.options = options;
  }

  /** Registers a `Qualifier` statement; `undefined` for WMI's flavor-only form (no put). */
  declareQualifier(
    node: MofQualifierDeclarationNode,
    file: string,
    namespace: string,
  ): QualifierDeclaration | undefined {
    const key = scopedKey(namespace, node.name);
    if (node.type === undefined) {
      const base = this.declaration(node.name, namespace)?.flavor ?? DEFAULT_FLAVOR;
      this.flavorDefaults.set(key, applyFlavors(base, node.flavors, file, node));
      return undefined;
    }
    const declaration = qualifierDeclarationToModel(node, node.type, this.context(file, namespace));
    this.qualifiers.set(key, declaration);
    return declaration;
  }

  declareClass(node: MofClassNode, file: string, namespace: string): CimClass {
    const cls = classToModel(node, this.context(file, namespace));
    this.classes.set(scopedKey(namespace, node.name), cls);
    return cls;
  }

  /** Records `instance of X as $A`; false when the alias is taken. */
  declareAlias(node: MofInstanceNode, file: string, namespace: string): boolean {
    const key = nameKey(node.alias as string);
    if (this.aliases.has(key)) return false;
    this.aliases.set(key, { node, file, namespace });
    return true;
  }

  instance(node: MofInstanceNode, file: string, namespace: string): CimInstance {
    const done = this.instances.get(node);
    if (done !== undefined) return done;
    // Only a `$Alias` reference reaches an instance while it is being converted, so it has one.
    if (this.resolving.has(node)) {
      throw new MofError(
        WBEM_E_CIRCULAR_REFERENCE,
        { file, line: node.line, column: node.column },
        `the key of instance $${node.alias as string} refers to itself`,
      );
    }
    this.resolving.add(node);
    const instance = instanceToModel(node, this.context(file, namespace));
    this.resolving.delete(node);
    this.instances.set(node, instance);
    return instance;
  }

  private declaration(name: string, namespace: string): QualifierDeclaration | undefined {
    return (
      this.qualifiers.get(scopedKey(namespace, name)) ??
      this.options.existingQualifier?.(name, namespace)
    );
  }

  private classOf(namespace: string, name: string): CimClass | undefined {
    return this.classes.get(scopedKey(namespace, name));
  }

  /**
   * The declarations in force for a class and its ancestors in this compilation, the class
   * first. The order check sees each declaration of a class apart, so a class declared twice
   * can close a cycle here (`class A; class B : A; class A : B`): the walk ends at the first
   * class met again. No depth limit: the chain is as deep as the MOF makes it.
   */
  private lineage(namespace: string, className: string): CimClass[] {
    const chain: CimClass[] = [];
    const seen = new Set<CimClass>();
    let cls = this.classOf(namespace, className);
    while (cls !== undefined && !seen.has(cls)) {
      seen.add(cls);
      chain.push(cls);
      cls = cls.superclass === null ? undefined : this.classOf(namespace, cls.superclass);
    }
    return chain;
  }

  /** Key property names of a class of this compilation, ancestors' first. */
  private keysOf(namespace: string, className: string): string[] {
    const chain = this.lineage(namespace, className).reverse();
    // Stryker disable next-line ArrayDeclaration: an extra first entry is no identifier, so no instance sets it and instancePath skips it
    const keys: string[] = [];
    for (const cls of chain) {
      for (const prop of cls.properties.values()) {
        if (
          prop.qualifiers.get('key')?.value === true &&
          !keys.some((k) => nameKey(k) === nameKey(prop.name))
        )
          keys.push(prop.name);
      }
    }
    return keys;
  }

  private context(file: string, namespace: string): ModelContext {
    const ctx: ModelContext = {
      file,
      qualifierValueTypes: this.options.qualifierValueTypes ?? 'wmi',
      parameterIds: this.options.parameterIds ?? true,
      qualifierDeclaration: (name) => this.declaration(name, namespace),
      flavorDefault: (name) =>
        // Stryker disable next-line ConditionalExpression: a fast path; the lookup finds nothing in an empty map either
        this.flavorDefaults.size === 0
          ? undefined
          : this.flavorDefaults.get(scopedKey(namespace, name)),
      resolveAlias: (name: string, at: MofValueNode) => {
        const entry = this.aliases.get(nameKey(name));
        if (entry === undefined) throw unknownAlias(file, name, at);
        const instance = this.instance(entry.node, entry.file, entry.namespace);
        return instancePath(instance, this.keysOf(entry.namespace, instance.className));
      },
      embeddedInstance: (node) => instanceToModel(node, ctx),
      propertyType: (className, property) => {
        const key = nameKey(property);
        for (const cls of this.lineage(namespace, className)) {
          const prop = cls.properties.get(key);
          if (prop !== undefined) return { type: prop.type, isArray: prop.isArray };
        }
        return undefined;
      },
    };
    return ctx;
  }
}
