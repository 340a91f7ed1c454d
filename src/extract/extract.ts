import type { Claim, Qualifier, Scope, Status } from './claim.js';
import { figureKey } from './claim.js';
import { findNumbers, readNumber, tokenize, type NumberMention, type Token } from './numbers.js';
import { sentencesOf, type Sentence } from './text.js';
import type { PhraseIndex, Topic, WordSeq } from './topic.js';

/** Longest text the extractor reads from one document; a news article is far shorter. */
export const MAX_TEXT_CHARS = 1_000_000;

/** Words that end the noun phrase after a number: the counted noun must come before them. */
const NP_STOP = new Set([
  'to', 'of', 'in', 'into', 'on', 'at', 'for', 'from', 'with', 'by', 'as', 'and', 'or', 'were', 'was', 'are', 'is',
  'have', 'has', 'had', 'be', 'been', 'will', 'would', 'that', 'which', 'who', 'the', 'a', 'an', 'this', 'these',
  'those', 'since', 'after', 'before', 'while', 'per', 'than', 'but', 'its', 'their', 'his', 'her', 'it', 'they',
  'he', 'she', 'we', 'said', 'says', 'over', 'under', 'during', 'about', 'around', 'up', 'across', 'last', 'next',
  'each', 'when', 'where', 'if', 'not', 'no',
]);
const MAX_NP_MODIFIERS = 4;
const PREDICATE_WINDOW = 9;

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const QUALIFIERS: ReadonlyArray<{ words: WordSeq; qualifier: Qualifier }> = [
  ...['at least', 'more than', 'over', 'upwards of', 'in excess of', 'no fewer than', 'no less than', 'above', 'well over',
    'exceed', 'exceeds', 'exceeded', 'exceeding', 'surpass', 'surpassed', 'surpassing', 'topped', 'tops', 'beyond', 'over some']
    .map((q) => ({ words: q.split(' '), qualifier: 'at_least' as const })),
  ...['up to', 'as many as', 'almost', 'nearly', 'close to', 'fewer than', 'less than', 'under', 'no more than', 'at most',
    'just under', 'below', 'as much as', 'just shy of']
    .map((q) => ({ words: q.split(' '), qualifier: 'at_most' as const })),
  ...['about', 'around', 'approximately', 'roughly', 'an estimated', 'estimated', 'some', 'circa', 'approx', 'an approximate',
    'approximate', 'estimated at', 'reportedly', 'around about', 'an approximately']
    .map((q) => ({ words: q.split(' '), qualifier: 'approx' as const })),
].sort((a, b) => b.words.length - a.words.length);

const POST_QUALIFIERS: ReadonlyArray<{ words: WordSeq; qualifier: Qualifier }> = [
  { words: ['or', 'more'], qualifier: 'at_least' },
  { words: ['and', 'more'], qualifier: 'at_least' },
  { words: ['-', 'plus'], qualifier: 'at_least' },
  { words: ['plus'], qualifier: 'at_least' },
  { words: ['+'], qualifier: 'at_least' },
  { words: ['or', 'so'], qualifier: 'approx' },
  { words: ['or', 'fewer'], qualifier: 'at_most' },
  { words: ['or', 'less'], qualifier: 'at_most' },
];

/** Modifiers between number and noun that mark a new tranche ("1,000 more troops"). */
const ADDITIONAL_MODIFIERS = new Set(['more', 'additional', 'new', 'extra', 'fresh', 'further']);
/** Words just before the number that mark a new tranche ("an additional 3,000", "another 6,000"). */
const ADDITIONAL_BEFORE = new Set(['additional', 'another', 'further', 'extra', 'fresh']);
/** A number with no noun that continues the previous figure ("up from 5,000", "an additional 3,000-4,000"). */
const ELLIPSIS_CUES = new Set(['from', 'additional', 'another', 'further', 'extra', 'versus', 'vs', 'compared', 'than']);
/** A number with no noun that states a figure named earlier ("estimate the figure to be 1,000", "the toll reached 600"). */
const REFERENCE_CUES = new Set([
  'figure', 'number', 'total', 'toll', 'tally', 'count', 'reached', 'rose', 'risen', 'climbed', 'increased', 'grown',
  'stood', 'stands', 'totalled', 'totaled', 'totals', 'numbered', 'numbering', 'numbers', 'hit', 'be', 'is', 'was',
  'were', 'are', 'put', 'reach', 'reaches', 'estimated', 'at',
]);

