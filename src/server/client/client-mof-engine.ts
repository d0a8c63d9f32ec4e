/**
 * @module The MOF loader's view of a server: `loadMof` writes through `MofLoadEngine` and
 * `MofLoadServices`, and these adapters carry each of their calls to a CIM-XML server through
 * `CimXmlClient`, so `mofcomp --url` compiles locally and loads in the same dependency order,
 * with the same pragmas and the same positioned errors, as a local load.
 *
 * WMI's PutClass and PutInstance create or update; DSP0200 splits them, so without
 * `WBEM_FLAG_CREATE_ONLY` / `WBEM_FLAG_UPDATE_ONLY` a put is a Create, then a Modify when the
 * server answers CIM_ERR_ALREADY_EXISTS. The update mode (`WBEM_FLAG_UPDATE_SAFE_MODE`,
 * `WBEM_FLAG_UPDATE_FORCE_MODE`) rides in the `X-WBEMRX-UpdateMode` header of ModifyClass; with
 * neither, no header is sent and the server's default applies (compatible unless configured).
 * Namespaces are created and deleted as `__NAMESPACE` instances of their parent, as WMI does,
 * on servers that allow it: `wbemrx serve` does, for a user holding `WBEM_FULL_WRITE_REP` in the
 * parent namespace; servers that do not leave a MOF's namespaces to be created there first.
 */
import {
  type CimClass,
  type CimInstance,
  cimInstance,
  isMissingNamespace,
  type MofLoadEngine,
  type MofLoadServices,
  type QualifierDeclaration,
  type UpdateMode,
  WBEM_E_ACCESS_DENIED,
  WBEM_E_ALREADY_EXISTS,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_FLAG_CREATE_ONLY,
  WBEM_FLAG_SHALLOW,
  WBEM_FLAG_UPDATE_FORCE_MODE,
  WBEM_FLAG_UPDATE_ONLY,
  WBEM_FLAG_UPDATE_SAFE_MODE,
  WbemError,
} from '../../index.js';
import type { CimXmlClient } from './cim-xml-client.js';

const RESOLVED = { localOnly: false, includeQualifiers: true, includeClassOrigin: true } as const;

function updateModeOf(flags: number): UpdateMode | undefined {
  if ((flags & WBEM_FLAG_UPDATE_FORCE_MODE) !== 0) return 'force';
  if ((flags & WBEM_FLAG_UPDATE_SAFE_MODE) !== 0) return 'safe';
  return undefined;
}

const exists = (thrown: unknown): boolean =>
  thrown instanceof WbemError && thrown.hresult === WBEM_E_ALREADY_EXISTS;

/** Create, or Modify when the server says the object exists (WMI's create-or-update put). */
async function createOrModify<T>(
  flags: number,
  create: () => Promise<T>,
  modify: () => Promise<T>,
): Promise<T> {
  if ((flags & WBEM_FLAG_UPDATE_ONLY) !== 0) return modify();
  if ((flags & WBEM_FLAG_CREATE_ONLY) !== 0) return create();
  try {
    return await create();
  } catch (thrown) {
    if (!exists(thrown)) throw thrown;
    return modify();
  }
}

/** Whether the namespace exists on the server: its qualifier declarations can be read. */
async function reachable(client: CimXmlClient): Promise<boolean> {
  try {
    await client.enumerateQualifiers();
    return true;
  } catch (thrown) {
    if (thrown instanceof WbemError && isMissingNamespace(thrown)) return false;
    throw thrown;
  }
}

/** One namespace of the server, as the MOF loader writes it. */
export class ClientMofServices implements MofLoadServices {
  readonly #client: CimXmlClient;

  constructor(client: CimXmlClient) {
    this.#client = client;
  }

  get namespace(): string {
    return this.#client.namespace;
  }

  putClass(cls: CimClass, flags = 0): Promise<void> {
    const updateMode = updateModeOf(flags);
    return createOrModify(
      flags,
      () => this.#client.createClass(cls),
      () => this.#client.modifyClass(cls, updateMode === undefined ? {} : { updateMode }),
    );
  }

  /** `#pragma deleteclass` deletes the class with its subclasses and instances, as WMI does. */
  deleteClass(name: string): Promise<void> {
    return this.#client.deleteClass(name, { updateMode: 'force' });
  }

  /** Only whether it exists matters to a load: its own members, no qualifiers. */
  getClass(name: string): Promise<CimClass> {
    return this.#client.getClass(name, { localOnly: true, includeQualifiers: false });
  }

