/** The grammar of numbers, shared by every topic: digits, scale words, number words, ranges. */

export interface Token {
  text: string;
  /** Lower case, apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  kind: 'num' | 'word' | 'punct';
}

/**
 * The token grammar, as a pattern: numbers, words (with apostrophes and hyphenated parts), single
 * marks. tokenize reads it by hand, character by character; the pattern says what it reads.
 *   /\d[\d,.]*\d|\d|[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)*(?:-[A-Za-z0-9]+)*|[^\s\w]/g
 */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordStart = (c: number): boolean => isAsciiLetter(c) || (c >= 0xc0 && c <= 0x24f);
/** `\s` of a JavaScript pattern: white space and line terminators, Unicode's included. */
const isPatternSpace = (c: number): boolean =>
  (c >= 9 && c <= 13) ||
  c === 32 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/**
 * tokens[i], or undefined before the first token. An array read at a negative index is a slow
 * look-up of a property named "-1" in V8, and leaves every later read at that place slower too.
 */
export function tokenAt(tokens: readonly Token[], i: number): Token | undefined {
  return i >= 0 ? tokens[i] : undefined;
}

/**
 * Tokens of an already normalised sentence (see normalizeChars). A hand-written scanner: it runs
 * on every sentence that may hold a figure, and a pattern's exec allocated a match per token.
 */
export function tokenize(norm: string): Token[] {
  const out: Token[] = [];
  const n = norm.length;
  // Words are lower-cased by slicing the sentence's lower case, made once, not one by one. A word
  // lower-cases alike alone or in its sentence, but for one letter whose lower case is two ("İ"):
  // with it the sentence's lower case is longer, and words are lower-cased one by one.
  let lowerNorm: string | null = null;
  let i = 0;
  while (i < n) {
    const c = norm.charCodeAt(i);
    let end: number;
    let kind: Token['kind'];
    // A word with no capital and nothing past ASCII is its own lower case: no copy is made of it.
    let mayHaveCapital = false;
    if (isDigit(c)) {
      // \d[\d,.]*\d|\d: the run of digits, commas and points, back to its last digit.
      end = i + 1;
      for (let j = i + 1; j < n; j++) {
        const d = norm.charCodeAt(j);
        if (isDigit(d)) end = j + 1;
        else if (d !== 44 && d !== 46) break;
      }
      kind = 'num';
    } else if (isWordStart(c)) {
      // The scans below never read past the end: a charCodeAt out of bounds (NaN) put the whole
      // function on a path twice as slow per token.
      end = i;
      for (let d = c; end < n && isWordStart(d); d = ++end < n ? norm.charCodeAt(end) : 0)
        if (d < 97 || d > 122) mayHaveCapital = true;
      // (?:'[A-Za-z]+)*
      while (end + 1 < n && norm.charCodeAt(end) === 39 && isAsciiLetter(norm.charCodeAt(end + 1))) {
        end += 1;
        for (let d = norm.charCodeAt(end); end < n && isAsciiLetter(d); d = ++end < n ? norm.charCodeAt(end) : 0)
          if (d < 97) mayHaveCapital = true;
      }
      // (?:-[A-Za-z0-9]+)*
      while (end + 1 < n && norm.charCodeAt(end) === 45) {
        const d = norm.charCodeAt(end + 1);
        if (!isAsciiLetter(d) && !isDigit(d)) break;
        end += 1;
        for (let d2 = d; end < n && (isAsciiLetter(d2) || isDigit(d2)); d2 = ++end < n ? norm.charCodeAt(end) : 0)
          if (d2 >= 65 && d2 <= 90) mayHaveCapital = true;
      }
      // A lone letter outside A-Z is a mark, as `/\w/` (ASCII only) judged it.
      kind = end - i === 1 && !isAsciiLetter(c) ? 'punct' : 'word';
    } else if (isPatternSpace(c) || c === 95) {
      // White space and "_" start no token.
      i++;
      continue;
    } else {
      end = i + 1;
      kind = 'punct';
    }
    const text = norm.slice(i, end);
    let lower = text;
    if (kind === 'word' && mayHaveCapital) {
      lowerNorm ??= norm.toLowerCase();
      lower = lowerNorm.length === n ? lowerNorm.slice(i, end) : text.toLowerCase();
    }
    out.push({ text, lower, start: i, end, kind });
    i = end;
  }
  return out;
}

const UNITS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);
const TENS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);
const SCALES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    hundred: 100,
    thousand: 1_000,
    million: 1_000_000,
    billion: 1_000_000_000,
    mln: 1_000_000,
    mn: 1_000_000,
    bn: 1_000_000_000,
  }),
);
/** Scale words that may follow "a" ("a million"), unlike abbreviations ("a bn"). */
const SPOKEN_SCALES = new Set(['hundred', 'thousand', 'million', 'billion']);