/** Sentences that refer back to the one before ("Two of them", "Out of this number", "The soldiers"). */
const ANAPHOR = /\b(?:of (?:them|those|these|whom)|(?:this|that|the) number|(?:these|those|the) (?:troops|soldiers|forces|men|workers|units|personnel|north koreans)|the (?:latest |additional |initial |first |second |new )?(?:deployment|dispatch|contingent|figure)|they|their)\b/i;

const PLANNED_BEFORE = new RegExp(
  String.raw`\b(?:(?:will|would|shall|could|may|might|to)\s+(?:\w+\s+)?(?:send|deploy|dispatch|transfer|supply|provide|add|contribute|mobili[sz]e|ship|deliver)` +
  String.raw`|(?:agreed|agrees|agree|plans?|planning|planned|expected|set|intends?|intending|pledged?|pledges|promised?|promises|preparing|prepares|ready|poised|vowed|vows|offered|offers|likely|going|considering)\s+to` +
  String.raw`|promised|pledged)\b`, 'i');
const PLANNED_AFTER = /^[\s,]*(?:\w+\s+){0,2}?(?:promised|pledged|planned|(?:to|will|would|could|are to|is to|set to)\s+be\s+(?:sent|deployed|dispatched|transferred|supplied|delivered|added))\b/i;

const WHEN_PATTERNS: readonly RegExp[] = [
  /\b(?:(?:late|early|mid)[\s-]+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?:19|20)\d\d)?\b/g,
  /\b(?:late|early|mid)[\s-]+(?:19|20)\d\d\b/g,
  /\b(?:last|this|next|earlier this|later this|past|previous)\s+(?:year|month|week|fall|autumn|spring|summer|winter|January|February|March|April|May|June|July|August|September|October|November|December)\b/gi,
  /\b(?:so far|to date|thus far|recently|this year alone)\b/gi,
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)\s+(?:days?|weeks?|months?|years?)\s+ago\b/gi,
  /\bin\s+((?:19|20)\d\d)\b/g,
];

interface SentenceContext {
  sentence: Sentence;
  /** Released (emptied) once the next sentence has been read: only a sentence and the one before are needed. */
  tokens: Token[];
  numbers: NumberMention[];
  actor: boolean;
  /** The actor is named here, or this sentence refers back to one that named it. */
  inContext: boolean;
  other: boolean;
  destination: boolean;
  /** Names a movement ("sent", "deployed", "mobilization") whose destination may be in the sentence before. */
  movement: boolean;
  refersBack: boolean;
  /** Computed on demand by attributionIn. */
  attribution?: string | null;
  /** Who states the figures of each clause, by the clause's end offset; computed on demand. */
  clauseAttribution?: Map<number, string | null>;
  /** The sentence's time expressions, found once on demand. */
  times?: ReadonlyArray<{ start: number; text: string }>;
}

/** Where the clause holding `position` ends: the next semicolon, or the sentence end. */
function clauseEnd(norm: string, position: number): number {
  const semicolon = norm.indexOf(';', position);
  return semicolon < 0 ? norm.length : semicolon;
}

/**
 * Who states a sentence's figures: named in it, or (for a sentence that refers back) in the one
 * before. Walked back iteratively and remembered, so a long chain of such sentences costs one
 * look per sentence.
 */
