/**
 * Near-duplicate fingerprints: one-permutation MinHash over word shingles with optimal
 * densification (Li, Owen & Zhang 2012; Shrivastava 2017), and LSH banding so that a look-up
 * touches only articles sharing a band, never the whole store (Leskovec et al., Mining of Massive
 * Datasets, ch. 3). One hash per shingle instead of one per shingle and signature position: the
 * same estimate of Jaccard similarity at a hundredth of the hashing.
 */
import { mix32 } from '../model/hash32.js';
import { type ComparableText, comparableText } from './words.js';

export const SHINGLE_WORDS = 5;
// 32 bands of 4: a pair at similarity 0.66 (a copy with a tenth of its sentences cut) becomes a
// candidate with probability 0.999; one at 0.2 with probability 0.05.
export const BANDS = 32;
export const ROWS_PER_BAND = 4;
/** Candidates at least this similar are copies; different articles on one event score near 0. */
export const COPY_SIMILARITY = 0.5;
/**
 * 128 bins. Fingerprints of the earlier scheme (100 hash functions) have 100 values: they never
 * compare with these (similarity 0), and `figurewatch reextract` replaces them.
 */
export const SIGNATURE_LENGTH = BANDS * ROWS_PER_BAND;
const BIN_SHIFT = 32 - Math.log2(SIGNATURE_LENGTH);
/** Texts with fewer words than this are too short to call copies by similarity. */
export const MIN_WORDS = 60;

/** The MinHash signature of a text, or null when it is too short to compare. */
export function signatureOf(text: string): Uint32Array | null {
  return signatureOfComparable(comparableText(text));
}

/** The signature of a text already read by comparableText (dedupe reads once for both keys). */
export function signatureOfComparable({ wordHashes }: ComparableText): Uint32Array | null {
  if (wordHashes.length < MIN_WORDS) return null;
  // Values are kept signed with the top bit flipped (unsigned order as signed order: all int32).
  const EMPTY = 0x7fffffff;
  const bins = new Int32Array(SIGNATURE_LENGTH).fill(EMPTY);
  const filled = new Uint8Array(SIGNATURE_LENGTH);
  for (let i = 0; i + SHINGLE_WORDS <= wordHashes.length; i++) {
    // A shingle's hash mixes its words' hashes in order, so no shingle string is ever built.
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE_WORDS; j++) h = Math.imul(h ^ wordHashes[j]!, 0x01000193);
    const bin = mix32(h) >>> BIN_SHIFT;
    const value = mix32(h ^ 0x5bd1e995) ^ -2147483648;
    if (value <= bins[bin]!) bins[bin] = value;
    filled[bin] = 1;
  }
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  for (let bin = 0; bin < SIGNATURE_LENGTH; bin++) {
    let from = bin;
    // Optimal densification: an empty bin borrows the value of a filled bin chosen by a hash of
    // its own number and the attempt, the same for every text, so equal texts stay equal.
    for (let attempt = 1; filled[from] === 0; attempt++)
      from = mix32(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77)) >>> BIN_SHIFT;
    signature[bin] = (bins[from]! ^ -2147483648) >>> 0;
  }
  return signature;
}

/** A text's fingerprint and its index keys, or null when it is too short to compare. */
export function fingerprintOf(text: ComparableText): { signature: Uint32Array; bands: number[] } | null {
  const signature = signatureOfComparable(text);
  return signature ? { signature, bands: bandKeys(signature) } : null;
}

/** One key per band: texts sharing any band are candidates. */
export function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = 0x811c9dc5 ^ band;
    for (let r = 0; r < ROWS_PER_BAND; r++) {
      h ^= signature[band * ROWS_PER_BAND + r]!;
      h = Math.imul(h, 0x01000193);
    }
    keys.push(h | 0);
  }
  return keys;
}

/** Estimated Jaccard similarity of the two texts' shingle sets (0 for fingerprints of different schemes). */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
