/**
 * @module What every turn of a `NamespaceActor` works on and what it produces. A turn is phase 2
 * of one call (spec §2.2, §2.3, §6, §8.2): the write-right checks, the provider plan, the schema's
 * own rules, then the owning provider's veto. It answers at once when nothing outside the actor is
 * involved, or with a promise the actor awaits before it dequeues the next message.
 */
import type { CimObject } from '../../model/cim-value.js';
import type { ProviderCallInfo } from '../../providers/provider-module.js';
import type * as schemaOperations from '../../schema/index.js';
import type { Mutation, OperationEnv } from '../../schema/index.js';
import type { ClassStore } from '../../store/class-store.js';
import type { Repository } from '../../store/repository.js';
import type { WbemError } from '../../wbem/wbem-error.js';
import type { NamespaceProviders } from '../namespace-providers.js';
import type { CallAuthority, OperationRequest } from '../protocol.js';

/** The schema operations a turn calls (`src/schema/index.ts`; a test host may replace them). */
export type SchemaOperations = typeof schemaOperations;

/** What one turn works on. */
export interface TurnScope {
  readonly schema: SchemaOperations;
  readonly store: ClassStore;
  readonly env: OperationEnv;
  readonly providers: NamespaceProviders;
  readonly repository: Repository;
  /** Sends part of the running call's results ahead of its outcome (a query's slices). */
  readonly indicate: (objects: readonly CimObject[]) => void;
  /** The running call was cancelled while it ran (`CancelAsyncCall` reached the actor). */
  readonly cancelled: () => boolean;
}

/** What a turn produced: a read answers at once, a write waits for its batch's commit. */
export type Outcome =
  | { readonly kind: 'read'; readonly objects: readonly CimObject[]; readonly param: string | null }
  | {
      readonly kind: 'write';
      readonly mutation: Mutation;
      readonly objects: readonly CimObject[];
      readonly param: string | null;
    };

/** A turn: synchronous unless it waits for a provider or a metadata write. */
export type Turn<M extends OperationRequest> = (
  scope: TurnScope,
  message: M,
) => Outcome | Promise<Outcome>;

export function read(objects: readonly CimObject[], param: string | null = null): Outcome {
  return { kind: 'read', objects, param };
}

export function write(mutation: Mutation, param: string | null = null): Outcome {
  return { kind: 'write', mutation, objects: [], param };
}

/** Throws a refusal of a rights check. */
export function deny(error: WbemError | undefined): void {
  if (error !== undefined) throw error;
}

/** Providers run inside this process, so only its own bitness can be served. */
export const HOST_BITS: 32 | 64 = /64|s390x/.test(process.arch) ? 64 : 32;

/** Who a provider is called for. */
export function callInfo(scope: TurnScope, caller: CallAuthority): ProviderCallInfo {
  return { namespace: scope.env.namespace, principal: caller.principal };
}
