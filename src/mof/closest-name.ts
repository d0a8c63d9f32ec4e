/**
 * @module "Did you mean": the candidate closest to a misspelt name, by case-insensitive edit
 * distance, for MOF errors about unknown types and classes.
 */

/**
 * Edit distance counting a swap of two neighbours as one edit (the commonest typo: `uint23`),
 * cut off once every path exceeds `limit` (returns `limit + 1`).
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Stryker disable next-line ArrayDeclaration: `before` is read only from the second row on, after it holds the first
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      // A swap of neighbours. In the first row and column the character before is
      // charCodeAt(-1), NaN, which equals nothing, so no swap is counted there.
      if (
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    // Stryker disable next-line ConditionalExpression: a cut-off that saves work; closestName drops a distance past its limit either way
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidate nearest to `name` (case-insensitive), when it is close enough to be a likely
 * typo: at most a third of the name's length, and at least 1, edits away.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    // Stryker disable next-line MethodExpression: a larger cut-off only returns distances the test below drops
    const cutoff = Math.min(limit, bestDistance);
    const d = editDistance(wanted, candidate.toLowerCase(), cutoff);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