function attributionIn(contexts: SentenceContext[], i: number, topic: Topic): string | null {
  let j = i;
  while (j > 0 && contexts[j]!.attribution === undefined && contexts[j]!.refersBack && attributionOf(contexts[j]!.sentence.norm, topic) === null) j--;
  let inherited: string | null = null;
  for (let k = j; k <= i; k++) {
    const ctx = contexts[k]!;
    if (ctx.attribution === undefined) {
      ctx.attribution = attributionOf(ctx.sentence.norm, topic) ?? (ctx.refersBack && k > 0 ? inherited : null);
    }
    inherited = ctx.attribution;
  }
  return contexts[i]!.attribution!;
}

function clauseAttributionOf(ctx: SentenceContext, end: number, topic: Topic): string | null {
  ctx.clauseAttribution ??= new Map();
  let found = ctx.clauseAttribution.get(end);
  if (found === undefined) {
    found = attributionOf(ctx.sentence.norm.slice(0, end), topic);
    ctx.clauseAttribution.set(end, found);
  }
  return found;
}

interface Draft extends Claim {
  /** The sentence's own grammar marked its status; a headline without one takes the body's. */
  statusExplicit: boolean;
  headline: boolean;
}

/**
 * Most distinct figures kept from one document. A news article states a few dozen at most; past
 * this a text is junk or an attack, and reading on would only cost time.
 */
export const MAX_CLAIMS_PER_DOCUMENT = 200;

