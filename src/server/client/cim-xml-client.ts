/**
 * @module `CimXmlClient`: the DSP0200 operations the CLI needs against a running server
 * (`wbemrx serve` or any CIM-XML WBEM server), over http or https with Basic auth. Results are the
 * engine's own model types, so a command can print them the way it prints local ones.
 *
 * @example
 * const client = new CimXmlClient({ url: 'http://admin:pw@127.0.0.1:5988/root/cimv2' });
 * const cls = await client.getClass('CIM_ManagedElement', { includeQualifiers: true });
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
import { escapeXml, xmlAttr } from '../xml-escape.js';
import { childNamed } from '../xml-tree.js';
import { classesOf, instancesOf, objectsOf, returnValueOf } from './cim-xml-reply.js';
import {
  type CimXmlClientOptions,
  CimXmlTransport,
  type ResolvedTarget,
  resolveTarget,
} from './cim-xml-transport.js';

/** DSP0200's shaping parameters of a read. */
export interface ReadOptions {
  readonly localOnly?: boolean;
  readonly includeQualifiers?: boolean;
  readonly includeClassOrigin?: boolean;
  /** Property names to keep. */
  readonly propertyList?: readonly string[];
}

export interface EnumerateClassesOptions extends ReadOptions {
  /** Start below this class; all classes from the top when absent. */
  readonly className?: string;
  readonly deepInheritance?: boolean;
}

export interface EnumerateInstancesOptions extends ReadOptions {
  readonly deepInheritance?: boolean;
}

const bool = (name: string, value: boolean | undefined): string =>
  value === undefined
    ? ''
    : `<IPARAMVALUE${xmlAttr('NAME', name)}><VALUE>${value ? 'TRUE' : 'FALSE'}</VALUE></IPARAMVALUE>`;
const str = (name: string, value: string): string =>
  `<IPARAMVALUE${xmlAttr('NAME', name)}><VALUE>${escapeXml(value)}</VALUE></IPARAMVALUE>`;
const cls = (name: string, value: string | undefined): string =>
  value === undefined
    ? ''
    : `<IPARAMVALUE${xmlAttr('NAME', name)}><CLASSNAME${xmlAttr('NAME', value)}/></IPARAMVALUE>`;
const raw = (name: string, inner: string): string =>
  `<IPARAMVALUE${xmlAttr('NAME', name)}>${inner}</IPARAMVALUE>`;

function readParams(o: ReadOptions): string {
  const list =
    o.propertyList === undefined
      ? ''
      : raw(
          'PropertyList',
          `<VALUE.ARRAY>${o.propertyList.map((p) => `<VALUE>${escapeXml(p)}</VALUE>`).join('')}</VALUE.ARRAY>`,
        );
  return (
    bool('LocalOnly', o.localOnly) +
    bool('IncludeQualifiers', o.includeQualifiers) +
    bool('IncludeClassOrigin', o.includeClassOrigin) +
    list
  );
}

const WRITE_VIEW = {
  localOnly: true,
  includeQualifiers: true,
  includeClassOrigin: false,
  propertyList: null,
} as const;

export class CimXmlClient {
  readonly #target: ResolvedTarget;
  readonly #transport: CimXmlTransport;
  /** Classes read to type instance values on CreateInstance, by lower-cased name. */
  readonly #classes = new Map<string, CimClass>();
  #messageId = 0;

  /** @throws {WbemError} WBEM_E_INVALID_PARAMETER for a URL that is not http(s). */
  constructor(options: CimXmlClientOptions) {
    this.#target = resolveTarget(options);
    this.#transport = new CimXmlTransport(this.#target, options);
  }

  /** The namespace the URL names (`root/cimv2` by default). */
  get namespace(): string {
    return this.#target.namespace;
  }

  /**
   * DSP0200 GetClass.
   * @throws {CimStatusError} CIM_ERR_NOT_FOUND, CIM_ERR_ACCESS_DENIED, ... from the server.
   * @throws {WbemError} WBEM_E_TRANSPORT_FAILURE, WBEM_E_ACCESS_DENIED (HTTP 401).
   */
  async getClass(name: string, options: ReadOptions = {}): Promise<CimClass> {
    const value = await this.#call('GetClass', cls('ClassName', name) + readParams(options));
    const found = classesOf(value)[0];
    if (found === undefined)
      throw new WbemError(WBEM_E_FAILED, { message: `GetClass ${name}: the reply holds no class` });
    return found;
  }

