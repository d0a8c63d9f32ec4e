/**
 * @module Class views of one inheritance chain whose `__DERIVATION` is held as a shared chain, as
 * the store's WQL reader hands them out: for the tests of `objectIsA` and of the object values.
 */
import type { CimClass } from '../../../src/model/cim-class.js';
import {
  type DerivationChain,
  derivationLink,
  withLazyDerivation,
} from '../../../src/model/derivation-chain.js';
import { nameMap } from '../../../src/model/names.js';
import { WBEM_GENUS_CLASS } from '../../../src/wbem/flags.js';

/** Makes one link of a chain (a test may count the reads of its name). */
export type LinkMaker = (name: string, next: DerivationChain | null) => DerivationChain;

/** Class views of the chain Root ← A1 ← … ← A{depth-1}, each holding its ancestors as a chain. */
export function chainViews(depth: number, link: LinkMaker = derivationLink): CimClass[] {
  const views: CimClass[] = [];
  let chain: DerivationChain | null = null;
  for (let i = 0; i < depth; i++) {
    const name = i === 0 ? 'Root' : `A${i}`;
    const superclass = i === 0 ? null : i === 1 ? 'Root' : `A${i - 1}`;
    if (superclass !== null) chain = link(superclass, chain);
    views.push({
      genus: WBEM_GENUS_CLASS,
      name,
      superclass,
      qualifiers: nameMap([]),
      properties: nameMap([]),
      methods: nameMap([]),
      systemProperties: withLazyDerivation({ __CLASS: name, __DERIVATION: [] }, chain),
    } as unknown as CimClass);
  }
  return views;
}
