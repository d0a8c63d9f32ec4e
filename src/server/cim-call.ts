/**
 * @module The envelope of a CIM-XML request (DSP0201 `CIM` / `MESSAGE` / `SIMPLEREQ` /
 * `IMETHODCALL`) and typed access to its `IPARAMVALUE`s. Envelope faults are HTTP-level
 * (`CIMError` header, DSP0200 §7); faults in parameter values are CIM errors of the operation.
 */
import {
  WBEM_E_INVALID_PARAMETER,
  WBEM_E_INVALID_SYNTAX,
  WBEM_E_NOT_SUPPORTED,
  WbemError,
} from '../index.js';
import { CimHttpError } from './cim-http-error.js';
import { attr, decodeInstanceName, decodeLocalNamespace } from './decode-path.js';
import { childNamed, type XmlElement } from './xml-tree.js';

/** One intrinsic method call. */
export interface CimCall {
  readonly messageId: string;
  /** `IMETHODCALL NAME` as sent. */
  readonly method: string;
  /** `root/cimv2`. */
  readonly namespace: string;
  /** `IPARAMVALUE` elements by lower-cased NAME. */
  readonly params: ReadonlyMap<string, XmlElement>;
  /** True for an extrinsic `METHODCALL`, which this server does not serve. */
  readonly extrinsic: boolean;
}

function notValid(message: string): CimHttpError {
  return new CimHttpError(WBEM_E_INVALID_SYNTAX, 400, 'request-not-valid', message);
}

function versionIs(value: string | undefined, major: string): boolean {
  return value !== undefined && (value === major || value.startsWith(`${major}.`));
}

/**
 * Reads the envelope.
 * @throws {CimHttpError} request-not-valid, unsupported-cim-version, unsupported-dtd-version,
 * unsupported-protocol-version, multiple-requests-unsupported.
 */
export function readCimCall(root: XmlElement): CimCall {
  if (root.name !== 'CIM') throw notValid(`the root element is <${root.name}>, not <CIM>`);
  if (!versionIs(root.attrs['CIMVERSION'], '2')) {
    throw new CimHttpError(
      WBEM_E_NOT_SUPPORTED,
      501,
      'unsupported-cim-version',
      `CIMVERSION ${root.attrs['CIMVERSION'] ?? 'missing'}`,
    );
  }
  if (!versionIs(root.attrs['DTDVERSION'], '2')) {
    throw new CimHttpError(
      WBEM_E_NOT_SUPPORTED,
      501,
      'unsupported-dtd-version',
      `DTDVERSION ${root.attrs['DTDVERSION'] ?? 'missing'}`,
    );
  }
  const message = childNamed(root, 'MESSAGE');
  if (message === undefined) throw notValid('<CIM> holds no <MESSAGE>');
  const messageId = message.attrs['ID'];
  if (messageId === undefined) throw notValid('<MESSAGE> has no ID');
  if (!versionIs(message.attrs['PROTOCOLVERSION'], '1')) {
    throw new CimHttpError(
      WBEM_E_NOT_SUPPORTED,
      501,
      'unsupported-protocol-version',
      `PROTOCOLVERSION ${message.attrs['PROTOCOLVERSION'] ?? 'missing'}`,
    );
  }
  if (childNamed(message, 'MULTIREQ') !== undefined) {
    throw new CimHttpError(
      WBEM_E_NOT_SUPPORTED,
      501,
      'multiple-requests-unsupported',
      'MULTIREQ is not supported',
    );
  }
  const simple = childNamed(message, 'SIMPLEREQ');
  if (simple === undefined) throw notValid('<MESSAGE> holds no <SIMPLEREQ>');
  const call = childNamed(simple, 'IMETHODCALL') ?? childNamed(simple, 'METHODCALL');
  if (call === undefined) throw notValid('<SIMPLEREQ> holds no <IMETHODCALL>');
  const method = call.attrs['NAME'];
  if (method === undefined) throw notValid(`<${call.name}> has no NAME`);
  const extrinsic = call.name === 'METHODCALL';
  const nsPath = extrinsic
    ? childNamed(
        childNamed(call, 'LOCALINSTANCEPATH') ?? childNamed(call, 'LOCALCLASSPATH') ?? call,
        'LOCALNAMESPACEPATH',
      )
    : childNamed(call, 'LOCALNAMESPACEPATH');
  if (nsPath === undefined) throw notValid(`<${call.name}> has no <LOCALNAMESPACEPATH>`);
  let namespace: string;
  try {
    namespace = decodeLocalNamespace(nsPath);
  } catch (error) {
    // The detail, not the message: the refusal names its own HRESULT in front of it.
    const detail = error instanceof WbemError ? error.detail : undefined;
    throw notValid(detail ?? (error instanceof Error ? error.message : String(error)));
  }
  const params = new Map<string, XmlElement>();
  for (const p of call.children) {
    if (p.name !== 'IPARAMVALUE') continue;
    const name = p.attrs['NAME'];
    if (name === undefined) throw notValid('<IPARAMVALUE> has no NAME');
    if (params.has(name.toLowerCase())) throw notValid(`parameter ${name} given twice`);
    params.set(name.toLowerCase(), p);
  }
  return { messageId, method, namespace, params, extrinsic };
}

