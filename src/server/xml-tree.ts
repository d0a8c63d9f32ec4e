/**
 * @module A CIM-XML request body as a small element tree, built by the `saxes` streaming parser as
 * the body arrives. Limits are enforced while parsing, so a hostile body is refused as soon as it
 * crosses one: element depth and element count (the size of the body, and so of its text, is
 * bounded by the HTTP front as it arrives, `maxBodyBytes`). A DOCTYPE is refused outright (saxes
 * never expands DTD entities, and refusing the declaration keeps billion-laughs and external
 * entity bodies out before any of their content is looked at); references to undeclared entities
 * are parse errors.
 */
import { SaxesParser } from 'saxes';
import { WBEM_E_INVALID_SYNTAX, WBEM_E_TOO_MUCH_DATA } from '../index.js';
import { CimHttpError } from './cim-http-error.js';

/** One parsed element: name, attributes, child elements and its concatenated text. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Read-only to everyone but the builder (a childless element shares one frozen array). */
  readonly children: readonly XmlElement[];
  text: string;
}

/** The builder's view of an element, whose children it adds. */
interface OpenElement extends XmlElement {
  children: readonly XmlElement[];
}

/**
 * The children of every element that has none yet. Most elements of a CIM-XML request have no
 * child or one, so an element gets an array of its own only with its first child, sized for it,
 * instead of an empty array that grows to 17 slots at the first push: this and the element
 * itself are most of what the tree allocates, and all of it is garbage once the call is decoded.
 */
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  readonly maxDepth: number;
  /** Most elements in one body. */
  readonly maxElements: number;
}

function notWellFormed(message: string): CimHttpError {
  return new CimHttpError(WBEM_E_INVALID_SYNTAX, 400, 'request-not-well-formed', message);
}

/** Feeds chunks of a body to saxes and yields the root element at the end. */
export class XmlTreeBuilder {
  readonly #parser = new SaxesParser({ position: false });
  readonly #stack: OpenElement[] = [];
  readonly #limits: XmlLimits;
  #root: XmlElement | undefined;
  #elements = 0;
  #failure: CimHttpError | undefined;

  constructor(limits: XmlLimits) {
    this.#limits = limits;
    const p = this.#parser;
    p.on('doctype', () => {
      this.#fail(notWellFormed('a DOCTYPE is not accepted in a CIM-XML request'));
    });
    p.on('opentag', (tag) => {
      if (this.#failure !== undefined) return;
      if (this.#stack.length >= this.#limits.maxDepth) {
        this.#fail(
          new CimHttpError(
            WBEM_E_TOO_MUCH_DATA,
            400,
            'request-not-valid',
            `elements nested deeper than ${this.#limits.maxDepth}`,
          ),
        );
        return;
      }
      if (++this.#elements > this.#limits.maxElements) {
        this.#fail(
          new CimHttpError(
            WBEM_E_TOO_MUCH_DATA,
            400,
            'request-not-valid',
            `more than ${this.#limits.maxElements} elements`,
          ),
        );
        return;
      }
      const element: OpenElement = {
        name: tag.name,
        attrs: tag.attributes as Record<string, string>,
        children: NO_CHILDREN,
        text: '',
      };
      const parent = this.#stack.at(-1);
      if (parent === undefined) this.#root = element;
      else if (parent.children === NO_CHILDREN) parent.children = [element];
      else (parent.children as XmlElement[]).push(element);
      if (!tag.isSelfClosing) this.#stack.push(element);
    });
    p.on('closetag', (tag) => {
      if (this.#failure !== undefined || tag.isSelfClosing) return;
      this.#stack.pop();
    });
    const onText = (text: string): void => {
      const top = this.#stack.at(-1);
      if (top !== undefined && this.#failure === undefined) top.text += text;
    };
    p.on('text', onText);
    p.on('cdata', onText);
    // No `error` listener: saxes then throws its first parse error out of `write` or `close`,
    // which refuse with it, and parses no further.
  }

  #fail(error: CimHttpError): void {
    this.#failure ??= error;
  }

  /**
   * Parses the next chunk.
   * @throws {CimHttpError} request-not-well-formed or request-not-valid at the first fault.
   */
  write(chunk: string): void {
    if (this.#failure === undefined) {
      try {
        this.#parser.write(chunk);
      } catch (thrown) {
        this.#fail(notWellFormed(thrown instanceof Error ? thrown.message : String(thrown)));
      }
    }
    if (this.#failure !== undefined) throw this.#failure;
  }

  /**
   * Ends the body.
   * @throws {CimHttpError} request-not-well-formed for a truncated or empty document.
   */
  close(): XmlElement {
    if (this.#failure === undefined) {
      try {
        this.#parser.close();
      } catch (thrown) {
        this.#fail(notWellFormed(thrown instanceof Error ? thrown.message : String(thrown)));
      }
    }
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#root === undefined) throw notWellFormed('the body has no root element');
    return this.#root;
  }
}

/**
 * Parses a whole document held in a string (embedded objects, tests).
 * @throws {CimHttpError} as `XmlTreeBuilder`.
 */
export function parseXml(text: string, limits: XmlLimits): XmlElement {
  const builder = new XmlTreeBuilder(limits);
  builder.write(text);
  return builder.close();
}

/** The child elements named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The first child element named `name`. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
