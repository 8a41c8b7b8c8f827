/** "Did you mean" for typos in property names, config keys and command-line options. */

/** Levenshtein edit distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The first of `known` closest to `key` when it is close enough to be a typo (at most 2 edits, or a third of the
 * key's length). Case-insensitive unless `caseSensitive`.
 */
export function closestName(key: string, known: readonly string[], caseSensitive = false): string | undefined {
  const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
  let best: { k: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(fold(key), fold(k));
    if (!best || d < best.d) best = { k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}