  /** DSP0200 EnumerateClasses. @throws as `getClass`. */
  async enumerateClasses(options: EnumerateClassesOptions = {}): Promise<CimClass[]> {
    return classesOf(
      await this.#call(
        'EnumerateClasses',
        cls('ClassName', options.className) +
          bool('DeepInheritance', options.deepInheritance) +
          readParams(options),
      ),
    );
  }

  /** DSP0200 CreateClass (the server's PutClass CREATE_ONLY). @throws as `getClass`. */
  async createClass(cimClass: CimClass): Promise<void> {
    await this.#call('CreateClass', raw('NewClass', encodeClass(cimClass, WRITE_VIEW)));
    this.#classes.delete(nameKey(cimClass.name));
  }

  /**
   * DSP0200 ModifyClass (the server's PutClass UPDATE_ONLY); `updateMode` is sent as
   * `X-WBEMRX-UpdateMode`, which other servers ignore.
   * @throws as `getClass`.
   */
  async modifyClass(cimClass: CimClass, options: { updateMode?: UpdateMode } = {}): Promise<void> {
    const headers =
      options.updateMode === undefined ? {} : { 'X-WBEMRX-UpdateMode': options.updateMode };
    await this.#call(
      'ModifyClass',
      raw('ModifiedClass', encodeClass(cimClass, WRITE_VIEW)),
      headers,
    );
    this.#classes.delete(nameKey(cimClass.name));
  }

  /** DSP0200 DeleteClass. @throws as `getClass` (CIM_ERR_CLASS_HAS_CHILDREN, ...). */
  async deleteClass(name: string): Promise<void> {
    await this.#call('DeleteClass', cls('ClassName', name));
    this.#classes.delete(nameKey(name));
  }

  /**
   * DSP0200 ExecQuery: classes for a schema query, instances (with `__RELPATH`) otherwise.
   * @throws as `getClass` (CIM_ERR_INVALID_QUERY, CIM_ERR_QUERY_LANGUAGE_NOT_SUPPORTED, ...).
   */
  async execQuery(query: string, language = 'WQL'): Promise<CimObject[]> {
    return objectsOf(
      await this.#call('ExecQuery', str('QueryLanguage', language) + str('Query', query)),
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
        cls('ClassName', className) +
          bool('DeepInheritance', options.deepInheritance) +
          readParams(options),
      ),
    );
  }

  /**
   * DSP0200 CreateInstance, values typed by the class (read once per client); resolves with the
   * new instance's path (`Class.Key="v"`).
   * @throws as `getClass`.
   */
  async createInstance(instance: CimInstance): Promise<string> {
    const known = await this.#typing(instance.className);
    const xml = encodeInstance(instance, known, {
      ...WRITE_VIEW,
      localOnly: false,
      includeQualifiers: false,
    });
    const value = await this.#call('CreateInstance', raw('NewInstance', xml));
    const name = value === undefined ? undefined : childNamed(value, 'INSTANCENAME');
    if (name === undefined)
      throw new WbemError(WBEM_E_FAILED, {
        message: 'CreateInstance: the reply holds no INSTANCENAME',
      });
    return decodeInstanceName(name);
  }

  /**
   * DSP0200 DeleteInstance of `Class.Key="v"` (key values typed by the class, read once).
   * @throws as `getClass` (CIM_ERR_NOT_FOUND, ...); WBEM_E_INVALID_OBJECT_PATH for a bad path.
   */
  async deleteInstance(path: string): Promise<void> {
    const known = await this.#typing(parseInstancePath(path).className);
    await this.#call(
      'DeleteInstance',
      raw('InstanceName', encodeInstanceName(path, keyTypesOf(known))),
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
      raw('QualifierDeclaration', encodeQualifierDeclaration(declaration)),
    );
  }

  /** Ends the keep-alive connections. */
  close(): void {
    this.#transport.close();
  }

  async #typing(className: string): Promise<CimClass> {
    const key = nameKey(className);
    let known = this.#classes.get(key);
    if (known === undefined) {
      known = await this.getClass(className, { localOnly: false });
      this.#classes.set(key, known);
    }
    return known;
  }

  async #call(method: string, params: string, headers: Record<string, string> = {}) {
    const ns = this.#target.namespace
      .split('/')
      .map((n) => `<NAMESPACE${xmlAttr('NAME', n)}/>`)
      .join('');
    const id = String(++this.#messageId);
    const body = `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="${id}" PROTOCOLVERSION="1.0"><SIMPLEREQ><IMETHODCALL${xmlAttr('NAME', method)}><LOCALNAMESPACEPATH>${ns}</LOCALNAMESPACEPATH>${params}</IMETHODCALL></SIMPLEREQ></MESSAGE></CIM>`;
    return returnValueOf(
      await this.#transport.post(method, this.#target.namespace, body, headers),
      method,
    );
  }
}
