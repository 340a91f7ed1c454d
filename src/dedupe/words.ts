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

export function comparableWords(text: string): string[] {
  const folded = text.toLowerCase().normalize('NFKC');
  const found: string[] = [];
  let start = -1;
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