/** Every figure the topic tracks, one claim per distinct (metric, low, high), first statement kept. */
export function extractClaims(text: string, topic: Topic): Claim[] {
  const sentences = sentencesOf(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
  const contexts: SentenceContext[] = [];
  // The first draft of each figure is kept, and the first body draft of each metric for headlines
  // to take their status from: the same result as keeping every draft, in bounded memory.
  const firstOfFigure = new Map<string, Draft>();
  const firstBodyOfMetric = new Map<string, Draft>();
  for (const sentence of sentences) {
    const tokens = tokenize(sentence.norm);
    const actor = topic.actor.test(sentence.norm);
    const previous = contexts[contexts.length - 1];
    const refersBack = ANAPHOR.test(sentence.norm) && previous !== undefined;
    const ctx: SentenceContext = {
      sentence,
      tokens,
      numbers: findNumbers(tokens),
      actor,
      inContext: actor || (refersBack && (previous?.inContext ?? false)),
      other: topic.others?.test(sentence.norm) ?? false,
      destination: topic.destination.test(sentence.norm),
      movement: topic.movement?.test(sentence.norm) ?? false,
      refersBack,
    };
    contexts.push(ctx);
    const i = contexts.length - 1;
    for (const draft of claimsOfSentence(ctx, previous, topic, () => (ctx.refersBack && i > 0 ? attributionIn(contexts, i - 1, topic) : null))) {
      const key = figureKey(draft);
      if (!firstOfFigure.has(key)) firstOfFigure.set(key, draft);
      if (!draft.headline && !firstBodyOfMetric.has(draft.metric)) firstBodyOfMetric.set(draft.metric, draft);
    }
    if (previous) previous.tokens = [];
    if (firstOfFigure.size >= MAX_CLAIMS_PER_DOCUMENT) break;
  }
  const drafts = [...firstOfFigure.values()].slice(0, MAX_CLAIMS_PER_DOCUMENT);
  settleHeadlines(drafts, firstBodyOfMetric, topic);
  return drafts.map(({ statusExplicit: _s, headline: _h, ...claim }) => ({
    ...claim, attribution: detached(claim.attribution), when: detached(claim.when), quote: detached(claim.quote),
  }));
}

/** Headlines are tenseless ("N Korea sends 6,000 workers"): without their own cue they take the body's status. */
function settleHeadlines(drafts: Draft[], firstBodyOfMetric: ReadonlyMap<string, Draft>, topic: Topic): void {
  for (const d of drafts) {
    if (!d.headline || d.statusExplicit) continue;
    const body = firstBodyOfMetric.get(d.metric);
    if (body && body.status !== d.status) {
      d.status = body.status;
      if (d.status === 'planned' && isDeployment(topic, d.metric)) d.scope = 'additional';
    }
  }
}

function isDeployment(topic: Topic, metric: string): boolean {
  return topic.metrics.get(metric)?.needsDestination ?? false;
}

/** `inherited`: who the sentence this one refers back to names as the source, if any. */
function claimsOfSentence(ctx: SentenceContext, previous: SentenceContext | undefined, topic: Topic, inherited: () => string | null): Draft[] {
  const { tokens, sentence } = ctx;
  const norm = sentence.norm;
  const relevant = ctx.inContext || (!ctx.other && (previous?.actor ?? false));
  if (!relevant || ctx.numbers.length === 0) return [];
  const out: Draft[] = [];
  let lastMetric: string | null = null;
  for (const m of ctx.numbers) {
    if (isNotACount(tokens, m)) continue;
    const resolved = resolveMetric(tokens, m, topic, lastMetric);
    if (!resolved) continue;
    lastMetric = resolved.metric;
    const spec = topic.metrics.get(resolved.metric);
    if (!spec) continue;
    // The destination may come from the sentence before only when this one continues it: it
    // describes a movement ("sent", "deployed") or refers back ("the latest deployment").
    const borrowsDestination = !spec.destinationInSentence && (previous?.destination ?? false) && (ctx.movement || ctx.refersBack);
    if (spec.needsDestination && !ctx.destination && !borrowsDestination) continue;
    if (isOtherParty(tokens, m, resolved.nounEnd, topic, sentence.norm)) continue;
    const casualtyLike = spec.predicates.length > 0;
    const plannedCue = !casualtyLike && isPlanned(tokens, m, resolved.nounEnd, sentence.norm);
    const status: Status = plannedCue ? 'planned' : 'actual';
    let scope: Scope = resolved.additional || isAdditionalBefore(tokens, m) || /\b(?:alone|in addition)\b/i.test(sentence.norm)
      ? 'additional' : 'total';
    if (status === 'planned' && spec.needsDestination && !/\b(?:a total of|in total|in all)\b/i.test(sentence.norm)) scope = 'additional';
    out.push({
      metric: resolved.metric,
      low: m.low,
      high: m.high,
      qualifier: m.range ? 'range' : qualifierOf(tokens, m),
      status,
      scope,
      attribution: clauseAttributionOf(ctx, clauseEnd(norm, tokens[m.last]!.end), topic) ?? inherited(),
      when: whenOf(ctx, tokens[m.first]!.start),
      quote: sentence.text.trim(),
      statusExplicit: plannedCue,
      headline: sentence.headline,
    });
  }
  return out;
}

/**
 * A copy that shares no memory with the article: V8 keeps a substring's whole parent alive, so a
 * quote or time sliced from an article would pin the article's full text as long as the claim lives.
 */
function detached<T extends string | null>(s: T): T {
  return (s === null ? s : Buffer.from(s, 'utf8').toString('utf8')) as T;
}

/** Dates, years, times, ordinals, percentages and sums of money are never counts. */
function isNotACount(tokens: readonly Token[], m: NumberMention): boolean {
  const first = tokens[m.first]!;
  const lastTok = tokens[m.last]!;
  const before = tokens[m.first - 1];
  const after = tokens[m.last + 1];
  // "10:30", "12/02/2016": a colon or slash joined to digits on both sides.
  const joined = (a: Token | undefined, b: Token | undefined): boolean => a !== undefined && b !== undefined && a.end === b.start;
  if (before && (before.text === '/' || before.text === ':') && joined(before, first) && tokens[m.first - 2]?.kind === 'num' && joined(tokens[m.first - 2], before)) return true;
  if (after && (after.text === '/' || after.text === ':') && joined(lastTok, after) && tokens[m.last + 2]?.kind === 'num' && joined(after, tokens[m.last + 2])) return true;
  if (before && (before.text === '$' || before.text === '€' || before.text === '£' || before.text === '#')) return true;
  if (after && after.text === '%') return true;
  if (after && after.start === lastTok.end && /^(?:st|nd|rd|th|s)$/.test(after.lower)) return true;
  if (after && (after.lower === 'percent' || (after.lower === 'per' && tokens[m.last + 2]?.lower === 'cent'))) return true;
  if (before && MONTHS.has(before.lower)) return true;
  if (before?.text === '.' && MONTHS.has(tokens[m.first - 2]?.lower ?? '')) return true;
  if (after && MONTHS.has(after.lower) && first.kind === 'num') return true;
  if (!m.range && first.kind === 'num' && /^(?:19|20)\d\d$/.test(first.text) && m.first === m.last) {
    return !(before && qualifierEndingAt(tokens, m.first - 1));
  }
  if (m.range && /^(?:19|20)\d\d$/.test(first.text) && /^(?:19|20)\d\d$/.test(lastTok.text)) return true;
  return false;
}

interface Resolved {
  metric: string;
  /** Index of the last token of the counted noun phrase, or of the number when it has none. */
  nounEnd: number;
  additional: boolean;
}

function wordsAt(tokens: readonly Token[], i: number, words: WordSeq): boolean {
  for (let k = 0; k < words.length; k++) {
    if (tokens[i + k]?.lower !== words[k]) return false;
  }
  return true;
}

function phraseAt(tokens: readonly Token[], i: number, index: PhraseIndex): { metric: string; end: number } | null {
  const candidates = index.get(tokens[i]?.lower ?? '');
  if (!candidates) return null;
  for (const p of candidates) {
    if (wordsAt(tokens, i, p.words)) return { metric: p.metric, end: i + p.words.length - 1 };
  }
  return null;
}

function nounAt(tokens: readonly Token[], i: number, topic: Topic): { metric: string; end: number } | null {
  return phraseAt(tokens, i, topic.nouns);
}

/** The counted noun after a number, across up to a few modifiers ("11,000 North Korean troops"). */
function nounPhraseAfter(tokens: readonly Token[], start: number, topic: Topic, maxModifiers = MAX_NP_MODIFIERS):
  { metric: string; start: number; end: number; modifiers: string[] } | null {
  const modifiers: string[] = [];
  for (let i = start; i < tokens.length && modifiers.length <= maxModifiers; i++) {
    const noun = nounAt(tokens, i, topic);
    if (noun) return { ...noun, start: i, modifiers };
    const t = tokens[i]!;
    if (t.kind !== 'word' || NP_STOP.has(t.lower) || readNumber(tokens, i)) return null;
    modifiers.push(t.lower);
  }
  return null;
}

function predicateIn(tokens: readonly Token[], from: number, to: number, topic: Topic): { metric: string; end: number } | null {
  for (let i = from; i <= to && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === ';' || t.text === '.' || t.lower === 'but' || t.lower === 'while') return null;
    const predicate = phraseAt(tokens, i, topic.predicates);
    if (predicate) return predicate;
  }
  return null;
}

