/**
 * @module "Did you mean" for the command line: the closest command, option or class name to a
 * mistyped one, by the same edit distance the MOF compiler uses for its suggestions.
 */
import {
  closestName,
  WBEM_E_INVALID_CLASS,
  WBEM_E_NOT_FOUND,
  WBEM_FLAG_DEEP,
  WbemError,
  type WbemServices,
} from '../index.js';

/** ` (did you mean 'x'?)`, or `''` when no candidate is close enough. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}

function isMissingClass(thrown: unknown): thrown is WbemError {
  return (
    thrown instanceof WbemError &&
    (thrown.hresult === WBEM_E_NOT_FOUND || thrown.hresult === WBEM_E_INVALID_CLASS)
  );
}

/**
 * Runs `work`; when it fails because class `name` does not exist, fails with the same HRESULT
 * and a message that suggests the closest class name of the namespace.
 * @throws {WbemError} what `work` throws, with the suggestion added to a missing class.
 */
export async function withClassSuggestion<T>(
  svc: WbemServices,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (thrown) {
    if (!isMissingClass(thrown)) throw thrown;
    // Names only: reading every class to learn their names took seconds on a large repository.
    const names = await svc.enumerateClassNames(null, WBEM_FLAG_DEEP).catch(() => []);
    const hint = didYouMean(name, names);
    throw new WbemError(thrown.hresult, {
      message: `class '${name}' does not exist in ${svc.namespace}${hint}`,
      cause: thrown,
    });
  }
}
