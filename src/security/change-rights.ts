/**
 * @module The write right of a whole change: every class and instance a write creates, rewrites
 * or removes demands the right a direct write of that object would demand (spec §6.2, §6.4,
 * §8.2). A caller therefore cannot reach an object through another one: not a stored static
 * class by handing in a `[Dynamic]` definition, not a static subclass through a safe or force
 * update of its dynamic parent, not static classes or instances through a cascade delete, not a
 * static instance through the path of a dynamic ancestor.
 */
import type { WbemError } from '../wbem/wbem-error.js';
import { checkClassWrite, checkInstanceWrite } from './access-checks.js';

/** One object a write touches, as the rights check sees it. */
export type ChangedObject =
  | {
      readonly kind: 'class';
      /** The class as stored, or as written. */
      readonly name: string;
      /** Provider-backed: the `Dynamic` qualifier or a registered class provider. */
      readonly dynamic: boolean;
      /** How the write reaches it (`'removed with Foo'`), for the refusal's message. */
      readonly how: string;
    }
  | {
      readonly kind: 'instance';
      /** The instance's class. */
      readonly className: string;
      readonly dynamic: boolean;
      /** The class derives from a system class (`__` name). */
      readonly systemDerived: boolean;
      readonly how: string;
    };

/**
 * The first object of `changed` the caller may not write, as `WBEM_E_ACCESS_DENIED`, or
 * `undefined` when every one is granted. Stops at the first refusal, so a large cascade costs
 * only what it takes to find it.
 */
export function checkChangeRights(
  rights: number,
  changed: Iterable<ChangedObject>,
): WbemError | undefined {
  for (const object of changed) {
    const denied =
      object.kind === 'class'
        ? checkClassWrite(rights, {
            dynamic: object.dynamic,
            subject: `class ${object.name}, ${object.how}`,
          })
        : checkInstanceWrite(rights, {
            dynamic: object.dynamic,
            systemDerived: object.systemDerived,
            subject: `an instance of ${object.className}, ${object.how}`,
          });
    if (denied !== undefined) return denied;
  }
  return undefined;
}
