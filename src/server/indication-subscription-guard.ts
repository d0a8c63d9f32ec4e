/**
 * @module The server's checks on indication subscriptions written by its clients: the
 * CreateInstance, ModifyInstance and DeleteInstance handlers, wrapped.
 *
 * - Creating a `CIM_IndicationSubscription` (or a subclass) in `root/interop` is refused with
 *   CIM_ERR_ACCESS_DENIED unless the caller may receive the events of every namespace its
 *   filter watches (`WBEM_ENABLE` there, the right `ExecNotificationQuery` checks); the caller
 *   is then recorded as its creator (`indication-creators.ts`), with whether it connected
 *   remotely, and every delivery follows its rights, re-checked per delivery (a remote creator
 *   needs `WBEM_REMOTE_ACCESS` there too, at creation as at delivery).
 * - Deleting a subscription forgets its creator.
 * - The creator records are the server's: clients may read them, not write them (nor instances
 *   of a subclass of theirs, which deliveries would read as records too). Their class is the
 *   server's too: in `root/interop` a client may not modify or delete it, nor define a class
 *   under it, whatever its schema rights, since deliveries trust what the class holds.
 *
 * Modifying a subscription keeps its creator: its keys (filter and handler) cannot change, and
 * a filter modified later is delivered only as far as the creator may read.
 */
import {
  nameKey,
  parseInstancePath,
  toWbemError,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_QUERY_TYPE,
  WBEM_FLAG_CREATE_ONLY,
  type WbemEngine,
  WbemError,
} from '../index.js';
import { requiredClassName, requiredInstanceName, requiredParam } from './cim-call.js';
import { decodeInstance } from './decode-cim.js';
import { encodeInstanceName } from './encode-cim.js';
import {
  CREATOR_CLASS,
  forgetSubscriptionCreator,
  localPath,
  namespaceKey,
  recordSubscriptionCreator,
  sourceNamespacesOf,
  text,
} from './indication-creators.js';
import { keyTypesOf } from './instance-operations.js';
import { INTEROP_NAMESPACE, SUBSCRIPTION_CLASS } from './interop-schema.js';
import type { Operation, OperationContext } from './operation.js';
import { childNamed } from './xml-tree.js';

const inInterop = (ctx: OperationContext): boolean =>
  namespaceKey(ctx.call.namespace) === INTEROP_NAMESPACE;

/** Whether `className` is `base` or derives from it; false if unknown. */
async function derivesFrom(
  ctx: OperationContext,
  className: string,
  base: string,
): Promise<boolean> {
  if (nameKey(className) === nameKey(base)) return true;
  let derivation: readonly string[];
  try {
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: a class read without system properties or __DERIVATION answers false either way (the TypeError is caught below; no ancestor is named "Stryker was here")
    derivation = (await ctx.classOf(className)).systemProperties?.__DERIVATION ?? [];
  } catch {
    return false;
  }
  return derivation.some((c) => nameKey(c) === nameKey(base));
}

/** Whether `className` is the subscription association or derives from it; false if unknown. */
const isSubscription = (ctx: OperationContext, className: string): Promise<boolean> =>
  derivesFrom(ctx, className, SUBSCRIPTION_CLASS);

/**
 * Refuses a write of a creator record, or of an instance of a subclass: deliveries read the
 * records deep, so one of a client-defined subclass would name a creator as well.
 */
async function refuseCreatorWrite(ctx: OperationContext, className: string): Promise<void> {
  if (await derivesFrom(ctx, className, CREATOR_CLASS)) {
    throw new WbemError(WBEM_E_ACCESS_DENIED, {
      message: `instances of ${CREATOR_CLASS} are kept by the server`,
    });
  }
}

/** Refuses a class operation that would change the creator-record class or add one under it. */
function refuseCreatorClassChange(what: string): never {
  throw new WbemError(WBEM_E_ACCESS_DENIED, {
    message: `${what}: the class ${CREATOR_CLASS} is kept by the server`,
  });
}

/**
 * CreateClass and ModifyClass in `root/interop`: refused for the creator-record class, for a
 * class derived from it, and for a class that would be (its new superclass derives from it).
 */
function classWriteGuarded(op: Operation, param: 'NewClass' | 'ModifiedClass'): Operation {
  return {
    ...op,
    async run(ctx) {
      if (!inInterop(ctx)) return op.run(ctx);
      const element = requiredParam(ctx.call, param, 'CLASS');
      const name = element.attrs['NAME'] ?? '';
      const superclass = element.attrs['SUPERCLASS'];
      if (
        (await derivesFrom(ctx, name, CREATOR_CLASS)) ||
        (superclass !== undefined && (await derivesFrom(ctx, superclass, CREATOR_CLASS)))
      ) {
        refuseCreatorClassChange(`${op.name} of ${name}`);
      }
      return op.run(ctx);
    },
  };
}

/**
 * DeleteClass in `root/interop`: refused for the creator-record class. A class derived from it
 * (defined through the engine's own API) may go: deliveries lose nothing they should trust.
 */
function classDeleteGuarded(op: Operation): Operation {
  return {
    ...op,
    async run(ctx) {
      if (inInterop(ctx)) {
        const name = requiredClassName(ctx.call, 'ClassName');
        if (nameKey(name) === nameKey(CREATOR_CLASS))
          refuseCreatorClassChange(`DeleteClass of ${name}`);
      }
      return op.run(ctx);
    },
  };
}