function skipPostQualifier(tokens: readonly Token[], i: number): number {
  for (const q of POST_QUALIFIERS) if (wordsAt(tokens, i, q.words)) return i + q.words.length;
  // "an 11,000-strong contingent": the count still names the noun that follows
  if (tokens[i]?.text === '-' && tokens[i + 1]?.lower === 'strong') return i + 2;
  return i;
}

function resolveMetric(tokens: readonly Token[], m: NumberMention, topic: Topic, lastMetric: string | null): Resolved | null {
  const isWhole = tokens[m.first - 1]?.lower === 'the' && tokens[m.first - 2]?.lower === 'of';
  const after = skipPostQualifier(tokens, m.last + 1);
  let np = nounPhraseAfter(tokens, after, topic);
  // "two wounded North Korean soldiers were captured": an outcome word used as an adjective
  // counts people, and the people's noun (with any outcome verb) decides the metric.
  let outcomeAdjective: string | null = null;
  if (np && np.end === np.start && topic.metrics.get(np.metric)?.predicates.length) {
    const people = nounPhraseAfter(tokens, np.end + 1, topic, MAX_NP_MODIFIERS - np.modifiers.length - 1);
    if (people && topic.metrics.get(people.metric)?.personnel) {
      outcomeAdjective = np.metric;
      np = { ...people, modifiers: [...np.modifiers, tokens[np.start]!.lower, ...people.modifiers] };
    }
  }
  if (np) {
    let metric = np.metric;
    let end = np.end;
    const link = tokens[end + 1]?.lower;
    if (link === 'and' || link === 'or' || link === '&') {
      const second = nounPhraseAfter(tokens, end + 2, topic, 2);
      const rule = second && topic.combined.find((c) => c.parts.has(metric) && c.parts.has(second.metric) && metric !== second.metric);
      if (second && rule) {
        metric = rule.as;
        end = second.end;
      }
    }
    if (!isWhole && topic.metrics.get(metric)?.personnel) {
      const predicate = predicateBefore(tokens, m.first, topic) ?? predicateIn(tokens, end + 1, end + PREDICATE_WINDOW, topic);
      if (predicate && !crossesNumber(tokens, end + 1, predicate.end)) metric = predicate.metric;
      else if (outcomeAdjective) metric = outcomeAdjective;
    }
    const additional = np.modifiers.some((w) => ADDITIONAL_MODIFIERS.has(w)) && !np.modifiers.includes('than');
    return { metric, nounEnd: end, additional };
  }
  // "Two of them were captured", "1,000 of the 11,000 troops deployed had been killed"
  if (tokens[after]?.lower === 'of' || (tokens[after]?.lower === 'out' && tokens[after + 1]?.lower === 'of')) {
    const predicate = predicateIn(tokens, after, after + PREDICATE_WINDOW + 4, topic);
    if (predicate) return { metric: predicate.metric, nounEnd: m.last, additional: false };
    return null;
  }
  // "about 6,000 have been killed, wounded or captured"
  const predicate = predicateIn(tokens, after, after + 4, topic);
  if (predicate && !crossesNumber(tokens, after, predicate.end)) return { metric: predicate.metric, nounEnd: m.last, additional: false };
  const cue = cueBefore(tokens, m.first);
  if (lastMetric && cue.some((w) => ELLIPSIS_CUES.has(w))) {
    return { metric: lastMetric, nounEnd: m.last, additional: cue.some((w) => ADDITIONAL_BEFORE.has(w)) };
  }
  if (m.range && cue.includes('from')) {
    // "thousands of laborers, with estimates ranging from 10,000 to 15,000"
    const referenced = nounBefore(tokens, m.first, topic);
    if (referenced) return { metric: referenced.metric, nounEnd: m.last, additional: referenced.additional };
  }
  if (precedingWords(tokens, m.first, 5).some((w) => REFERENCE_CUES.has(w)) || clauseNamesATotal(tokens, m.first)) {
    const referenced = nounBefore(tokens, m.first, topic);
    if (referenced) return { metric: referenced.metric, nounEnd: m.last, additional: referenced.additional };
  }
  return null;
}

