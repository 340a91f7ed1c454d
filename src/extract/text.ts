/**
 * Text as it arrives from the web, made uniform for matching. Every replacement keeps the
 * length, so offsets into the normalised text cut verbatim quotes from the original.
 */
export function normalizeChars(text: string): string {
  let out = text;
  // Where the characters past ASCII stand, found in one walk: most text has none, the rest a few
  // dozen quotes, and whether an exotic space or em dash is among them is read from those alone
  // (a pattern for them read all of every text). The replacements below keep every character in
  // its place and write only ASCII, so the places stay those of every character plainForms may change.
  const pastAscii = placesPastAscii(out);
  let spaceOrDash = false;
  if (pastAscii === null) spaceOrDash = SPACE_OR_DASH.test(out);
  else for (const at of pastAscii) if (SPACE_OR_DASH_CODES.has(out.charCodeAt(at))) spaceOrDash = true;
  if (spaceOrDash && EXOTIC_SPACE_IN_NUMBER.test(out))
    out = out.replace(/(\d)[\u00a0\u202f\u2009](?=\d{3}(?!\d))/g, '$1,');
  // "3 000", "1 500 000" with plain spaces when the groups are whole (never "2024 300").
  if (SPACED_GROUPS_HINT.test(out))
    out = out.replace(/(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]\d)(?!\d)/g, (m) => m.replace(/ /g, ','));
  if (pastAscii !== null && pastAscii.length === 0) return out;
  // An em dash between words is a break ("casualties—300 dead"), not a hyphen joining them; before a
  // word it parts clauses like a comma ("committed to Russia—sending 10,000": Russia sends nothing); set
  // apart before a number it stays a dash ("two brigades — 5,000 people": the count restates them).
  // One pattern, not two searches: String.includes was slow over text with characters past Latin-1.
  if (spaceOrDash && EM_DASH.test(out)) {
    out = out.replace(
      /(\d?)(\s?)[\u2014\u2015](?=(\s?)(\d?))/g,
      (m, before: string, space: string, _after: string, digit: string) =>
        before && digit ? m.slice(0, -1) + '-' : `${before}${space}${digit ? (space ? '-' : ' ') : ','}`,
    );
  }
  return pastAscii === null
    ? oneBytePerChar(out.replace(SINGLE_CHARS, (c) => SINGLE_CHAR_FORM.get(c) ?? c))
    : plainForms(out, pastAscii);
}

