/**
 * @module Phase 2 of the operations that security or class providers touch, run inside the
 * namespace actor's turn (spec §2.2, §2.3, §6, §8.2): the write-right checks, then the schema's
 * own rules, then the owning provider's veto, before the actor commits. Each returns its result
 * at once when no provider is involved, or a promise the actor awaits within the same turn.
 */

import type { CimClass } from '../model/cim-class.js';
import type { CimObject } from '../model/cim-value.js';
import { nameKey } from '../model/names.js';
import { checkProviderArchitecture } from '../model/well-known-context.js';
import { planClassWrite } from '../providers/class-write-plan.js';
import type { ProviderCallInfo } from '../providers/provider-module.js';
import { classProviderFor, isDynamicClass, providersIn } from '../providers/provider-registry.js';
import type { Mutation, OperationEnv } from '../schema/index.js';
import { checkClassWrite, checkInstanceWrite } from '../security/access-checks.js';
import type { ClassStore } from '../store/class-store.js';
import { WBEM_FLAG_OWNER_UPDATE, WBEM_GENUS_CLASS } from '../wbem/flags.js';
import { WBEM_E_NOT_FOUND } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { SchemaModule } from './namespace-actor.js';
import type { NamespaceProviders } from './namespace-providers.js';
import {
  authorityOf,
  type CallAuthority,
  type CreateClassEnumRequest,
  type DeleteClassRequest,
  type DeleteQualifierDeclarationRequest,
  type GetClassRequest,
  type PutClassRequest,
  type PutQualifierDeclarationRequest,
} from './protocol.js';

/** What one turn works on. */
export interface TurnScope {
  readonly schema: SchemaModule;
  readonly store: ClassStore;
  readonly env: OperationEnv;
  readonly providers: NamespaceProviders;
}

/** Providers run inside this process, so only its own bitness can be served. */
const HOST_BITS: 32 | 64 = /64|s390x/.test(process.arch) ? 64 : 32;

function deny(error: WbemError | undefined): void {
  if (error !== undefined) throw error;
}

const infoOf = (scope: TurnScope, caller: CallAuthority): ProviderCallInfo => ({
  namespace: scope.env.namespace,
  principal: caller.principal,
});

/** A class argument far enough along the spec's order (genus, then name) to be rights-checked. */
function classTarget(value: unknown): { name: string; cls?: CimClass } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const name = record['name'];
  if (record['genus'] !== WBEM_GENUS_CLASS || typeof name !== 'string' || name.length === 0)
    return undefined;
  return record['qualifiers'] instanceof Map ? { name, cls: value as CimClass } : { name };
}

/**
 * PutClass: static/dynamic and the write right (B97-B99, through the sink), the schema's rules,
 * then the owning provider (unless `WBEM_FLAG_OWNER_UPDATE`). A provider failure commits nothing.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema or of the provider.
 */
export function putClassTurn(scope: TurnScope, m: PutClassRequest): Mutation | Promise<Mutation> {
  const { schema, store, env, providers } = scope;
  const target = classTarget(m.cls);
  const flags = (m.flags ?? 0) | (m.intent.ownerUpdate ? WBEM_FLAG_OWNER_UPDATE : 0);
  const plan =
    target === undefined
      ? { dynamic: false }
      : planClassWrite(providers.registry, env.namespace, target.name, target.cls, flags);
  if (target !== undefined) deny(checkClassWrite(authorityOf(m).rights, plan));
  const mutation = schema.putClass(store, m.cls, m.intent, env);
  // Input the schema accepted without a recognisable name still needs the static write right.
  if (target === undefined) deny(checkClassWrite(authorityOf(m).rights, { dynamic: false }));
  if (!('provider' in plan) || plan.provider === undefined) return mutation;
  deny(checkProviderArchitecture(authorityOf(m).context, HOST_BITS));
  return providers.host
    .invoke(plan.provider, {
      kind: 'putClass',
      cls: m.cls as CimClass,
      flags: m.flags ?? 0,
      context: authorityOf(m).context,
      info: infoOf(scope, authorityOf(m)),
    })
    .then(() => mutation);
}

/**
 * DeleteClass: the same rights as PutClass, decided on the stored definition; the owning provider
 * is asked before the commit; the deleted classes leave the provider registrations (spec §6.2).
 * @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema or of the provider.
 */
export function deleteClassTurn(
  scope: TurnScope,
  m: DeleteClassRequest,
): Mutation | Promise<Mutation> {
  const { schema, store, env, providers } = scope;
  const name = typeof m.name === 'string' && m.name.length > 0 ? m.name : undefined;
  const stored = name === undefined ? undefined : store.getClass(name)?.local;
  const plan =
    name === undefined
      ? { dynamic: false }
      : planClassWrite(providers.registry, env.namespace, name, stored, m.flags ?? 0);
  if (name !== undefined) deny(checkClassWrite(authorityOf(m).rights, plan));
  const mutation = schema.deleteClass(store, m.name, env);
  if (name === undefined) deny(checkClassWrite(authorityOf(m).rights, { dynamic: false }));
  const dropRegistrations = (): Promise<Mutation> | Mutation => {
    const saving = providers.dropClasses(mutation.changes.deleteClasses);
    return saving === undefined ? mutation : saving.then(() => mutation);
  };
  if (!('provider' in plan) || plan.provider === undefined) return dropRegistrations();
  deny(checkProviderArchitecture(authorityOf(m).context, HOST_BITS));
  return providers.host
    .invoke(plan.provider, {
      kind: 'deleteClass',
      className: stored?.name ?? (name as string),
      flags: m.flags ?? 0,
      context: authorityOf(m).context,
      info: infoOf(scope, authorityOf(m)),
    })
    .then(dropRegistrations);
}

