/**
 * @module The WMI system properties of a class or instance (win32:wmi-system-properties),
 * computed on read, never stored, ignored on input (only `__CLASS` is writable, and the model
 * carries it as `name`).
 */

export interface SystemProperties {
  readonly __GENUS: 1 | 2;
  readonly __CLASS: string;
  readonly __SUPERCLASS: string | null;
  readonly __DYNASTY: string;
  /**
   * Ancestors, nearest first, root last; empty for a base class. An enumeration's classes build
   * this array on its first read, from a chain they share (`derivation-chain.ts`).
   */
  readonly __DERIVATION: readonly string[];
  /** Non-system properties, inherited ones included. */
  readonly __PROPERTY_COUNT: number;
  readonly __RELPATH: string | null;
  readonly __PATH: string | null;
  readonly __NAMESPACE: string | null;
  readonly __SERVER: string | null;
}
