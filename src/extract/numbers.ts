/** The grammar of numbers, shared by every topic: digits, scale words, number words, ranges. */

export interface Token {
  text: string;
  /** Lower case, apostrophes made straight. */
  lower: string;
  start: number;
  end: number;
  kind: 'num' | 'word' | 'punct';
}

const TOKEN = /\d[\d,.]*\d|\d|[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)*(?:-[A-Za-z0-9]+)*|[^\s\w]/g;

/** Tokens of an already normalised sentence (see normalizeChars). */
export function tokenize(norm: string): Token[] {
  const out: Token[] = [];
  for (const m of norm.matchAll(TOKEN)) {
    const text = m[0];
    const start = m.index ?? 0;
    const kind = /^\d/.test(text) ? 'num' : /^[^\s\w]$/.test(text) ? 'punct' : 'word';
    out.push({ text, lower: text.toLowerCase(), start, end: start + text.length, kind });
  }
  return out;
}

const UNITS: ReadonlyMap<string, number> = new Map(Object.entries({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
}));
const TENS: ReadonlyMap<string, number> = new Map(Object.entries({
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}));
const SCALES: ReadonlyMap<string, number> = new Map(Object.entries({
  hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000, mln: 1_000_000, bn: 1_000_000_000,
}));
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

/** "11,000", "1.5", "10" — rejects malformed grouping such as "1,00". */
export function parseDigits(text: string): number | null {
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(text) || /^\d+(?:\.\d+)?$/.test(text)) {
    return Number(text.replace(/,/g, ''));
  }
  return null;
}

function wordValue(word: string): number | null {
  const simple = UNITS.get(word) ?? TENS.get(word);
  if (simple !== undefined) return simple;
  const dash = word.indexOf('-');
  if (dash < 0) return null;
  const tens = TENS.get(word.slice(0, dash));
  const unit = UNITS.get(word.slice(dash + 1));
  return tens !== undefined && unit !== undefined && unit < 10 ? tens + unit : null;
}

/** Reads one number starting at token i, or null when none starts there. */
export function readNumber(tokens: readonly Token[], i: number): NumberSpan | null {
  const t = tokens[i];
  if (!t) return null;
  const next = tokens[i + 1]?.lower;
  if (t.kind === 'num') {
    const value = parseDigits(t.text);
    if (value === null) return null;
    const nextScale = next === undefined ? undefined : SCALES.get(next);
    if (nextScale !== undefined && tokens[i + 1]!.start === t.end + 1) {
      const scale = nextScale;
      return { first: i, last: i + 1, value: Math.round(value * scale), scale };
    }
    return Number.isInteger(value) ? { first: i, last: i, value, scale: null } : null;
  }
  if (t.kind !== 'word') return null;
  if ((t.lower === 'a' || t.lower === 'an') && next) {
    if (next === 'dozen') return { first: i, last: i + 1, value: 12, scale: null };
    if (SPOKEN_SCALES.has(next)) {
      const scale = SCALES.get(next)!;
      return { first: i, last: i + 1, value: scale, scale };
    }
    return null;
  }
  if (t.lower === 'half' && next === 'a' && tokens[i + 2]?.lower === 'million') {
    return { first: i, last: i + 2, value: 500_000, scale: 1_000_000 };
  }
  const base = wordValue(t.lower);
  if (base === null) return null;
  let value = base;
  let last = i;
  let scale: number | null = null;
  for (let j = i + 1; j < tokens.length; j++) {
    const w = tokens[j]!.lower;
    if (w === 'dozen') {
      value *= 12;
      last = j;
      break;
    }
    if (!SPOKEN_SCALES.has(w)) break;
    scale = SCALES.get(w)!;
    value *= scale;
    last = j;
  }
  return { first: i, last, value, scale };
}

/** Every number in the sentence, with ranges ("10,000-12,000", "3,000 to 4,000", "between 1 and 1.5 million") folded. */
export function findNumbers(tokens: readonly Token[]): NumberMention[] {
  const out: NumberMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = readNumber(tokens, i);
    if (!a) continue;
    let mention: NumberMention = { first: a.first, last: a.last, low: a.value, high: a.value, range: false };
    const link = tokens[a.last + 1]?.lower;
    const between = tokens[a.first - 1]?.lower === 'between';
    // "rose from 11,000 to 15,000" is a change; "ranging from 10,000 to 15,000" is a range.
    const from = tokens[a.first - 1]?.lower === 'from' && !/^(?:rang(?:e|es|ed|ing)|anywhere|var(?:y|ies|ied|ying))$/.test(tokens[a.first - 2]?.lower ?? '');
    if ((link === '-' || link === 'to' || (link === 'and' && between)) && !(link === 'to' && from)) {
      const b = readNumber(tokens, a.last + 2);
      if (b) {
        let low = a.value;
        if (b.scale !== null && a.scale === null && a.value < 1000) low = Math.round(a.value * b.scale);
        if (b.value > low && b.value < low * 100) {
          mention = { first: a.first, last: b.last, low, high: b.value, range: true };
        }
      }
    }
    out.push(mention);
    i = mention.last;
  }
  return out;
}
