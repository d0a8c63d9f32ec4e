/**
 * @module `CimXmlClient`: the DSP0200 operations the CLI needs against a running server
 * (`wbemrx serve` or any CIM-XML WBEM server), over http or https with Basic auth. Results are the
 * engine's own model types, so a command can print them the way it prints local ones: a class
 * comes back as the server sent it (inherited members with their origin, see
 * `decode-class-view.ts`) with the system properties a local `getClass` gives it.
 *
 * @example
 * const client = new CimXmlClient({ url: 'http://admin:pw@127.0.0.1:5988/root/cimv2' });
 * const cls = await client.getClass('CIM_ManagedElement', { localOnly: false });
 * client.close();
 */
import {
  type CimClass,
  type CimInstance,
  type CimObject,
  nameKey,
  parseInstancePath,
  type QualifierDeclaration,
  type UpdateMode,
  WBEM_E_FAILED,
  WbemError,
} from '../../index.js';
import { MAX_CLASS_DEPTH } from '../../schema/class-lookup.js';
import { NO_DECLARATIONS } from '../decode-cim.js';
import { decodeInstanceName } from '../decode-path.js';
import { decodeQualifierDeclaration } from '../decode-qualifier-declaration.js';
import {
  encodeClass,
  encodeInstance,
  encodeInstanceName,
  encodeQualifierDeclaration,
} from '../encode-cim.js';
import { keyTypesOf } from '../instance-operations.js';
import { childNamed, type XmlElement } from '../xml-tree.js';
import {
  boolParam,
  checkInstanceProperties,
  classNameParam,
  instancePathOf,
  type ReadOptions,
  readParams,
  requestBody,
  stringParam,
  xmlParam,
} from './cim-xml-params.js';
import { classesOf, classNamesOf, instancesOf, objectsOf, returnValueOf } from './cim-xml-reply.js';
import type { CimXmlClientOptions } from './cim-xml-transport.js';
import { classSystemProperties } from './client-class-cache.js';
import { ClientConnection } from './client-connection.js';

export type { ReadOptions } from './cim-xml-params.js';

export interface EnumerateClassesOptions extends ReadOptions {
  /** Start below this class; all classes from the top when absent. */
  readonly className?: string;
  readonly deepInheritance?: boolean;
}

export interface EnumerateClassNamesOptions {
  /** Start below this class; all classes from the top when absent. */
  readonly className?: string;
  readonly deepInheritance?: boolean;
}

export interface EnumerateInstancesOptions extends ReadOptions {
  readonly deepInheritance?: boolean;
}

const WRITE_VIEW = {
  localOnly: true,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
} as const;
const INSTANCE_VIEW = { ...WRITE_VIEW, localOnly: false, includeQualifiers: false } as const;
/** The cheapest read that still names a class's superclass. */
const LINEAGE_READ: ReadOptions = { localOnly: true, includeQualifiers: false, propertyList: [] };

/** A read that returns every property with its qualifiers: the class's resolved view. */
const isResolvedRead = (o: ReadOptions): boolean =>
  o.localOnly === false && o.includeQualifiers !== false && o.propertyList === undefined;

export class CimXmlClient {
  readonly #connection: ClientConnection;
  readonly #namespace: string;

  /**
   * @param options the server's URL and credentials.
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a URL that is not http(s).
   */
  constructor(options: CimXmlClientOptions);
  /** @internal `withNamespace`: another namespace over the same connection. */
  constructor(connection: ClientConnection, namespace: string);
  constructor(options: CimXmlClientOptions | ClientConnection, namespace?: string) {
    this.#connection =
      options instanceof ClientConnection ? options : new ClientConnection(options);
    this.#namespace = namespace ?? this.#connection.target.namespace;
  }

  /** The namespace the client acts on (the URL's, `root/cimv2` by default). */
  get namespace(): string {
    return this.#namespace;
  }

  /**
   * A client of another namespace of the same server, sharing this one's connection, credentials
   * and class cache; closing either closes both.
   */
  withNamespace(namespace: string): CimXmlClient {
    return new CimXmlClient(this.#connection, namespace.replaceAll('\\', '/'));
  }

  /**
   * DSP0200 GetClass. With `localOnly: false` the class comes back resolved, inherited members
   * marked `propagated` with their `classOrigin`.
   * @throws {CimStatusError} CIM_ERR_NOT_FOUND, CIM_ERR_ACCESS_DENIED, ... from the server.
   * @throws {WbemError} WBEM_E_TRANSPORT_FAILURE, WBEM_E_ACCESS_DENIED (HTTP 401).
   */
  async getClass(name: string, options: ReadOptions = {}): Promise<CimClass> {
    const value = await this.#call(
      'GetClass',
      classNameParam('ClassName', name) + readParams(options),
    );
    const found = classesOf(value)[0];
    if (found === undefined)
      throw new WbemError(WBEM_E_FAILED, { message: `GetClass ${name}: the reply holds no class` });
    const [withSystem] = await this.#read([found], isResolvedRead(options));
    return withSystem as CimClass;
  }

