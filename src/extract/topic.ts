import type { MetricSpec, TopicSpec } from './topicSchema.js';

export type { MetricSpec, TopicSpec } from './topicSchema.js';

/** A phrase as lower-case words, the form the extractor matches tokens against. */
export type WordSeq = readonly string[];

/** Phrases keyed by their first word, so matching at a token looks only at candidates. */
export type PhraseIndex = ReadonlyMap<string, ReadonlyArray<{ words: WordSeq; metric: string }>>;

export interface CompiledMetric extends MetricSpec {
  name: string;
  verbSet: ReadonlySet<string>;
  excludedVerbSet: ReadonlySet<string>;
  /** The metric's recipients as a pattern; null when any will do. */
  recipientPattern: RegExp | null;
}

/** A topic prepared for matching: phrases split into words, longest first. */
export interface Topic {
  name: string;
  /** The topic as written, from which it was compiled: what a worker thread is sent to compile its own copy. */
  spec: TopicSpec;
  title: string;
  metrics: ReadonlyMap<string, CompiledMetric>;
  /** Noun phrases by first word, longest first, each naming its metric. */
  nouns: PhraseIndex;
  predicates: PhraseIndex;
  actor: RegExp;
  destination: RegExp;
  movement: RegExp | null;
  others: RegExp | null;
  /** See topicSchema.reporters. */
  reporters: ReadonlySet<string>;
  /** See topicSchema.since. */
  since: number | null;
  /** Possessive or adjectival other party directly qualifying a count ("Ukraine's", "Russian"). */
  otherWords: ReadonlySet<string>;
  /** Every source and speaker alias in one pattern, and who each alias names (see namesIn). */
  names: NameIndex;
  combined: ReadonlyArray<{ parts: ReadonlySet<string>; as: string }>;
  reassign: ReadonlyArray<{ from: string; to: string; words: PhraseIndex }>;
  /** The metric a bare count of the actor's people is ("11,000 from North Korea"): the first personnel metric. */
  personnelMetric: string | null;
  /** Every metric's supply verbs and use verbs, to tell a sentence that states a supply. */
  supplyPattern: RegExp | null;
  usePattern: RegExp | null;
}

/** Source and speaker aliases, found together in one pass over a phrase. */
export interface NameIndex {
  pattern: RegExp;
  byAlias: ReadonlyMap<string, { name: string; institution: boolean }>;
}

/** An alias as compared: lower case, one space between words, straight apostrophes. */
export function aliasKey(alias: string): string {
  return alias
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[\s-]+/g, ' ')
    .trim();
}

/**
 * aliasKey of a matched alias, remembered: the same few spellings match in sentence after sentence,
 * and each key costs a lower-casing and two replaces. Cleared when full, so it stays small.
 */
const matchedAliasKeys = new Map<string, string>();
const MAX_MATCHED_ALIAS_KEYS = 4096;

function aliasKeyOfMatch(matched: string): string {
  let key = matchedAliasKeys.get(matched);
  if (key === undefined) {
    if (matchedAliasKeys.size >= MAX_MATCHED_ALIAS_KEYS) matchedAliasKeys.clear();
    key = aliasKey(matched);
    matchedAliasKeys.set(matched, key);
  }
  return key;
}

/** Every name an index knows in a phrase, in order, longest alias at each place. */
export function namesIn(
  phrase: string,
  index: NameIndex,
): Array<{ index: number; end: number; name: string; institution: boolean }> {
  const out: Array<{ index: number; end: number; name: string; institution: boolean }> = [];
  index.pattern.lastIndex = 0;
  for (let m = index.pattern.exec(phrase); m; m = index.pattern.exec(phrase)) {
    const known = index.byAlias.get(aliasKeyOfMatch(m[0]));
    // Written out, not a spread of `known`: a spread in a literal took the slow, generic path.
    if (known)
      out.push({ index: m.index, end: m.index + m[0].length, name: known.name, institution: known.institution });
  }
  return out;
}

export function phraseWords(phrase: string): string[] {
  return tokenWords(phrase.toLowerCase());
}