function invalid(message: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message });
}

/** The one child element of a parameter, or undefined for an empty (NULL) parameter. */
export function paramContent(call: CimCall, name: string): XmlElement | undefined {
  const p = call.params.get(name.toLowerCase());
  if (p === undefined) return undefined;
  if (p.children.length > 1) throw invalid(`parameter ${name} holds more than one element`);
  return p.children[0];
}

/** A boolean parameter (`<VALUE>TRUE</VALUE>`), or `fallback` when absent or NULL. */
export function boolParam(call: CimCall, name: string, fallback: boolean): boolean {
  const v = paramContent(call, name);
  if (v === undefined) return fallback;
  const t = v.name === 'VALUE' ? v.text.trim().toLowerCase() : '';
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw invalid(`parameter ${name} must be <VALUE>TRUE</VALUE> or <VALUE>FALSE</VALUE>`);
}

/** A string parameter (`<VALUE>`), or undefined. */
export function stringParam(call: CimCall, name: string): string | undefined {
  const v = paramContent(call, name);
  if (v === undefined) return undefined;
  if (v.name !== 'VALUE') throw invalid(`parameter ${name} must be a <VALUE>`);
  return v.text;
}

/** A uint32 parameter, or `fallback`. */
export function uint32Param(call: CimCall, name: string, fallback: number | null): number | null {
  const text = stringParam(call, name);
  if (text === undefined) return fallback;
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > 0xffffffff)
    throw invalid(`parameter ${name} must be a uint32`);
  return n;
}

/** A `CLASSNAME` parameter; `undefined` when absent or NULL. */
export function classNameParam(call: CimCall, name: string): string | undefined {
  const v = paramContent(call, name);
  if (v === undefined) return undefined;
  if (v.name !== 'CLASSNAME') throw invalid(`parameter ${name} must be a <CLASSNAME>`);
  return attr(v, 'NAME');
}

/**
 * A required parameter's element.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER when absent.
 */
export function requiredParam(call: CimCall, name: string, element: string): XmlElement {
  const v = paramContent(call, name);
  if (v === undefined) throw invalid(`parameter ${name} is required`);
  if (v.name !== element)
    throw invalid(`parameter ${name} must be a <${element}>, not <${v.name}>`);
  return v;
}

/** A required `CLASSNAME`. */
export function requiredClassName(call: CimCall, name: string): string {
  return attr(requiredParam(call, name, 'CLASSNAME'), 'NAME');
}

/** A required `INSTANCENAME`, as the engine's path string. */
export function requiredInstanceName(call: CimCall, name: string): string {
  return decodeInstanceName(requiredParam(call, name, 'INSTANCENAME'));
}

/** `PropertyList` (`VALUE.ARRAY` of names) as lower-cased names; `null` when absent or NULL. */
export function propertyListParam(call: CimCall): ReadonlySet<string> | null {
  const v = paramContent(call, 'PropertyList');
  if (v === undefined) return null;
  if (v.name !== 'VALUE.ARRAY') throw invalid('parameter PropertyList must be a <VALUE.ARRAY>');
  return new Set(v.children.map((c) => c.text.trim().toLowerCase()));
}

/** Each operation's parameter list, lower-cased, built once (operations are fixed objects). */
const ALLOWED = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * Refuses parameters the operation does not define (DSP0200: CIM_ERR_INVALID_PARAMETER).
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER naming the first unknown one.
 */
export function checkParams(call: CimCall, known: readonly string[]): void {
  let allowed = ALLOWED.get(known);
  if (allowed === undefined) {
    allowed = new Set(known.map((k) => k.toLowerCase()));
    ALLOWED.set(known, allowed);
  }
  for (const [key, p] of call.params) {
    if (!allowed.has(key))
      throw invalid(`${call.method} has no parameter ${p.attrs['NAME'] ?? key}`);
  }
}
