/**
 * @module Reading a CIM-XML method response on the client side: the `IMETHODRESPONSE`, its
 * `ERROR` as a `WbemError` (the server's WMI HRESULT when its description carries one), and the
 * objects of its `IRETURNVALUE` (classes as sent, inherited members included).
 */
import {
  type CimClass,
  type CimInstance,
  type CimObject,
  WBEM_E_FAILED,
  WBEM_E_INVALID_PARAMETER,
  WbemError,
} from '../../index.js';
import { CIM_STATUS, CimStatusError, type CimStatusName, HRESULT_TO_CIM } from '../cim-status.js';
import { decodeInstance, NO_DECLARATIONS } from '../decode-cim.js';
import { decodeInstanceName } from '../decode-path.js';
import { childNamed, childrenNamed, type XmlElement } from '../xml-tree.js';
import { decodeClassView } from './decode-class-view.js';

const STATUS_BY_CODE = new Map<number, CimStatusName>(
  Object.entries(CIM_STATUS).map(([name, code]) => [code, name as CimStatusName]),
);

/** The nearest HRESULT for a CIM status a description names none for. */
function hresultOf(status: CimStatusName): number {
  for (const [hr, name] of HRESULT_TO_CIM) if (name === status) return hr;
  return WBEM_E_FAILED;
}

/**
 * The `IRETURNVALUE` of a reply to `method` (undefined for a void reply).
 * @throws {CimStatusError} the reply's `ERROR`, with `cimStatus` and the server's HRESULT.
 * @throws {WbemError} WBEM_E_FAILED when the reply is not a method response.
 */
export function returnValueOf(root: XmlElement, method: string): XmlElement | undefined {
  const message = root.name === 'CIM' ? childNamed(root, 'MESSAGE') : undefined;
  const rsp = message === undefined ? undefined : childNamed(message, 'SIMPLERSP');
  const imr = rsp === undefined ? undefined : childNamed(rsp, 'IMETHODRESPONSE');
  if (imr === undefined || imr.attrs['NAME']?.toLowerCase() !== method.toLowerCase()) {
    throw new WbemError(WBEM_E_FAILED, { message: `the reply is not a ${method} response` });
  }
  const error = childNamed(imr, 'ERROR');
  if (error !== undefined) {
    const code = Number(error.attrs['CODE']);
    const description = error.attrs['DESCRIPTION'] ?? '';
    const status = STATUS_BY_CODE.get(code) ?? 'CIM_ERR_FAILED';
    // A wbemrx server writes `WBEM_E_NAME (0x8004....): message`: the message is then the one
    // the engine gave, so a command prints what it prints for a local failure.
    const wmi = /^\w+ \((0x8[0-9a-f]{7})\)(?:: ([\s\S]*))?$/i.exec(description);
    if (wmi !== null) {
      throw new CimStatusError(status, Number(wmi[1]), wmi[2] ?? `${status} from the server`);
    }
    const hex = /\((0x8[0-9a-f]{7})\)/i.exec(description)?.[1];
    throw new CimStatusError(
      status,
      hex === undefined ? hresultOf(status) : Number(hex),
      `${status} (${code}) from the server${description === '' ? '' : `: ${description}`}`,
    );
  }
  return childNamed(imr, 'IRETURNVALUE');
}

function malformed(what: string): WbemError {
  return new WbemError(WBEM_E_INVALID_PARAMETER, { message: `malformed reply: ${what}` });
}

/**
 * The `CLASSNAME`s of a return value (EnumerateClassNames), in order.
 * @throws {WbemError} WBEM_E_INVALID_PARAMETER for a `CLASSNAME` without a `NAME`.
 */
export function classNamesOf(value: XmlElement | undefined): string[] {
  if (value === undefined) return [];
  return childrenNamed(value, 'CLASSNAME').map((item) => {
    const name = item.attrs['NAME'];
    if (name === undefined || name === '') throw malformed('<CLASSNAME> without a NAME');
    return name;
  });
}

/** Every `CLASS` of a return value (plain or inside `VALUE.NAMEDOBJECT`/`VALUE.OBJECTWITHPATH`). */
export function classesOf(value: XmlElement | undefined): CimClass[] {
  return objectsOf(value).filter((o): o is CimClass => o.genus === 1);
}

/** Every instance, with its path set as `__RELPATH` when the reply gives one. */
export function instancesOf(value: XmlElement | undefined): CimInstance[] {
  return objectsOf(value).filter((o): o is CimInstance => o.genus === 2);
}

/** Classes and instances of a return value, in order. */
export function objectsOf(value: XmlElement | undefined): CimObject[] {
  const out: CimObject[] = [];
  for (const item of value?.children ?? []) {
    const obj = decodeItem(item);
    if (obj !== undefined) out.push(obj);
  }
  return out;
}

function decodeItem(item: XmlElement): CimObject | undefined {
  switch (item.name) {
    case 'CLASS':
      return decodeClassView(item);
    case 'INSTANCE':
      return decodeInstance(item, NO_DECLARATIONS);
    case 'VALUE.OBJECT':
    case 'VALUE.NAMEDOBJECT':
    case 'VALUE.NAMEDINSTANCE':
    case 'VALUE.OBJECTWITHPATH':
    case 'VALUE.OBJECTWITHLOCALPATH':
    case 'VALUE.INSTANCEWITHPATH': {
      const cls = childNamed(item, 'CLASS');
      if (cls !== undefined) return decodeClassView(cls);
      const inst = childNamed(item, 'INSTANCE');
      if (inst === undefined) throw malformed(`<${item.name}> holds no object`);
      return withPath(decodeInstance(inst, NO_DECLARATIONS), pathOf(item));
    }
    default:
      return undefined;
  }
}

/** The `INSTANCENAME` inside an item, as a path string. */
function pathOf(item: XmlElement): string | undefined {
  const direct = childNamed(item, 'INSTANCENAME');
  if (direct !== undefined) return decodeInstanceName(direct);
  const p = childNamed(item, 'INSTANCEPATH') ?? childNamed(item, 'LOCALINSTANCEPATH');
  const name = p === undefined ? undefined : childNamed(p, 'INSTANCENAME');
  return name === undefined ? undefined : decodeInstanceName(name);
}

function withPath(inst: CimInstance, path: string | undefined): CimInstance {
  if (path === undefined) return inst;
  return {
    ...inst,
    systemProperties: {
      __GENUS: 2,
      __CLASS: inst.className,
      __SUPERCLASS: null,
      __DYNASTY: inst.className,
      __DERIVATION: [],
      __PROPERTY_COUNT: inst.properties.size,
      __RELPATH: path,
      __PATH: null,
      __NAMESPACE: null,
      __SERVER: null,
    },
  };
}