  createClassEnum(superclass: string | null, flags = 0): Promise<CimClass[]> {
    return this.#client.enumerateClasses({
      ...(superclass === null ? {} : { className: superclass }),
      deepInheritance: (flags & WBEM_FLAG_SHALLOW) === 0,
      ...RESOLVED,
    });
  }

  /** The names alone, by EnumerateClassNames: what a load asks to learn which classes exist. */
  enumerateClassNames(superclass: string | null, flags = 0): Promise<string[]> {
    return this.#client.enumerateClassNames({
      ...(superclass === null ? {} : { className: superclass }),
      deepInheritance: (flags & WBEM_FLAG_SHALLOW) === 0,
    });
  }

  putInstance(instance: CimInstance, flags = 0): Promise<string> {
    return createOrModify(
      flags,
      () => this.#client.createInstance(instance),
      () => this.#client.modifyInstance(instance),
    );
  }

  deleteInstance(path: string): Promise<void> {
    return this.#client.deleteInstance(path);
  }

  createInstanceEnum(className: string, flags = 0): Promise<CimInstance[]> {
    return this.#client.enumerateInstances(className, {
      deepInheritance: (flags & WBEM_FLAG_SHALLOW) === 0,
      localOnly: false,
    });
  }

  putQualifierDeclaration(declaration: QualifierDeclaration): Promise<void> {
    return this.#client.setQualifier(declaration);
  }

  deleteQualifierDeclaration(name: string): Promise<void> {
    return this.#client.deleteQualifier(name);
  }

  createQualifierDeclarationEnum(): Promise<QualifierDeclaration[]> {
    return this.#client.enumerateQualifiers();
  }
}

/**
 * The server behind `client` as the MOF loader's engine: any namespace of it, reached over the
 * client's connection. No undo journal is kept (the server has none to offer): an `atomic` load
 * is rolled back by this process, so one killed outright leaves its writes on the server.
 */
export function clientMofEngine(client: CimXmlClient): MofLoadEngine {
  return {
    /**
     * @throws {WbemError} WBEM_E_INVALID_NAMESPACE (CIM_ERR_INVALID_NAMESPACE) when the
     * namespace does not exist: its qualifier declarations are read to find out.
     */
    async connectServer(namespace) {
      const view = client.withNamespace(namespace);
      await view.enumerateQualifiers();
      return new ClientMofServices(view);
    },
    /**
     * @throws {WbemError} WBEM_E_ALREADY_EXISTS; WBEM_E_ACCESS_DENIED when the user may not
     * create it (`WBEM_FULL_WRITE_REP` in the parent, on `wbemrx serve`); WBEM_E_INVALID_NAMESPACE
     * when the server refuses `__NAMESPACE` instances for another reason (it does not create
     * namespaces that way).
     */
    async createNamespace(parent, name) {
      const path = `${parent}/${name}`;
      // Asked first: a server that refuses `__NAMESPACE` writes may refuse them for existing
      // namespaces too, and the loader then needs to hear that the namespace exists.
      if (await reachable(client.withNamespace(path))) {
        throw new WbemError(WBEM_E_ALREADY_EXISTS, { message: `namespace ${path} exists` });
      }
      try {
        await client
          .withNamespace(parent)
          .createInstance(cimInstance('__NAMESPACE', { Name: name }));
      } catch (thrown) {
        if (exists(thrown) || !(thrown instanceof WbemError)) throw thrown;
        const why = thrown.detail ?? thrown.message;
        if (thrown.hresult === WBEM_E_ACCESS_DENIED) {
          throw new WbemError(WBEM_E_ACCESS_DENIED, {
            message: `namespace ${path} does not exist on the server, and this user may not create it (${why})`,
            cause: thrown,
          });
        }
        throw new WbemError(WBEM_E_INVALID_NAMESPACE, {
          message: `namespace ${path} does not exist on the server, which did not create it (${why}): create it there first`,
          cause: thrown,
        });
      }
      return path;
    },
    async deleteNamespace(namespace) {
      const cut = namespace.replaceAll('\\', '/').lastIndexOf('/');
      const name = namespace
        .slice(cut + 1)
        .replaceAll('\\', '\\\\')
        .replaceAll('"', '\\"');
      await client
        .withNamespace(namespace.slice(0, cut))
        .deleteInstance(`__NAMESPACE.Name="${name}"`);
    },
  };
}