/** A number as written: tokens first..last (inclusive) of the sentence. */
export interface NumberSpan {
  first: number;
  last: number;
  value: number;
  /** A scale word was written ("10 million"), which a bare lower bound of a range shares. */
  scale: number | null;
}

export interface NumberMention {
  first: number;
  last: number;
  low: number;
  high: number;
  range: boolean;
}

/**
 * "11,000", "1.5", "10"; European thousands in English text ("11.000", "1.000.000"). Rejects
 * malformed grouping such as "1,00".
 */
export function parseDigits(text: string): number | null {
  // Read by hand, once over the text: the patterns this replaces cost a number token several scans.
  //   /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/ or /^\d+(?:\.\d+)?$/ but not /^\d{1,3}\.\d{3}$/: commas dropped;
  //   /^\d{1,3}(?:\.\d{3})+$/: points dropped.
  // The digit runs between the marks, and the marks, tell them apart.
  const n = text.length;
  let commas = 0;
  let points = 0;
  let run = 0; // digits since the last mark
  let firstRun = -1; // digits before the first mark
  let groupsOfThree = true; // every run after the first mark has three digits
  let lastMark = 0; // 44 or 46
  let pointAfterComma = false;
  // The digits as one integer, marks skipped: the value of a whole number without a pattern's
  // replace to drop its commas, exact while it has at most MAX_EXACT_DIGITS digits.
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      digits = digits * 10 + (c - 48);
      continue;
    }
    if ((c !== 44 && c !== 46) || run === 0) return null;
    if (firstRun < 0) firstRun = run;
    else if (run !== 3) groupsOfThree = false;
    if (c === 44) {
      if (points > 0) return null;
      commas++;
    } else {
      if (commas > 0) pointAfterComma = true;
      points++;
    }
    lastMark = c;
    run = 0;
  }
  if (run === 0) return null;
  const exact = n - commas - points <= MAX_EXACT_DIGITS;
  if (firstRun < 0) return exact ? digits : Number(text); // digits alone
  if (commas > 0) {
    // Groups of three after one to three digits, and a decimal part after the last group.
    if (firstRun > 3 || !groupsOfThree || (points > 0 && (points > 1 || lastMark !== 46))) return null;
    if (!pointAfterComma && run !== 3) return null;
    return exact && points === 0 ? digits : Number(text.replace(/,/g, ''));
  }
  // Points only: "1.5", "12.75" (one point, not "1.000"), or European thousands "11.000", "1.000.000".
  if (points === 1 && !(firstRun <= 3 && run === 3)) return Number(text);
  if (firstRun <= 3 && groupsOfThree && run === 3) return exact ? digits : Number(text.replace(/\./g, ''));
  return null;
}

/** Digits whose integer sums exactly in a double (below 2^53). */
const MAX_EXACT_DIGITS = 15;

/** /^\d+$/ by hand: asked of every part of every number. */
function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The value of one number word or part of a hyphenated one ("four", "twenty-five", "100"). */
function wordValue(word: string): number | null {
  const simple = UNITS.get(word) ?? TENS.get(word);
  if (simple !== undefined) return simple;
  const dash = word.indexOf('-');
  if (dash < 0) return null;
  const tens = TENS.get(word.slice(0, dash));
  const unit = UNITS.get(word.slice(dash + 1));
  return tens !== undefined && unit !== undefined && unit < 10 ? tens + unit : null;
}

/**
 * A number written in parts, as broadcasters and wires spell them: "15-thousand",
 * "47-hundred" (4,700), "four-thousand-100" (4,100), "one-point-five million", "28-thousand-500".
 * Null when the parts are not one number.
 */