  /** DSP0200 EnumerateClasses. @throws as `getClass`. */
  async enumerateClasses(options: EnumerateClassesOptions = {}): Promise<CimClass[]> {
    const value = await this.#call(
      'EnumerateClasses',
      classNameParam('ClassName', options.className) +
        boolParam('DeepInheritance', options.deepInheritance) +
        readParams(options),
    );
    return this.#read(classesOf(value), isResolvedRead(options));
  }

  /** DSP0200 EnumerateClassNames: the names alone, in the server's order. @throws as `getClass`. */
  async enumerateClassNames(options: EnumerateClassNamesOptions = {}): Promise<string[]> {
    return classNamesOf(
      await this.#call(
        'EnumerateClassNames',
        classNameParam('ClassName', options.className) +
          boolParam('DeepInheritance', options.deepInheritance),
      ),
    );
  }

  /** DSP0200 CreateClass (the server's PutClass CREATE_ONLY). @throws as `getClass`. */
  async createClass(cimClass: CimClass): Promise<void> {
    await this.#call('CreateClass', xmlParam('NewClass', encodeClass(cimClass, WRITE_VIEW)));
    this.#connection.classes.forget(this.#namespace);
  }

  /**
   * DSP0200 ModifyClass (the server's PutClass UPDATE_ONLY); `updateMode` is sent as
   * `X-WBEMRX-UpdateMode`, which other servers ignore.
   * @throws as `getClass`.
   */
  async modifyClass(cimClass: CimClass, options: { updateMode?: UpdateMode } = {}): Promise<void> {
    const headers =
      options.updateMode === undefined ? {} : { 'X-WBEMRX-UpdateMode': options.updateMode };
    try {
      await this.#call(
        'ModifyClass',
        xmlParam('ModifiedClass', encodeClass(cimClass, WRITE_VIEW)),
        headers,
      );
    } finally {
      // Force mode may have changed or removed subclasses even when the call failed midway.
      this.#connection.classes.forget(this.#namespace);
    }
  }

  /**
   * DSP0200 DeleteClass; with `updateMode: 'force'` a wbemrx server deletes the subclasses and
   * instances too, as WMI does (others ignore the header).
   * @throws as `getClass` (CIM_ERR_CLASS_HAS_CHILDREN, ...).
   */
  async deleteClass(name: string, options: { updateMode?: UpdateMode } = {}): Promise<void> {
    const headers =
      options.updateMode === undefined ? {} : { 'X-WBEMRX-UpdateMode': options.updateMode };
    try {
      await this.#call('DeleteClass', classNameParam('ClassName', name), headers);
    } finally {
      this.#connection.classes.forget(this.#namespace);
    }
  }

  /**
   * DSP0200 ExecQuery: classes for a schema query, instances (with `__RELPATH`) otherwise.
   * @throws as `getClass` (CIM_ERR_INVALID_QUERY, CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED, ...).
   */
  async execQuery(query: string, language = 'WQL'): Promise<CimObject[]> {
    return objectsOf(
      await this.#call(
        'ExecQuery',
        stringParam('QueryLanguage', language) + stringParam('Query', query),
      ),
    );
  }

  /** DSP0200 EnumerateInstances; each instance carries its path as `__RELPATH`. @throws as `getClass`. */
  async enumerateInstances(
    className: string,
    options: EnumerateInstancesOptions = {},
  ): Promise<CimInstance[]> {
    return instancesOf(
      await this.#call(
        'EnumerateInstances',
        classNameParam('ClassName', className) +
          boolParam('DeepInheritance', options.deepInheritance) +
          readParams(options),
      ),
    );
  }

  /**
   * DSP0200 CreateInstance, values typed by the class as resolved (read once per namespace), so
   * inherited keys are sent too; resolves with the new instance's path (`Class.Key="v"`).
   * @throws as `getClass`; WBEM_E_INVALID_PROPERTY for a property the class lacks.
   */
  async createInstance(instance: CimInstance): Promise<string> {
    const known = await this.#typing(instance.className);
    checkInstanceProperties(instance, known);
    const xml = encodeInstance(instance, known, INSTANCE_VIEW);
    const value = await this.#call('CreateInstance', xmlParam('NewInstance', xml));
    const name = value === undefined ? undefined : childNamed(value, 'INSTANCENAME');
    if (name === undefined)
      throw new WbemError(WBEM_E_FAILED, {
        message: 'CreateInstance: the reply holds no INSTANCENAME',
      });
    return decodeInstanceName(name);
  }

  /**
   * DSP0200 ModifyInstance of the instance its key values name (keys from the class as resolved).
   * Resolves with the instance's path.
   * @throws as `getClass` (CIM_ERR_NOT_FOUND, ...); WBEM_E_INVALID_PARAMETER when a key value
   * is missing.
   */
  async modifyInstance(instance: CimInstance): Promise<string> {
    const known = await this.#typing(instance.className);
    checkInstanceProperties(instance, known);
    const path = instancePathOf(instance, known);
    const named = `<VALUE.NAMEDINSTANCE>${encodeInstanceName(path, keyTypesOf(known))}${encodeInstance(instance, known, INSTANCE_VIEW)}</VALUE.NAMEDINSTANCE>`;
    await this.#call('ModifyInstance', xmlParam('ModifiedInstance', named));
    return path;
  }

  /**
   * DSP0200 DeleteInstance of `Class.Key="v"` (key values typed by the class as resolved).
   * @throws as `getClass` (CIM_ERR_NOT_FOUND, ...); WBEM_E_INVALID_OBJECT_PATH for a bad path.
   */
  async deleteInstance(path: string): Promise<void> {
    const known = await this.#typing(parseInstancePath(path).className);
    await this.#call(
      'DeleteInstance',
      xmlParam('InstanceName', encodeInstanceName(path, keyTypesOf(known))),
    );
  }

  /** DSP0200 EnumerateQualifiers: the namespace's qualifier declarations. @throws as `getClass`. */
  async enumerateQualifiers(): Promise<QualifierDeclaration[]> {
    const value = await this.#call('EnumerateQualifiers', '');
    return (value?.children ?? [])
      .filter((c) => c.name === 'QUALIFIER.DECLARATION')
      .map((c) => decodeQualifierDeclaration(c, NO_DECLARATIONS));
  }

  /** DSP0200 SetQualifier: declares (or redeclares) a qualifier type. @throws as `getClass`. */
  async setQualifier(declaration: QualifierDeclaration): Promise<void> {
    await this.#call(
      'SetQualifier',
      xmlParam('QualifierDeclaration', encodeQualifierDeclaration(declaration)),
    );
  }

  /** DSP0200 DeleteQualifier. @throws as `getClass` (CIM_ERR_NOT_FOUND, ...). */
  async deleteQualifier(name: string): Promise<void> {
    await this.#call('DeleteQualifier', stringParam('QualifierName', name));
  }

  /** Ends the keep-alive connections (of every client sharing them). */
  close(): void {
    this.#connection.transport.close();
  }

  /** The class's resolved view, read with LocalOnly=false the first time it is needed. */
  async #typing(className: string): Promise<CimClass> {
    const cached = this.#connection.classes.view(this.#namespace, className);
    if (cached !== undefined) return cached;
    await this.getClass(className, { localOnly: false, includeQualifiers: true });
    return this.#connection.classes.view(this.#namespace, className) as CimClass;
  }

  /** Classes read, remembered and given their system properties. */
  async #read(classes: CimClass[], resolved: boolean): Promise<CimClass[]> {
    const cache = this.#connection.classes;
    cache.learn(this.#namespace, classes, resolved);
    const out: CimClass[] = [];
    for (const cls of classes) {
      const derivation: string[] = [];
      const seen = new Set<string>();
      for (let up = cls.superclass; up !== null; ) {
        let known = cache.lineage(this.#namespace, up);
        if (known === undefined) {
          await this.getClass(up, LINEAGE_READ);
          known = cache.lineage(this.#namespace, up) as NonNullable<typeof known>;
        }
        // A chain as deep as wbemrx allows is read whole; past that, or round a loop, the
        // server's answers cannot be a class hierarchy.
        if (seen.has(nameKey(known.name))) {
          throw new WbemError(WBEM_E_FAILED, {
            message: `the server's superclasses of ${cls.name} form a loop`,
          });
        }
        if (derivation.length >= MAX_CLASS_DEPTH) {
          throw new WbemError(WBEM_E_FAILED, {
            message: `the server's superclasses of ${cls.name} form a chain of more than ${MAX_CLASS_DEPTH} classes`,
          });
        }
        seen.add(nameKey(known.name));
        derivation.push(known.name);
        up = known.superclass;
      }
      out.push({
        ...cls,
        systemProperties: classSystemProperties(
          cls,
          derivation,
          this.#namespace,
          this.#connection.server,
        ),
      });
    }
    return out;
  }

  async #call(
    method: string,
    params: string,
    headers: Record<string, string> = {},
  ): Promise<XmlElement | undefined> {
    const body = requestBody(method, this.#namespace, this.#connection.nextMessageId(), params);
    return returnValueOf(
      await this.#connection.transport.post(method, this.#namespace, body, headers),
      method,
    );
  }
}
