/**
 * Near-duplicate fingerprints: MinHash over word shingles, with LSH banding so that a look-up
 * touches only articles sharing a band, never the whole store (Broder 1997; Leskovec et al.,
 * Mining of Massive Datasets, ch. 3).
 */
import { comparableWords } from './words.js';

export const SHINGLE_WORDS = 5;
// 25 bands of 4: a pair at similarity 0.66 (a copy with a tenth of its sentences cut) becomes a
// candidate with probability 0.995; one at 0.2 with probability 0.04.
export const BANDS = 25;
export const ROWS_PER_BAND = 4;
/** Candidates at least this similar are copies; different articles on one event score near 0. */
export const COPY_SIMILARITY = 0.5;
export const SIGNATURE_LENGTH = BANDS * ROWS_PER_BAND;
/** Texts with fewer words than this are too short to call copies by similarity. */
export const MIN_WORDS = 60;

/** FNV-1a, 32-bit: fast, and good enough to spread shingles. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fixed coefficients of the hash family h(x) = a·x + b: the same for every process, forever. */
const [MULTIPLIERS, ADDENDS] = ((): [Uint32Array, Uint32Array] => {
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const a = new Uint32Array(SIGNATURE_LENGTH);
  const b = new Uint32Array(SIGNATURE_LENGTH);
  for (let k = 0; k < SIGNATURE_LENGTH; k++) {
    a[k] = next() | 1;
    b[k] = next();
  }
  return [a, b];
})();

/** The MinHash signature of a text, or null when it is too short to compare. */
export function signatureOf(text: string): Uint32Array | null {
  return signatureOfWords(comparableWords(text));
}

/** The signature of a text already split by comparableWords (dedupe splits once for both keys). */
export function signatureOfWords(w: readonly string[]): Uint32Array | null {
  if (w.length < MIN_WORDS) return null;
  const wordHashes = w.map(fnv1a);
  // A shingle's hash mixes its words' hashes in order, so no shingle string is ever built.
  // Repeated shingles need no removing: they cannot change a minimum.
  const shingles = new Int32Array(wordHashes.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < shingles.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + SHINGLE_WORDS; j++) h = Math.imul(h ^ wordHashes[j]!, 0x01000193);
    shingles[i] = h;
  }
  // One hash function at a time over all shingles: a tight loop on locals, ~5x the speed of the transposed one.
  // Unsigned order is compared as signed order with the top bit flipped: V8 keeps it all in int32.
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  for (let k = 0; k < SIGNATURE_LENGTH; k++) {
    const a = MULTIPLIERS[k]! | 0;
    const b = ADDENDS[k]! | 0;
    let min = 0x7fffffff;
    for (let i = 0; i < shingles.length; i++) {
      const h = ((Math.imul(a, shingles[i]!) + b) | 0) ^ 0x80000000;
      if (h < min) min = h;
    }
    signature[k] = (min ^ 0x80000000) >>> 0;
  }
  return signature;
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

/** Estimated Jaccard similarity of the two texts' shingle sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_LENGTH; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_LENGTH;
}
