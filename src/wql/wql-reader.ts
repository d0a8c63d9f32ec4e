/**
 * @module What the WQL evaluators read from a namespace. The runtime implements it over its class
 * store (resolved class views, instance views with their system properties); tests implement it
 * over a handful of hand-built classes.
 */
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';

/** Read access to one namespace; every name argument is case-insensitive. */
export interface WqlReader {
  /**
   * The class as `GetObject` returns it: resolved (inherited members and propagated qualifiers
   * included), with its system properties; `undefined` when there is no such class.
   */
  getClass(name: string): CimClass | undefined;
  /** Ancestors of the class, nearest first (its `__DERIVATION`); empty for a base or unknown class. */
  derivation(name: string): readonly string[];
  /** Names of the direct subclasses; `null` lists the base classes. */
  subclassNames(name: string | null): readonly string[];
  /**
   * Instance views (every property with its value or the class default, plus system properties)
   * of `className` and, when `deep`, of its subclasses.
   */
  instancesOf(className: string, deep: boolean): Iterable<CimInstance>;
  /** The instance an object path names (`Foo.Id=1`, any key order or spelling), if it exists. */
  getInstance(path: string): CimInstance | undefined;
}

/** Just enough of a reader to place an object in the class hierarchy (`ISA`, event dispatch). */
export type WqlDerivation = Pick<WqlReader, 'derivation'>;
