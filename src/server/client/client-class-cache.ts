/**
 * @module What a `CimXmlClient` remembers of a server's classes, per namespace: each class's
 * resolved view (read once with `LocalOnly=false`; instance values are typed from it, so keys a
 * class inherits are sent with their types) and each class's superclass (for `__DERIVATION`).
 *
 * A class write through the client forgets the whole namespace: a modified class changes the
 * views of its subclasses too. Writes by other clients are not seen; a client is meant to live
 * for one command or one session.
 */
import {
  type CimClass,
  type CimProperty,
  nameKey,
  nameMap,
  type SystemProperties,
  WBEM_GENUS_CLASS,
} from '../../index.js';

interface Lineage {
  readonly name: string;
  readonly superclass: string | null;
}

interface NamespaceClasses {
  /** Resolved views stripped of origins, for typing instance values. */
  readonly views: Map<string, CimClass>;
  readonly lineage: Map<string, Lineage>;
}

/** The properties of a resolved view as an instance carries them: no origin marks. */
function typingView(cls: CimClass): CimClass {
  const plain = (p: CimProperty): CimProperty => {
    const { classOrigin: _origin, propagated: _propagated, ...rest } = p;
    return rest;
  };
  return { ...cls, properties: nameMap([...cls.properties.values()].map(plain)) };
}

export class ClientClassCache {
  readonly #namespaces = new Map<string, NamespaceClasses>();

  #of(namespace: string): NamespaceClasses {
    const key = namespace.toLowerCase();
    let found = this.#namespaces.get(key);
    if (found === undefined) {
      found = { views: new Map(), lineage: new Map() };
      this.#namespaces.set(key, found);
    }
    return found;
  }

  /** Records classes read from `namespace`; `resolved` when read with `LocalOnly=false` whole. */
  learn(namespace: string, classes: readonly CimClass[], resolved: boolean): void {
    const ns = this.#of(namespace);
    for (const cls of classes) {
      const key = nameKey(cls.name);
      ns.lineage.set(key, { name: cls.name, superclass: cls.superclass });
      if (resolved) ns.views.set(key, typingView(cls));
    }
  }

  /** The class's resolved view for typing instance values, when read before. */
  view(namespace: string, className: string): CimClass | undefined {
    return this.#of(namespace).views.get(nameKey(className));
  }

  /** The class's own name and superclass, when read before. */
  lineage(namespace: string, className: string): Lineage | undefined {
    return this.#of(namespace).lineage.get(nameKey(className));
  }

  /** Forgets every class of `namespace` (after a class write there). */
  forget(namespace: string): void {
    this.#namespaces.delete(namespace.toLowerCase());
  }
}

/**
 * The system properties a local `getClass` gives the class; `derivation` is its ancestors,
 * nearest first, as the classes name themselves.
 */
export function classSystemProperties(
  cls: CimClass,
  derivation: readonly string[],
  namespace: string,
  server: string,
): SystemProperties {
  const ns = namespace.replaceAll('/', '\\');
  return {
    __GENUS: WBEM_GENUS_CLASS,
    __CLASS: cls.name,
    __SUPERCLASS: derivation[0] ?? null,
    __DYNASTY: derivation[derivation.length - 1] ?? cls.name,
    __DERIVATION: [...derivation],
    __PROPERTY_COUNT: cls.properties.size,
    __RELPATH: cls.name,
    __PATH: `\\\\${server}\\${ns}:${cls.name}`,
    __NAMESPACE: ns,
    __SERVER: server,
  };
}
