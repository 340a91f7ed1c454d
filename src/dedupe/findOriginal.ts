import { textHash } from './canonicalUrl.js';
import { signatureOf } from './minhash.js';

/** The look-ups a store offers for finding an article's original (both by index, never by scan). */
export interface OriginalIndex {
  articleIdByTextHash(hash: string): number | null;
  nearDuplicateOf(fingerprint: Uint32Array): { articleId: number; similarity: number } | null;
}

export interface Identity {
  textHash: string;
  fingerprint: Uint32Array | null;
  /** The stored article this text copies: the same normalised text, or a near copy of it. */
  original: { articleId: number; how: 'same-text' | 'near-copy'; similarity: number } | null;
}

export function identify(text: string, index: OriginalIndex): Identity {
  const hash = textHash(text);
  const fingerprint = signatureOf(text);
  const same = index.articleIdByTextHash(hash);
  if (same !== null) return { textHash: hash, fingerprint, original: { articleId: same, how: 'same-text', similarity: 1 } };
  const near = fingerprint ? index.nearDuplicateOf(fingerprint) : null;
  return { textHash: hash, fingerprint, original: near ? { articleId: near.articleId, how: 'near-copy', similarity: near.similarity } : null };
}
