/**
 * @module The rights check every write turn runs on its `Mutation` before a provider is called
 * and before anything commits: each class and instance in the change set, as the namespace holds
 * it now and as the write leaves it, demands the right a direct write of it would demand
 * (`checkChangeRights`). The turns' earlier checks on the argument stay, so a refusal still comes
 * before the schema's own errors; this one covers what only the schema knows: the stored class,
 * the descendants an update rewrites, what a cascade removes, the instance a path designates.
 */
import type { ChangeSet } from '../../model/change-set.js';
import type { CimClass } from '../../model/cim-class.js';
import { nameKey } from '../../model/names.js';
import { isDynamicClass } from '../../providers/provider-registry.js';
import { type ChangedObject, checkChangeRights } from '../../security/change-rights.js';
import { deny, type TurnScope } from './turn.js';

/**
 * What the rights check reads about the classes of one turn's namespace. System derivation is
 * memoised, so the classes of one deep chain cost one walk up it in all.
 */
export class ClassFacts {
  readonly #scope: TurnScope;
  readonly #systemDerived = new Map<string, boolean>();

  constructor(scope: TurnScope) {
    this.#scope = scope;
  }

  /** Provider-backed, judged on `cls` (default: the stored definition) and the registrations. */
  dynamic(name: string, cls: CimClass | undefined = this.stored(name)): boolean {
    const { providers, env } = this.#scope;
    return isDynamicClass(providers.registry, env.namespace, name, cls);
  }

  stored(name: string): CimClass | undefined {
    return this.#scope.store.getClass(name)?.local;
  }

  /** Stored instances whose class is exactly `name`. */
  // Stryker disable next-line BlockStatement: read only by the cascade's instance check (see there)
  instanceCount(name: string): number {
    return this.#scope.store.instanceCount(name);
  }

  /** The class or one of its ancestors has a `__` name; a walk stops at a class already answered. */
  systemDerived(name: string): boolean {
    const path = new Set<string>();
    let answer = false;
    for (let at: string | null | undefined = name; at; ) {
      const key = nameKey(at);
      const known = this.#systemDerived.get(key);
      // Stryker disable next-line ConditionalExpression,BlockStatement: dropping the memo, the walk gives the same answer
      if (known !== undefined) {
        answer = known;
        break;
      }
      if (at.startsWith('__')) {
        answer = true;
        path.add(key);
        break;
      }
      // A superclass cycle can only come from a damaged store; it derives from no system class.
      if (path.has(key)) break;
      path.add(key);
      at = this.#scope.store.getClass(at)?.local.superclass;
    }
    for (const key of path) this.#systemDerived.set(key, answer);
    return answer;
  }
}

function instanceOf(facts: ClassFacts, className: string, how: string): ChangedObject {
  return {
    // Stryker disable next-line StringLiteral: every kind but 'class' is checked as an instance
    kind: 'instance',
    className,
    dynamic: facts.dynamic(className),
    systemDerived: facts.systemDerived(className),
    how,
  };
}

/** Everything `changes` touches, lazily, in the order a refusal is most telling. */
function* changedObjects(facts: ClassFacts, changes: ChangeSet): Generator<ChangedObject> {
  const written = changes.putClasses[0]?.local.name;
  for (const [i, record] of changes.putClasses.entries()) {
    const name = record.local.name;
    const how = i === 0 ? 'the class written' : `a subclass the update of ${written} rewrites`;
    const before = facts.stored(name);
    if (before !== undefined)
      yield { kind: 'class', name, dynamic: facts.dynamic(name, before), how: `${how}, as stored` };
    yield { kind: 'class', name, dynamic: facts.dynamic(name, record.local), how };
  }
  const removed = changes.deleteClasses[0];
  for (const [i, name] of changes.deleteClasses.entries()) {
    const how = i === 0 ? 'the class deleted' : `a subclass removed with ${removed}`;
    yield { kind: 'class', name, dynamic: facts.dynamic(name), how };
  }
  // The instances a cascade removes demand no more than their class, checked just before with
  // the same dynamic and system-derived facts: this check never refuses after those passed.
  // Stryker disable all
  for (const name of changes.deleteClasses)
    if (facts.instanceCount(name) > 0)
      yield instanceOf(facts, name, `removed with class ${removed}`);
  // Stryker restore all
  for (const name of changes.deleteInstancesOf)
    yield instanceOf(facts, name, `removed by the force-mode update of ${name}`);
  for (const ref of changes.deleteInstances)
    yield instanceOf(facts, ref.className, `the instance deleted (${ref.key})`);
  for (const { instance } of changes.putInstances)
    yield instanceOf(facts, instance.className, 'the instance written');
  for (const declaration of [
    ...changes.putQualifierDeclarations.map((d) => d.name),
    ...changes.deleteQualifierDeclarations,
  ])
    yield { kind: 'class', name: declaration, dynamic: false, how: 'a qualifier declaration' };
}

/**
 * Refuses the write unless the caller may write every class and instance `changes` touches.
 * @throws {WbemError} WBEM_E_ACCESS_DENIED naming the first object the caller may not write.
 */
export function checkMutationRights(
  scope: TurnScope,
  rights: number,
  changes: ChangeSet,
  facts: ClassFacts = new ClassFacts(scope),
): void {
  deny(checkChangeRights(rights, changedObjects(facts, changes)));
}
