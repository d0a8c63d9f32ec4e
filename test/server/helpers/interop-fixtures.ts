/**
 * @module What the indication tests share: the interop namespace, the keys of a DSP1054
 * filter or destination, and waiting for a condition.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const INTEROP = 'root/interop';

/** The keys of a `CIM_IndicationFilter` or a listener destination named `name`. */
export function keys(className: string, name: string): Record<string, string> {
  return {
    SystemCreationClassName: 'CIM_ComputerSystem',
    SystemName: 'localhost',
    CreationClassName: className,
    Name: name,
  };
}

/** Polls `test` every 10 ms until it holds; fails after `ms`. */
export async function waitFor(test: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
