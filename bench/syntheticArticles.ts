import { seedSentences } from './textShapes.js';

/** Sentences long enough to carry an article. */
const sentences = seedSentences.filter((t) => t.length > 40);

/** A distinct article: a headline and twelve sentences picked by n from the pool (no two alike). */
export function pageText(n: number): string {
  let state = (n + 1) * 2654435761;
  const pick = (): string => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return sentences[state % sentences.length]!;
  };
  return [`Wire story number ${n}`, ...Array.from({ length: 12 }, pick)].join('\n');
}