/** "has captured two soldiers", "killed about 200 troops": the outcome verb right before the count. */
function predicateBefore(tokens: readonly Token[], first: number, topic: Topic): { metric: string; end: number } | null {
  let i = first - 1;
  while (i >= 0 && tokens[i]!.kind === 'word' && (qualifierWord(tokens[i]!.lower) || tokens[i]!.lower === 'an')) i--;
  for (let start = Math.max(0, i - 3); start <= i; start++) {
    const p = phraseAt(tokens, start, topic.predicates);
    if (p && p.end === i) return p;
  }
  return null;
}

/** "brings the total number of troops sent to Russia to about 15,000": a total is named earlier in the clause. */
function clauseNamesATotal(tokens: readonly Token[], index: number): boolean {
  for (let i = clauseStart(tokens, index, index); i < index; i++) {
    const w = tokens[i]!.lower;
    if (w === 'total' || w === 'tally' || w === 'toll' || (w === 'number' && tokens[i + 1]?.lower === 'of')) return true;
  }
  return false;
}

function crossesNumber(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) if (readNumber(tokens, i)) return true;
  return false;
}

/** The words right before a number, through any qualifier and article: "up from over", "an additional". */
function cueBefore(tokens: readonly Token[], index: number): string[] {
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && out.length < 4; i--) {
    const t = tokens[i]!;
    if (t.kind !== 'word') break;
    out.push(t.lower);
    if (!qualifierWord(t.lower) && t.lower !== 'an' && t.lower !== 'a' && t.lower !== 'the') break;
  }
  return out;
}