/**
 * Refuses unless `principal` may receive the events the filter at `filterRef` selects, in every
 * namespace it watches: the check `ExecNotificationQuery` makes, made as that principal.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED; WBEM_E_INVALID_NAMESPACE, WBEM_E_INVALID_QUERY,
 * WBEM_E_INVALID_QUERY_TYPE, WBEM_E_NOT_FOUND (no such filter) as the engine reports them.
 */
async function checkReceiver(
  engine: WbemEngine,
  ctx: OperationContext,
  filterRef: string,
): Promise<void> {
  const filter = await ctx.services.getInstance(localPath(filterRef));
  const language = text(filter, 'QueryLanguage') ?? 'WQL';
  if (language.toUpperCase() !== 'WQL') {
    throw new WbemError(WBEM_E_INVALID_QUERY_TYPE, {
      message: `the filter's QueryLanguage ${language} is not WQL`,
    });
  }
  const query = text(filter, 'Query');
  if (query === undefined)
    throw new WbemError(WBEM_E_INVALID_PARAMETER, { message: 'the filter has no Query' });
  for (const namespace of sourceNamespacesOf(filter)) {
    let refused: WbemError | undefined;
    try {
      const svc = await engine.connectServer(namespace, {
        user: ctx.principal,
        remote: ctx.services.remote,
      });
      // Phase 1 of the query (rights, syntax) reports synchronously on subscribe.
      svc
        .execNotificationQuery$(query)
        .subscribe({ error: (e: unknown) => (refused = toWbemError(e)) })
        .unsubscribe();
    } catch (thrown) {
      refused = toWbemError(thrown);
    }
    if (refused === undefined) continue;
    if (refused.hresult !== WBEM_E_ACCESS_DENIED) throw refused;
    throw new WbemError(WBEM_E_ACCESS_DENIED, {
      message: `${ctx.principal} may not receive the events of ${namespace}, which the filter watches: ${refused.detail ?? refused.message}`,
      cause: refused,
    });
  }
}

function createGuarded(engine: WbemEngine, op: Operation): Operation {
  return {
    ...op,
    async run(ctx) {
      if (!inInterop(ctx)) return op.run(ctx);
      const element = requiredParam(ctx.call, 'NewInstance', 'INSTANCE');
      const className = element.attrs['CLASSNAME'] ?? '';
      await refuseCreatorWrite(ctx, className);
      if (!(await isSubscription(ctx, className))) return op.run(ctx);
      const inst = decodeInstance(element, await ctx.declarations());
      const filterRef = text(inst, 'Filter');
      if (filterRef === undefined)
        throw new WbemError(WBEM_E_INVALID_PARAMETER, {
          message: 'the subscription has no Filter',
        });
      await checkReceiver(engine, ctx, filterRef);
      const path = await ctx.services.putInstance(inst, WBEM_FLAG_CREATE_ONLY);
      try {
        await recordSubscriptionCreator(engine, path, ctx.principal, {
          remote: ctx.services.remote,
        });
      } catch (thrown) {
        // A subscription without its creator is never delivered; it is not left behind either.
        await ctx.services.deleteInstance(path).catch(() => {});
        throw thrown;
      }
      return { returnValue: encodeInstanceName(path, keyTypesOf(await ctx.classOf(className))) };
    },
  };
}

function modifyGuarded(op: Operation): Operation {
  return {
    ...op,
    async run(ctx) {
      if (inInterop(ctx)) {
        const named = requiredParam(ctx.call, 'ModifiedInstance', 'VALUE.NAMEDINSTANCE');
        await refuseCreatorWrite(ctx, childNamed(named, 'INSTANCE')?.attrs['CLASSNAME'] ?? '');
      }
      return op.run(ctx);
    },
  };
}

function deleteGuarded(engine: WbemEngine, op: Operation): Operation {
  return {
    ...op,
    async run(ctx) {
      if (!inInterop(ctx)) return op.run(ctx);
      const path = requiredInstanceName(ctx.call, 'InstanceName');
      const className = parseInstancePath(path).className;
      await refuseCreatorWrite(ctx, className);
      if (!(await isSubscription(ctx, className))) return op.run(ctx);
      const stored = await ctx.services.getInstance(path);
      const reply = await op.run(ctx);
      const relpath = stored.systemProperties?.__RELPATH;
      if (typeof relpath === 'string') await forgetSubscriptionCreator(engine, relpath);
      return reply;
    },
  };
}

/** The operation table with the instance and class writes guarded as the module describes. */
export function guardSubscriptionWrites(
  operations: ReadonlyMap<string, Operation>,
  engine: WbemEngine,
): ReadonlyMap<string, Operation> {
  const out = new Map(operations);
  const wrap = (name: string, guard: (op: Operation) => Operation): void => {
    const op = operations.get(name);
    if (op !== undefined) out.set(name, guard(op));
  };
  wrap('createinstance', (op) => createGuarded(engine, op));
  wrap('modifyinstance', modifyGuarded);
  wrap('deleteinstance', (op) => deleteGuarded(engine, op));
  wrap('createclass', (op) => classWriteGuarded(op, 'NewClass'));
  wrap('modifyclass', (op) => classWriteGuarded(op, 'ModifiedClass'));
  wrap('deleteclass', classDeleteGuarded);
  return out;
}