/** The text stored one byte per character when every character fits (see plainForms). */
function oneBytePerChar(text: string): string {
  return BEYOND_LATIN1.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/** Most places kept: past this the text is mostly another script or accented, and one replace reads it faster. */
const MAX_PLACES = 512;

/**
 * Where each character NON_ASCII finds stands; null for text in another script (a character past
 * Latin-1 with no plain form: the text stays two bytes a character whatever is done) or with more
 * than MAX_PLACES such characters, where a walk per character cost 4-5x the one replace.
 */
function placesPastAscii(text: string): number[] | null {
  const places: number[] = [];
  // test, not exec: no match array is made per character. Each match is one character, ending at lastIndex.
  PAST_ASCII.lastIndex = 0;
  while (PAST_ASCII.test(text)) {
    const at = PAST_ASCII.lastIndex - 1;
    const code = text.charCodeAt(at);
    if ((code > 0xff && !PLAIN_CODE.has(code)) || places.length === MAX_PLACES) return null;
    places.push(at);
  }
  return places;
}

/**
 * The text with every character of SINGLE_CHAR_FORM in its plain form, stored one byte per
 * character when every character fits (the same characters). V8 keeps text that held a curly
 * quote two bytes per character even once the quotes are plain, and every pattern, slice and
 * comparison over the sentences and tokens cut from it was slower for that. The bytes are the
 * text's Latin-1 encoding with the few characters past ASCII (at `pastAscii`) written over:
 * a replace by a function per quote, a look for characters past Latin-1 and a copy to bytes and
 * back took four walks of the text.
 */
function plainForms(text: string, pastAscii: readonly number[]): string {
  // Each character's low byte: right for every character up to U+00FF, and the others (each with a
  // plain form: placesPastAscii gives up on any other) are written over below.
  const bytes = Buffer.from(text, 'latin1');
  for (const at of pastAscii) {
    const plain = PLAIN_CODE.get(text.charCodeAt(at));
    if (plain !== undefined) bytes[at] = plain;
  }
  return bytes.toString('latin1');
}

const EXOTIC_SPACE_IN_NUMBER = /\d[\u00a0\u202f\u2009]\d/;
const SPACED_GROUPS_HINT = /\d \d{3}/;
const NON_ASCII = /[^\x00-\x5f\x61-\x7f]/;
const BEYOND_LATIN1 = /[^\x00-\xff]/;
/** NON_ASCII, walked with test: each character that may have a plain form to take. */
const PAST_ASCII = new RegExp(NON_ASCII.source, 'g');
const EM_DASH = /[\u2014\u2015]/;
const SPACE_OR_DASH = /[\u00a0\u202f\u2009\u2014\u2015]/;
/** Any character EXOTIC_SPACE_IN_NUMBER or EM_DASH needs, by code. */
const SPACE_OR_DASH_CODES: ReadonlySet<number> = new Set([0xa0, 0x202f, 0x2009, 0x2014, 0x2015]);
/** One character for one: quotes, dashes and spaces in their plain forms (the length never changes). */
const SINGLE_CHAR_FORM: ReadonlyMap<string, string> = new Map([
  ...[...'\u2018\u2019\u201b\u2032\u00b4`'].map((c) => [c, "'"] as const),
  ...[...'\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'].map((c) => [c, '"'] as const),
  ...[...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'].map((c) => [c, '-'] as const),
  ...[...'\u00a0\u2007\u2009\u200a\u202f\u2002\u2003\u200b\u200c\u200d\ufeff'].map((c) => [c, ' '] as const),
]);
const SINGLE_CHARS = new RegExp(`[${[...SINGLE_CHAR_FORM.keys()].join('')}]`, 'g');
/** SINGLE_CHAR_FORM by character code. */
const PLAIN_CODE: ReadonlyMap<number, number> = new Map(
  [...SINGLE_CHAR_FORM].map(([c, plain]) => [c.charCodeAt(0), plain.charCodeAt(0)]),
);

/** Lines that open a reader-comment section: nothing after them is the article. */
const COMMENT_SECTION =
  /^\s*(?:\d+\s+comments?|comments?(?:\s*\(\d+\))?|leave a (?:comment|reply)|reader comments|join the (?:conversation|discussion)|add (?:a|your) comment|show comments|view comments|post a comment)\s*:?\s*$/i;

/** A cheap first look for COMMENT_SECTION, which most lines fail. */
const COMMENT_WORD = /comment|reply|conversation|discussion/i;

export interface Paragraph {
  text: string;
  /** Same length as `text`, normalised (see normalizeChars). */
  norm: string;
  /** The first line of the document when it reads as a headline (short, no final full stop). */
  headline: boolean;
}

/** A line's text without its surrounding white space, in both forms. */
function trimmedPair(raw: string, norm: string): { raw: string; norm: string } {
  let start = 0;
  let end = norm.length;
  while (start < end && isSpace(norm.charCodeAt(start))) start++;
  while (end > start && isSpace(norm.charCodeAt(end - 1))) end--;
  if (start === 0 && end === norm.length) return { raw, norm };
  return start >= end ? { raw: '', norm: '' } : { raw: raw.slice(start, end), norm: norm.slice(start, end) };
}

/** White space as normalizeChars leaves it (exotic spaces are plain spaces by then). */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
}

/**
 * Splits text into paragraphs, joining lines broken inside a sentence, dropping repeated
 * paragraphs (photo captions printed twice) and everything from a comment-section heading on.
 * The text is normalised once; every piece carries both forms, which have the same length.
 */
export function paragraphsOf(input: string): Paragraph[] {
  const raw = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const normAll = normalizeChars(raw);
  const rawLines = raw.split('\n');
  const normLines = normAll.split('\n');
  const paragraphs: Array<{ raw: string; norm: string }> = [];
  let current = { raw: '', norm: '' };
  const flush = (): void => {
    const t = trimmedPair(current.raw, current.norm);
    if (t.raw) paragraphs.push(t);
    current = { raw: '', norm: '' };
  };
  for (let i = 0; i < rawLines.length; i++) {
    const t = trimmedPair(rawLines[i]!, normLines[i] ?? rawLines[i]!);
    if (t.norm.length < 80 && COMMENT_WORD.test(t.norm) && COMMENT_SECTION.test(t.norm)) {
      flush();
      break;
    }
    if (!t.raw) {
      flush();
      continue;
    }
    if (current.raw && continuesSentence(current.norm, t.norm)) {
      current = { raw: `${current.raw} ${t.raw}`, norm: `${current.norm} ${t.norm}` };
    } else {
      flush();
      current = t;
    }
  }
  flush();
  // Repeats are the same text in any case. Their lower-case forms are compared only between
  // paragraphs whose lower-case forms are as long: most paragraphs have a length of their own and
  // are never lower-cased at all.
  const seenByLength = new Map<number, Array<{ norm: string; key?: string }>>();
  const unique: Array<{ raw: string; norm: string }> = [];
  for (const p of paragraphs) {
    if (p.norm.length > 40) {
      const length = lowerCaseLength(p.norm);
      const sameLength = seenByLength.get(length);
      if (sameLength === undefined) seenByLength.set(length, [{ norm: p.norm }]);
      else {
        const key = p.norm.toLowerCase();
        if (sameLength.some((seen) => lowerCaseKey(seen) === key)) continue;
        sameLength.push({ norm: p.norm, key });
      }
    }
    unique.push(p);
  }
  // Pushed, not mapped: the array map made took another shape once paragraphsOf was optimised, and
  // threw away extractClaims' optimised code, which had inlined sentencesOf's walk of the first shape.
  const out: Paragraph[] = [];
  for (const p of unique)
    out.push({
      text: p.raw,
      norm: p.norm,
      headline: out.length === 0 && p.raw.length <= 200 && !/[.!?]["')\]]?$/.test(p.norm),
    });
  return out;
}

/** A paragraph's lower-case form, made the first time it is compared. */
function lowerCaseKey(seen: { norm: string; key?: string }): string {
  seen.key ??= seen.norm.toLowerCase();
  return seen.key;
}

/**
 * The length of text.toLowerCase() without making it: the same length, but for U+0130 ("İ"), the
 * one character whose lower case is two ("i" and a combining dot).
 */
function lowerCaseLength(text: string): number {
  return text.includes('\u0130') ? text.toLowerCase().length : text.length;
}

/**
 * A line break inside a sentence: the next line starts in lower case or a digit, or this one ends
 * mid-clause. Only the paragraph's tail is read, so joining a hard-wrapped paragraph stays linear.
 */
function continuesSentence(previousNorm: string, nextNorm: string): boolean {
  const tail = previousNorm.slice(-12);
  if (/[.!?:]["')\]]?$/.test(tail)) return false;
  // A list item ("- At least 5 killed in ...", "• ...") starts its own line of thought.
  if (/^[-•*·]\s/.test(nextNorm)) return false;
  if (/^[a-z0-9(]/.test(nextNorm)) return true;
  return /(?:[,;-]|\b(?:and|or|of|the|a|an|to|in|by|with|that|than|for|from|at))$/i.test(tail);
}

/** Abbreviations whose full stop does not end a sentence. */
/** Month abbreviations: not sentence ends ("Jan. 5"), and month names to the extractor. */
export const MONTH_ABBREVIATIONS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
];

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'adm',
  'cmdr',
  'gov',
  'sen',
  'rep',
  'st',
  'no',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'jr',
  'sr',
  'approx',
  'est',
  'fig',
  ...MONTH_ABBREVIATIONS,
  'u.s',
  'u.k',
  'u.n',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
]);

const LONGEST_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

export interface Sentence {
  /** The sentence as written (verbatim from the document). */
  text: string;
  /** Same length as `text`, with quotes, dashes and spaces made uniform. */
  norm: string;
  paragraph: number;
  headline: boolean;
}

/**
 * Longest sentence the extractor reads whole. News sentences are far shorter; text whose sentences
 * never end (no capitals, no full stops, markup stripped badly) is cut into pieces of this size at
 * clause marks, so that every step after the split costs the same per character, however the
 * text is shaped.
 */
export const MAX_SENTENCE_CHARS = 600;

export function sentencesOf(raw: string): Sentence[] {
  const out: Sentence[] = [];
  paragraphsOf(raw).forEach((p, index) => {
    for (const [start, end] of sentenceRanges(p.norm)) {
      // A sentence short enough is its one piece: pieceRanges' array of one range is not made for it.
      if (end - start <= MAX_SENTENCE_CHARS) {
        if (start < end) out.push(sentenceAt(p, index, start, end));
        continue;
      }
      for (const [from, to] of pieceRanges(p.norm, start, end)) out.push(sentenceAt(p, index, from, to));
    }
  });
  return out;
}

/** The sentence of paragraph `index` in [from, to), in both forms. */
function sentenceAt(p: Paragraph, index: number, from: number, to: number): Sentence {
  return { text: p.text.slice(from, to), norm: p.norm.slice(from, to), paragraph: index, headline: p.headline };
}

/** A range without the white space at its ends. */
function trimmedRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/** A sentence cut into pieces of at most MAX_SENTENCE_CHARS: at the last clause mark, else the last space, else anywhere. */
export function piecesOf(sentence: string, max = MAX_SENTENCE_CHARS): string[] {
  const [start, end] = trimmedRange(sentence, 0, sentence.length);
  return pieceRanges(sentence, start, end, max).map(([a, b]) => sentence.slice(a, b));
}

function pieceRanges(text: string, from: number, to: number, max = MAX_SENTENCE_CHARS): Array<[number, number]> {
  if (to - from <= max) return from < to ? [[from, to]] : [];
  const out: Array<[number, number]> = [];
  let start = from;
  while (to - start > max) {
    const window = text.slice(start, start + max);
    let cut = Math.max(
      window.lastIndexOf('; '),
      window.lastIndexOf(': '),
      window.lastIndexOf(', '),
      window.lastIndexOf(' - '),
    );
    if (cut < max / 3) cut = window.lastIndexOf(' ');
    const end = cut < max / 3 ? start + max : start + cut + 1;
    const piece = trimmedRange(text, start, end);
    if (piece[0] < piece[1]) out.push(piece);
    start = end;
  }
  const rest = trimmedRange(text, start, to);
  if (rest[0] < rest[1]) out.push(rest);
  return out;
}

export function splitSentences(paragraph: string): string[] {
  const norm = normalizeChars(paragraph);
  return sentenceRanges(norm).map(([a, b]) => paragraph.slice(a, b));
}

const SENTENCE_BOUNDARY = /([.!?])(["')\]]*)(\s*)(?=["'([]?[A-Z0-9])/g;

/** Where each sentence of a normalised paragraph starts and ends. */
function sentenceRanges(norm: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  // One shared pattern: each walk runs to the end, which sets lastIndex back to 0.
  const boundary = SENTENCE_BOUNDARY;
  boundary.lastIndex = 0;
  for (let m = boundary.exec(norm); m; m = boundary.exec(norm)) {
    // Sentences glued when markup was stripped ("last year.In the report", "killed."The NIS"): a
    // lower-case word ends one, a capitalised word starts the next; never "U.S.Army" or "1.5".
    // Read by hand, not by patterns on slices: this runs at every full stop of every text.
    if (m[3] === '' && !(m.index - 2 >= start && isLower(norm, m.index - 2) && isLower(norm, m.index - 1))) continue;
    if (m[3] === '' && !capitalisedWordAt(norm, m.index + m[0].length)) continue;
    if (m[1] === '.' && !endsSentence(norm, Math.max(start, m.index - 16), m.index)) continue;
    const end = m.index + m[1].length + m[2].length;
    const range = trimmedRange(norm, start, end);
    if (range[0] < range[1]) out.push(range);
    start = end + m[3].length;
  }
  const rest = trimmedRange(norm, start, norm.length);
  if (rest[0] < rest[1]) out.push(rest);
  return out;
}

/** An ASCII lower-case letter at `i` (`[a-z]`). */
function isLower(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 97 && c <= 122;
}

/** /^["'([]?[A-Z][a-z]/ at `i`: a capitalised word starts there, after an opening quote or bracket. */
function capitalisedWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 34 || c === 39 || c === 40 || c === 91) i++;
  const first = text.charCodeAt(i);
  return first >= 65 && first <= 90 && isLower(text, i + 1);
}

/**
 * The word before a full stop at `end` (letters and points, read back no further than `from`: an
 * abbreviation is short) does not make it an abbreviation's or an initial's.
 */
function endsSentence(text: string, from: number, end: number): boolean {
  let start = end;
  while (start > from) {
    const c = text.charCodeAt(start - 1);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46)) break;
    start--;
  }
  const length = end - start;
  const first = text.charCodeAt(start);
  if (length === 1 && first >= 65 && first <= 90) return false; // an initial: "N. Korea", "Kim J. Un"
  return length > LONGEST_ABBREVIATION || !ABBREVIATIONS.has(text.slice(start, end).toLowerCase());
}
