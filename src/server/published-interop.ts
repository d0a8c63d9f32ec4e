/**
 * @module A caller's connection to `root/interop` with the server's self-description laid over
 * it (`published-instances.ts`): the instance reads of the published classes are answered from
 * the engine's state at the time of the read, and their writes are refused.
 *
 * The overlay sits on the connection, not on single operations, because every instance read the
 * server makes goes through it: GetInstance, the enumerations and their pulls, and the WQL
 * snapshot behind ExecQuery, Associators and References (`services-wql-reader.ts`). So
 * `Associators` of the object manager finds the namespaces the same way `EnumerateInstances` of
 * `CIM_Namespace` lists them, with one implementation.
 *
 * Instances of the published classes stored through the API are not shown: the server's answer
 * is the only one, as a provider's is in WMI. A write to these classes fails with
 * `WBEM_E_PROVIDER_NOT_CAPABLE` (CIM_ERR_NOT_SUPPORTED); namespaces are created and deleted as
 * `__NAMESPACE` instances.
 */
import { hostname } from 'node:os';
import {
  type CimInstance,
  type CimValue,
  parseInstancePath,
  sameName,
  toWbemError,
  WBEM_E_INVALID_CLASS,
  WBEM_E_NOT_FOUND,
  WBEM_E_PROVIDER_NOT_CAPABLE,
  WBEM_FLAG_SHALLOW,
  type WbemEngine,
  WbemError,
  type WbemServices,
} from '../index.js';
import { PUBLISHED_CLASSES } from './interop-profile-schema.js';
import { INTEROP_NAMESPACE } from './interop-schema.js';
import { OBJECT_MANAGER_CLASS } from './object-manager.js';
import { type PublishedSource, publishedInstances } from './published-instances.js';
import { type NamespaceViewer, visibleNamespaces } from './visible-namespaces.js';

/** The calls the overlay answers itself; everything else goes to the connection unchanged. */
type Overridden = Pick<
  WbemServices,
  'createInstanceEnum' | 'getInstance' | 'putInstance' | 'deleteInstance'
>;

function isPublished(className: string): boolean {
  return PUBLISHED_CLASSES.some((c) => sameName(c, className));
}

function refuse(className: string): WbemError {
  return new WbemError(WBEM_E_PROVIDER_NOT_CAPABLE, {
    message: `instances of ${className} are published by the server and cannot be written; namespaces are created and deleted as __NAMESPACE instances`,
  });
}

/** Key values of a path, recursively for references, compared case-insensitively as WMI does. */
function samePath(a: string, b: string): boolean {
  let pa: ReturnType<typeof parseInstancePath>;
  let pb: ReturnType<typeof parseInstancePath>;
  try {
    pa = parseInstancePath(a);
    pb = parseInstancePath(b);
  } catch {
    return false;
  }
  if (!sameName(pa.className, pb.className) || pa.keys.length !== pb.keys.length) return false;
  return pa.keys.every((ka) => {
    const kb = pb.keys.find((k) => sameName(k.name, ka.name));
    return kb !== undefined && sameValue(ka.value, kb.value);
  });
}

function sameValue(a: CimValue, b: CimValue): boolean {
  const sa = String(a);
  const sb = String(b);
  // Stryker disable next-line StringLiteral: a value without `=` never parses as a path with keys, so testing for `=` only saves the parse
  return sa.toLowerCase() === sb.toLowerCase() || (sa.includes('=') && samePath(sa, sb));
}

/**
 * `svc` (a caller's connection to `root/interop`) with the published instances laid over it.
 * The result is made once per connection, so caches keyed by the connection keep working.
 */
