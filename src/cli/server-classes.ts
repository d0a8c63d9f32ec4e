/**
 * @module `ServerClasses`: classes read from a server through `--url`, resolved as the local
 * engine resolves them. The client reads classes as they are defined (inherited members are
 * marked PROPAGATED on the wire and dropped when decoded), so the resolved view, the
 * `// inherited from` marks and the system properties the local commands print are rebuilt here
 * from each class's local definition and its ancestors'.
 */
import {
  type CimClass,
  type CimXmlClient,
  nameKey,
  resolveClass,
  WBEM_GENUS_CLASS,
} from '../index.js';

const LOCAL = { localOnly: true, includeQualifiers: true } as const;

export class ServerClasses {
  readonly #client: CimXmlClient;
  readonly #server: string;
  readonly #namespace: string;
  /** Local definitions by lower-cased name. */
  readonly #local = new Map<string, CimClass>();
  /** Resolved views (without system properties) by lower-cased name. */
  readonly #resolved = new Map<string, CimClass>();

  /** `server` is the host the URL names: it is the `__SERVER` of what is read from it. */
  constructor(client: CimXmlClient, server: string) {
    this.#client = client;
    this.#server = server;
    this.#namespace = client.namespace;
  }

  /** Records local definitions already read (an enumeration), saving a GetClass each. */
  know(classes: readonly CimClass[]): void {
    for (const cls of classes) this.#local.set(nameKey(cls.name), cls);
  }

  /**
   * The class as GetObject returns it locally: resolved, with its system properties.
   * @throws {WbemError} what the server reports (WBEM_E_NOT_FOUND, ...).
   */
  async resolved(name: string): Promise<CimClass> {
    const view = await this.#resolve(name);
    const derivation: string[] = [];
    for (let up = view.superclass; up !== null; up = (await this.#definition(up)).superclass)
      derivation.push((await this.#definition(up)).name);
    const ns = this.#namespace.replaceAll('/', '\\');
    return {
      ...view,
      systemProperties: {
        __GENUS: WBEM_GENUS_CLASS,
        __CLASS: view.name,
        __SUPERCLASS: derivation[0] ?? null,
        __DYNASTY: derivation[derivation.length - 1] ?? view.name,
        __DERIVATION: derivation,
        __PROPERTY_COUNT: view.properties.size,
        __RELPATH: view.name,
        __PATH: `\\\\${this.#server}\\${ns}:${view.name}`,
        __NAMESPACE: ns,
        __SERVER: this.#server,
      },
    };
  }

  async #definition(name: string): Promise<CimClass> {
    const key = nameKey(name);
    const known = this.#local.get(key);
    if (known !== undefined) return known;
    const read = await this.#client.getClass(name, LOCAL);
    this.#local.set(key, read);
    return read;
  }

  async #resolve(name: string): Promise<CimClass> {
    const key = nameKey(name);
    const done = this.#resolved.get(key);
    if (done !== undefined) return done;
    const local = await this.#definition(name);
    const parent = local.superclass === null ? null : await this.#resolve(local.superclass);
    const view = resolveClass(local, parent);
    this.#resolved.set(key, view);
    return view;
  }
}
