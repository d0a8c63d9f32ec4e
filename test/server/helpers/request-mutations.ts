/**
 * @module Test helper: CIM-XML requests for the fuzzer, as data that fast-check can generate and
 * shrink (`fuzz-arbitraries.ts`), and the bytes they put on the wire. A request is a template (`fuzz-templates.ts`) with mutations of its element tree
 * (drop, duplicate, swap, move, rename, attributes, text, deep nesting), then of its bytes
 * (truncate, flip, splice raw escapes), then of its headers; or wholly random bytes; or a random
 * well-formed document of CIM-XML names. Positions are naturals taken modulo what is there when
 * the mutation applies, so any mutation applies to any template.
 */
import { parseXml, type XmlElement } from '../../../src/server/xml-tree.js';
import type { RequestTemplate } from './fuzz-templates.js';
import { CONTEXT } from './fuzz-written-requests.js';

/** A mutable element: what the mutations edit and `serialize` writes. */
export interface Node {
  name: string;
  attrs: [string, string][];
  text: string;
  children: Node[];
}

export type TreeMutation =
  | { readonly kind: 'drop'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly times: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'move'; readonly at: number; readonly into: number }
  | { readonly kind: 'rename'; readonly at: number; readonly name: string }
  | {
      readonly kind: 'set-attr';
      readonly at: number;
      readonly attr: number | string;
      readonly value: string;
    }
  | { readonly kind: 'drop-attr'; readonly at: number; readonly attr: number }
  | { readonly kind: 'set-text'; readonly at: number; readonly text: string }
  | { readonly kind: 'nest'; readonly at: number; readonly name: string; readonly depth: number };

/** A tree mutation and where it applies: inside the parameters, or anywhere (the envelope too). */
export interface TreeEdit {
  readonly where: 'payload' | 'anywhere';
  readonly mutation: TreeMutation;
}

export type ByteMutation =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly at: number; readonly xor: number }
  | { readonly kind: 'splice'; readonly at: number; readonly raw: string }
  | { readonly kind: 'bytes'; readonly at: number; readonly bytes: Uint8Array };

export interface HeaderMutation {
  readonly name: string;
  /** `undefined` removes the header. */
  readonly value: string | undefined;
}

/** One request the fuzzer sends. */
export type FuzzRequest =
  | {
      readonly kind: 'mutated';
      readonly template: number;
      readonly tree: readonly TreeEdit[];
      readonly bytes: readonly ByteMutation[];
      readonly headers: readonly HeaderMutation[];
      /** A MESSAGE ID in place of the template's, which the answer must echo. */
      readonly messageId: string | null;
      /** A method name in place of the template's, in the body and the CIMMethod header. */
      readonly methodName: string | null;
      readonly method: string;
      readonly path: string;
    }
  | { readonly kind: 'random-bytes'; readonly template: number; readonly body: Uint8Array }
  | {
      readonly kind: 'random-tree';
      readonly template: number;
      readonly root: Node;
      /** In place of the template's first parameter's value, or as the whole body. */
      readonly wrapped: boolean;
    };

/** What goes on the wire. */
export interface WireRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** False when a mutation removed or replaced the administrator's `Authorization`. */
  readonly auth: boolean;
}

export function toNode(element: XmlElement): Node {
  return {
    name: element.name,
    attrs: Object.entries(element.attrs),
    text: element.children.length > 0 ? '' : element.text,
    children: element.children.map(toNode),
  };
}

// A literal CR would reach the parser as a line end, not as the character.
const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
const escapeAttr = (s: string): string =>
  escapeText(s)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');

/** The element as XML text; iterative, since a nest mutation makes trees thousands deep. */
export function serialize(root: Node): string {
  const out: string[] = [];
  const stack: (Node | string)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop() as Node | string;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const attrs = item.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
    if (item.children.length === 0 && item.text === '') {
      out.push(`<${item.name}${attrs}/>`);
      continue;
    }
    out.push(`<${item.name}${attrs}>${escapeText(item.text)}`);
    stack.push(`</${item.name}>`);
    for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i] as Node);
  }
  return out.join('');
}

function clone(node: Node): Node {
  return { ...node, attrs: node.attrs.map(([k, v]) => [k, v]), children: node.children.map(clone) };
}

interface Placed {
  readonly node: Node;
  /** Undefined for the root. */
  readonly parent: Node | undefined;
  /** In or below an `IPARAMVALUE` or `PARAMVALUE`. */
  readonly payload: boolean;
}

/** Every element in document order. */
function walk(root: Node): Placed[] {
  const all: Placed[] = [];
  const stack: Placed[] = [{ node: root, parent: undefined, payload: false }];
  while (stack.length > 0) {
    const entry = stack.pop() as Placed;
    const payload =
      entry.payload || entry.node.name === 'IPARAMVALUE' || entry.node.name === 'PARAMVALUE';
    all.push({ ...entry, payload });
    for (let i = entry.node.children.length - 1; i >= 0; i--)
      stack.push({ node: entry.node.children[i] as Node, parent: entry.node, payload });
  }
  return all;
}

function contains(node: Node, inner: Node): boolean {
  return walk(node).some((e) => e.node === inner);
}

/** The most elements a mutated tree grows to, and about the most characters. */
const MAX_ELEMENTS = 50_000;
const MAX_BYTES = 4_000_000;

