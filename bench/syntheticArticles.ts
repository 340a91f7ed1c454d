import { mix32 } from '../src/model/hash32.js';
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

/** Words of the seed articles: the vocabulary of distinct synthetic articles. */
const vocabulary = [
  ...new Set(
    seedSentences
      .join(' ')
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 1),
  ),
];

/**
 * A distinct article of about 3 KB (the seed articles' size): a headline, then paragraphs of words
 * drawn from the seed vocabulary. Two such articles share about as many
 * five-word runs as two real articles on one topic do: almost none.
 */
export function distinctArticleText(n: number): string {
  // Each draw hashes (n, i): a shared generator would make article n a shifted copy of article m
  // whenever their seeds lie a few hundred steps apart on its cycle.
  const key = mix32(n + 0x632be5ab);
  let i = 0;
  const next = (): number => (mix32(key ^ Math.imul(++i, 0x9e3779b1)) >>> 0) / 0x1_0000_0000;
  const word = (): string => vocabulary[Math.floor(next() * vocabulary.length)]!;
  const sentence = (): string => {
    const words = Array.from({ length: 12 + Math.floor(next() * 16) }, word);
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return `${words.join(' ')}.`;
  };
  const paragraphs = Array.from({ length: 8 }, () => Array.from({ length: 3 }, sentence).join(' '));
  return [`Story ${n}: ${sentence()}`, ...paragraphs].join('\n');
}