export function compoundValue(parts: readonly string[]): { value: number; scale: number | null } | null {
  let total = 0;
  let current: number | null = null;
  let scale: number | null = null;
  let decimals: string | null = null;
  for (const part of parts) {
    const digits = isDigits(part) ? Number(part) : null;
    const word = digits ?? wordValue(part);
    if (part === 'point') {
      if (current === null || decimals !== null) return null;
      decimals = '';
    } else if (word !== null) {
      if (decimals !== null) {
        if (word > 9) return null;
        decimals += String(word);
      } else if (current === null) current = word;
      else if (current % 10 === 0 && current >= 20 && word < 10)
        current += word; // "twenty five"
      else return null;
    } else if (part === 'hundred') {
      if (current === null) return null;
      current *= 100;
    } else if (SCALES.has(part) && part !== 'hundred') {
      if (current === null) return null;
      const s = SCALES.get(part)!;
      const whole = decimals !== null ? Number(`${current}.${decimals || '0'}`) : current;
      total += whole * s;
      scale = s;
      current = null;
      decimals = null;
    } else return null;
  }
  if (decimals !== null) return null;
  const value = Math.round(total + (current ?? 0));
  return value > 0 ? { value, scale } : null;
}

/** The words a spelled-out number can start with: anything else is rejected at once. */
const NUMBER_HEADS: ReadonlySet<string> = new Set([...UNITS.keys(), ...TENS.keys(), 'a', 'an', 'half']);
/**
 * By the codes of a word's first two letters (the second 0 for a one-letter word): 1 where a number
 * word starts so. A table, not a set: it is asked of every word, and first letters alone let most
 * words through ("the", "said", "of", "troops") to a look-up.
 */
const NUMBER_HEAD_STARTS = ((): Uint8Array => {
  const table = new Uint8Array(128 * 128);
  for (const w of NUMBER_HEADS) table[w.charCodeAt(0) * 128 + (w.length > 1 ? w.charCodeAt(1) : 0)] = 1;
  return table;
})();
/** Most words are no number: two letters no number word starts with rule them out before any look-up. */
function mayStartNumberWord(lower: string): boolean {
  const first = lower.charCodeAt(0);
  // The head before any hyphen ("twenty-five") is one letter long when the word is, or when a hyphen follows it.
  const second = lower.length > 1 && lower.charCodeAt(1) !== 45 ? lower.charCodeAt(1) : 0;
  return first < 128 && second < 128 && NUMBER_HEAD_STARTS[first * 128 + second] !== 0;
}
/** The words a sentence needs, besides digits, to hold a number at all. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...UNITS.keys(),
  ...TENS.keys(),
  'dozen',
  'hundred',
  'thousand',
  'million',
  'billion',
]);

/** Scale words that join a number across a space ("15 thousand", "1.5 million"). */
const JOINING_SCALES = new Set(['hundred', 'thousand', 'million', 'billion', 'mln', 'mn', 'bn']);

/** Two tokens with nothing between them. A function of the module, not of readNumber: a closure made on each of its calls (one per token) was garbage before optimised code could do without it. */
export function adjacent(a: Token | undefined, b: Token | undefined): boolean {
  return a !== undefined && b !== undefined && a.end === b.start;
}

/**
 * A token that may go on with the number before it: a hyphen, a scale word, "dozen", "point", "k"
 * (see readNumber's walk). Any other, or none, ends it.
 */
function joinsNumber(next: Token | undefined): boolean {
  if (next === undefined || next.kind === 'num') return false;
  return next.kind === 'punct' ? next.text === '-' : JOINING_SCALES.has(next.lower) || NUMBER_GOES_ON.has(next.lower);
}
const NUMBER_GOES_ON = new Set(['dozen', 'point', 'k']);