/** Same word split as the extractor's tokenizer, so config phrases and text line up. */
export function tokenWords(text: string): string[] {
  return text.match(/\d[\d,.]*\d|\d|[a-z\u00c0-\u024f]+(?:'[a-z]+)*(?:-[a-z0-9]+)*|[^\s\w]/gi) ?? [];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whole-word, case-insensitive, tolerant of any run of spaces or hyphens between words. */
export function phraseRegExp(list: readonly string[], caseSensitive = false): RegExp {
  const alternatives = [...list]
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegExp(p.replace(/[’]/g, "'")).replace(/(?:\\-|\s)+/g, '[\\s\\-]+'));
  return new RegExp(`${wordStart(alternatives)}(?:${alternatives.join('|')})(?![\\w])`, caseSensitive ? '' : 'i');
}

/**
 * `(?<![\w'])` before alternatives: at a place no word character or apostrophe precedes. When every
 * alternative starts with an ASCII word character, `\b(?<!')` says the same, and the cheap `\b` turns
 * away most places before the look-behind is read (a look-behind first, at every character, made these
 * patterns several times slower).
 */
function wordStart(alternatives: readonly string[]): string {
  return alternatives.length > 0 && alternatives.every((a) => /^\w/.test(a)) ? "\\b(?<!')" : "(?<![\\w'])";
}

/**
 * phraseRegExp of the alias keys (global, case-insensitive), its alternatives merged into a trie:
 * "south korea's (?:national intelligence service|intelligence (?:service|agency))|...". The
 * alternation of every alias was tried alias by alias at each character, the largest single cost of
 * attributing a figure; the trie reads each character once. It matches the same: aliases that
 * differ at a character exclude each other, and of those along one path the pattern tried the
 * longest first, as the trie does (its end of a key comes after the keys that go on).
 */
function namesPattern(keys: readonly string[]): RegExp {
  for (const key of keys) {
    // Lower case ASCII, words parted by one space (aliasKey), no hyphen that a gap would also read.
    if (!/^[\x00-\x7f]+$/.test(key) || key !== aliasKey(key) || key.includes('-'))
      return new RegExp(phraseRegExp(keys).source, 'gi');
  }
  interface Node {
    next: Map<string, Node>;
    end: boolean;
  }
  const root: Node = { next: new Map(), end: false };
  // Longest first, as phraseRegExp orders them (a stable sort: ties as the keys come).
  for (const key of [...keys].sort((a, b) => b.length - a.length)) {
    let node = root;
    for (const ch of key) {
      let child = node.next.get(ch);
      if (!child) {
        child = { next: new Map(), end: false };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    const alternatives = [...node.next].map(
      ([ch, child]) => (ch === ' ' ? '[\\s\\-]+' : escapeRegExp(ch)) + source(child),
    );
    if (node.end) alternatives.push('');
    return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
  };
  return new RegExp(`${wordStart(keys)}${source(root)}(?![\\w])`, 'gi');
}

function indexByFirstWord(list: Array<{ words: WordSeq; metric: string }>): PhraseIndex {
  const index = new Map<string, Array<{ words: WordSeq; metric: string }>>();
  for (const entry of list) {
    const first = entry.words[0];
    if (first === undefined) continue;
    const bucket = index.get(first) ?? [];
    bucket.push(entry);
    index.set(first, bucket);
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.words.length - a.words.length);
  return index;
}

function wordsPattern(words: readonly string[]): RegExp | null {
  return words.length > 0 ? phraseRegExp([...new Set(words)]) : null;
}

export function compileTopic(spec: TopicSpec): Topic {
  const metrics = new Map<string, CompiledMetric>();
  const nouns: Array<{ words: WordSeq; metric: string }> = [];
  const predicates: Array<{ words: WordSeq; metric: string }> = [];
  for (const [name, metric] of Object.entries(spec.metrics)) {
    metrics.set(name, {
      ...metric,
      name,
      verbSet: new Set(metric.verbs.map((v) => v.toLowerCase())),
      excludedVerbSet: new Set(metric.excludedVerbs.map((v) => v.toLowerCase())),
      recipientPattern: metric.recipients.length > 0 ? phraseRegExp(metric.recipients) : null,
    });
    for (const n of metric.nouns) nouns.push({ words: phraseWords(n), metric: name });
    for (const p of metric.predicates) predicates.push({ words: phraseWords(p), metric: name });
  }
  const otherWords = new Set<string>();
  for (const o of spec.others) {
    const w = o.toLowerCase();
    otherWords.add(w);
    otherWords.add(`${w}'s`);
  }
  const byAlias = new Map<string, { name: string; institution: boolean }>();
  for (const [name, aliases] of Object.entries(spec.speakers))
    for (const a of aliases) byAlias.set(aliasKey(a), { name, institution: false });
  for (const [name, aliases] of Object.entries(spec.sources))
    for (const a of aliases) byAlias.set(aliasKey(a), { name, institution: true });
  const names: NameIndex = { pattern: namesPattern([...byAlias.keys()]), byAlias };
  return {
    name: spec.name,
    spec,
    title: spec.title,
    metrics,
    nouns: indexByFirstWord(nouns),
    predicates: indexByFirstWord(predicates),
    // Proper nouns: case matters ("the North" is the actor, "the north of Ukraine" is not).
    actor: phraseRegExp(spec.actor, true),
    destination: phraseRegExp(spec.destination),
    movement: spec.movement.length > 0 ? phraseRegExp(spec.movement) : null,
    others: spec.others.length > 0 ? phraseRegExp(spec.others) : null,
    since: spec.since ?? null,
    reporters: new Set(spec.reporters),
    otherWords,
    names,
    combined: spec.combined.map((c) => ({ parts: new Set(c.parts), as: c.as })),
    reassign: spec.reassign.map((r) => ({
      from: r.from,
      to: r.to,
      words: indexByFirstWord(r.words.map((w) => ({ words: phraseWords(w), metric: r.to }))),
    })),
    personnelMetric: [...metrics.values()].find((m) => m.personnel)?.name ?? null,
    supplyPattern: wordsPattern([...metrics.values()].flatMap((m) => m.verbs)),
    usePattern: wordsPattern([...metrics.values()].flatMap((m) => m.excludedVerbs)),
  };
}