/**
 * PutQualifier and DeleteQualifier: declarations are schema, so they take the static class write
 * right (`WBEM_FULL_WRITE_REP`), checked before the schema sees the argument.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED, any HRESULT of the schema.
 */
export function qualifierDeclarationWriteTurn(
  scope: TurnScope,
  m: PutQualifierDeclarationRequest | DeleteQualifierDeclarationRequest,
): Mutation {
  const { schema, store, env } = scope;
  deny(checkClassWrite(authorityOf(m).rights, { dynamic: false }));
  return m.kind === 'putQualifierDeclaration'
    ? schema.putQualifierDeclaration(store, m.declaration, env)
    : schema.deleteQualifierDeclaration(store, m.name, env);
}

/** The class part of an instance path (`Foo.Id="x"`, `Foo=@`, `\\srv\root:Foo.Id=1`). */
export function classOfPath(path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const local = path.slice(path.lastIndexOf(':') + 1);
  const name = local.split(/[.=]/)[0]?.trim();
  return name === undefined || name.length === 0 ? undefined : name;
}

/**
 * PutInstance/DeleteInstance rights (spec §6.4): dynamic → `WBEM_WRITE_PROVIDER`; derived from
 * a system class → `WBEM_FULL_WRITE_REP`; otherwise full or partial write.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED.
 */
export function checkInstanceTurn(scope: TurnScope, className: unknown, rights: number): void {
  const { store, env, providers } = scope;
  if (typeof className !== 'string') {
    deny(checkInstanceWrite(rights, { dynamic: false, systemDerived: false }));
    return;
  }
  let systemDerived = false;
  const seen = new Set<string>();
  for (let at: string | null | undefined = className; at; ) {
    if (at.startsWith('__')) systemDerived = true;
    if (seen.has(nameKey(at))) break;
    seen.add(nameKey(at));
    at = store.getClass(at)?.local.superclass;
  }
  const stored = store.getClass(className)?.local;
  const dynamic = isDynamicClass(providers.registry, env.namespace, className, stored);
  deny(checkInstanceWrite(rights, { dynamic, systemDerived }));
}

/**
 * GetObject of a class: the repository first; a class it does not hold is asked of its owning
 * provider when that provider supports GetObject.
 * @throws {WbemError} WBEM_E_NOT_FOUND, any HRESULT of the schema or of the provider.
 */
export function getClassTurn(
  scope: TurnScope,
  m: GetClassRequest,
): CimObject[] | Promise<CimObject[]> {
  const { schema, store, env, providers } = scope;
  try {
    return [schema.getClass(store, m.name, m.options, env)];
  } catch (thrown) {
    const notFound = thrown instanceof WbemError && thrown.hresult === WBEM_E_NOT_FOUND;
    if (!notFound || typeof m.name !== 'string' || !providers.any) throw thrown;
    const owner = classProviderFor(providers.registry, env.namespace, m.name);
    if (owner === undefined) throw thrown;
    const className = m.name;
    return (async () => {
      const caps = await providers.host.capabilities(owner);
      if (!caps.supportsGet) throw thrown;
      const found = await providers.host.invoke(owner, {
        kind: 'getClass',
        className,
        flags: 0,
        context: authorityOf(m).context,
        info: infoOf(scope, authorityOf(m)),
      });
      if (found === null) throw thrown;
      return [found];
    })();
  }
}

/**
 * CreateClassEnum: the repository's classes, then those of every enumerating provider of the
 * namespace in registration order; for a name given twice the first answer wins.
 * @throws {WbemError} any HRESULT of the schema or of a provider.
 */
export function createClassEnumTurn(
  scope: TurnScope,
  m: CreateClassEnumRequest,
): CimObject[] | Promise<CimObject[]> {
  const { schema, store, env, providers } = scope;
  const own = schema.createClassEnum(store, m.superclass, m.deep, m.options, env);
  if (!providers.any) return own;
  const superclass = typeof m.superclass === 'string' ? m.superclass : null;
  return (async () => {
    const out: CimObject[] = [...own];
    const seen = new Set(own.map((c) => nameKey(c.name)));
    for (const registration of providersIn(providers.registry, env.namespace)) {
      if (!(await providers.host.capabilities(registration)).supportsEnumerate) continue;
      const listed = await providers.host.invoke(registration, {
        kind: 'enumerateClasses',
        superclass,
        deep: m.deep,
        context: authorityOf(m).context,
        info: infoOf(scope, authorityOf(m)),
      });
      for (const cls of listed) {
        if (seen.has(nameKey(cls.name))) continue;
        seen.add(nameKey(cls.name));
        out.push(cls);
      }
    }
    return out;
  })();
}