function applyTree(root: Node, edit: TreeEdit): void {
  const m = edit.mutation;
  const all = walk(root);
  const payload = all.filter((p) => p.payload);
  const candidates = edit.where === 'payload' && payload.length > 0 ? payload : all;
  const { node, parent } = candidates[m.at % candidates.length] as Placed;
  const siblings = parent?.children;
  const index = siblings?.indexOf(node) ?? -1;
  switch (m.kind) {
    case 'drop':
      siblings?.splice(index, 1);
      return;
    case 'duplicate': {
      // Copies stop at MAX_ELEMENTS and MAX_BYTES: past them the request's size says nothing
      // new, and past the server's body limit the answer is a 413.
      const room = Math.min(
        Math.floor((MAX_ELEMENTS - all.length) / walk(node).length),
        Math.floor((MAX_BYTES - serialize(root).length) / serialize(node).length),
      );
      const times = Math.max(0, Math.min(m.times, room));
      siblings?.splice(index, 0, ...Array.from({ length: times }, () => clone(node)));
      return;
    }
    case 'swap': {
      if (siblings === undefined) return;
      const other = m.with % siblings.length;
      [siblings[index], siblings[other]] = [siblings[other] as Node, node];
      return;
    }
    case 'move': {
      const target = (all[m.into % all.length] as { node: Node }).node;
      if (siblings === undefined || contains(node, target)) return;
      siblings.splice(index, 1);
      target.children.push(node);
      return;
    }
    case 'rename':
      node.name = m.name;
      return;
    case 'set-attr': {
      const name =
        typeof m.attr === 'string'
          ? m.attr
          : node.attrs[m.attr % Math.max(1, node.attrs.length)]?.[0];
      if (name === undefined) return;
      const existing = node.attrs.find(([k]) => k === name);
      if (existing !== undefined) existing[1] = m.value;
      else node.attrs.push([name, m.value]);
      return;
    }
    case 'drop-attr':
      if (node.attrs.length > 0) node.attrs.splice(m.attr % node.attrs.length, 1);
      return;
    case 'set-text':
      node.text = m.text;
      node.children = [];
      return;
    case 'nest': {
      let inner = node;
      for (let i = 0; i < m.depth; i++)
        inner = { name: m.name, attrs: [], text: '', children: [inner] };
      if (siblings !== undefined) siblings[index] = inner;
      return;
    }
  }
}

function applyBytes(body: Buffer, m: ByteMutation): Buffer {
  const at = m.at % (body.length + 1);
  switch (m.kind) {
    case 'truncate':
      return body.subarray(0, at);
    case 'flip': {
      if (body.length === 0) return body;
      const copy = Buffer.from(body);
      copy[at % body.length] = (copy[at % body.length] ?? 0) ^ (m.xor || 1);
      return copy;
    }
    case 'splice':
      return Buffer.concat([body.subarray(0, at), Buffer.from(m.raw, 'utf8'), body.subarray(at)]);
    case 'bytes':
      return Buffer.concat([body.subarray(0, at), m.bytes, body.subarray(at)]);
  }
}

/** The method, path, headers and bytes of a generated request. */
export function wireRequest(
  request: FuzzRequest,
  templates: readonly RequestTemplate[],
  context = '',
): WireRequest {
  const template = templates[request.template % templates.length] as RequestTemplate;
  if (request.kind === 'random-bytes') {
    return {
      method: 'POST',
      path: '/cimom',
      headers: template.headers,
      body: Buffer.from(request.body),
      auth: true,
    };
  }
  const text = template.body.replaceAll(CONTEXT, context);
  const root = toNode(parseXml(text, { maxDepth: 64, maxElements: 100_000 }));
  if (request.kind === 'random-tree') {
    const param = walk(root).find(
      (p) => p.node.name === 'IPARAMVALUE' || p.node.name === 'PARAMVALUE',
    );
    if (param !== undefined && request.wrapped) param.node.children = [request.root];
    const doc = param !== undefined && request.wrapped ? root : request.root;
    return {
      method: 'POST',
      path: '/cimom',
      headers: template.headers,
      body: Buffer.from(serialize(doc)),
      auth: true,
    };
  }
  const message = root.children.find((c) => c.name === 'MESSAGE');
  const id = message?.attrs.find(([k]) => k === 'ID');
  if (request.messageId !== null && id !== undefined) id[1] = request.messageId;
  const call = walk(root).find(
    (p) => p.node.name === 'IMETHODCALL' || p.node.name === 'METHODCALL',
  );
  const name = call?.node.attrs.find(([k]) => k === 'NAME');
  if (request.methodName !== null && name !== undefined) name[1] = request.methodName;
  for (const m of request.tree) applyTree(root, m);
  const prolog = text.startsWith('<?xml') ? '<?xml version="1.0" encoding="utf-8" ?>\n' : '';
  let body: Buffer = Buffer.from(prolog + serialize(root), 'utf8');
  for (const m of request.bytes) body = applyBytes(body, m);
  const headers: Record<string, string> = { ...template.headers };
  if (request.methodName !== null) {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'cimmethod') delete headers[k];
    headers['CIMMethod'] = request.methodName;
  }
  for (const h of request.headers) {
    for (const k of Object.keys(headers))
      if (k.toLowerCase() === h.name.toLowerCase()) delete headers[k];
    if (h.value !== undefined) headers[h.name] = h.value;
  }
  const auth = !request.headers.some((h) => h.name.toLowerCase() === 'authorization');
  return { method: request.method, path: request.path, headers, body, auth };
}
