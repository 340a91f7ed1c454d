/**
 * The known name a mistyped one most likely meant ("feed" → "feeds", "hots" → "host"), for the
 * messages that refuse a name: config keys, topic names, metrics. The same measure and limits as
 * the command line's own "Did you mean" for options (commander's): the optimal string alignment
 * distance (Levenshtein plus swapping two neighbours), at most 2 edits, and the names at least 40%
 * alike, so a short word is never "near" everything.
 */

const MAX_EDITS = 2;
const MIN_SIMILARITY = 0.4;

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. Pure. */
export function editDistance(a: string, b: string): number {
  // Rows of the table: the one before the previous, the previous, the current.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, beforePrevious[j - 2]! + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The name in `names` nearest to `word` (case aside), or null when none is near enough. Pure. */
export function nearestName(word: string, names: Iterable<string>): string | null {
  const typed = word.toLowerCase();
  let nearest: { name: string; distance: number } | null = null;
  for (const name of names) {
    if (name.length <= 1) continue;
    const distance = editDistance(typed, name.toLowerCase());
    const longer = Math.max(typed.length, name.length);
    if (distance > MAX_EDITS || (longer - distance) / longer <= MIN_SIMILARITY) continue;
    if (nearest === null || distance < nearest.distance) nearest = { name, distance };
  }
  return nearest?.name ?? null;
}