function precedingWords(tokens: readonly Token[], index: number, count: number): string[] {
  const out: string[] = [];
  for (let i = index - 1; i >= 0 && out.length < count; i--) {
    const t = tokens[i]!;
    if (t.text === ',' || t.text === ';' || t.text === '(' || t.kind === 'num') break;
    if (t.kind === 'word') out.push(t.lower);
  }
  return out;
}

/**
 * The counted noun a bare number restates: the first one of its clause, which is the subject in
 * "the number of additional soldiers ... to be at least 1,000" and "the death toll among troops
 * has reached 600"; a casualty predicate after a personnel noun re-assigns it as usual.
 */
function nounBefore(tokens: readonly Token[], index: number, topic: Topic): { metric: string; additional: boolean } | null {
  for (let i = clauseStart(tokens, index, index); i < index; i++) {
    const noun = nounAt(tokens, i, topic);
    if (!noun || noun.end >= index) continue;
    let metric = noun.metric;
    if (topic.metrics.get(metric)?.personnel) {
      const predicate = predicateIn(tokens, noun.end + 1, index - 1, topic);
      if (predicate) metric = predicate.metric;
    }
    const additional = precedingWords(tokens, i, 2).some((w) => ADDITIONAL_MODIFIERS.has(w) || ADDITIONAL_BEFORE.has(w));
    return { metric, additional };
  }
  return null;
}

function qualifierEndingAt(tokens: readonly Token[], index: number): Qualifier | null {
  for (const q of QUALIFIERS) {
    const start = index - q.words.length + 1;
    if (start >= 0 && wordsAt(tokens, start, q.words)) return q.qualifier;
  }
  return null;
}

function qualifierOf(tokens: readonly Token[], m: NumberMention): Qualifier {
  const before = qualifierEndingAt(tokens, m.first - 1);
  if (before) return before;
  for (const q of POST_QUALIFIERS) if (wordsAt(tokens, m.last + 1, q.words)) return q.qualifier;
  return 'exact';
}

function isAdditionalBefore(tokens: readonly Token[], m: NumberMention): boolean {
  return precedingWords(tokens, m.first, 2).some((w) => ADDITIONAL_BEFORE.has(w));
}

/** Start of the clause holding token `index`: the last semicolon, colon or sentence start. */
function clauseStart(tokens: readonly Token[], index: number, maxTokens: number): number {
  let i = index - 1;
  for (; i >= 0 && index - i <= maxTokens; i--) {
    const t = tokens[i]!.text;
    if (t === ';' || t === ':') break;
  }
  return i + 1;
}

function isPlanned(tokens: readonly Token[], m: NumberMention, nounEnd: number, norm: string): boolean {
  const from = clauseStart(tokens, m.first, 10);
  const before = norm.slice(tokens[from]?.start ?? 0, tokens[m.first]!.start);
  if (PLANNED_BEFORE.test(before)) return true;
  const afterStart = tokens[nounEnd]!.end;
  return PLANNED_AFTER.test(norm.slice(afterStart, afterStart + 60));
}

