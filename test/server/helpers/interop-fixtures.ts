/**
 * @module What the indication tests share: the interop namespace, the keys of a DSP1054
 * filter or destination, what a listener received, a user's own rights, and waiting for a
 * condition.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ace,
  type IndicationListener,
  type ReceivedIndication,
  type WbemServices,
} from '../../../src/index.js';

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

/** The class names of the creation indications a listener receives. */
export function collect(listener: IndicationListener): string[] {
  const seen: string[] = [];
  listener.indications$.subscribe((i: ReceivedIndication) => {
    const target = i.instance.properties.get('targetclass')?.value;
    if (typeof target === 'object' && target !== null && 'name' in target)
      seen.push(String(target.name));
  });
  return seen;
}

/** Sets (or, with 0, removes) `user`'s own entry in the namespace's descriptor. */
export async function setRights(
  svc: WbemServices,
  user: string,
  kind: 'allow' | 'deny',
  mask: number,
): Promise<void> {
  const sd = await svc.getSecurityDescriptor();
  const own = sd.aces.filter((a) => !a.inherited && a.trustee !== user);
  await svc.setSecurityDescriptor({
    ...sd,
    aces: mask === 0 ? own : [...own, ace(kind, user, mask)],
  });
}
