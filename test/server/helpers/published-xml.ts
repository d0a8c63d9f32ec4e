/**
 * @module Test helper: reading the server's published `root/interop` instances out of CIM-XML
 * replies (key and property values, association paths) and sending elements back.
 */
import assert from 'node:assert/strict';
import { childNamed, childrenNamed, type XmlElement } from '../../../src/server/xml-tree.js';
import { type CimClient, type CimReply, className, param } from './cim-client.js';

export const INTEROP = 'root/interop';

export function propertyValue(inst: XmlElement | undefined, name: string): string | undefined {
  const p = inst?.children.find((c) => c.name.startsWith('PROPERTY') && c.attrs['NAME'] === name);
  return p === undefined ? undefined : childNamed(p, 'VALUE')?.text;
}

export function keyValue(name: XmlElement | undefined, key: string): string | undefined {
  const binding = name?.children.find((c) => c.name === 'KEYBINDING' && c.attrs['NAME'] === key);
  return binding === undefined ? undefined : childNamed(binding, 'KEYVALUE')?.text;
}

/** The return value of a reply that must have succeeded. */
export function ok(reply: CimReply): XmlElement {
  assert.equal(reply.error, undefined, reply.error?.description);
  return reply.returnValue as XmlElement;
}

/** The instance names (`INSTANCEPATH` of `OBJECTPATH`) an association-names reply carries. */
export function objectPaths(reply: CimReply): XmlElement[] {
  const paths = childrenNamed(ok(reply), 'OBJECTPATH').map((o) => childNamed(o, 'INSTANCEPATH'));
  return paths.map((p) => childNamed(p as XmlElement, 'INSTANCENAME') as XmlElement);
}

/** The `INSTANCENAME`s EnumerateInstanceNames of `cls` in `root/interop` returns. */
export async function instanceNames(client: CimClient, cls: string): Promise<XmlElement[]> {
  const r = await client.call(
    'EnumerateInstanceNames',
    param('ClassName', className(cls)),
    INTEROP,
  );
  return childrenNamed(ok(r), 'INSTANCENAME');
}

/** The `Name` keys of the `CIM_Namespace` instances `client` is shown. */
export async function namespaceNames(client: CimClient): Promise<string[]> {
  return (await instanceNames(client, 'CIM_Namespace')).map((n) => keyValue(n, 'Name') ?? '');
}

const escapeText = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** An element back as XML text (names, attributes and text as parsed). */
export function serialize(el: XmlElement): string {
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${escapeText(v)}"`)
    .join('');
  const inner = el.children.length > 0 ? el.children.map(serialize).join('') : escapeText(el.text);
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}
