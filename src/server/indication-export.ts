/**
 * @module What the server sends a CIM-XML listener: an engine event as an indication instance,
 * inside a DSP0200 export message (`EXPMETHODCALL NAME="ExportIndication"`).
 *
 * The indication keeps WMI's intrinsic event class (`__InstanceCreationEvent`, ...), since that
 * is what the filter's WQL names, with WMI's properties (`TargetInstance`, `PreviousInstance`,
 * `TargetClass`, `PreviousClass`, `TargetNamespace`, `TIME_CREATED`). For DMTF listeners, which
 * read `CIM_InstCreation`-style indications, it also carries `SourceInstance` (the target
 * instance or class), `SourceNamespace` and `IndicationTime`. Embedded objects are written as
 * DSP0201 embedded objects (`EmbeddedObject="object"`), typed by their class when it is known.
 */
import {
  CIM_DATETIME,
  CIM_OBJECT,
  CIM_STRING,
  CIM_UINT64,
  type CimClass,
  type CimInstance,
  type WbemEvent,
} from '../index.js';
import { encodeClass, encodeInstance, encodeValue } from './encode-cim.js';
import { xmlAttr } from './xml-escape.js';

/** Reads the class of an embedded instance (null when it cannot be read: types are then inferred). */
export type ClassLookup = (namespace: string, className: string) => Promise<CimClass | null>;

const EMBED_VIEW = {
  localOnly: false,
  includeQualifiers: false,
  includeClassOrigin: false,
  propertyList: null,
} as const;

/** `TIME_CREATED` (100-ns ticks since 1601) as a CIM datetime (`yyyymmddHHMMSS.mmmmmm+000`). */
export function cimDatetimeOf(ticks: string): string {
  let ms = Number.NaN;
  try {
    ms = Number(BigInt(ticks) / 10_000n - 11_644_473_600_000n);
  } catch {
    // Not an integer: the present, below.
  }
  const d = new Date(Number.isFinite(ms) ? ms : Date.now());
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000+000`;
}

async function embedded(
  obj: CimInstance | CimClass,
  namespace: string,
  classOf: ClassLookup,
): Promise<string> {
  if (obj.genus === 1) return encodeClass(obj, { ...EMBED_VIEW, includeQualifiers: true });
  const cls = await classOf(namespace, obj.className);
  return encodeInstance(obj, cls, EMBED_VIEW);
}

function property(name: string, type: number, value: string, embeddedObject = false): string {
  const marker = embeddedObject ? ' EmbeddedObject="object"' : '';
  return `<PROPERTY${xmlAttr('NAME', name)}${xmlAttr('TYPE', type === CIM_DATETIME ? 'datetime' : type === CIM_UINT64 ? 'uint64' : 'string')}${marker}>${encodeValue(value, type)}</PROPERTY>`;
}

/** The `INSTANCE` element of the indication for one engine event. */
export async function indicationXml(event: WbemEvent, classOf: ClassLookup): Promise<string> {
  let body = '';
  const objects: [string, CimInstance | CimClass | undefined][] = [
    ['TargetInstance', event.targetInstance],
    ['PreviousInstance', event.previousInstance],
    ['TargetClass', event.targetClass],
    ['PreviousClass', event.previousClass],
  ];
  let source: string | undefined;
  for (const [name, obj] of objects) {
    if (obj === undefined) continue;
    const xml = await embedded(obj, event.namespace, classOf);
    source ??= xml;
    body += property(name, CIM_OBJECT, xml, true);
  }
  if (event.targetNamespace !== undefined)
    body += property('TargetNamespace', CIM_STRING, event.targetNamespace);
  if (source !== undefined) body += property('SourceInstance', CIM_OBJECT, source, true);
  body += property('SourceNamespace', CIM_STRING, event.namespace);
  body += property('TIME_CREATED', CIM_UINT64, event.timeCreated);
  body += property('IndicationTime', CIM_DATETIME, cimDatetimeOf(event.timeCreated));
  return `<INSTANCE${xmlAttr('CLASSNAME', event.eventClass)}>${body}</INSTANCE>`;
}

/** A whole DSP0200 export request carrying one indication. */
export function exportIndicationBody(indication: string, messageId: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE${xmlAttr('ID', messageId)} PROTOCOLVERSION="1.0"><SIMPLEEXPREQ><EXPMETHODCALL NAME="ExportIndication"><EXPPARAMVALUE NAME="NewIndication">${indication}</EXPPARAMVALUE></EXPMETHODCALL></SIMPLEEXPREQ></MESSAGE></CIM>`;
}
