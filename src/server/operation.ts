/**
 * @module The shape every intrinsic method handler has: what it is given for one call and what it
 * answers. Handlers throw `WbemError` (mapped through `cim-status.ts`) and never write HTTP.
 */
import type { CimClass, WbemServices } from '../index.js';
import type { CimCall } from './cim-call.js';
import type { DecodeContext } from './decode-cim.js';
import type { EnumerationContexts } from './enumeration-contexts.js';
import type { UpdateMode } from './update-mode.js';
import type { XmlChunks } from './xml-chunks.js';

/**
 * What a handler answers: the `IRETURNVALUE` content (null for void; a large one as encoded
 * chunks) and any out `PARAMVALUE`s.
 */
export interface OperationReply {
  readonly returnValue: string | XmlChunks | null;
  readonly outParams?: string;
}

/** Everything one call may use. */
export interface OperationContext {
  readonly call: CimCall;
  /** The caller's connection to `call.namespace` (opened once per principal and namespace). */
  readonly services: WbemServices;
  /** The caller's authenticated principal. */
  readonly principal: string;
  /** PutClass update mode of ModifyClass (and DeleteClass cascading, see `update-mode.ts`). */
  readonly updateMode: UpdateMode;
  /** Qualifier flavors declared in the namespace, for decoding qualifiers sent without them. */
  readonly declarations: () => Promise<DecodeContext>;
  /** Forget the namespace's cached declarations (after SetQualifier/DeleteQualifier). */
  readonly declarationsChanged: () => void;
  /** Classes read during this call, by name (instance encoding needs each class's types). */
  readonly classOf: (name: string) => Promise<CimClass>;
  readonly enumerations: EnumerationContexts;
  /** This server's host name as the client addressed it (for `NAMESPACEPATH`). */
  readonly host: string;
}

export interface Operation {
  /** The DSP0200 intrinsic method name. */
  readonly name: string;
  /** Every `IPARAMVALUE` name it accepts; others are CIM_ERR_INVALID_PARAMETER. */
  readonly params: readonly string[];
  run(ctx: OperationContext): Promise<OperationReply>;
}

/** A void reply (`<IMETHODRESPONSE NAME="X"></IMETHODRESPONSE>`). */
export const VOID: OperationReply = { returnValue: null };