/**
 * The figure is another party's own ("Ukraine's military has suffered 45,100 casualties",
 * "11,000 Russian troops"): an other-party word qualifies the count or is the subject of a
 * loss or deployment verb in the clause before it.
 */
function isOtherParty(tokens: readonly Token[], m: NumberMention, nounEnd: number, topic: Topic, norm: string): boolean {
  for (let i = m.first - 1; i >= 0 && i >= m.first - 3; i--) {
    const w = tokens[i]!.lower;
    if (w.endsWith("'s") && topic.otherWords.has(w)) return true;
    if (tokens[i]!.kind !== 'word' || !qualifierWord(w)) break;
  }
  for (let i = m.last + 1; i < nounEnd; i++) if (topic.otherWords.has(tokens[i]!.lower)) return true;
  if (!topic.others) return false;
  const from = clauseStart(tokens, m.first, 12);
  const before = norm.slice(tokens[from]?.start ?? 0, tokens[m.first]!.start);
  const subject = new RegExp(`${topic.others.source}(?:'s)?(?:\\s+(?:own|military|army|armed forces|forces|troops|government))?\\s+(?:has |have |had |is |are )?(?:been |now )?(?:lost|losing|loses|suffered|suffering|suffers|deployed|deploying|deploys|sent|sending|sends|mobili[sz]ed|amassed|massed)\\b`, 'i');
  return subject.test(before);
}

function qualifierWord(w: string): boolean {
  return QUALIFIERS.some((q) => q.words.includes(w));
}

function attributionOf(norm: string, topic: Topic): string | null {
  const according = /\baccording to ([^,;.]+(?:\.[A-Z]\.)?[^,;.]*)/i.exec(norm);
  if (according) {
    const phrase = according[1]!.trim();
    for (const s of topic.sources) if (s.pattern.test(phrase)) return s.name;
    const cleaned = phrase.replace(/^the\s+/i, '').trim();
    if (cleaned.length > 0 && cleaned.length <= 60) return cleaned;
  }
  // "Ukraine says ...", "the Philippine Coast Guard said": a named speaker with a verb of saying.
  const speaker = SPEAKER.exec(norm)?.[1]?.replace(/^The\s+/, '') ?? null;
  if (speaker) {
    for (const s of topic.sources) if (s.pattern.test(speaker)) return s.name;
  }
  let best: { index: number; name: string } | null = null;
  for (const s of topic.sources) {
    const hit = s.pattern.exec(norm);
    if (hit && (best === null || hit.index < best.index)) best = { index: hit.index, name: s.name };
  }
  return best?.name ?? speaker;
}

const SPEAKER = /\b((?:The\s+)?[A-Z][\w'.-]*(?:\s+(?:of\s+)?[A-Z][\w'.-]*){0,4})\s+(?:says|said|told|reported|reports|estimates|estimated|claims|claimed|believes|stated|wrote|revealed|confirmed|noted|announced)\b/;

function timesIn(norm: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  for (const pattern of WHEN_PATTERNS) {
    for (const hit of norm.matchAll(pattern)) out.push({ start: hit.index ?? 0, text: (hit[1] ?? hit[0]).replace(/\s+alone$/i, '').trim() });
  }
  return out;
}

/** The time the figure refers to, as written: the expression nearest the number, after it preferred. */
function whenOf(ctx: SentenceContext, position: number): string | null {
  ctx.times ??= timesIn(ctx.sentence.norm);
  let best: { distance: number; text: string } | null = null;
  for (const { start, text } of ctx.times) {
    const distance = start >= position ? start - position : (position - start) * 1.5;
    if (best === null || distance < best.distance) best = { distance, text };
  }
  return best?.text ?? null;
}
