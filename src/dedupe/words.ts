/**
 * The words two texts are compared by (exact copies and near copies alike): case folded, NFKC,
 * split on anything that is not a letter or a digit. A scan by character code, because a Unicode
 * property regex over a whole article cost more than the rest of the dedupe decision.
 */

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const nonAsciiWordChar = new Map<number, boolean>();

function isWordCodePoint(code: number): boolean {
  if (code < 0x80)
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  let known = nonAsciiWordChar.get(code);
  if (known === undefined) {
    known = LETTER_OR_DIGIT.test(String.fromCodePoint(code));
    // Bounded: a hostile text cannot grow the cache past the code points it holds, and it is capped.
    if (nonAsciiWordChar.size < 65_536) nonAsciiWordChar.set(code, known);
  }
  return known;
}

export function comparableWords(text: string): string[] {
  const folded = text.toLowerCase().normalize('NFKC');
  const found: string[] = [];
  let start = -1;
  for (let i = 0; i < folded.length; ) {
    const code = folded.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (isWordCodePoint(code)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      found.push(folded.slice(start, i));
      start = -1;
    }
    i += width;
  }
  if (start >= 0) found.push(folded.slice(start));
  return found;
}
