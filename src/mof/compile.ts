/**
 * @module The MOF compiler: files (through callbacks, no I/O of its own) → the ordered puts that
 * load them, as `mofcomp` would issue them.
 *
 * Two passes. The first walks the include tree in source order and records every declaration
 * with the namespace and flags in force; the second converts them to model objects (qualifier
 * declarations first, so later qualifier lists are typed by them), checks dependencies and
 * orders the classes.
 *
 * Pragma state (`namespace`, `classflags`, `instanceflags`, `locale`) is inherited by an
 * included file and restored when it ends. A file included a second time (not as a cycle) is
 * skipped, like an include guard.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { WBEM_E_NOT_FOUND } from '../wbem/status.js';
import type { MofClassNode, MofFile, MofInstanceNode, MofPragmaNode, MofQualifierDeclarationNode } from './ast.js';
import { type ClassDependency, orderClasses } from './class-order.js';
import { MofError, type MofPosition } from './mof-error.js';
import type { MofCompilation, MofOperation } from './mof-operation.js';
import {
  WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
  WBEMMOF_E_INVALID_CLASS_DECLARATION,
  WBEMMOF_E_INVALID_FILE,
  WBEMMOF_E_INVALID_FLAGS_SYNTAX,
  WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION,
  WBEMMOF_E_MULTIPLE_ALIASES,
} from './mof-status.js';
import { resolveNamespace } from './namespace-path.js';
import { parseMof } from './parser.js';
import { classFlagsOf, instanceFlagsOf } from './pragmas.js';
import { ModelBuilder } from './model-builder.js';
import type { QualifierValueTypes } from './qualifiers.js';

/** An entry given as text instead of a path to read. */
export interface MofSource {
  readonly path: string;
  readonly text: string;
}

export interface MofCompileOptions {
  /** Reads a file's text; may throw (reported as WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE). */
  readonly readFile: (path: string) => string;
  /** Path of `#pragma include(includePath)` written in `fromPath`; default: relative to its folder. */
  readonly resolveInclude?: (fromPath: string, includePath: string) => string;
  /** Already parsed files (e.g. from the parse pool), consulted before `readFile`. */
  readonly parsed?: (path: string) => MofFile | undefined;
  /** Namespace before any `#pragma namespace`; default `root/cimv2`. */
  readonly namespace?: string;
  /** PutClass flags OR-ed onto every class put (those of `#pragma classflags` come on top). */
  readonly classFlags?: number;
  /** True when the target namespace already holds the class (superclass/ref targets outside the MOF). */
  readonly existingClass?: (name: string, namespace: string) => boolean;
  /** A qualifier declaration the target namespace already holds. */
  readonly existingQualifier?: (name: string, namespace: string) => QualifierDeclaration | undefined;
  /**
   * Types of qualifier values on elements: `'wmi'` (default; what PutClass accepts: sint32,
   * real64, string, boolean) or `'declared'` (the declaration's own type, e.g. MaxLen uint32).
   * Values are checked against the declared type either way.
   */
  readonly qualifierValueTypes?: QualifierValueTypes;
}

interface PragmaState {
  namespace: string;
  classFlags: number;
  instanceFlags: number;
}

/** A declaration with the pragma state in force where it was written. */
export type Collected =
  | { readonly node: MofQualifierDeclarationNode; readonly file: string; readonly state: PragmaState }
  | { readonly node: MofClassNode; readonly file: string; readonly state: PragmaState }
  | { readonly node: MofInstanceNode; readonly file: string; readonly state: PragmaState };

const MAX_INCLUDE_DEPTH = 256;