/** Reads one number starting at token i, or null when none starts there. */
export function readNumber(tokens: readonly Token[], i: number): NumberSpan | null {
  const t = tokenAt(tokens, i);
  if (!t || t.kind === 'punct') return null;
  if (t.kind === 'word') {
    if (!mayStartNumberWord(t.lower)) return null;
    const dash = t.lower.indexOf('-');
    if (!NUMBER_HEADS.has(dash < 0 ? t.lower : t.lower.slice(0, dash))) return null;
  }
  const next = tokens[i + 1];
  if (t.kind === 'word' && (t.lower === 'a' || t.lower === 'an') && next) {
    if (next.lower === 'dozen') return { first: i, last: i + 1, value: 12, scale: null };
    // "a couple thousand", "a couple of thousand": two of the scale.
    if (next.lower === 'couple') {
      const k = tokens[i + 2]?.lower === 'of' ? i + 3 : i + 2;
      const scaleWord = tokens[k]?.lower;
      if (scaleWord && SPOKEN_SCALES.has(scaleWord))
        return { first: i, last: k, value: 2 * SCALES.get(scaleWord)!, scale: SCALES.get(scaleWord)! };
      return null;
    }
    if (SPOKEN_SCALES.has(next.lower)) {
      const scale = SCALES.get(next.lower)!;
      return { first: i, last: i + 1, value: scale, scale };
    }
    return null;
  }
  if (t.kind === 'word' && t.lower === 'half' && next?.lower === 'a' && tokens[i + 2]?.lower === 'million') {
    return { first: i, last: i + 2, value: 500_000, scale: 1_000_000 };
  }
  // Gather the parts: a token's own hyphenated parts, parts joined to it by a hyphen with no
  // space ("15-thousand"), and scale words after a space ("15 thousand", "1.5 million").
  const parts: string[] = [];
  let last = i;
  let decimal: number | null = null;
  if (t.kind === 'num') {
    const digits = parseDigits(t.text);
    // A whole number nothing joins ("11,000 troops", "300."): its value, without the parts read below.
    if (digits !== null && Number.isInteger(digits) && digits > 0 && digits < 1e21 && !joinsNumber(next))
      return { first: i, last: i, value: digits, scale: null };
    if (digits === null) {
      // "1,5 million": a decimal comma, read only before a scale word.
      const comma = /^(\d+),(\d{1,2})$/.exec(t.text);
      if (!comma || !next || !JOINING_SCALES.has(next.lower) || next.lower === 'hundred') return null;
      decimal = Number(`${comma[1]}.${comma[2]}`);
    } else if (!Number.isInteger(digits)) decimal = digits;
    else parts.push(String(digits));
    // "12K troops"
    if (next && adjacent(t, next) && next.lower === 'k' && decimal === null)
      return { first: i, last: i + 1, value: digits! * 1000, scale: 1000 };
  } else if (t.kind === 'word') {
    const own = t.lower.split('-');
    if (wordValue(own[0]!) === null && !(own.length > 1 && wordValue(t.lower) !== null)) return null;
    parts.push(...(wordValue(t.lower) !== null ? [t.lower] : own));
  } else return null;
  for (let j = i + 1; j < tokens.length; j++) {
    const tok = tokens[j]!;
    const hyphenJoined = tok.text === '-' && adjacent(tokens[j - 1], tok) && adjacent(tok, tokens[j + 1]);
    if (hyphenJoined) {
      // "15-thousand", "47-hundred", but "10,000-12,000" is a range and "11,000-strong" a modifier.
      const after = tokens[j + 1]!;
      const afterParts = after.lower.split('-');
      if (
        after.kind === 'word' &&
        afterParts.every((p) => SCALES.has(p) || p === 'point' || wordValue(p) !== null || /^\d+$/.test(p)) &&
        (SCALES.has(afterParts[0]!) || parts.length > 1 || t.kind === 'word')
      ) {
        parts.push(...afterParts);
        last = j + 1;
        j++;
        continue;
      }
      if (after.kind === 'num' && parts.length > 0 && SCALES.has(parts[parts.length - 1]!)) {
        parts.push(after.text);
        last = j + 1;
        j++;
        continue;
      }
      break;
    }
    if (tok.kind !== 'word' || (!adjacent(tokens[j - 1], tok) && tok.start !== tokens[j - 1]!.end + 1)) break;
    const w = tok.lower;
    if (w === 'dozen' && decimal === null && parts.length === 1) {
      parts[0] = String((wordValue(parts[0]!) ?? Number(parts[0])) * 12);
      last = j;
      break;
    }
    if (JOINING_SCALES.has(w)) {
      parts.push(w);
      last = j;
      continue;
    }
    // "one point five million"
    if (w === 'point' && tokens[j + 1] && wordValue(tokens[j + 1]!.lower) !== null) {
      parts.push('point', tokens[j + 1]!.lower);
      last = j + 1;
      j++;
      continue;
    }
    break;
  }
  if (decimal !== null) {
    // A decimal needs a scale after it to be a count ("1.5 million"); "1.5" alone is not.
    const scaleWord = parts.find((p) => SCALES.has(p) && p !== 'hundred');
    if (!scaleWord) return null;
    const scale = SCALES.get(scaleWord)!;
    return { first: i, last, value: Math.round(decimal * scale), scale };
  }
  const compound = compoundValue(parts);
  if (!compound) return null;
  return { first: i, last, value: compound.value, scale: compound.scale };
}

