import { textHashOfComparable } from './canonicalUrl.js';
import { COPY_SIMILARITY, fingerprintOf, similarity } from './minhash.js';
import { comparableText } from './words.js';

/** The look-ups a store offers for finding an article's original (both by index, never by scan). */
export interface OriginalIndex {
  articleIdByTextHash(hash: string): Promise<number | null>;
  articlesByBands(
    bands: readonly number[],
    limit: number,
  ): Promise<Array<{ articleId: number; signature: Uint32Array }>>;
}

export interface Identity {
  textHash: string;
  fingerprint: { signature: Uint32Array; bands: number[] } | null;
  /** The stored article this text copies: the same normalised text, or a near copy of it. */
  original: { articleId: number; how: 'same-text' | 'near-copy'; similarity: number } | null;
}

/** Candidates looked at for one text: a story copied more often than this is found through any of them. */
const MAX_CANDIDATES = 200;

/** The most similar candidate that is similar enough to be a copy (ties: the oldest). Pure. */
export function nearestCopy(
  signature: Uint32Array,
  candidates: ReadonlyArray<{ articleId: number; signature: Uint32Array }>,
): { articleId: number; similarity: number } | null {
  let best: { articleId: number; similarity: number } | null = null;
  for (const c of candidates) {
    const s = similarity(signature, c.signature);
    if (
      s >= COPY_SIMILARITY &&
      (!best || s > best.similarity || (s === best.similarity && c.articleId < best.articleId))
    )
      best = { articleId: c.articleId, similarity: s };
  }
  return best;
}

/** Whether a text copies a stored article: the same normalised text, else a near copy (MinHash bands). */
export async function identify(text: string, index: OriginalIndex): Promise<Identity> {
  const comparable = comparableText(text);
  const hash = textHashOfComparable(comparable);
  const fingerprint = fingerprintOf(comparable);
  const same = await index.articleIdByTextHash(hash);
  if (same !== null)
    return { textHash: hash, fingerprint, original: { articleId: same, how: 'same-text', similarity: 1 } };
  const near = fingerprint
    ? nearestCopy(fingerprint.signature, await index.articlesByBands(fingerprint.bands, MAX_CANDIDATES))
    : null;
  return {
    textHash: hash,
    fingerprint,
    original: near ? { articleId: near.articleId, how: 'near-copy', similarity: near.similarity } : null,
  };
}
