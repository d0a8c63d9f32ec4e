/**
 * @module The MOF compiler: files (through callbacks, no I/O of its own) → the ordered puts that
 * load them, as `mofcomp` would issue them.
 *
 * The include tree is walked in source order; each declaration is converted to model objects as
 * soon as it is reached, with the namespace and flags its pragmas put in force (qualifier
 * declarations first in the file order, so later qualifier lists are typed by them). Then
 * dependencies are checked, classes ordered by level and instances converted (`CompileSession`).
 *
 * Pragma state (`namespace`, `classflags`, `instanceflags`, `locale`) is inherited by an
 * included file and restored when it ends. A file included a second time (not as a cycle) is
 * skipped, like an include guard.
 */
import { toWbemError, WbemError } from '../wbem/wbem-error.js';
import type { MofDeclaration, MofFile } from './ast.js';
import { CompileSession } from './compile-session.js';
import { decodeMof } from './decode-mof.js';
import type { ModelBuilderOptions } from './model-builder.js';
import { MofError, type MofPosition } from './mof-error.js';
import type { MofCompilation } from './mof-operation.js';
import { WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, WBEMMOF_E_INVALID_FILE } from './mof-status.js';
import { parseMof } from './parser.js';
import { applyPragma, type PragmaState } from './pragma-state.js';
import { quoteSourceLine } from './quote-source.js';

/** An entry given as text instead of a path to read. */
export interface MofSource {
  readonly path: string;
  readonly text: string;
}

/** How to compile; the options of the model conversion (`ModelBuilderOptions`) apply too. */
export interface MofCompileOptions extends ModelBuilderOptions {
  /**
   * Reads a file: its bytes (decoded as mofcomp does: UTF-16 or UTF-8, see `decodeMof`) or its
   * text; may throw (reported as WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE).
   */
  readonly readFile: (path: string) => string | Uint8Array;
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
  /** Whether a strongly typed reference may name a class that is not present; see `CompileSessionOptions`. */
  readonly rules?: 'wmi' | 'dmtf';
}

const MAX_INCLUDE_DEPTH = 256;

/** Default include resolution: relative to the including file's folder, `/`-separated. */
export function resolveIncludeRelative(fromPath: string, includePath: string): string {
  const normalized = includePath.replaceAll('\\', '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized)) return normalized;
  const slash = fromPath.replaceAll('\\', '/').lastIndexOf('/');
  return slash < 0 ? normalized : `${fromPath.slice(0, slash)}/${normalized}`;
}

/**
 * Compiles MOF entries into ordered operations, in segments split by the statements that act on
 * the repository (`deleteclass`, `deleteinstance`, `instance of __Namespace`); within a segment,
 * qualifier declarations, then classes (each after its superclass, the classes it embeds and,
 * when in the MOF, those it references), then instances.
 *
 * Mirrors `mofcomp`'s parse-and-check phase; `applyMof` does the puts.
 * @throws {MofError} WBEMMOF_E_* syntax and declaration errors; WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE
 * for unreadable or cyclic includes; WBEMMOF_E_INVALID_FILE for undecodable bytes (at their
 * line and column); WBEM_E_NOT_FOUND for a superclass (or, under `dmtf` rules, a referenced
 * class) that neither the MOF nor the target has, WBEMMOF_E_UNRECOGNIZED_TYPE for an unknown
 * type, both with the closest name; WBEM_E_CIRCULAR_REFERENCE for a superclass cycle. Every
 * positioned error quotes its source line (`MofError.excerpt`).
 * @example
 * const compiled = compileMof(['schema.mof'], { readFile: (p) => readFileSync(p) });
 * await applyMof(compiled.operations, target);
 */
export function compileMof(
  entries: readonly (string | MofSource)[],
  options: MofCompileOptions,
): MofCompilation {
  const session = new CompileSession(options);
  const files: string[] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  const resolve = options.resolveInclude ?? resolveIncludeRelative;
  let autorecover = false;
  const amendments: string[] = [];

  const load = (path: string, text: string | undefined, site: MofPosition | undefined): MofFile => {
    const pre = text === undefined ? options.parsed?.(path) : undefined;
    if (pre !== undefined) return pre;
    let source: string | Uint8Array | undefined = text;
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
    if (source instanceof Uint8Array) source = decodeMof(source, path);
    if (typeof source !== 'string') {
      const reason = `readFile returned ${typeof source} for ${path}, not text or bytes`;
      throw site === undefined
        ? new MofError(WBEMMOF_E_INVALID_FILE, { file: path, line: 0, column: 0 }, reason)
        : new MofError(WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE, site, reason);
    }
    try {
      return parseMof(source, path);
    } catch (thrown) {
      throw thrown instanceof MofError ? thrown.withSource(source) : thrown;
    }
  };

  const walk = (
    path: string,
    text: string | undefined,
    state: PragmaState,
    site: MofPosition | undefined,
  ): void => {
    // An entry starts with an empty stack, so only an include, which has its site, can close a
    // cycle or pass the depth limit.
    if (stack.includes(path)) {
      throw new MofError(
        WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
        site as MofPosition,
        `cyclic include: ${[...stack, path].join(' -> ')}`,
      );
    }
    if (seen.has(path)) return;
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      throw new MofError(
        WBEMMOF_E_ERROR_INVALID_INCLUDE_FILE,
        site as MofPosition,
        `includes nest deeper than ${MAX_INCLUDE_DEPTH}`,
      );
    }
    const parsed = load(path, text, site);
    seen.add(path);
    files.push(path);
    stack.push(path);
    const { declarations } = parsed;
    for (let i = 0; i < declarations.length; i++) {
      const node = declarations[i] as MofDeclaration;
      if (node.kind === 'pragma') {
        applyPragma(node, path, state, {
          include: (include, at) => walk(resolve(path, include), undefined, { ...state }, at),
          barrier: (op) => session.barrier(op),
          autorecover: () => {
            autorecover = true;
          },
        });
        if (state.amendment !== undefined && !amendments.includes(state.amendment))
          amendments.push(state.amendment);
      } else {
        session.accept(node, path, state);
      }
    }
    stack.pop();
  };

  try {
    const initial: PragmaState = {
      namespace: options.namespace ?? 'root/cimv2',
      classFlags: options.classFlags ?? 0,
      instanceFlags: 0,
    };
    for (const entry of entries) {
      if (typeof entry === 'string') walk(entry, undefined, { ...initial }, undefined);
      else walk(entry.path, entry.text, { ...initial }, undefined);
    }
    return session.finish(files, autorecover, amendments);
  } catch (thrown) {
    if (thrown instanceof MofError) throw quoteSourceLine(thrown, entries, options.readFile);
    // A throwing callback (readFile aside) or a bug must still surface as a WbemError.
    throw thrown instanceof WbemError ? thrown : toWbemError(thrown);
  }
}
