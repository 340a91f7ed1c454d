import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../tests/support/paths.js';

/** Every sentence of the seed articles: synthetic articles are drawn from this pool. */
const sentences = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort()
  .flatMap((doc) => readFileSync(path.join(CORPUS_DIR, doc), 'utf8').split(/(?<=[.!?])\s+/).map((t) => t.trim()).filter((t) => t.length > 40));

/** A distinct article: a headline and twelve sentences picked by n from the pool (no two alike). */
export function pageText(n: number): string {
  let state = (n + 1) * 2654435761;
  const pick = (): string => {
    state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0;
    return sentences[state % sentences.length]!;
  };
  return [`Wire story number ${n}`, ...Array.from({ length: 12 }, pick)].join('\n');
}
