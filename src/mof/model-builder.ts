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
import { MofError, type MofPosition } from './mof-error.js';
import { type QualifierValueTypes, qualifierDeclarationToModel } from './qualifiers.js';
import { classToModel, instanceToModel, type ModelContext } from './to-model.js';
import { unknownAlias } from './values.js';

interface AliasEntry {
  readonly node: MofInstanceNode;
  readonly file: string;
  readonly namespace: string;
}

const MAX_DEPTH = 256;

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
  /** namespace → name key → declaration. */
  private readonly qualifiers = new Map<string, Map<string, QualifierDeclaration>>();
  private readonly flavorDefaults = new Map<string, number>();
  private readonly classes = new Map<string, { cls: CimClass; source: MofPosition }>();
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
    const key = `${namespace}\u0000${nameKey(node.name)}`;
    if (node.type === undefined) {
      const base = this.declaration(node.name, namespace)?.flavor ?? DEFAULT_FLAVOR;
      this.flavorDefaults.set(key, applyFlavors(base, node.flavors, file, node));
      return undefined;
    }
    const declaration = qualifierDeclarationToModel(node, this.context(file, namespace));
    let declared = this.qualifiers.get(namespace);
    if (declared === undefined) {
      declared = new Map();
      this.qualifiers.set(namespace, declared);
    }
    declared.set(nameKey(node.name), declaration);
    return declaration;
  }

  classSource(namespace: string, name: string): MofPosition | undefined {
    return this.classes.get(`${namespace}\u0000${nameKey(name)}`)?.source;
  }

  declareClass(node: MofClassNode, file: string, namespace: string): CimClass {
    const cls = classToModel(node, this.context(file, namespace));
    this.classes.set(`${namespace}\u0000${nameKey(node.name)}`, {
      cls,
      source: { file, line: node.line, column: node.column },
    });
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
    if (this.resolving.has(node)) {
      throw new MofError(
        WBEM_E_CIRCULAR_REFERENCE,
        { file, line: node.line, column: node.column },
        `the key of instance $${node.alias ?? ''} refers to itself`,
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
      this.qualifiers.get(namespace)?.get(nameKey(name)) ??
      this.options.existingQualifier?.(name, namespace)
    );
  }

  private classOf(namespace: string, name: string): CimClass | undefined {
    return this.classes.get(`${namespace}\u0000${nameKey(name)}`)?.cls;
  }

  /** Key property names of a class of this compilation, ancestors' first. */
  private keysOf(namespace: string, className: string): string[] {
    const chain: CimClass[] = [];
    for (
      let cls = this.classOf(namespace, className);
      cls !== undefined && chain.length < MAX_DEPTH;
    ) {
      chain.unshift(cls);
      cls = cls.superclass === null ? undefined : this.classOf(namespace, cls.superclass);
    }
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
        this.flavorDefaults.size === 0
          ? undefined
          : this.flavorDefaults.get(`${namespace}\u0000${nameKey(name)}`),
      resolveAlias: (name: string, at: MofValueNode) => {
        const entry = this.aliases.get(nameKey(name));
        if (entry === undefined) throw unknownAlias(file, name, at);
        const instance = this.instance(entry.node, entry.file, entry.namespace);
        return instancePath(instance, this.keysOf(entry.namespace, instance.className));
      },
      embeddedInstance: (node) => instanceToModel(node, ctx),
      propertyType: (className, property) => {
        let cls = this.classOf(namespace, className);
        for (let depth = 0; cls !== undefined && depth < MAX_DEPTH; depth++) {
          const prop = cls.properties.get(nameKey(property));
          if (prop !== undefined) return { type: prop.type, isArray: prop.isArray };
          cls = cls.superclass === null ? undefined : this.classOf(namespace, cls.superclass);
        }
        return undefined;
      },
    };
    return ctx;
  }
}