/** Every number in the sentence, with ranges ("10,000-12,000", "3,000 to 4,000", "11 or 12,000", "between 1 and 1.5 million") folded. */
export function findNumbers(tokens: readonly Token[]): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    // Marks and most words start no number: turned away here, as readNumber would, without a call to it.
    const t = tokens[i]!;
    if (t.kind === 'punct' || (t.kind === 'word' && !mayStartNumberWord(t.lower))) continue;
    const a = readNumber(tokens, i) ?? decimalBeforeScaledBound(tokens, i);
    if (!a) continue;
    let mention: NumberMention = { first: a.first, last: a.last, low: a.value, high: a.value, range: false };
    const link = tokens[a.last + 1]?.lower;
    const between = tokenAt(tokens, a.first - 1)?.lower === 'between';
    // "rose from 11,000 to 15,000" is a change; "ranging from 10,000 to 15,000" and "estimates, from 12 to 15
    // thousand servicemen" are ranges: only a word of change before "from" makes it one.
    const from =
      tokenAt(tokens, a.first - 1)?.lower === 'from' &&
      CHANGE_BEFORE_FROM.test(tokenAt(tokens, a.first - 2)?.lower ?? '');
    // "11 (or) 12,000": a bracketed "or" links like a bare one.
    const bracketedOr = link === '(' && tokens[a.last + 2]?.lower === 'or' && tokens[a.last + 3]?.text === ')';
    if (
      (link === '-' || link === 'to' || link === 'or' || bracketedOr || (link === 'and' && between)) &&
      !(link === 'to' && from)
    ) {
      const b = readNumber(tokens, a.last + (bracketedOr ? 4 : 2));
      if (b) {
        let low = a.value;
        if (b.scale !== null && a.scale === null && a.value < 1000) low = Math.round(a.value * b.scale);
        // "11 to 12,000": the thousands of the upper bound are the lower bound's too.
        else if (
          b.scale === null &&
          a.scale === null &&
          a.value < 1000 &&
          b.value >= 1000 &&
          b.value % 1000 === 0 &&
          b.value / 1000 > a.value &&
          b.value / 1000 < a.value * 3
        ) {
          low = a.value * 1000;
        }
        if (b.value > low && b.value < low * 100) {
          mention = { first: a.first, last: b.last, low, high: b.value, range: true };
        }
      }
    }
    // A bare decimal is a count only as the lower bound of a scaled range.
    if (!Number.isInteger(mention.low)) continue;
    out.push(mention);
    i = mention.last;
  }
  return out;
}

const CHANGE_BEFORE_FROM =
  /^(?:rose|risen|rise|rises|rising|increased|increases|increasing|grew|grown|grows|growing|climbed|climbs|jumped|jumps|soared|fell|fallen|falls|dropped|drops|declined|declines|went|gone|goes|up|down|revised|raised|upped|doubled|tripled|expanded|swelled|surged|increase|rise|jump|growth|change|changed|estimate|estimates|figure)$/;

/** "3.7" in "3.7 to 4.5 million": a decimal whose scale is the upper bound's. */
function decimalBeforeScaledBound(tokens: readonly Token[], i: number): NumberSpan | null {
  const t = tokens[i]!;
  if (t.kind !== 'num' || !/^\d+\.\d+$/.test(t.text)) return null;
  const link = tokens[i + 1]?.lower;
  if (link !== 'to' && link !== '-' && link !== 'and' && link !== 'or') return null;
  if (!readNumber(tokens, i + 2)?.scale) return null;
  return { first: i, last: i, value: Number(t.text), scale: null };
}