export function withPublishedInstances(
  svc: WbemServices,
  engine: WbemEngine,
  who: NamespaceViewer,
): WbemServices {
  const source: PublishedSource = {
    namespaces: () => visibleNamespaces(engine, who),
    objectManagers: () =>
      svc.createInstanceEnum(OBJECT_MANAGER_CLASS).catch((error: unknown) => {
        // Stryker disable next-line ArrayDeclaration: an entry that is no instance has no __RELPATH, so it is skipped as a manager without a path
        if (toWbemError(error).hresult === WBEM_E_INVALID_CLASS) return [];
        throw error;
      }),
    classOf: (name) => svc.getClass(name),
    server: hostname(),
  };

  /** The published classes an enumeration of `className` covers (itself, or deep: subclasses). */
  async function coveredBy(className: string, shallow: boolean): Promise<string[]> {
    if (isPublished(className)) return PUBLISHED_CLASSES.filter((c) => sameName(c, className));
    // Stryker disable next-line ArrayDeclaration: a name that is not a published class adds no instance (`publishedInstances` answers none)
    if (shallow) return [];
    const covered = await Promise.all(
      PUBLISHED_CLASSES.map(async (c) => {
        try {
          // Stryker disable next-line OptionalChaining,ArrayDeclaration: a class read without __DERIVATION is "not derived" either way (a failure is caught below)
          const derivation = (await svc.getClass(c)).systemProperties?.__DERIVATION ?? [];
          return derivation.some((d) => sameName(d, className)) ? [c] : [];
        } catch {
          // Stryker disable next-line ArrayDeclaration: a name that is not a published class adds no instance (`publishedInstances` answers none)
          return [];
        }
      }),
    );
    return covered.flat();
  }

  const overridden: Overridden = {
    async createInstanceEnum(className, flags = 0, ctx = null) {
      // The engine's own enumeration first: it checks the class and the caller's rights.
      const stored = await svc.createInstanceEnum(className, flags, ctx);
      const out: CimInstance[] = stored.filter((i) => !isPublished(i.className));
      for (const c of await coveredBy(className, (flags & WBEM_FLAG_SHALLOW) !== 0))
        out.push(...(await publishedInstances(c, source)));
      return out;
    },
    async getInstance(path, flags = 0, ctx = null) {
      let className: string;
      try {
        className = parseInstancePath(path).className;
      } catch {
        return svc.getInstance(path, flags, ctx);
      }
      if (!isPublished(className)) return svc.getInstance(path, flags, ctx);
      try {
        await svc.getClass(className);
      } catch (error) {
        const e = toWbemError(error);
        if (e.hresult !== WBEM_E_NOT_FOUND) throw e;
        // The engine's detail alone, as GetInstance of any missing class words it.
        throw new WbemError(WBEM_E_INVALID_CLASS, {
          ...(e.detail === undefined ? {} : { message: e.detail }),
          cause: e,
        });
      }
      const found = (await publishedInstances(className, source)).find((i) => {
        // Stryker disable next-line OptionalChaining: a published instance always has its system properties
        const rel = i.systemProperties?.__RELPATH;
        return typeof rel === 'string' && samePath(rel, path);
      });
      if (found === undefined)
        throw new WbemError(WBEM_E_NOT_FOUND, { message: `no ${className} ${path}` });
      return found;
    },
    async putInstance(inst, flags = 0, ctx = null) {
      if (inst !== null && isPublished(inst.className)) throw refuse(inst.className);
      return svc.putInstance(inst, flags, ctx);
    },
    async deleteInstance(path, flags = 0, ctx = null) {
      // Stryker disable next-line StringLiteral: the name given to a path that does not parse only needs to be no published class
      let className = '';
      try {
        className = parseInstancePath(path).className;
      } catch {
        // A malformed path: the engine reports it.
      }
      if (isPublished(className)) throw refuse(className);
      return svc.deleteInstance(path, flags, ctx);
    },
  };

  return new Proxy(svc, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overridden, prop))
        return overridden[prop as keyof Overridden];
      const value: unknown = Reflect.get(target, prop, target);
      // Methods read private fields, so they run on the connection itself, not on the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * What the dispatcher applies to each connection it opens: the overlay for `root/interop`, the
 * connection unchanged elsewhere.
 */
export function publishedInteropView(
  engine: WbemEngine,
): (svc: WbemServices, who: NamespaceViewer) => WbemServices {
  return (svc, who) =>
    svc.namespace.replaceAll('\\', '/').toLowerCase() === INTEROP_NAMESPACE
      ? withPublishedInstances(svc, engine, who)
      : svc;
}
