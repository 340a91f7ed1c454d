/**
 * The words two texts are compared by (exact copies and near copies alike): case folded, NFKC,
 * split on anything that is not a letter or a digit. A scan by character code, because a Unicode
 * property regex over a whole article cost more than the rest of the dedupe decision.
 */

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
/** Whether a BMP character is a letter or digit: 0 not yet known, 1 yes, 2 no (filled as met). */
const bmpWordChar = new Uint8Array(0x10000);

function isWordChar(code: number): boolean {
  if (code < 0x80)
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  if (code <= 0xffff) {
    let known = bmpWordChar[code]!;
    if (known === 0) {
      known = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
      bmpWordChar[code] = known;
    }
    return known === 1;
  }
  return LETTER_OR_DIGIT.test(String.fromCodePoint(code));
}

/** A text as dedupe compares it, read in one pass. */
export interface ComparableText {
  /** The words joined by single spaces: what the exact-copy hash is taken of. */
  readonly joined: string;
  /** FNV-1a (fnv1a32) of each word in order: what near-copy shingles are made of. */
  readonly wordHashes: Int32Array;
}

/**
 * The comparable words of a text, as one string and as word hashes, from one scan: splitting into
 * word strings, joining them again and hashing each apart cost more than the hashes themselves.
 */
export function comparableText(text: string): ComparableText {
  const folded = text.toLowerCase().normalize('NFKC');
  let hashes = new Int32Array(64);
  let count = 0;
  // Words separated by exactly one space are taken as one slice: most of a text, so few pieces to join.
  const pieces: string[] = [];
  let runStart = -1;
  let lastEnd = -1;
  let start = -1;
  let h = 0;
  const endWord = (end: number): void => {
    if (count === hashes.length) {
      const grown = new Int32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[count++] = h;
    if (runStart < 0) runStart = start;
    else if (start !== lastEnd + 1 || folded.charCodeAt(lastEnd) !== 0x20) {
      pieces.push(folded.slice(runStart, lastEnd));
      runStart = start;
    }
    lastEnd = end;
  };
  for (let i = 0; i < folded.length; ) {
    let code = folded.charCodeAt(i);
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < folded.length) {
      const low = folded.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        width = 2;
      }
    }
    if (isWordChar(code)) {
      if (start < 0) {
        start = i;
        h = 0x811c9dc5;
      }
      // The hash runs over UTF-16 code units, as fnv1a32 of the word's string does.
      h = Math.imul(h ^ folded.charCodeAt(i), 0x01000193);
      if (width === 2) h = Math.imul(h ^ folded.charCodeAt(i + 1), 0x01000193);
    } else if (start >= 0) {
      endWord(i);
      start = -1;
    }
    i += width;
  }
  if (start >= 0) endWord(folded.length);
  if (runStart >= 0) pieces.push(folded.slice(runStart, lastEnd));
  return { joined: pieces.join(' '), wordHashes: hashes.subarray(0, count) };
}