/** Default include resolution: relative to the including file's folder, `/`-separated. */
export function resolveIncludeRelative(fromPath: string, includePath: string): string {
  const normalized = includePath.replaceAll('\\', '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized)) return normalized;
  const slash = fromPath.replaceAll('\\', '/').lastIndexOf('/');
  return slash < 0 ? normalized : `${fromPath.slice(0, slash)}/${normalized}`;
}

/**
 * Compiles MOF entries into ordered operations: qualifier declarations, then classes (each after
 * its superclass and the classes it references), then instances.
 *
 * Mirrors `mofcomp`'s parse-and-check phase; `applyMof` does the puts.
 * @throws {MofError} WBEMMOF_E_* syntax and declaration errors; WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE
 * for unreadable or cyclic includes; WBEM_E_NOT_FOUND for a superclass or referenced class that
 * neither the MOF nor the target has; WBEM_E_CIRCULAR_REFERENCE for a superclass cycle.
 */
export function compileMof(entries: readonly (string | MofSource)[], options: MofCompileOptions): MofCompilation {
  const collected: Collected[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  const resolve = options.resolveInclude ?? resolveIncludeRelative;

  const load = (path: string, text: string | undefined, site: MofPosition | undefined): MofFile => {
    const pre = text === undefined ? options.parsed?.(path) : undefined;
    if (pre !== undefined) return pre;
    let source = text;
    if (source === undefined) {
      try {
        source = options.readFile(path);
      } catch (thrown) {
        if (thrown instanceof MofError) throw thrown;
        const reason = `cannot read ${path}: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
        throw site === undefined
          ? new MofError(WBEMMOF_E_INVALID_FILE, { file: path, line: 0, column: 0 }, reason, thrown)
          : new MofError(WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, site, reason, thrown);
      }
    }
    return parseMof(source, path);
  };

  const walk = (path: string, text: string | undefined, state: PragmaState, site: MofPosition | undefined): void => {
    if (stack.includes(path)) {
      throw new MofError(WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, site ?? { file: path, line: 0, column: 0 }, `cyclic include: ${[...stack, path].join(' -> ')}`);
    }
    if (seen.has(path)) return;
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      throw new MofError(WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, site ?? { file: path, line: 0, column: 0 }, `includes nest deeper than ${MAX_INCLUDE_DEPTH}`);
    }
    const parsed = load(path, text, site);
    seen.add(path);
    files.push(path);
    stack.push(path);
    for (const node of parsed.declarations) {
      if (node.kind === 'pragma') {
        applyPragma(node, path, state, (include, at) => walk(resolve(path, include), undefined, { ...state }, at));
      } else {
        collected.push({ node, file: path, state: { ...state } } as Collected);
      }
    }
    stack.pop();
  };

  const initial: PragmaState = { namespace: options.namespace ?? 'root/cimv2', classFlags: options.classFlags ?? 0, instanceFlags: 0 };
  for (const entry of entries) {
    if (typeof entry === 'string') walk(entry, undefined, { ...initial }, undefined);
    else walk(entry.path, entry.text, { ...initial }, undefined);
  }
  return { ...convert(collected, options), files };
}

function applyPragma(node: MofPragmaNode, file: string, state: PragmaState, include: (path: string, at: MofPosition) => void): void {
  const at = { file, line: node.line, column: node.column };
  switch (node.name) {
    case 'include':
      include(node.args[0] as string, at);
      return;
    case 'namespace': {
      const ns = resolveNamespace(state.namespace, node.args[0] as string);
      if (ns === undefined) throw new MofError(WBEMMOF_E_INVALID_NAMESPACE_SPECIFICATION, at, `invalid namespace path ${JSON.stringify(node.args[0])}`);
      state.namespace = ns;
      return;
    }
    case 'classflags':
    case 'instanceflags': {
      const flags = node.name === 'classflags' ? classFlagsOf(node.args) : instanceFlagsOf(node.args);
      if (typeof flags === 'string') throw new MofError(WBEMMOF_E_INVALID_FLAGS_SYNTAX, at, flags);
      if (node.name === 'classflags') state.classFlags = flags;
      else state.instanceFlags = flags;
      return;
    }
    default:
      // locale and autorecover change nothing this compiler produces.
      return;
  }
}

function convert(collected: readonly Collected[], options: MofCompileOptions): Omit<MofCompilation, 'files'> {
  const builder = new ModelBuilder(options);
  const qualifierOps: MofOperation[] = [];
  const classes: { cls: CimClass; node: MofClassNode; file: string; state: PragmaState; key: string }[] = [];
  const instances: { node: MofInstanceNode; file: string; state: PragmaState }[] = [];
  for (const item of collected) {
    const source = { file: item.file, line: item.node.line, column: item.node.column };
    const ns = item.state.namespace;
    if (item.node.kind === 'qualifier') {
      const declaration = builder.declareQualifier(item.node, item.file, ns);
      if (declaration !== undefined) qualifierOps.push({ kind: 'qualifier', namespace: ns, declaration, source });
    } else if (item.node.kind === 'class') {
      const key = `${ns}\u0000${item.node.name.toLowerCase()}`;
      const first = builder.classSource(ns, item.node.name);
      if (first !== undefined) {
        throw new MofError(WBEMMOF_E_INVALID_CLASS_DECLARATION, source, `class ${item.node.name} is already declared at ${first.file}:${first.line}:${first.column}`);
      }
      const cls = builder.declareClass(item.node, item.file, ns);
      classes.push({ cls, node: item.node, file: item.file, state: item.state, key });
    } else {
      if (item.node.alias !== undefined && !builder.declareAlias(item.node, item.file, ns)) {
        throw new MofError(WBEMMOF_E_MULTIPLE_ALIASES, source, `alias $${item.node.alias} is declared twice`);
      }
      instances.push({ node: item.node, file: item.file, state: item.state });
    }
  }

  const orderNodes = classes.map(({ node, file, state, key }) => {
    const ns = state.namespace;
    const dependencies: ClassDependency[] = [];
    for (const dep of dependenciesOf(node)) {
      if (builder.classSource(ns, dep.name) !== undefined) {
        dependencies.push({ key: `${ns}\u0000${dep.name.toLowerCase()}`, hard: dep.hard });
      } else if (!(options.existingClass?.(dep.name, ns) ?? false)) {
        const what = dep.hard ? 'superclass' : 'referenced class';
        throw new MofError(WBEM_E_NOT_FOUND, { file, line: dep.line, column: dep.column }, `${what} ${dep.name} of ${node.name} is not declared in the MOF nor present in ${ns}`);
      }
    }
    return { key, name: node.name, source: { file, line: node.line, column: node.column }, dependencies };
  });
  const levels = orderClasses(orderNodes);
  const classOps = classes
    .map(({ cls, node, file, state }, i): MofOperation => ({
      kind: 'class',
      namespace: state.namespace,
      cls,
      flags: state.classFlags,
      level: levels[i] as number,
      source: { file, line: node.line, column: node.column },
    }))
    .map((op, i) => ({ op, i }))
    .sort((a, b) => (a.op as { level: number }).level - (b.op as { level: number }).level || a.i - b.i)
    .map(({ op }) => op);

  const instanceOps: MofOperation[] = instances.map(({ node, file, state }) => {
    const instance: CimInstance = builder.instance(node, file, state.namespace);
    return {
      kind: 'instance',
      namespace: state.namespace,
      instance,
      flags: state.instanceFlags,
      ...(node.alias === undefined ? {} : { alias: node.alias }),
      source: { file, line: node.line, column: node.column },
    };
  });
  return {
    operations: [...qualifierOps, ...classOps, ...instanceOps],
    qualifierCount: qualifierOps.length,
    classCount: classOps.length,
    instanceCount: instanceOps.length,
  };
}

/** Superclass (hard) and `ref`/`object:` targets (soft) of a class, with positions. */
function dependenciesOf(node: MofClassNode): { name: string; hard: boolean; line: number; column: number }[] {
  const deps: { name: string; hard: boolean; line: number; column: number }[] = [];
  if (node.superclass !== undefined) deps.push({ name: node.superclass, hard: true, line: node.line, column: node.column });
  const typed = (type: { referenceClass?: string; line: number; column: number }, qualifiers: readonly { name: string; value?: { kind: string; value?: unknown } }[]): void => {
    if (type.referenceClass !== undefined) deps.push({ name: type.referenceClass, hard: false, line: type.line, column: type.column });
    const cimtype = qualifiers.find((q) => q.name.toLowerCase() === 'cimtype')?.value;
    if (cimtype?.kind === 'string' && typeof cimtype.value === 'string' && cimtype.value.toLowerCase().startsWith('object:')) {
      deps.push({ name: cimtype.value.slice(7), hard: false, line: type.line, column: type.column });
    }
  };
  for (const feature of node.features) {
    if (feature.kind === 'property') typed(feature.type, feature.qualifiers);
    else {
      typed(feature.returnType, feature.qualifiers);
      for (const param of feature.parameters) typed(param.type, param.qualifiers);
    }
  }
  return deps;
}
