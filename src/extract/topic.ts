import { z } from 'zod';

const phrases = z.array(z.string().min(1)).min(1);

const metricSchema = z.strictObject({
  label: z.string().min(1).describe('Name of the figure in status and digests'),
  nouns: phrases.describe('What is counted, as it follows the number ("troops", "artillery shells")'),
  predicates: z.array(z.string().min(1)).default([]).describe('Verbs that make a count of people this metric ("killed or wounded")'),
  personnel: z.boolean().default(false).describe('Nouns name people whose casualty predicates re-assign the figure'),
  needsDestination: z.boolean().default(false).describe('Keep only figures with a destination word in their sentence or the one before'),
  destinationInSentence: z.boolean().default(false).describe('With needsDestination: the destination must be in the figure\'s own sentence'),
  alertThreshold: z.number().min(0).default(0).describe('Relative change (0.05 = 5%) below which a new total does not alert'),
});

export const topicSchema = z.strictObject({
  name: z.string().min(1),
  title: z.string().min(1),
  actor: phrases,
  destination: phrases,
  movement: z.array(z.string().min(1)).default([]).describe('Words of movement that let a figure take its destination from the sentence before'),
  others: z.array(z.string().min(1)).default([]),
  sources: z.record(z.string(), phrases).default({}),
  metrics: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a metric name in snake_case'), metricSchema)
    .refine((m) => Object.keys(m).length > 0, 'expected at least one metric'),
  combined: z.array(z.strictObject({ parts: z.array(z.string()).min(2), as: z.string() })).default([]),
}).superRefine((topic, ctx) => {
  topic.combined.forEach((rule, i) => {
    for (const name of [...rule.parts, rule.as]) {
      if (!(name in topic.metrics)) {
        ctx.addIssue({ code: 'custom', path: ['combined', i], message: `names metric "${name}", which the topic does not define` });
      }
    }
  });
});

export type TopicSpec = z.infer<typeof topicSchema>;
export type MetricSpec = z.infer<typeof metricSchema>;

/** A phrase as lower-case words, the form the extractor matches tokens against. */
export type WordSeq = readonly string[];

/** Phrases keyed by their first word, so matching at a token looks only at candidates. */
export type PhraseIndex = ReadonlyMap<string, ReadonlyArray<{ words: WordSeq; metric: string }>>;

export interface CompiledMetric extends MetricSpec {
  name: string;
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
  /** Possessive or adjectival other party directly qualifying a count ("Ukraine's", "Russian"). */
  otherWords: ReadonlySet<string>;
  sources: ReadonlyArray<{ pattern: RegExp; name: string }>;
  combined: ReadonlyArray<{ parts: ReadonlySet<string>; as: string }>;
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
  return new RegExp(`(?<![\\w'])(?:${alternatives.join('|')})(?![\\w])`, caseSensitive ? '' : 'i');
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

export function compileTopic(spec: TopicSpec): Topic {
  const metrics = new Map<string, CompiledMetric>();
  const nouns: Array<{ words: WordSeq; metric: string }> = [];
  const predicates: Array<{ words: WordSeq; metric: string }> = [];
  for (const [name, metric] of Object.entries(spec.metrics)) {
    metrics.set(name, { ...metric, name });
    for (const n of metric.nouns) nouns.push({ words: phraseWords(n), metric: name });
    for (const p of metric.predicates) predicates.push({ words: phraseWords(p), metric: name });
  }
  const otherWords = new Set<string>();
  for (const o of spec.others) {
    const w = o.toLowerCase();
    otherWords.add(w);
    otherWords.add(`${w}'s`);
  }
  const sources = Object.entries(spec.sources).flatMap(([name, aliases]) =>
    aliases.map((alias) => ({ alias, name })))
    .sort((a, b) => b.alias.length - a.alias.length)
    .map(({ alias, name }) => ({ pattern: phraseRegExp([alias]), name }));
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
    otherWords,
    sources,
    combined: spec.combined.map((c) => ({ parts: new Set(c.parts), as: c.as })),
  };
}
