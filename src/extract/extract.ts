import type { Claim, Qualifier, Scope, Status } from '../model/claim.js';
import { figureKey } from '../model/claim.js';
import { detached } from '../model/detached.js';
import {
  adjacent,
  findNumbers,
  NUMBER_WORDS,
  type NumberMention,
  readNumber,
  type Token,
  tokenAt,
  tokenize,
} from './numbers.js';
import { MONTH_ABBREVIATIONS, type Sentence, sentencesOf } from './text.js';
import { namesIn, type PhraseIndex, phraseRegExp, type Topic, type WordSeq } from './topic.js';

/** Longest text the extractor reads from one document; a news article is far shorter. */
export const MAX_TEXT_CHARS = 1_000_000;

/** Words that end the noun phrase after a number: the counted noun must come before them. */
const NP_STOP = new Set([
  'to',
  'of',
  'in',
  'into',
  'on',
  'at',
  'for',
  'from',
  'with',
  'by',
  'as',
  'and',
  'or',
  'were',
  'was',
  'are',
  'is',
  'have',
  'has',
  'had',
  'be',
  'been',
  'will',
  'would',
  'that',
  'which',
  'who',
  'the',
  'a',
  'an',
  'this',
  'these',
  'those',
  'since',
  'after',
  'before',
  'while',
  'per',
  'than',
  'but',
  'its',
  'their',
  'his',
  'her',
  'it',
  'they',
  'he',
  'she',
  'we',
  'said',
  'says',
  'over',
  'under',
  'during',
  'about',
  'around',
  'up',
  'across',
  'last',
  'next',
  'each',
  'when',
  'where',
  'if',
  'not',
  'no',
]);
const MAX_NP_MODIFIERS = 4;
/** How far after its noun an outcome verb may stand ("2,000 soldiers deployed to help Russia ... are believed to have been killed"). */
const PREDICATE_WINDOW = 24;

/** Units and things counted that are never a tracked count: "152 mm shells", "5,000 containers", "two-thirds". */
const NOT_COUNTS = new Set([
  'mm',
  'millimeter',
  'millimeters',
  'millimetre',
  'millimetres',
  'cm',
  'km',
  'kilometers',
  'kilometres',
  'kilometer',
  'kilometre',
  'miles',
  'mile',
  'kg',
  'kilograms',
  'kilogram',
  'tons',
  'ton',
  'tonnes',
  'tonne',
  'meters',
  'metres',
  'meter',
  'metre',
  'feet',
  'percent',
  'per',
  'containers',
  'container',
  'sites',
  'site',
  'times',
  'hectares',
  'hectare',
  'square',
  'calibre',
  'caliber',
  'vehicles',
  'vehicle',
  'trains',
  'ships',
  'shipments',
  'flights',
  'railcars',
  'wagons',
  'cars',
  'trucks',
  'days',
  'weeks',
  'months',
  'years',
  'hours',
  'minutes',
  'dollars',
  'won',
  'rubles',
  'roubles',
  'euros',
  'launchers',
  'launcher',
  'guns',
  'howitzers',
  'systems',
  'tanks',
  'drones',
  'aircraft',
  'jets',
  'villages',
  'towns',
  'settlements',
  'buildings',
  'homes',
  'countries',
  'nations',
  'coffins',
  // "12,000 troops, including 500 officers and three generals": a breakdown by rank, no claim (SOURCES.md).
  'officers',
  'generals',
  'commanders',
  'medals',
  'comments',
  'civilians',
  'children',
  'residents',
  'regions',
  'brigades',
  'battalions',
  'divisions',
  'regiments',
  'units',
  'km2',
  'sq',
  'rounds per',
  'village',
  'town',
  'city',
  'cities',
  'settlement',
  'country',
  'region',
  'building',
  'home',
  'house',
  'houses',
  'car',
  'truck',
  'train',
  'ship',
  'flight',
  'day',
  'week',
  'month',
  'year',
]);

/** Counts of people with no noun of their own: a metric only as the subject of an outcome verb ("4,000 people have died"). */
const PEOPLE_WORDS = new Set(['people', 'persons', 'individuals']);
/** "wounding 47 others", "killed 13 more": the outcome verb before the count decides. */
const OTHERS_WORDS = new Set(['others', 'other', 'more']);
/** A rate is not a count: "92 losses per day". */
const RATE = /^(?:per|a|an|each|every)$/;
const TIME_UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'hour']);

/** Words that open a new clause after a comma: an outcome verb past them belongs to another subject. */
const CLAUSE_OPENERS = new Set([
  'where',
  'which',
  'who',
  'when',
  'while',
  'whereas',
  'but',
  'although',
  'though',
  'and',
  'as',
  'after',
  'before',
  'according',
  'including',
  'with',
  'since',
  'because',
  'if',
]);

const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  ...MONTH_ABBREVIATIONS,
]);

const QUALIFIERS: ReadonlyArray<{ words: WordSeq; qualifier: Qualifier }> = [
  ...[
    'at least',
    'more than',
    'over',
    'upwards of',
    'upward of',
    'in excess of',
    'no fewer than',
    'no less than',
    'above',
    'well over',
    'exceed',
    'exceeds',
    'exceeded',
    'exceeding',
    'surpass',
    'surpassed',
    'surpassing',
    'topped',
    'tops',
    'top',
    'beyond',
    'over some',
  ].map((q) => ({ words: q.split(' '), qualifier: 'at_least' as const })),
  ...[
    'up to',
    'as many as',
    'almost',
    'nearly',
    'close to',
    'fewer than',
    'less than',
    'under',
    'no more than',
    'at most',
    'just under',
    'below',
    'as much as',
    'just shy of',
    'approaches',
    'approaching',
    'nearing',
    'nears',
  ].map((q) => ({ words: q.split(' '), qualifier: 'at_most' as const })),
  ...[
    'about',
    'around',
    'approximately',
    'approx .',
    'roughly',
    'an estimated',
    'estimated',
    'some',
    'circa',
    'approx',
    'an approximate',
    'approximate',
    'estimated at',
    'reportedly',
    'around about',
    'an approximately',
    'near',
    '~',
  ].map((q) => ({ words: q.split(' '), qualifier: 'approx' as const })),
].sort((a, b) => b.words.length - a.words.length);

const POST_QUALIFIERS: ReadonlyArray<{ words: WordSeq; qualifier: Qualifier }> = [
  { words: ['or', 'more'], qualifier: 'at_least' },
  { words: ['and', 'more'], qualifier: 'at_least' },
  { words: ['-', 'plus'], qualifier: 'at_least' },
  { words: ['plus'], qualifier: 'at_least' },
  { words: ['+'], qualifier: 'at_least' },
  { words: ['or', 'so'], qualifier: 'approx' },
  { words: ['-', 'odd'], qualifier: 'approx' },
  { words: ['odd'], qualifier: 'approx' },
  { words: ['or', 'fewer'], qualifier: 'at_most' },
  { words: ['or', 'less'], qualifier: 'at_most' },
];

/** Modifiers between number and noun that mark a new tranche ("1,000 more troops"). */
const ADDITIONAL_MODIFIERS = new Set(['more', 'additional', 'new', 'extra', 'fresh', 'further']);
/** Words just before the number that mark a new tranche ("an additional 3,000", "another 6,000"). */
const ADDITIONAL_BEFORE = new Set(['additional', 'another', 'further', 'extra', 'fresh']);
/** A number with no noun that continues the previous figure ("up from 5,000", "an additional 3,000-4,000"). */
const ELLIPSIS_CUES = new Set([
  'from',
  'additional',
  'another',
  'further',
  'extra',
  'versus',
  'vs',
  'compared',
  'than',
]);
/** A number with no noun that states a figure named earlier ("estimate the figure to be 1,000", "the toll reached 600"). */
const REFERENCE_CUES = new Set([
  'figure',
  'estimates',
  'estimate',
  'assessments',
  'assessment',
  'number',
  'total',
  'toll',
  'tally',
  'count',
  'reached',
  'rose',
  'risen',
  'climbed',
  'increased',
  'grown',
  'increase',
  'rise',
  'reach',
  'grow',
  'climb',
  'spike',
  'spiked',
  'soar',
  'soared',
  'surge',
  'surged',
  'swell',
  'swelled',
  'jump',
  'jumped',
  'includes',
  'include',
  'stood',
  'stands',
  'totalled',
  'totaled',
  'totals',
  'numbered',
  'numbering',
  'numbers',
  'hit',
  'be',
  'is',
  'was',
  'were',
  'are',
  'put',
  'reach',
  'reaches',
  'estimated',
  'at',
  'exceeded',
  'exceeds',
  'surpassed',
  'topped',
  'tops',
  'top',
]);

/** Sentences that refer back to the one before ("Two of them", "Out of this number", "The soldiers"). */
const ANAPHOR =
  /\b(?:(?:of|among) (?:them|those|these|whom)|(?:this|that|the) number|(?:these|those|the) (?:troops|soldiers|forces|force|men|workers|units|personnel|north koreans)|the (?:latest |additional |initial |first |second |new )?(?:deployment|dispatch|contingent|figure)|the (?:toll|tally|count)|they|their)\b/i;

/** "the toll", "the death toll": a reference back to an outcome. */
const TOLL_POINTED_BACK = /\bthe\s+(?:death\s+|casualty\s+)?(?:toll|tally)\b/i;

/** Outcomes of peacetime or at the inter-Korean border: an accident, a drill, a flood, a mine at the DMZ. */
const AT_HOME =
  /\b(?:accidents?|crash(?:ed|es)?|overturned|capsized|derailed|collisions?|outbreak|epidemic|pandemic|COVID(?:-19)?|drills?|exercises?|in training|during training|floods?|flooding|landslides?|typhoons?|earthquakes?|famine|heavy rains?|demilitari[sz]ed zone|DMZ|military demarcation line|MDL|inter-Korean border|Panmunjom|Northern Limit Line|NLL)\b/i;

const WAR_AT_HOME =
  /\b(?:Korean peninsula|the peninsula|Korean War|Vietnam War|war with (?:South Korea|the South|the US|the United States)|war against (?:the United States|the US|America))\b/i;
const GENERIC_WAR_WORDS = /\b(?:war|combat|front|frontline|front-line|battlefield)\b/gi;

const EXERCISE_OR_PARADE_BEFORE =
  /\b(?:drills?|exercises?|manoeuvres|maneuvers|war games|parades?|march(?:ed|ing)?|rall(?:y|ies))\b(?:\s+[\w'-]+){0,6}?\s+(?:involv\w*|featur\w*|with|of|included|including|mobili[sz]\w*|drew|brought together|that|where|in which)(?:\s+[\w'-]+){0,3}?\s*$/i;

/**
 * Another party named before the count or in its own clause: "About 11,000 had arrived, the officials
 * said, and some had already engaged Ukrainian forces" names Ukraine only as whom they fought.
 */
function othersUpTo(norm: string, countEnd: number, topic: Topic): boolean {
  // A list of counts ("5 killed, 55 injured in a Russian strike") is one clause.
  let comma = norm.indexOf(',', countEnd);
  while (comma >= 0 && /^\s*\d/.test(norm.slice(comma + 1, comma + 4))) comma = norm.indexOf(',', comma + 1);
  return topic.others?.test(comma < 0 ? norm : norm.slice(0, comma)) ?? false;
}

/**
 * The subject of "lost" just before the count is the speaker's side ("We", "Our battalion", "His own
 * unit"), or a unit named by its kind ("The brigade") where another party's forces are named.
 */
function ownUnitLoses(tokens: readonly Token[], m: NumberMention, othersNamed: boolean): boolean {
  const at = lossSubjectAt(tokens, m);
  if (at < 0) return false;
  const subject = tokens[at]!.lower;
  if (subject === 'we') return true;
  const owner = tokenAt(tokens, at - 1)?.lower ?? '';
  const ownerBefore = tokenAt(tokens, at - 2)?.lower ?? '';
  if (!UNIT_WORDS.has(subject)) return false;
  if (owner === 'our' || owner === 'my' || (owner === 'own' && /^(?:his|her|its|their)$/.test(ownerBefore)))
    return true;
  // "The brigade", "The 98th Airborne Division": named by its kind and number.
  let k = at - 1;
  // "98th" is two tokens, the number and its ordinal ending.
  while (
    k > 0 &&
    k >= at - 6 &&
    tokens[k]!.lower !== 'the' &&
    (/^(?:\d|[A-Z])/.test(tokens[k]!.text) || (ORDINAL_ENDINGS.has(tokens[k]!.lower) && tokens[k - 1]!.kind === 'num'))
  )
    k--;
  return othersNamed && tokenAt(tokens, k)?.lower === 'the';
}

const ORDINAL_ENDINGS = new Set(['st', 'nd', 'rd', 'th']);

/**
 * What a count counts, when that is a thing the topic does not track ("110 Ukrainian drones", "54 of the drones",
 * "150,000 inmates"): the first lower-case word after it, past "of the" and names, read as a plural noun.
 */
function countsOtherThings(tokens: readonly Token[], n: NumberMention, topic: Topic, people = false): boolean {
  let i = skipPostQualifier(tokens, n.last + 1);
  for (const end = i + 4; i < end; i++) {
    const t = tokens[i];
    if (t === undefined || t.kind !== 'word') return false;
    if (t.lower === 'of' || t.lower === 'the' || /^[A-Z]/.test(t.text)) continue;
    if (people && PEOPLE_WORDS.has(t.lower)) return true;
    return (
      /^[a-z]{3,}s$/.test(t.text) &&
      !TIME_UNITS.has(t.lower) &&
      !OTHERS_WORDS.has(t.lower) &&
      nounAt(tokens, i, topic) === null
    );
  }
  return false;
}

/** The sentence's last count is of things, or (`people`) of "people", the topic does not track. */
function lastCountIsOfThings(
  tokens: readonly Token[],
  numbers: readonly NumberMention[],
  topic: Topic,
  people: boolean,
): boolean {
  const last = numbers[numbers.length - 1];
  return last !== undefined && countsOtherThings(tokens, last, topic, people);
}

/** The count just before `m` in its sentence counts things the topic does not track. */
function countsOfThingsBefore(
  tokens: readonly Token[],
  numbers: readonly NumberMention[],
  m: NumberMention,
  topic: Topic,
): boolean {
  const at = numbers.indexOf(m);
  return at > 0 && countsOtherThings(tokens, numbers[at - 1]!, topic);
}

const UNIT_BEFORE =
  /\b(?:(?:their|its|his|our|my)\s+(?:company|battalion|detachment|regiment|brigade|platoon|unit|division)\s+(?:of|numbered|had numbered|numbering|with)|(?:company|battalion|detachment|regiment|brigade|platoon|unit|division)\s+(?:was down to|is down to|were down to|came to us with))\s+(?:about\s+|around\s+|some\s+|fewer than\s+|only\s+)?$/i;
const UNIT_SUBJECT = /^The\s+(?:unit|brigade|battalion|regiment|division|company|detachment)\b/;

/** "said of the Russian units", "referring to the Russian army", "all of them Russian": the people meant are another party's. */
const othersReferredTo = byTopic(
  (topic): RegExp =>
    new RegExp(
      `\\b(?:said of|speaking of|referring to|(?:all|most|both) of (?:them|whom)(?:\\s+(?:were|are))?)\\s+(?:the\\s+)?(?:${topic.others?.source ?? '(?!)'})`,
      'i',
    ),
);

const OWN_LOSSES = /\b(?:'s|its|their)\s+own\s+(?:losses|casualties|dead|toll)\b/i;

/** Where the word before "lost" (past its auxiliaries) stands when "lost" stands just before the count; -1 when none. */
function lossSubjectAt(tokens: readonly Token[], m: NumberMention): number {
  let at = beforeQualifier(tokens, m.first);
  if (!LOSS_VERBS.has(tokenAt(tokens, at)?.lower ?? '')) return -1;
  at--;
  while (at > 0 && (AUXILIARIES.has(tokens[at]!.lower) || SUBJECT_ADVERBS.has(tokens[at]!.lower))) at--;
  return at;
}

/** Words between a subject and its verb ("the legion alone has lost"). */
const SUBJECT_ADVERBS = new Set(['alone', 'also', 'already', 'itself', 'reportedly', 'so', 'far']);

const UNIT_WORDS = new Set([
  'side',
  'legion',
  'brigade',
  'unit',
  'battalion',
  'regiment',
  'division',
  'company',
  'paratroopers',
  'marines',
  'defenders',
  'detachment',
  'platoon',
  'corps',
]);

const STRIKE = /\b(?:struck|strikes?|attacks?|shelling|bombing|bombardment|explosions?|blasts?)\b/i;

const THEY_SAY = /\bthey\s+(?:said|say|reported|report|told|added)\b/i;

/** A count of a part of the people just named: "two of them", "about 1,000 of those". */
const PART_OF_THEM = new RegExp(
  String.raw`(?:\d|\b(?:${[...NUMBER_WORDS, 'hundreds', 'thousands', 'dozens'].join('|')}))\s+of\s+(?:them|those|these)\b`,
  'i',
);

/** A place already named, pointed back to: "has 13,000 soldiers there", "troops in the region", "men on the ground". */
const PLACE_POINTED_BACK =
  /\b(?:(?:troops|soldiers|forces|men|personnel|them)\s+there|in the (?:region|area)|on the ground)\b/i;

/** A place of the actor's own or another's: "in Pyongyang", "near the DMZ", "at home", "its border". */
const PLACE_NAMED = /\b(?:in|near|along)\s+(?:the\s+)?([A-Z][\w'-]+)|\b(?:border|DMZ|at home|parade)\b/g;

function namesPlaceOtherThanDestination(norm: string, topic: Topic): boolean {
  PLACE_NAMED.lastIndex = 0;
  for (let hit = PLACE_NAMED.exec(norm); hit; hit = PLACE_NAMED.exec(norm)) {
    if (hit[1] === undefined || (!topic.destination.test(hit[1]) && !TIME_NAMES.test(hit[1]))) {
      PLACE_NAMED.lastIndex = 0;
      return true;
    }
  }
  return false;
}

const CAPACITY_BEFORE =
  /\b(?:(?:the\s+)?equivalent\s+(?:of|to)|(?:enough|sufficient) to (?:hold|carry|contain|accommodate|fit|fill|transport)|capable of (?:holding|carrying|transporting)|capacity (?:of|for|to)|(?:could|can|would) (?:each |only |easily |together )?(?:hold|carry|contain|accommodate|fit|transport)|(?:likely|probably|possibly|may have|might have|could have) contained|(?:could|would|may|might) (?:mean|amount to|equal|translate into))\b/i;

const LIST_ITEM_OR_ROW = /^[-•*·]\s|\|/;

/** A heading over links to other stories ("Read also:", "Related articles"), alone on its line or before them ("Most read: 1. ..."). */
const LINKS_HEADING =
  /^(?:read also|also read|see also|related(?: articles| stories| news| coverage| posts)?|more stories|recommended(?: for you)?|you may also like|most read|most popular|trending now)(?:\s*:?\s*$|\s*:)/i;

/** Sentences since the actor was named, for a text that has not named it yet. */
const FAR_FROM_ACTOR = 99;

/** "could rise to 100,000", "may reach 30,000": a projection, planned and at most (LABELS.md, settled cases). */
const PROJECTION_BEFORE =
  /\b(?:could|may|might|will|would|is expected to|are expected to|is likely to|are likely to)\s+(?:\w+\s+)?(?:rise|increase|reach|grow|climb|swell|expand|spike|soar|surge|jump)(?:\s+to)?\s*$/i;

const PLANNED_BEFORE = new RegExp(
  String.raw`\b(?:(?:will|would|shall|could|may|might|to)\s+(?:\w+\s+)?(?:send|deploy|dispatch|transfer|supply|provide|add|contribute|mobili[sz]e|ship|deliver|rise|increase|reach|grow|climb|spike|soar|surge|swell|go|arrive|travel|get|receive|welcome|host|accept)\b` +
    // "would be sending", "will be providing": the gerund after an auxiliary, never after "to" ("in addition to sending").
    String.raw`|(?:will|would|shall|could|may|might)\s+be\s+(?:sending|deploying|dispatching|transferring|supplying|providing|shipping|delivering)` +
    String.raw`|(?:agreed|agrees|agree|plans?|planning|planned|expected|set|intends?|intending|pledged?|pledges|promised?|promises|preparing|prepares|ready|poised|vowed|vows|offered|offers|likely|going|considering|decided|decides|decide)\s+to` +
    String.raw`|promised|pledged)\b`,
  'i',
);
/**
 * "North Korea is sending 5,000 workers", "is considering sending up to 25,000": a dispatch under way
 * that governs the count, none said to have arrived (SOURCES.md, batch 5).
 */
const UNDER_WAY_BEFORE =
  /(?:\b(?:is|are)\s+(?:now\s+|reportedly\s+|also\s+)?|\b(?:considering|considers|consider|(?:has|have)\s+begun)\s+)(?:sending|dispatching|deploying)\s+(?:\S+\s+){0,2}$/i;
const PLANNED_AFTER =
  /^[\s,]*(?:\w+\s+){0,2}?(?:promised|pledged|planned|(?<!\bthan\s)expected\s+(?:by|in|within|soon|shortly|later|next|before)\b|(?:to|will|would|could|may|might|are to|is to|set to)\s+(?:soon\s+|eventually\s+|also\s+|later\s+)?be\s+(?:sent|deployed|dispatched|transferred|supplied|delivered|added))\b(?!\s+(?:into|to\s+(?:the\s+)?(?:front|combat|battle)))/i;
/**
 * "10,000 soldiers will join Russian troops", "are expected to arrive in December", "soon to be gathered":
 * not there yet. Troops already there that are expected to enter combat are there (LABELS.md).
 */
const NOT_YET_AFTER =
  /^[\s,]*(?:(?:are|is)\s+(?:expected|set|due|scheduled|slated)\s+to\s+|(?:will|would|could|might|may)\s+(?:soon\s+|eventually\s+|also\s+|still\s+|later\s+)?|soon\s+to\s+be\s+|(?:are|is)\s+to\s+be\s+)(?!(?:be\s+)?(?:enter|engage|fight|sent\s+into|thrown\s+into|go\s+into)\b)(?:join|arrive|be\s+(?:sent|deployed|dispatched|gathered|assembled|moved|transferred)|deploy|head|reach|come|gathered|assembled|dispatched|sent|deployed|travel|go\s+to(?!\s+(?:the\s+)?(?:front|battle|combat|war)))\b/i;

const MONTH = String.raw`(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)`;

/** "in January", "on Monday": a capitalised word after "in" that names a time, not a place. */
const TIME_NAMES = new RegExp(
  `^(?:${MONTH}|${MONTH_ABBREVIATIONS.join('|')}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$`,
  'i',
);
const SEASON = `(?:year|month|week|fall|autumn|spring|summer|winter|${MONTH})`;
const PERIOD = '(?:days?|weeks?|months?|years?)';
const SMALL = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of)`;
/** One time expression: a date, a month (with its day or year), a relative period, a "since"/"by" span. */
const TIME_CORE = [
  // "November of last year", "October of the previous year": before the month alone, which would match first.
  String.raw`${MONTH}\s+of\s+(?:(?:last|this|next)|the\s+(?:previous|same|following))\s+year`,
  // "April 30, 2025", "Dec. 23", "late October 2024", "January and February", "January-March"
  // "28 October", "8-13 October 2024": the day first.
  String.raw`\d{1,2}(?:\s*-\s*\d{1,2})?\s+${MONTH}(?:\s+(?:19|20)\d\d)?`,
  // "Dec. 14-15": a range of days.
  String.raw`(?:(?:early|late|mid)[\s-]+(?:in\s+)?)?${MONTH}(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*-\s*\d{1,2}\b)?)?(?:,?\s+(?:19|20)\d\d)?(?:(?:\s*-\s*|\s+(?:and|to|through)\s+)${MONTH}(?:\s+(?:19|20)\d\d)?)?(?:\s+(?:last|this|next)\s+year)?`,
  String.raw`(?:early|late|mid)[\s-]+(?:19|20)\d\d`,
  // "the 23rd", "the 11th of last month"
  String.raw`the\s+\d{1,2}(?:st|nd|rd|th)(?:\s+of\s+(?:last|this|next)\s+month|(?=\s*[,.;]|\s+of\b))`,
  // "the end of last year", "the beginning of 2025", "the middle of March"
  String.raw`the\s+(?:end|beginning|start|middle|first half|second half)\s+of\s+(?:(?:last|this|next)\s+(?:year|month)|(?:19|20)\d\d|${MONTH})`,
  // "the January-March period"
  String.raw`the\s+${MONTH}\s*-\s*${MONTH}\s+period`,
  // "last year", "this February", "the past week", "recent weeks", "the past year and a half"
  // "late last year", "this past August"
  String.raw`(?:(?:early|late|mid)[\s-]+)?(?:the\s+)?(?:last|this past|this|next|earlier this|later this|past|previous|recent)\s+${SEASON}s?(?:\s+and\s+a\s+half)?`,
  // "the autumn of 2024", "the summer of last year"
  String.raw`(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+of\s+(?:(?:19|20)\d\d|last\s+year|this\s+year)`,
  String.raw`recent\s+${PERIOD}`,
  String.raw`(?:over|in|during|within)\s+(?:the\s+)?(?:past|last|first)\s+${SMALL}\s+${PERIOD}`,
  String.raw`(?:over|within)\s+(?:a|the)\s+(?:\w+-)?(?:day|week|month)\s+period`,
  String.raw`${SMALL}\s+${PERIOD}\s+ago`,
  String.raw`(?:19|20)\d\d`,
  'so far|to date|thus far|recently|currently|now|this year alone',
  String.raw`(?<=since\s)(?:the start of (?:the )?(?:war|year|(?:19|20)\d\d)|the beginning of (?:the |this )?(?:war|year)|(?:their|the) deployment|the war started(?: last \w+)?)`,
  // "since joining the war", "since they were sent to fight alongside Russian troops": the event the count runs from, to the clause's end.
  String.raw`(?<=since\s)(?:joining|entering|arriving|deploying|sending|being|they\s+(?:were|was|arrived|joined|entered)|(?:soldiers|troops)\s+were|it\s+(?:began|started)|the\s+(?:launch|start)\s+of\s+(?:an?|the|its))(?:\s+[^\s,.;:"!?]+(?:[,.]\d+)*){0,12}`,
  // "since the war in Ukraine began", "since the arms transfers started"
  String.raw`(?<=since\s)the\s+(?:[\w-]+\s+){1,4}?(?:began|started)`,
].join('|');
/**
 * Every word WHEN can start with, whole (a bound, a month or its abbreviation, a season, "early", "the", a
 * number word, "a" of "a few", the words after "since"), each followed by no letter, or a digit: a
 * place where no such word starts is passed over at once instead of being tried against each
 * alternative. Every alternative's first word is followed by a space, a hyphen, a point or a word
 * boundary, so this only skips places where WHEN cannot match, and the matches are the same. The
 * words' first letters, as one class, go first: one test turns away a word none could start.
 * (Whole words, not their first two letters: "that", "three", "into", "south" and the like passed
 * that test and were tried against every alternative.)
 */
const WHEN_START_WORDS = [
  ...['since', 'by', 'as', 'until', 'through', 'between', 'from', 'early', 'late', 'around', 'over', 'mid'],
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october'],
  ...['november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'],
  ...['the', 'their', 'last', 'this', 'next', 'earlier', 'later', 'past', 'previous', 'recent', 'in', 'during'],
  ...['within', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
  ...['a', 'several', 'so', 'to', 'thus', 'recently', 'currently', 'now', 'joining', 'entering', 'arriving'],
  ...['deploying', 'sending', 'being', 'they', 'soldiers', 'troops', 'it'],
  ...['spring', 'summer', 'autumn', 'fall', 'winter'],
].sort((a, b) => b.length - a.length);
const WHEN_STARTS = String.raw`(?=[abcdefijlmnoprstuw\d])(?=\d|(?:${WHEN_START_WORDS.join('|')})(?![a-z]))`;
/**
 * Where the figure's time is written: a date or period, with the word that says how it bounds the
 * figure ("since September", "by December", "as of this month"), as the analyst writes it; a
 * leading "in"/"on" is dropped (LABELS.md forms: "last October", "late 2024", "so far").
 */
const WHEN = new RegExp(
  String.raw`\b${WHEN_STARTS}(?:(since|by|as of|as early as|until|through|between|from|early in|late in|around|over)\s+)?(${TIME_CORE})\b`,
  'gi',
);
/** Parts of a match that are not a time on their own ("now" in "know"? no: words like "now" need a word boundary, and a bare year needs a preposition). */
const BARE_YEAR = /^(?:19|20)\d\d$/;

/** What a released sentence holds: one shared empty reading (nothing writes to a sentence's tokens). */
const RELEASED: { tokens: Token[]; numbers: NumberMention[] } = { tokens: [], numbers: [] };

/**
 * One sentence as the extractor reads it. What costs a pattern over the whole sentence (other
 * parties, destinations, movement, supply and use verbs) is found on first use only: most sentences
 * hold no figure and are read just for what the next one may need.
 */
class SentenceContext {
  private read?: { tokens: Token[]; numbers: NumberMention[] };
  /** Digits or a number word: only such a sentence is tokenized, and only when it is read for figures. */
  readonly mayHoldNumber: boolean;
  /** Computed on demand by attributionIn. */
  attribution?: string | null;
  /** attributionOf the whole sentence, before any look back; see ownAttribution. */
  ownAttribution?: string | null;
  /** Who states the figures of each clause, by the clause's end offset; computed on demand. */
  clauseAttribution?: Map<number, string | null>;
  /** The sentence's time expressions, found once on demand. */
  times?: ReadonlyArray<{ start: number; end: number; text: string }>;
  /** The metric of the sentence's last figure, for a next sentence that refers back to it. */
  lastMetric?: string | null;
  /** Counts of another party's people, kept for later bare restatements ("the claim of 300 dead"). */
  othersFigures?: number[];
  /** Figures of what something could hold ("containers that could contain 4.8 million shells"): no counts. */
  capacities?: Array<{ metric: string; low: number; high: number }>;
  /**
   * What each pattern found, asked on first use. One field per pattern, not a table keyed by name:
   * a keyed look-up over objects of varying shape was slower than the patterns it saved.
   */
  private namesOther?: boolean;
  private namesDestination?: boolean;
  private namesMovement?: boolean;
  private statesSupply?: boolean;
  private statesUse?: boolean;
  private pointsBack?: boolean;
  private namesOwnPlace?: boolean;
  private sendsElsewhere?: boolean;

  /** The actor is named here, or this sentence refers back to one that named it. */
  readonly inContext: boolean;
  private readonly hasPrevious: boolean;
  private refersBackFound?: boolean;

  constructor(
    readonly sentence: Sentence,
    private readonly topic: Topic,
    readonly actor: boolean,
    previous: SentenceContext | undefined,
    /** Sentences since the actor was last named (0: in this one). */
    readonly sinceActor: number,
  ) {
    this.hasPrevious = previous !== undefined;
    this.mayHoldNumber = mayHoldNumber(sentence.norm);
    this.inContext = actor || ((previous?.inContext ?? false) && this.refersBack);
  }

  /**
   * Refers back to the sentence before ("Two of them", "The soldiers"). Found on first use: most
   * sentences name the actor, and of those most are never asked.
   */
  get refersBack(): boolean {
    this.refersBackFound ??= this.hasPrevious && ANAPHOR.test(this.sentence.norm);
    return this.refersBackFound;
  }

  private tokenized(): { tokens: Token[]; numbers: NumberMention[] } {
    if (!this.read) {
      const tokens = this.mayHoldNumber ? tokenize(this.sentence.norm) : [];
      this.read = { tokens, numbers: tokens.length > 0 ? findNumbers(tokens) : [] };
    }
    return this.read;
  }

  get tokens(): Token[] {
    return this.tokenized().tokens;
  }
  get numbers(): NumberMention[] {
    return this.tokenized().numbers;
  }

  /**
   * The metric of the first thing the sentence names ("North Korea has sent troops to Russia"), for a
   * next sentence that refers back to it with a count ("They number about 11,000"). Asked rarely:
   * the sentence is tokenized again rather than kept.
   */
  namedMetric(outcomeOnly: boolean): string | null {
    if (!this.actor) return null;
    const tokens = tokenize(this.sentence.norm);
    for (let i = 0; i < tokens.length; i++) {
      const noun = phraseAt(tokens, i, this.topic.nouns);
      if (!noun) continue;
      // "How many North Korean soldiers have died?": the people named, counted by what befell them.
      const metric = outcomeOf(tokens, noun, tokens.length, this.topic);
      // "the toll" points back to an outcome, past the people it befell ("forces ... have suffered casualties").
      if (!outcomeOnly || !isDeployment(this.topic, metric)) return metric;
    }
    return null;
  }

  /** A count of another party's people: later bare counts of the same number restate it. */
  addOthersFigure(figure: number): void {
    this.othersFigures ??= [];
    this.othersFigures.push(figure);
  }

  /** Once the next sentence has been read, only a sentence and the one before are needed. */
  release(): void {
    this.read = RELEASED;
  }

  private test(pattern: RegExp | null): boolean {
    return pattern?.test(this.sentence.norm) ?? false;
  }

  /** Names another party ("Russia", "Ukrainian"). */
  get other(): boolean {
    this.namesOther ??= this.test(this.topic.others);
    return this.namesOther;
  }
  /** Names a destination of deployments. */
  get destination(): boolean {
    this.namesDestination ??= this.test(this.topic.destination);
    return this.namesDestination;
  }
  /** Names a movement ("sent", "deployed", "mobilization") whose destination may be in the sentence before. */
  get movement(): boolean {
    this.namesMovement ??= this.test(this.topic.movement);
    return this.namesMovement;
  }
  /** States a supply ("shipped", "delivered"), or a use ("fired"), of something. */
  get supplies(): boolean {
    this.statesSupply ??= this.test(this.topic.supplyPattern);
    return this.statesSupply;
  }
  get uses(): boolean {
    this.statesUse ??= this.test(this.topic.usePattern);
    return this.statesUse;
  }
  /** Points back to a place already named ("troops there"). These three are asked per figure, of the whole sentence. */
  get pointsBackToPlace(): boolean {
    this.pointsBack ??= PLACE_POINTED_BACK.test(this.sentence.norm);
    return this.pointsBack;
  }
  /** See namesPlaceOtherThanDestination. */
  get namesPlaceOtherThanDestination(): boolean {
    this.namesOwnPlace ??= namesPlaceOtherThanDestination(this.sentence.norm, this.topic);
    return this.namesOwnPlace;
  }
  /** See namesAnotherPlace. */
  get namesAnotherPlace(): boolean {
    this.sendsElsewhere ??= namesAnotherPlace(this.sentence.norm, this.topic);
    return this.sendsElsewhere;
  }
}

/**
 * Digits or a number word: a sentence without either holds no figure. Asked of every sentence as
 * two patterns, a digit first: the same answer as /\d|\b(?:one|...)\b/i, and faster, since the
 * digit alone settles most sentences that hold a figure and the words are then looked for alone.
 */
const mayHoldNumber = (norm: string): boolean => /\d/.test(norm) || NUMBER_WORD.test(norm);
const NUMBER_WORD = new RegExp(String.raw`\b(?:${[...NUMBER_WORDS].join('|')})\b`, 'i');

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
  while (
    j > 0 &&
    contexts[j]!.attribution === undefined &&
    contexts[j]!.refersBack &&
    ownAttribution(contexts[j]!, topic) === null
  )
    j--;
  let inherited: string | null = null;
  for (let k = j; k <= i; k++) {
    const ctx = contexts[k]!;
    if (ctx.attribution === undefined) {
      const own = ownAttribution(ctx, topic);
      ctx.attribution =
        own === SPEAKER_BEFORE
          ? speakerBefore(contexts, k, topic)
          : (own ?? (ctx.refersBack && k > 0 ? inherited : null));
    }
    inherited = ctx.attribution;
  }
  return contexts[i]!.attribution!;
}

/**
 * attributionOf the whole sentence, found once: attributionIn asks it twice of every sentence in a
 * chain (once walking back, once walking forward), and a clause that ends the sentence asks it too.
 */
function ownAttribution(ctx: SentenceContext, topic: Topic): string | null {
  if (ctx.ownAttribution === undefined) ctx.ownAttribution = attributionOf(ctx.sentence.norm, topic);
  return ctx.ownAttribution;
}

/** The source the sentences just before name (a few back at most), for "according to him", "the report said". */
function speakerBefore(contexts: SentenceContext[], i: number, topic: Topic): string | null {
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const found = attributionIn(contexts, k, topic);
    if (found) return found;
  }
  return null;
}

function clauseAttributionOf(contexts: SentenceContext[], i: number, end: number, topic: Topic): string | null {
  const ctx = contexts[i]!;
  ctx.clauseAttribution ??= new Map();
  let found = ctx.clauseAttribution.get(end);
  if (found === undefined) {
    found =
      end === ctx.sentence.norm.length
        ? ownAttribution(ctx, topic)
        : attributionOf(ctx.sentence.norm.slice(0, end), topic);
    if (found === SPEAKER_BEFORE) found = speakerBefore(contexts, i, topic);
    ctx.clauseAttribution.set(end, found);
  }
  return found;
}

interface Draft extends Claim {
  /** The sentence's own grammar marked its status; a headline without one takes the body's. */
  statusExplicit: boolean;
  headline: boolean;
  /** Counted as "personnel", "people", "North Koreans": the noun names no role, so the parts the text gives may. */
  rolelessNoun: boolean;
  /** Counted with no noun of its own ("the claim of 300 dead"): it may restate another party's count. */
  restates: boolean;
  /**
   * Who states it and when are looked up (settleDraft) only for a draft that is kept or that a
   * headline needs (most drafts restate a figure already drafted): where its clause ends and where
   * its number stands, for that look-up. Data, not a closure: a closure per draft kept its
   * sentence's whole scope alive, and the young objects that survived made every scavenge slower.
   */
  clauseEnd: number;
  position: number;
  settled: boolean;
}

/** Writes who states the draft of sentence i, and when, into `attribution` and `when`; once. */
function settleDraft(draft: Draft, contexts: SentenceContext[], i: number, topic: Topic): void {
  if (draft.settled) return;
  draft.settled = true;
  const ctx = contexts[i]!;
  // A sentence that refers back, or goes on with its paragraph from a figure, is stated by whoever
  // stated the one before ("The NIS said 11,000 were sent. In addition, 15,000 workers ..."); a name
  // the sentence before only mentions states nothing.
  const before = contexts[i - 1];
  const continues =
    before !== undefined &&
    (ctx.refersBack ||
      (!ctx.sentence.headline && before.sentence.paragraph === ctx.sentence.paragraph && Boolean(before.lastMetric)));
  draft.attribution =
    clauseAttributionOf(contexts, i, draft.clauseEnd, topic) ??
    (continues ? attributionIn(contexts, i - 1, topic) : null) ??
    (isDeployment(topic, draft.metric)
      ? null
      : outcomeAgent(ctx.sentence.norm, draft.position, draft.clauseEnd, topic));
  draft.when = whenOf(ctx, draft.position);
}

/**
 * "Ukrainian forces have captured two North Korean soldiers", "three ... were captured by Ukrainian paratroopers":
 * with no one said to state it, a loss is reported by the side that inflicted it, when that side is the agent of
 * the figure's own verb and the topic knows it as a speaker.
 */
function outcomeAgent(norm: string, position: number, clauseEnd: number, topic: Topic): string | null {
  const word =
    AGENT_BEFORE_COUNT.exec(norm.slice(Math.max(0, position - 80), position))?.[1] ??
    AGENT_AFTER_COUNT.exec(norm.slice(position, clauseEnd))?.[1];
  if (!word) return null;
  const named = namesIn(word, topic.names)[0];
  return named && named.index === 0 && named.end === word.length ? named.name : null;
}

/** "Ukrainian forces have captured (about) ": the agent and its verb just before the count. */
const AGENT_BEFORE_COUNT =
  /\b([A-Z][\w'-]*)\s+(?:(?:forces|troops|soldiers|military|army|special forces|drones|units?|defenders|marines|paratroopers)\s+)?(?:(?:have|has|had)\s+)?(?:captured|killed|wounded|took)\s+(?:[\d,]+\s+and\s+(?:captured|killed|wounded)\s+)?(?:(?:about|around|some|more than|over|at least|nearly|almost|up to|as many as)\s+)?$/;
/** "... were captured by Ukrainian paratroopers": the agent of the count's own passive, in its clause. */
const AGENT_AFTER_COUNT =
  /^[^,;]*?\b(?:captured|taken prisoner|killed|wounded|injured|eliminated)\s+by\s+(?:the\s+)?([A-Z][\w'-]*)/;

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
  // Who states each figure and when, as the body says it: a headline that does not say takes these.
  const bodyFacts = new Map<string, { attribution: string | null; when: string | null }>();
  // Once the text has sent the actor somewhere tracked, a later deployment of the actor that names no place is that one.
  let destinationSeen = false;
  // A story about a flood or an accident at home ("Floods displace 4,000 in N. Korea's Sinuiju"): its dead are no soldiers of the war.
  let storyAtHome = false;
  const capacities: Array<{ metric: string; low: number; high: number }> = [];
  // Counts of other parties' people: a later bare count of the same number restates theirs.
  const othersFigures = new Set<number>();
  // Drafts of the sentence before that no source states: the next sentence may name it ("This was disclosed by the NIS").
  let unsourced: Array<{ draft: Draft; facts?: { attribution: string | null } }> = [];
  for (const sentence of sentences) {
    const actor = topic.actor.test(sentence.norm);
    const previous = contexts[contexts.length - 1];
    const ctx = new SentenceContext(
      sentence,
      topic,
      actor,
      previous,
      // List items and table rows elaborate on the sentence before them: they keep its distance from the actor.
      // Under "Read also:" they are other stories' headlines, as far from the actor as a new text.
      actor
        ? 0
        : LINKS_HEADING.test(sentence.norm)
          ? FAR_FROM_ACTOR
          : (previous?.sinceActor ?? FAR_FROM_ACTOR) + (LIST_ITEM_OR_ROW.test(sentence.norm) ? 0 : 1),
    );
    contexts.push(ctx);
    const i = contexts.length - 1;
    if (unsourced.length > 0) {
      const named = FORWARD_SOURCE.test(sentence.norm) ? ownAttribution(ctx, topic) : null;
      if (named !== null && named !== SPEAKER_BEFORE)
        for (const { draft, facts } of unsourced) {
          if (draft.attribution === null) draft.attribution = named;
          if (facts && facts.attribution === null) facts.attribution = named;
        }
      unsourced = [];
    }
    // Most sentences hold no number: they skip claimsOfSentence.
    const drafts = ctx.mayHoldNumber ? claimsOfSentence(ctx, previous, destinationSeen, topic) : NO_DRAFTS;
    if (i === 0 && sentence.headline && AT_HOME.test(sentence.norm) && !ctx.destination) storyAtHome = true;
    for (const draft of drafts) {
      if (draft.restates && othersFigures.has(draft.low)) continue;
      if (storyAtHome && !isDeployment(topic, draft.metric) && !ctx.destination) continue;
      const key = figureKey(draft);
      const first = firstOfFigure.get(key);
      if (!first) {
        settleDraft(draft, contexts, i, topic);
        firstOfFigure.set(key, draft);
        if (draft.attribution === null) unsourced.push({ draft });
      }
      if (!draft.headline && !firstBodyOfMetric.has(draft.metric)) firstBodyOfMetric.set(draft.metric, draft);
      // Only a headline's figure needs what the body says of it.
      if (!draft.headline && first?.headline) {
        const facts = bodyFacts.get(key) ?? { attribution: null, when: null };
        if (facts.attribution === null || facts.when === null) {
          settleDraft(draft, contexts, i, topic);
          facts.attribution ??= draft.attribution;
          facts.when ??= draft.when;
          if (facts.attribution === null) unsourced.push({ draft, facts });
        }
        bodyFacts.set(key, facts);
      }
    }
    if (ctx.capacities) capacities.push(...ctx.capacities);
    if (ctx.othersFigures) for (const figure of ctx.othersFigures) othersFigures.add(figure);
    if (!destinationSeen && actor && ctx.destination) destinationSeen = true;
    previous?.release();
    if (firstOfFigure.size >= MAX_CLAIMS_PER_DOCUMENT) break;
  }
  const drafts = roleOfParts(
    withoutRoundedCapacities([...firstOfFigure.values()].slice(0, MAX_CLAIMS_PER_DOCUMENT), capacities),
    topic,
  );
  settleHeadlines(drafts, firstBodyOfMetric, topic);
  for (const d of drafts) {
    if (!d.headline) continue;
    const facts = bodyFacts.get(figureKey(d));
    // A headline's loose name ("..., South says") gives way to the source the body names.
    if (d.attribution === null || !knownSource(d.attribution, topic))
      d.attribution = facts?.attribution ?? d.attribution;
    d.when ??= facts?.when ?? null;
  }
  // Written out rather than a rest and a spread of the draft, which built each claim twice, slowly;
  // the keys in the same order.
  return drafts.map((d) => ({
    metric: d.metric,
    low: d.low,
    high: d.high,
    qualifier: d.qualifier,
    status: d.status,
    scope: d.scope,
    attribution: detached(d.attribution),
    when: detached(d.when),
    quote: detached(d.quote),
    figureText: detached(d.figureText ?? null),
  }));
}

/**
 * A guess at the past that is, or rounds, the text's own capacity figure ("could have sent up to 5
 * million shells" over "containers that could contain as many as 4.8 million shells") restates that
 * conversion, not a count; "has sent 9 million shells" beside such a conversion states one.
 */
function withoutRoundedCapacities(
  drafts: Draft[],
  capacities: ReadonlyArray<{ metric: string; low: number; high: number }>,
): Draft[] {
  if (capacities.length === 0) return drafts;
  return drafts.filter(
    (d) =>
      !(GUESS_AT_THE_PAST.test(d.quote) && capacities.some((c) => c.metric === d.metric && roundsTo(d.high, c.high))),
  );
}

const GUESS_AT_THE_PAST = /\b(?:could|may|might)\s+have\b/i;

/** `shown` is `exact` or `exact` rounded to one or two significant digits (4,800,000 as 5 million). */
function roundsTo(shown: number, exact: number): boolean {
  if (shown === exact) return true;
  for (const digits of [1, 2]) {
    const step = 10 ** Math.max(0, Math.floor(Math.log10(exact)) + 1 - digits);
    if (Math.round(exact / step) * step === shown) return true;
  }
  return false;
}

/**
 * A sentence that names the source of the one before it: "This information was disclosed by the NIS",
 * "The revelations came from a report by Seoul's spy agency", "The NIS revealed the updated death toll".
 */
const FORWARD_SOURCE =
  /^(?:(?:this|that|these|the)\s+(?:information|data|revelations?|figures?|estimates?|assessments?|findings?|numbers?|news|announcement|disclosure)\b|(?:this|that|it)\s+(?:was|is|has been)\s+(?:reported|disclosed|announced|stated|revealed|confirmed|said)\b)|\b(?:revealed|disclosed|reported|confirmed|announced|released|assessed|made)\s+(?:the|these|this|that)\s+(?:updated\s+|new\s+|latest\s+|revised\s+)?(?:information|data|figures?|estimates?|assessment|findings|numbers?|toll|death toll|tally|details)\b/i;

/** "personnel", "people", or the actor's people by name ("6,000 North Koreans"). */
function namesNoRole(noun: Token | undefined, topic: Topic): boolean {
  if (!noun) return false;
  return GENERIC_PEOPLE.has(noun.lower) || (DEMONYM.test(noun.text) && actorWordsOf(topic).has(noun.lower));
}

/**
 * "6,000 personnel ... 1,000 sappers and 5,000 military construction workers": a count whose noun
 * names no role is the sum of the parts the document gives it, and counts as those parts together
 * do (the topic's `combined` rules: workers and sappers together are workers).
 */
function roleOfParts(drafts: Draft[], topic: Topic): Draft[] {
  if (!drafts.some((d) => d.rolelessNoun && d.metric === topic.personnelMetric)) return drafts;
  const keys = new Set(drafts.map(figureKey));
  const restated = new Set<Draft>();
  for (const d of drafts) {
    if (!d.rolelessNoun || d.metric !== topic.personnelMetric || d.low !== d.high) continue;
    for (const rule of topic.combined) {
      // Only kinds of people sent: shells and missiles, or the killed and the wounded, are no parts of people sent.
      if (rule.parts.has(d.metric) || ![rule.as, ...rule.parts].every((metric) => isPeopleSent(topic, metric)))
        continue;
      const parts = drafts.filter((p) => p !== d && p.low === p.high && rule.parts.has(p.metric));
      if (!parts.some((a) => parts.some((b) => a.metric !== b.metric && a.low + b.low === d.low))) continue;
      const key = figureKey({ ...d, metric: rule.as });
      // The text already stated the sum under its role: this mention restates it.
      if (keys.has(key)) restated.add(d);
      else {
        keys.delete(figureKey(d));
        d.metric = rule.as;
        keys.add(key);
      }
      break;
    }
  }
  return restated.size ? drafts.filter((d) => !restated.has(d)) : drafts;
}

/** A name from the topic's sources or speakers, alone or joined ("Ukraine and US"). */
function knownSource(name: string, topic: Topic): boolean {
  return name.split(/,\s*|\s+and\s+/).every((part) => part in topic.spec.sources || part in topic.spec.speakers);
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

/**
 * A sentence whose subject is another party, not as a source ("Russia has not provided an update
 * ... when it reported 5,937 deaths", "Previously, Russia and Ukraine conducted ... exchanging
 * 1,000 prisoners"): its figures are that party's, though the actor was named just before. A
 * leading phrase ("According to BBC Ukraine,", "In January,") is not the subject, and a party that
 * says something ("Ukraine says 300 have been killed") is a source.
 */
const LEADING_PHRASE =
  /^(?:(?:according to|in|on|at|by|for|after|before|during|since|as of|despite|meanwhile|however|previously|earlier|later|last|this|separately|still|now|like|unlike)\b[^,;:]{0,50}|\w+ly),\s*/i;

/** The sentence's subject, past up to two short leading phrases ("In Ukraine, meanwhile, Moscow's forces ..."), is another party. */
function opensWithOther(norm: string, topic: Topic): boolean {
  let rest = norm;
  for (let k = 0; k < 3; k++) {
    const head = rest.split(/\s+/, 3).join(' ');
    if (topic.others?.test(head)) return !topic.actor.test(head);
    const lead = SHORT_LEADING_PHRASE.exec(rest);
    if (!lead) return false;
    rest = rest.slice(lead[0].length);
  }
  return false;
}

const SHORT_LEADING_PHRASE = /^[^,;:"]{1,30},\s*/;

const THEY_OPENS = /^(?:[^,]{0,40},\s+)?(?:they|their)\b/i;

function aboutAnotherParty(norm: string, topic: Topic): boolean {
  const lead = LEADING_PHRASE.exec(norm);
  const rest = lead ? norm.slice(lead[0].length) : norm;
  // Only the first ten words are read: the split stops there instead of cutting the whole sentence.
  const words = rest.split(/\s+/, 10);
  const head = words.slice(0, 4).join(' ');
  if (namedSubjectActing(rest, topic)) return true;
  if (!topic.others?.test(head)) return false;
  // "Britain and France have said they could deploy troops": a party that says it will act itself.
  if (othersSayTheyAct(topic).test(rest)) return true;
  SAYING.lastIndex = 0;
  return !SAYING.test(words.join(' '));
}

/**
 * Anyone named but the actor, as the subject of a deployment or loss ("The US has deployed 3,000
 * more troops", "South Korea deployed 2,000", "Poland has sent 2,000 soldiers"): the figures are its
 * own. The subject is a capitalised name (case matters: "They deployed" is no name).
 */
const NAMED_SUBJECT_ACTING =
  /^(?:[Tt]he\s+)?(?!(?:They|It|He|She|We|You|I|This|These|Those|That|There|Both|All|Some|Many|Most|Officials|Reports)\b)([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})(?:'s)?(?:\s+(?:military|army|forces|troops|government|also|now|then))?(?:,\s[^,]{1,40},|\s+(?:in|on|near|around|at)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+){0,2}?)?\s+(?:(?:has|have|had|will|would|could|may|might|plans to|is set to|agreed to)\s+)?(?:deployed|deploys|deploying|deploy|sent|sends|sending|send|moved|moves|stationed|dispatched|dispatches|dispatch|lost|loses|suffered|suffers|mobili[sz]ed|rotated|exchanged|swapped|recruited|concentrated|massed|amassed)\b/;

function namedSubjectActing(text: string, topic: Topic): boolean {
  // "Budanov said Russia had concentrated 50,000 troops": the subject of what is said.
  const said = SPEAKER_SAID.exec(text);
  const subject = NAMED_SUBJECT_ACTING.exec(said ? text.slice(said[0].length) : text)?.[1];
  // "Troops sent | 3,000 | NIS": a table row or headline opening with the topic's own noun names no party.
  return (
    subject !== undefined && !topic.actor.test(subject) && !topic.nouns.has(subject.split(/\s/, 1)[0]!.toLowerCase())
  );
}

const othersSayTheyAct = byTopic((topic): RegExp => {
  const party = `(?:the\\s+)?(?:${topic.others?.source ?? '(?!)'})`;
  return new RegExp(
    `^${party}(?:\\s+and\\s+${party})?\\s+(?:(?:has|have|had)\\s+)?(?:said|say|says|announced|announces)\\s+(?:that\\s+)?(?:they|it)\\s+(?:[\\w']+\\s+){0,3}?(?:deploy|send|dispatch|sent|deployed|dispatched)\\b`,
    'i',
  );
});

const SPEAKER_SAID =
  /^(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}|[A-Z][\w.-]*'s\s+(?:military|army|general staff|defen[cs]e ministry|air force|navy|government|intelligence))\s+(?:said|says|added|noted|claimed|claims)\s+(?:that\s+)?(?=[A-Z])/;

/** "deploying 3,000 troops to Poland": the sentence sends them somewhere the topic does not track, so it cannot borrow a destination. */
function namesAnotherPlace(norm: string, topic: Topic): boolean {
  // One shared pattern walked with exec: matchAll would clone the pattern on every call.
  PLACE_AFTER_TO.lastIndex = 0;
  for (let hit = PLACE_AFTER_TO.exec(norm); hit; hit = PLACE_AFTER_TO.exec(norm)) {
    const place = hit[1]!;
    // "according to South Korean estimates": who says, not where anyone goes.
    if (NOT_A_RECIPIENT_BEFORE.test(norm.slice(Math.max(0, hit.index - 16), hit.index))) continue;
    // Only where something moves there: "disclosed to the BBC" names no place.
    const lead = norm.slice(Math.max(0, hit.index - 60), hit.index + hit[0].length);
    if (!topic.destination.test(place) && !topic.actor.test(place) && (topic.movement?.test(lead) ?? true)) {
      PLACE_AFTER_TO.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** "the US has sent 300,000 rounds to Ukraine": every recipient the sentence names is someone the metric does not track. */
function sentToOthersOnly(norm: string, recipients: RegExp, topic: Topic): boolean {
  let named = false;
  PLACE_AFTER_TO.lastIndex = 0;
  for (let hit = PLACE_AFTER_TO.exec(norm); hit; hit = PLACE_AFTER_TO.exec(norm)) {
    const place = hit[1]!;
    // "according to Ukraine", "told to the BBC": who says, not who receives.
    if (NOT_A_RECIPIENT_BEFORE.test(norm.slice(Math.max(0, hit.index - 16), hit.index))) continue;
    if (recipients.test(place) || topic.actor.test(place)) {
      PLACE_AFTER_TO.lastIndex = 0;
      return false;
    }
    named = true;
  }
  return named;
}

/** "while Ukraine received 500,000 rounds", "Ukraine Receives 30 Patriot Missiles": goods another party got, not the tracked recipient. */
function receivedByOther(clause: string, recipients: RegExp, topic: Topic): boolean {
  const hit = RECEIVER.exec(clause);
  if (!hit) return false;
  const receiver = hit[1]!;
  return !recipients.test(receiver) && !topic.actor.test(receiver) && otherPartyName(topic).test(receiver);
}

const RECEIVER =
  /((?:[A-Z][\w.'-]*\s+){0,2}[A-Z][\w.'-]*)\s+(?:(?:has|have|had|also|now|reportedly)\s+)*(?:[Rr]ecei(?:ved|ves|ving|ve)|[Gg]ot|[Gg]ets|[Oo]btain(?:ed|s)|[Aa]cquir(?:ed|es)|[Bb]ought|[Bb]uys|[Pp]urchas(?:ed|es)|[Ii]mport(?:ed|s))\s+(?:(?:about|around|some|nearly|almost|roughly|over|more than|at least|up to|another|a further|an additional)\s+)?$/;

/** The part of a sentence holding `position`, between contrasts ("the West supplied Ukraine ..., while North Korea sent Russia ..."). */
function contrastedPart(norm: string, position: number): string {
  let start = 0;
  let end = norm.length;
  CONTRAST.lastIndex = 0;
  for (let hit = CONTRAST.exec(norm); hit; hit = CONTRAST.exec(norm)) {
    if (hit.index < position) start = hit.index + hit[0].length;
    else {
      end = hit.index;
      break;
    }
  }
  CONTRAST.lastIndex = 0;
  return norm.slice(start, end);
}

const CONTRAST = /\b(?:while|whereas|but)\b|;/g;

/** "3 million rounds ... or 500,000 rounds": the count at `to` is joined by "or" to the one ending at `from`, in one clause. */
function alternativeTo(tokens: readonly Token[], from: number, to: number): boolean {
  let or = false;
  for (let i = from + 1; i < to; i++) {
    const word = tokens[i]!.lower;
    if (word === ';' || word === '.' || word === 'but' || word === 'while' || word === 'whereas') return false;
    if (word === 'or') or = true;
  }
  return or;
}

/** The sentence names a year before the topic's events ("1950", "the 1970s"): only then is datedBefore asked. */
function namesEarlierYear(norm: string, since: number): boolean {
  YEAR.lastIndex = 0;
  for (let hit = YEAR.exec(norm); hit; hit = YEAR.exec(norm))
    if (Number(hit[1]) < since) {
      YEAR.lastIndex = 0;
      return true;
    }
  return false;
}

/**
 * The count in [start, end) is dated to a year before the topic's events: it stands in a clause opened by that
 * year ("In 1998, ...", "since 2019, when about 21,000 ...", "in the 1970s and 1980s, when upwards of 3,000 ..."),
 * or the year follows it in its own clause ("sent 75,000 soldiers across the 38th parallel on June 25, 1950").
 * A year in another clause ("born in 1999", "deliveries, which began in late 2022, have reached") dates something else.
 */
function datedBefore(norm: string, start: number, end: number, since: number): boolean {
  const opening = YEAR_OPENS_SENTENCE.exec(norm);
  if (opening && Number(opening[1]) < since && !anotherTime(norm.slice(opening[0].length, start), since)) return true;
  YEAR_THEN_WHEN.lastIndex = 0;
  for (let hit = YEAR_THEN_WHEN.exec(norm); hit && hit.index < start; hit = YEAR_THEN_WHEN.exec(norm)) {
    // The count inside the "when" clause ("since 2019, when about 21,000 ..."), not after it ("Since 2022, when
    // Russia invaded, North Korea has supplied ...").
    const between = norm.slice(hit.index + hit[0].length, start);
    if (Number(hit[1]) < since && !/[,;:]/.test(between) && !anotherTime(between, since)) {
      YEAR_THEN_WHEN.lastIndex = 0;
      return true;
    }
  }
  YEAR_THEN_WHEN.lastIndex = 0;
  const after = YEAR_DATING.exec(norm.slice(end));
  return (
    after !== null &&
    Number(after[1] ?? after[2]) < since &&
    !/[,;:-]|\b(?:but|while|whereas|who|which|than|when|after|before)\b/.test(norm.slice(end, end + after.index))
  );
}

/** Between an opening year and the count, a clause of another time ("In 1950, ...; now it has sent", "... in 2024"). */
function anotherTime(between: string, since: number): boolean {
  if (ANOTHER_TIME.test(between)) return true;
  YEAR.lastIndex = 0;
  for (let hit = YEAR.exec(between); hit; hit = YEAR.exec(between))
    if (Number(hit[1]) >= since) {
      YEAR.lastIndex = 0;
      return true;
    }
  return false;
}

const ANOTHER_TIME = /[;-]|\b(?:but|now|today|later|since then|this year|currently)\b/;

const YEAR = /\b((?:1[89]|20)\d\d)s?\b/g;
/** "In 1998,", "Back in 2019,", "On June 25, 1950,", after a dateline ("MOSCOW (The Moscow Times) --"). */
const YEAR_OPENS_SENTENCE = new RegExp(
  String.raw`^(?:[A-Z][A-Z .'-]*(?:\([^)]{1,40}\))?\s*-{1,2}\s*)?(?:(?:Back\s+)?(?:[Ii]n|During|By)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?|On\s+${MONTH}\s+\d{1,2},\s+)((?:1[89]|20)\d\d)s?,`,
);
const YEAR_THEN_WHEN =
  /\b(?:in|since|during)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?((?:1[89]|20)\d\d)s?(?:\s+(?:and|or|to)\s+(?:the\s+)?(?:1[89]|20)\d\ds?)?,?\s+when\b/gi;
const YEAR_DATING = new RegExp(
  String.raw`\b(?:in|during)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?((?:1[89]|20)\d\d)s?\b(?!\s*-\s*\d)|\b${MONTH}\s+\d{1,2},\s+((?:1[89]|20)\d\d)\b(?!\s*-\s*\d)`,
  'i',
);

const NOT_A_RECIPIENT_BEFORE =
  /\b(?:according|compared|due|close|next|similar|equivalent|addition|contrast|relation|thanks|told|said|reported|disclosed|revealed|explained)\s*$/i;

/** "deploying 3,000 troops to Poland", "supplied Iran with 100 missiles": where the people or goods go. */
const PLACE_AFTER_TO =
  /\b(?:to|into|(?:supplied|supplies|supplying|provided|provides|providing|armed|arming)\s+(?=[A-Z][\w'-]+\s+with\b)|to\s+(?:strengthen|support|help|bolster|reinforce|arm|defend)\s+)\s*(?:the\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)/g;

/** A deployment of people (troops, workers, sappers), not of goods shipped with supply verbs. */
function isPeopleSent(topic: Topic, metric: string): boolean {
  const spec = topic.metrics.get(metric);
  return (spec?.needsDestination ?? false) && spec?.verbSet.size === 0;
}

/** The first of these metrics that counts people sent, for a count with no noun of its own. */
function peopleSentOf(topic: Topic, ...metrics: ReadonlyArray<string | null>): string | undefined {
  for (const metric of metrics) if (metric && isPeopleSent(topic, metric)) return metric;
  return undefined;
}

function isDeployment(topic: Topic, metric: string): boolean {
  return topic.metrics.get(metric)?.needsDestination ?? false;
}

/**
 * "300 troops to Poland", "100,000 workers abroad", "12,000 soldiers at home", "28,500 troops are stationed in Poland": the
 * count's own place, right after its noun, is not one the topic tracks, whatever else the sentence names.
 */
function sentElsewhere(tokens: readonly Token[], nounEnd: number, topic: Topic, headline: boolean): boolean {
  let at = nounEnd + 1;
  const next = tokens[at];
  if (next?.lower === 'abroad' || next?.lower === 'overseas') return true;
  if ((next?.lower === 'at' || next?.lower === 'back') && tokens[at + 1]?.lower === 'home') return true;
  // "300 troops to Poland" right after the noun, or through a verb: "are stationed in Poland", "were shipped to",
  // "remained employed overseas".
  if (next?.lower !== 'to' && !PLACE_PREPOSITIONS.has(next?.lower ?? '')) {
    while (at <= nounEnd + 3 && BEING_WORDS.has(tokens[at]?.lower ?? '')) at++;
    if (!KEPT_OR_MOVED.has(tokens[at]?.lower ?? '')) return false;
    at++;
    if (tokens[at]?.lower === 'abroad' || tokens[at]?.lower === 'overseas') return true;
    if (!PLACE_PREPOSITIONS.has(tokens[at]?.lower ?? '')) return false;
  }
  let movedTo = tokens[at]!.lower === 'to';
  if (ARTICLES.has(tokens[at + 1]?.lower ?? '')) at++;
  // "shipped to a factory in China", "at garment and seafood factories in Helong": the place of what they were sent to.
  let words = at + 1;
  while (words <= at + 4 && /^[a-z]/.test(tokens[words]?.text ?? '') && !PLACE_PREPOSITIONS.has(tokens[words]!.lower))
    words++;
  if (words > at + 1 && PLACE_PREPOSITIONS.has(tokens[words]?.lower ?? '')) {
    at = words;
    movedTo = tokens[at]!.lower === 'to';
    if (ARTICLES.has(tokens[at + 1]?.lower ?? '')) at++;
  }
  const place = tokens[at + 1];
  if (place?.kind !== 'word' || !/^[A-Z]/.test(place.text) || TIME_NAMES.test(place.text)) return false;
  const known = tokenText(tokens, at + 1, at + 2);
  if (topic.destination.test(known)) return false;
  // "10,000 workers to North Korea's Rason zone": sent to the actor, not by it.
  if (topic.actor.test(known)) return movedTo;
  if (topic.others?.test(known) || !movedTo) return true;
  // A headline capitalises every word ("Troops To Fight For Russia"), and a name runs on ("to Vladimir
  // Putin's war"): only one capitalised word on its own is read as a place.
  const after = tokens[at + 2];
  return !headline && !(after?.kind === 'word' && /^[A-Z]/.test(after.text)) && !/'s$/.test(place.lower);
}

const ARTICLES = new Set(['the', 'a', 'an']);

/** Where people are kept or sent: "stationed in Poland", "based at Camp Humphreys", "shipped to". */
const KEPT_OR_MOVED = new Set([
  'stationed',
  'based',
  'posted',
  'garrisoned',
  'positioned',
  'sent',
  'shipped',
  'dispatched',
  'deployed',
  'transferred',
  'moved',
  'relocated',
  'employed',
  'working',
]);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'on', 'to']);
const BEING_WORDS = new Set([
  'are',
  'is',
  'were',
  'was',
  'be',
  'been',
  'has',
  'have',
  'had',
  'remain',
  'remained',
  'remains',
  'currently',
  'now',
  'still',
  'permanently',
]);

/** One empty result shared by every sentence without figures, rather than a new array each. */
const NO_DRAFTS: readonly Draft[] = [];

function claimsOfSentence(
  ctx: SentenceContext,
  previous: SentenceContext | undefined,
  destinationSeen: boolean,
  topic: Topic,
): readonly Draft[] {
  const { sentence } = ctx;
  const norm = sentence.norm;
  if (!ctx.mayHoldNumber) return NO_DRAFTS;
  // A figure in a sentence that does not name the actor still counts when the actor was named just
  // before and no other party is named here ("North Korea sent troops ... About 300 have been killed").
  // "Ukraine has captured two of them": a part of the actor's people, whoever acts on them.
  const relevant =
    ctx.actor ||
    ((ctx.inContext || ctx.sinceActor <= 3) &&
      (!aboutAnotherParty(norm, topic) || (ctx.inContext && PART_OF_THEM.test(norm))));
  if (!relevant || ctx.numbers.length === 0) return NO_DRAFTS;
  const tokens = ctx.tokens;
  const out: Draft[] = [];
  let lastMetric: string | null = null;
  const referred = ctx.refersBack
    ? (previous?.lastMetric ?? previous?.namedMetric(TOLL_POINTED_BACK.test(norm)) ?? null)
    : null;
  // Where the last capacity stated in the sentence ends (see CAPACITY_BEFORE).
  let capacityEnd = -1;
  // "when Kim Il-sung sent 75,000 soldiers across the 38th parallel ... on June 25, 1950": history, not the topic's events.
  const earlierYears = topic.since !== null && namesEarlierYear(norm, topic.since);
  for (const m of ctx.numbers) {
    if (isNotACount(tokens, m)) continue;
    const resolved = resolveMetric(tokens, m, topic, lastMetric, referred);
    if (!resolved) continue;
    // "1,000 had been wounded, including 100 dead": an outcome that includes another is both together.
    resolved.metric = outcomeIncluding(tokens, resolved.nounEnd, resolved.metric, topic);
    // Visitors are no figure, and no figure for a later count to refer back to.
    if (isEntryCount(tokens, resolved.nounEnd)) continue;
    // "11 prisoner exchanges", "three troop trains": the topic's noun names the kind of what is counted.
    if (m.low >= 2 && modifiesNextNoun(tokens, resolved.nounEnd, topic)) continue;
    lastMetric = resolved.metric;
    ctx.lastMetric = resolved.metric;
    const spec = topic.metrics.get(resolved.metric);
    if (!spec) continue;
    // Plausible sizes: a few soldiers at a border are no deployment; hundreds of thousands of dead are another party's.
    if (m.low < spec.minimum || (spec.maximum !== undefined && m.high > spec.maximum)) continue;
    if (earlierYears && datedBefore(norm, tokens[m.first]!.start, tokens[m.last]!.end, topic.since!)) continue;
    // The clause before the count, up to a dozen tokens: the capacity, exercise and receiver checks below read it.
    const clauseBefore = norm.slice(tokens[clauseStart(tokens, m.first, 12)]!.start, tokens[m.first]!.start);
    // "containers ... enough to transport around 10 million rounds", "could accommodate over 400": what something could hold, not a count.
    // "... could accommodate 3 million rounds of 152 mm shells or 500,000 rounds of 122 mm shells": the other measure of the same capacity.
    if (CAPACITY_BEFORE.test(clauseBefore) || (capacityEnd >= 0 && alternativeTo(tokens, capacityEnd, m.first))) {
      capacityEnd = m.last;
      ctx.capacities ??= [];
      ctx.capacities.push({ metric: resolved.metric, low: m.low, high: m.high });
      continue;
    }
    if (
      spec.verbSet.size > 0 &&
      !supplyStated(tokens, m, resolved.nounEnd, spec) &&
      !(previous?.supplies && !ctx.supplies && !ctx.uses)
    )
      continue;
    // "92 soldiers per day" is a rate, no count; a supply's rate ("1 million rounds each month") is its flow, and counts.
    if (
      !(spec.verbSet.size > 0 && ctx.supplies) &&
      RATE.test(tokens[resolved.nounEnd + 1]?.lower ?? '') &&
      TIME_UNITS.has(tokens[resolved.nounEnd + 2]?.lower ?? '')
    )
      continue;
    // "recruited 18,000 foreigners ..., and at least 3,388 of them have been killed": a part of a count just found another party's.
    if (ctx.othersFigures && tokens[m.last + 1]?.lower === 'of' && REFERRING_WHOLE.has(tokens[m.last + 2]?.lower ?? ''))
      continue;
    if (countsOthersToo(tokens, m, resolved.nounEnd, topic, norm)) {
      ctx.addOthersFigure(m.high);
      continue;
    }
    // "5 killed, 55 injured": an outcome word is no noun of people.
    const outcomeWord = !spec.personnel && phraseEndingAt(tokens, resolved.nounEnd, topic.predicates) !== null;
    const bare = resolved.nounEnd === m.last || outcomeWord || OTHERS_WORDS.has(tokens[resolved.nounEnd]?.lower ?? '');
    // "The strike, using North Korean missiles, left 25 dead": the actor named only as a weapon's maker; the dead are its victims.
    if (
      ctx.actor &&
      bare &&
      !spec.personnel &&
      !isDeployment(topic, resolved.metric) &&
      actorOnlyAsMaker(tokens, norm, topic)
    )
      continue;
    // "a missile that struck Kharkiv, killing two people and injuring more than 60": a strike's victims, counted as people.
    if (bare && ctx.actor && STRIKE.test(norm) && countsPeople(tokens)) continue;
    // "Russia's 155th Marine Brigade was withdrawn. The brigade lost 800 men ... alongside North Korean units": the
    // unit the sentence before named, when that one named another party and not the actor.
    if (
      ctx.actor &&
      previous?.other &&
      !previous.actor &&
      ownUnitLoses(tokens, m, true) &&
      !topic.actor.test(norm.slice(0, tokens[lossSubjectAt(tokens, m)]!.start))
    ) {
      ctx.addOthersFigure(m.high);
      continue;
    }
    // "... signed up 150,000 inmates. Of them, about 20,000 have been killed", "... shot down 110 drones. It said 43 of
    // them were destroyed", "17 Japanese citizens ... North Korea says eight of them have died": "them" are what the
    // sentence before counted last, when that was no figure of the topic.
    if (
      previous &&
      !previous.lastMetric &&
      (/^of (?:them|those|these)\b/i.test(norm) ||
        (tokens[m.last + 1]?.lower === 'of' && REFERRING_WHOLE.has(tokens[m.last + 2]?.lower ?? ''))) &&
      // "people" are no one of the actor's unless the sentence that counted them named the actor.
      lastCountIsOfThings(previous.tokens, previous.numbers, topic, !previous.actor)
    )
      continue;
    // A count with no noun of its own ("5 killed", "36 people were injured") in a sentence that neither
    // names the actor nor refers back to it is someone else's (a strike's victims), unless no other party
    // is named either; "people" are never the actor's without it.
    if (!ctx.actor) {
      // "We lost 12 men", "His own unit lost 4 men", "The paratroopers lost 260 men ..., the Russian division ...": the speaker's or another unit's own loss.
      if (ownUnitLoses(tokens, m, ctx.other || (previous?.other ?? false))) {
        ctx.addOthersFigure(m.high);
        continue;
      }
      // "..., Tarnavskyi said of the Russian units", "We took 19 prisoners, all of them Russian": whose the counts are.
      if (othersReferredTo(topic).test(norm)) continue;
      // "The unit said 40 of its marines were killed": the unit's own people.
      if (
        UNIT_SUBJECT.test(norm) &&
        tokens[m.last + 1]?.lower === 'of' &&
        /^(?:its|their)$/.test(tokens[m.last + 2]?.lower ?? '')
      ) {
        ctx.addOthersFigure(m.high);
        continue;
      }
      // "We lost 16 fighters ..., and 40 were wounded": the rest of that unit's toll.
      if (bare && ctx.othersFigures) continue;
      // "their company of 120 men", "one Russian regiment was down to 150 men": a unit's strength, in a sentence not about the actor.
      if (UNIT_BEFORE.test(norm.slice(tokens[Math.max(0, m.first - 5)]!.start, tokens[m.first]!.start))) continue;
      // "The brigade's own losses were 7 killed": its own.
      if (OWN_LOSSES.test(norm)) continue;
      // "They lost 1,190 personnel" after a sentence that does not name the actor either: they are whoever that one named.
      if (previous && !previous.actor && /^(?:they|it)$/.test(tokenAt(tokens, lossSubjectAt(tokens, m))?.lower ?? '')) {
        ctx.addOthersFigure(m.high);
        continue;
      }
      // "Moscow's forces pushed west. They have captured 11 settlements, and their losses exceed 6,000 men": "they"
      // are the subject of the sentence before when that is another party.
      if (
        previous &&
        !previous.actor &&
        THEY_OPENS.test(norm) &&
        previous.other &&
        opensWithOther(previous.sentence.norm, topic)
      )
        continue;
      // "Of them, about 20,000 have been killed" after a sentence that counted only another party's people.
      if (previous?.othersFigures && !previous.lastMetric && /^of (?:them|those|these)\b/i.test(norm)) continue;
      // "Air defences downed 54 of the drones, and 22 were lost": a bare count goes on counting what the one before counted.
      if (bare && countsOfThingsBefore(tokens, ctx.numbers, m, topic)) continue;
      const next = tokens[skipPostQualifier(tokens, m.last + 1)]?.lower ?? '';
      // "24 people have been killed and another 115 injured": the second count is of the same people, even
      // in a sentence that refers back ("when three people were killed and 64 others were injured, he said").
      if (bare && !PEOPLE_WORDS.has(next) && countsPeople(tokens) && !PART_OF_THEM.test(norm)) continue;
      // "The number of dead and missing people is estimated at 1,100": people, named before the count, are not soldiers.
      if (namesPeopleBefore(tokens, m.first)) continue;
      // "as many as 1,500 people may have died": people, counted in a sentence that neither names the actor nor refers back.
      if (
        !ctx.refersBack &&
        ((bare && ctx.other && othersUpTo(norm, tokens[m.last]!.end, topic)) || PEOPLE_WORDS.has(next))
      )
        continue;
      // "They said three people were killed in Kyiv": who speaks is no reference to the actor's people.
      if (ctx.refersBack && bare && PEOPLE_WORDS.has(next) && THEY_SAY.test(norm) && !PART_OF_THEM.test(norm)) continue;
    }
    // The destination may come from the sentence before only when this one continues it: it
    // describes a movement ("sent", "deployed") or refers back ("the latest deployment").
    // A supply that needs its recipient named may still take the text's, when the actor ships it ("Pyongyang has sent over 100 ballistic missiles").
    const borrowsDestination =
      (spec.destinationInSentence
        ? destinationSeen &&
          (ctx.actor || (ctx.sinceActor === 1 && (previous?.supplies ?? false))) &&
          ctx.supplies &&
          !ctx.uses
        : ((previous?.destination ?? false) && (ctx.movement || ctx.refersBack)) ||
          (destinationSeen &&
            (ctx.actor ||
              ctx.refersBack ||
              ctx.sinceActor === 1 ||
              (ctx.sinceActor <= 3 && LIST_ITEM_OR_ROW.test(norm))) &&
            (ctx.movement || ctx.pointsBackToPlace) &&
            !ctx.namesPlaceOtherThanDestination)) && !ctx.namesAnotherPlace;
    if (spec.needsDestination && !ctx.destination && !borrowsDestination) continue;
    // "could mobilise 200,000 special forces in a war on the peninsula": a war at home, not the tracked one.
    if (
      spec.needsDestination &&
      WAR_AT_HOME.test(norm) &&
      !topic.destination.test(norm.replace(GENERIC_WAR_WORDS, ' '))
    )
      continue;
    // "a funeral for 20 soldiers who died in a training accident near Pyongyang": an outcome at home, not at war.
    if (!spec.needsDestination && !ctx.destination && AT_HOME.test(norm)) continue;
    // "14 North Korean pilots killed in the air war against the United States": the losses of another war.
    if (
      !spec.needsDestination &&
      WAR_AT_HOME.test(norm) &&
      !topic.destination.test(norm.replace(GENERIC_WAR_WORDS, ' '))
    )
      continue;
    // "sent about 200 pilots to North Vietnam, where at least 14 of them were killed": losses of another war.
    if (!spec.needsDestination && !ctx.destination && ctx.actor && ctx.namesAnotherPlace) continue;
    // "Drills Involve 21,000 Soldiers", "a parade of some 13,000 troops": people at an exercise or a parade at home.
    if (isDeployment(topic, resolved.metric) && EXERCISE_OR_PARADE_BEFORE.test(clauseBefore)) continue;
    // "as many as 1,500 people may have died or gone missing": people, in a sentence of no war and no military, are no soldiers.
    if (
      ctx.actor &&
      !spec.needsDestination &&
      !ctx.destination &&
      !previous?.destination &&
      PEOPLE_WORDS.has(tokens[m.last + 1]?.lower ?? '') &&
      !tokens.some((t) => MILITARY_WORDS.has(t.lower) || LOSS_VERBS.has(t.lower))
    )
      continue;
    if (spec.needsDestination && sentElsewhere(tokens, resolved.nounEnd, topic, sentence.headline)) continue;
    // "has about 40,000 soldiers, some of whom have been sent": the army a part was sent from ("sent 11,000, some of whom died" is the deployment).
    if (
      isPeopleSent(topic, resolved.metric) &&
      POSSESSION.has(verbBefore(tokens, m)?.lower ?? '') &&
      partSentFrom(tokens, resolved.nounEnd)
    )
      continue;
    // "withdrawing some 3,000 troops": people taken away, not sent; "commands roughly 28,500 troops": a force led, not sent.
    if (isPeopleSent(topic, resolved.metric) && NOT_SENDING.has(verbBefore(tokens, m)?.lower ?? '')) continue;
    if (isOtherParty(tokens, m, resolved.nounEnd, topic, sentence.norm) || exchangedEach(tokens, resolved.nounEnd)) {
      ctx.addOthersFigure(m.high);
      continue;
    }
    if (
      spec.recipientPattern &&
      (sentToOthersOnly(contrastedPart(norm, tokens[m.first]!.start), spec.recipientPattern, topic) ||
        receivedByOther(clauseBefore, spec.recipientPattern, topic))
    )
      continue;
    const casualtyLike = spec.predicates.length > 0;
    const plannedCue = !casualtyLike && isPlanned(tokens, m, resolved.nounEnd, sentence.norm);
    const status: Status = plannedCue ? 'planned' : 'actual';
    const sameMetricBefore = out.some((d) => d.metric === resolved.metric);
    let scope: Scope =
      resolved.additional ||
      (isAdditionalBefore(tokens, m) && (out.length === 0 || sameMetricBefore)) ||
      ADDITIONAL_PERIOD.test(clauseAround(norm, tokens, m))
        ? 'additional'
        : spec.scope;
    // "..., bringing its total to about 14,000": the sum, whatever period the increment before it covers.
    if (scope === 'additional' && totalRaisedTo(tokens, m.first)) scope = 'total';
    // A planned dispatch of another kind of personnel (workers, sappers) is a new tranche; planned troops are a total unless said otherwise.
    if (
      status === 'planned' &&
      spec.needsDestination &&
      !spec.personnel &&
      !/\b(?:a total of|in total|in all)\b/i.test(sentence.norm)
    )
      scope = 'additional';
    const draft: Draft = {
      metric: resolved.metric,
      low: m.low,
      high: m.high,
      qualifier: m.range ? 'range' : qualifierOf(tokens, m, norm),
      status,
      scope,
      attribution: null,
      when: null,
      quote: sentence.text.trim(),
      figureText: sentence.text.slice(tokens[m.first]!.start, tokens[m.last]!.end),
      statusExplicit: plannedCue,
      headline: sentence.headline,
      rolelessNoun: namesNoRole(tokens[resolved.nounEnd], topic),
      restates: m.low === m.high && bare,
      clauseEnd: clauseEnd(norm, tokens[m.last]!.end),
      position: tokens[m.first]!.start,
      settled: false,
    };
    out.push(draft);
  }
  return out;
}

const UNITS_OF_A_FORCE = new Set([
  'battalion',
  'company',
  'unit',
  'group',
  'brigade',
  'regiment',
  'division',
  'squad',
  'platoon',
  'team',
  'detachment',
  'force',
  'corps',
]);

/** "battalions of", "groups of", "each battalion of": units named in the plural or one at a time. */
function isUnitSize(tokens: readonly Token[], i: number): boolean {
  const w = tokens[i]?.lower ?? '';
  const quantifier = tokenAt(tokens, i - 1)?.lower;
  // "groups of 20, 40 or even 60 men" are sizes; "two divisions of 10,000 troops" is a force.
  if ((w.endsWith('s') && UNITS_OF_A_FORCE.has(w.slice(0, -1))) || w === 'companies')
    return tokenAt(tokens, i - 1)?.kind !== 'num' && readNumber(tokens, i - 1) === null;
  return UNITS_OF_A_FORCE.has(w) && (quantifier === 'each' || quantifier === 'every' || quantifier === 'per');
}

const TOKENS_OF_THE_DEAD = new Set([
  'cards',
  'card',
  'portraits',
  'photos',
  'photographs',
  'pictures',
  'coffins',
  'graves',
  'passports',
  'ids',
]);

/** Dates, years, times, ordinals, percentages and sums of money are never counts. */
/** "swap 390 prisoners each", "307 prisoners on each side": an exchange between two other parties. */
function exchangedEach(tokens: readonly Token[], nounEnd: number): boolean {
  if (!EXCHANGED_PEOPLE.has(tokens[nounEnd]?.lower ?? '')) return false;
  // "a swap of 115 prisoners for 115"
  if (
    tokenAt(tokens, nounEnd - 1)?.kind === 'num' &&
    tokenAt(tokens, nounEnd - 2)?.lower === 'of' &&
    /^(?:swap|swaps|exchange|exchanges)$/.test(tokenAt(tokens, nounEnd - 3)?.lower ?? '')
  )
    return true;
  // "the exchange of 1,000 prisoners of war for 1,000 prisoners of war": both sides of it.
  for (let k = nounEnd - 1; k >= nounEnd - 3 && k >= 2; k--) {
    if (tokens[k]!.kind !== 'num') continue;
    if (tokens[k - 1]!.lower === 'of' && SWAP_WORDS.test(tokens[k - 2]!.lower)) return true;
    if (tokens[k - 1]!.lower === 'for')
      for (let j = k - 2; j >= Math.max(0, k - 9); j--) if (SWAP_WORDS.test(tokens[j]!.lower)) return true;
  }
  // "Ukraine and Russia each returned 1,000 prisoners"
  for (let k = nounEnd - 1; k >= nounEnd - 4 && k >= 2; k--)
    if (
      tokens[k]!.kind === 'num' &&
      tokens[k - 2]!.lower === 'each' &&
      /^(?:returned|released|freed|exchanged|swapped|handed)$/.test(tokens[k - 1]!.lower)
    )
      return true;
  const next = tokens[nounEnd + 1]?.lower;
  // "each" ending the phrase, never "each month"
  if (next === 'each') return tokens[nounEnd + 2]?.kind !== 'word';
  return (
    (next === 'on' || next === 'from' || next === 'for') &&
    tokens[nounEnd + 2]?.lower === 'each' &&
    tokens[nounEnd + 3]?.lower === 'side'
  );
}

const SWAP_WORDS = /^(?:swap|swaps|exchange|exchanges)$/;

/** A number up to a hundred, in digits or words ("four", "3"), not followed by a unit of time ("two weeks"). */
function isSmallNumberWord(token: Token | undefined, next: Token | undefined): boolean {
  if (token === undefined || TIME_UNITS.has(next?.lower ?? '') || /^(?:days|hours|minutes)$/.test(next?.lower ?? ''))
    return false;
  return (
    (token.kind === 'num' && /^\d{1,2}$/.test(token.text)) || (token.kind === 'word' && NUMBER_WORDS.has(token.lower))
  );
}

const EXCHANGED_PEOPLE = new Set(['prisoners', 'pows', 'captives', 'war', 'bodies']);
const ON_WHOM = new Set(['on', 'upon', 'among']);
const PARTY_PEOPLE = new Set([
  'troops',
  'forces',
  'soldiers',
  'units',
  'army',
  'side',
  'servicemen',
  'personnel',
  'defenders',
]);

/** "as casualties pass 5,000": the word after the noun is a verb, not a preposition or a mark. */
function opensClause(tokens: readonly Token[], i: number, topic: Topic): boolean {
  const noun = phraseAt(tokens, i + 1, topic.nouns) ?? phraseAt(tokens, i + 1, topic.predicates);
  if (!noun) return false;
  const next = tokens[noun.end + 1];
  return next?.kind === 'word' && !NP_STOP.has(next.lower) && !/^(?:and|or)$/.test(next.lower);
}
const VAGUE_AMOUNTS = new Set(['several', 'hundreds', 'thousands', 'dozens']);
const BE_FORMS = new Set(['be', 'is', 'are', 'was', 'were', 'been']);

function isNotACount(tokens: readonly Token[], m: NumberMention): boolean {
  const first = tokens[m.first]!;
  const lastTok = tokens[m.last]!;
  const before = tokenAt(tokens, m.first - 1);
  const after = tokens[m.last + 1];
  // "10:30", "12/02/2016": a colon or slash joined to digits on both sides.
  if (
    before &&
    (before.text === '/' || before.text === ':') &&
    adjacent(before, first) &&
    tokenAt(tokens, m.first - 2)?.kind === 'num' &&
    adjacent(tokenAt(tokens, m.first - 2), before)
  )
    return true;
  if (
    after &&
    (after.text === '/' || after.text === ':') &&
    adjacent(lastTok, after) &&
    tokens[m.last + 2]?.kind === 'num' &&
    adjacent(after, tokens[m.last + 2])
  )
    return true;
  if (before && (before.text === '$' || before.text === '€' || before.text === '£' || before.text === '#')) return true;
  if (after && after.text === '%') return true;
  if (after && after.start === lastTok.end && /^(?:st|nd|rd|th|s)$/.test(after.lower)) return true;
  if (
    after &&
    (after.lower === 'percent' ||
      after.lower === 'pct' ||
      (after.lower === 'per' && tokens[m.last + 2]?.lower === 'cent'))
  )
    return true;
  if (before && MONTHS.has(before.lower)) return true;
  // "one killed for every three wounded": a ratio.
  if (before?.lower === 'every') return true;
  // "One in four North Korean soldiers": a share, of small numbers (never "4,000 in 2025", "1,000 in two weeks").
  if (m.high <= 10 && after?.lower === 'in' && isSmallNumberWord(tokens[m.last + 2], tokens[m.last + 3])) return true;
  if (m.high <= 100 && before?.lower === 'in' && isSmallNumberWord(tokenAt(tokens, m.first - 2), tokens[m.last + 1]))
    return true;
  if (m.high < 100 && isAgeAt(tokens, m.first)) return true;
  const of = ofBeforeCount(tokens, m.first);
  if (of > 0) {
    // "each battalion of about 500 soldiers", "groups of 20, 40 or even 60 men": the size of a unit, not of the force.
    if (isUnitSize(tokens, of - 1)) return true;
    // "identification cards of three soldiers killed", "portraits of 101 fallen": things shown, one for each.
    if (TOKENS_OF_THE_DEAD.has(tokenAt(tokens, of - 1)?.lower ?? '')) return true;
  }
  // "one of the captured soldiers", "one of several soldiers captured": a person picked out of a group.
  if (
    m.low === 1 &&
    after?.lower === 'of' &&
    (/^(?:the|those|these|them|several|many|its|their)$/.test(tokens[m.last + 2]?.lower ?? '') ||
      tokens[m.last + 2]?.kind === 'num' ||
      NUMBER_WORDS.has(tokens[m.last + 2]?.lower ?? ''))
  )
    return true;
  // "a child aged 12", "all but one were killed", "a 19-year-old soldier": an age, or everyone else.
  if (before?.lower === 'but' && tokenAt(tokens, m.first - 2)?.lower === 'all') return true;
  if (after?.text === '-' && tokens[m.last + 2]?.lower.startsWith('year-old')) return true;
  if (after?.lower === 'years' && tokens[m.last + 2]?.lower === 'old') return true;
  if (isAgeAt(tokens, m.first)) return true;
  // "they are 31 and 33 years old": the first of two ages.
  if (
    (after?.lower === 'and' || after?.lower === 'or' || after?.lower === 'to') &&
    tokens[m.last + 2]?.kind === 'num' &&
    tokens[m.last + 3]?.lower === 'years' &&
    tokens[m.last + 4]?.lower === 'old'
  )
    return true;
  // "2024-11-06": a date written with hyphens.
  if (
    first.kind === 'num' &&
    /^\d{1,2}$/.test(first.text) &&
    before?.text === '-' &&
    adjacent(before, first) &&
    /^(?:19|20)\d\d$|^\d{1,2}$/.test(tokenAt(tokens, m.first - 2)?.text ?? '') &&
    adjacent(tokenAt(tokens, m.first - 2), before)
  ) {
    return (
      /^(?:19|20)\d\d$/.test(tokenAt(tokens, m.first - 2)!.text) ||
      (tokenAt(tokens, m.first - 3)?.text === '-' && /^(?:19|20)\d\d$/.test(tokenAt(tokens, m.first - 4)?.text ?? ''))
    );
  }
  if (before?.text === '.' && MONTHS.has(tokenAt(tokens, m.first - 2)?.lower ?? '')) return true;
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
function nounPhraseAfter(
  tokens: readonly Token[],
  start: number,
  topic: Topic,
  maxModifiers = MAX_NP_MODIFIERS,
): { metric: string; start: number; end: number; modifiers: string[]; joinedAt?: number } | null {
  const modifiers: string[] = [];
  for (let i = start; i < tokens.length && modifiers.length <= maxModifiers; i++) {
    const noun = nounAt(tokens, i, topic);
    // A literal rather than a spread of `noun`: this runs for every token of every noun phrase tried.
    if (noun) return { metric: noun.metric, end: noun.end, start: i, modifiers };
    const t = tokens[i]!;
    // A quoted figure ("more than a thousand" soldiers): the closing quote does not end the phrase.
    if (t.text === '"' && i === start) continue;
    // "1,500 N. Korean troops": the full stop of an initial.
    if (t.text === '.' && /^[A-Z]$/.test(tokenAt(tokens, i - 1)?.text ?? '') && tokenAt(tokens, i - 1)!.end === t.start)
      continue;
    // "6,000 engineering and construction personnel": modifiers joined before one noun.
    if (t.lower === 'and' && modifiers.length > 0) {
      const rest = nounPhraseAfter(tokens, i + 1, topic, 2);
      return rest ? { ...rest, modifiers: [...modifiers, 'and', ...rest.modifiers], joinedAt: i } : null;
    }
    // "4.9 million 152mm shells": a calibre describes the noun.
    if (t.kind === 'num' && modifiers.length < maxModifiers) {
      const mm =
        tokens[i + 1]?.lower === 'mm'
          ? i + 1
          : tokens[i + 1]?.text === '-' && tokens[i + 2]?.lower === 'mm'
            ? i + 2
            : -1;
      if (mm > 0) {
        modifiers.push(`${t.text}mm`);
        i = mm;
        continue;
      }
    }
    if (t.kind !== 'word' || NP_STOP.has(t.lower) || NOT_COUNTS.has(t.lower) || readNumber(tokens, i)) return null;
    modifiers.push(t.lower);
  }
  return null;
}

/**
 * The outcome verb whose subject is the counted noun: the first within the window and the clause,
 * stopping where a new clause or another count begins ("11,000 troops were sent to Russia, where
 * hundreds have been killed" has none). "About to be captured" is not an outcome.
 */
function predicateIn(
  tokens: readonly Token[],
  from: number,
  to: number,
  topic: Topic,
): { metric: string; end: number } | null {
  for (let i = from; i <= to && i < tokens.length; i++) {
    const t = tokens[i]!;
    if (
      t.text === ';' ||
      t.text === '.' ||
      t.text === ':' ||
      t.text === '|' ||
      t.lower === 'but' ||
      t.lower === 'while' ||
      t.lower === 'whereas'
    )
      return null;
    if (t.text === ',' && CLAUSE_OPENERS.has(tokens[i + 1]?.lower ?? '')) return null;
    // "12,000 soldiers ..., of which they lost more than 4,000": what follows counts a part of them.
    if (
      (t.lower === 'of' || t.lower === 'among') &&
      /^(?:which|whom|them|these|those)$/.test(tokens[i + 1]?.lower ?? '')
    )
      return null;
    // "killed 24 people, injured 115 others": a verb right after a comma is the sentence's next verb, not this count's.
    if (t.text === ',' && i > from && phraseAt(tokens, i + 1, topic.predicates)) return null;
    // "Two North Korean soldiers, aged 20 and 26, were captured": ages stand between the count and its outcome.
    if (i > from && t.kind === 'num' && !isAgeAt(tokens, i)) return null;
    // "sends 4,000 more troops to Russia as casualties pass 5,000": the outcome opens a clause of its own.
    // "sends 4,000 more troops to Russia as casualties pass 5,000": "as" opens a clause with its own verb.
    if (t.lower === 'as' && i > from && opensClause(tokens, i, topic)) return null;
    // "12.000 soldiers in Russia, "several hundred" dead": the outcome is of a vaguer count, not this one.
    if (i > from && VAGUE_AMOUNTS.has(t.lower)) return null;
    // "capturing these two men ... and estimated that others have been killed": the outcome is the others'.
    if (i > from && t.lower === 'others') return null;
    // "11,000 troops, Zelensky said, adding that Russia had lost 600,000": another party's outcome, or another statement.
    if (i > from && t.lower === 'adding') return null;
    if (
      i > from &&
      topic.otherWords.has(t.lower) &&
      !PLACE_OR_PARTNER_BEFORE.has(tokens[i - 1]?.lower ?? '') &&
      (phraseAt(tokens, i + 1, topic.predicates) ||
        (AUXILIARIES.has(tokens[i + 1]?.lower ?? '') && phraseAt(tokens, i + 2, topic.predicates)))
    )
      return null;
    const predicate = phraseAt(tokens, i, topic.predicates);
    // "to restore the infrastructure destroyed by the enemy": a participle that tells of the thing just named.
    if (predicate && i > from + 1 && tokens[i - 2]!.lower === 'the' && namesAThing(tokens, i - 1, topic)) return null;
    // "sent 11,000 troops, lost over 4,000 of them": a verb with a count of its own after it is that count's
    // (never "killed 2 weeks ago", "killed 10 km from Sudzha").
    if (
      predicate &&
      i > from &&
      /(?:ed|lost)$/.test(tokens[predicate.end]!.lower) &&
      countFollows(tokens, predicate.end + 1, topic)
    )
      return null;
    if (predicate && !intended(tokens, i)) {
      if (
        tokenAt(tokens, i - 1)?.lower === 'be' &&
        tokenAt(tokens, i - 2)?.lower === 'to' &&
        tokenAt(tokens, i - 3)?.lower === 'about'
      )
        return null;
      return joinedPredicate(tokens, predicate, topic) ?? predicate;
    }
  }
  return null;
}

/**
 * The noun at `at` is a topic noun in the singular ("prisoner", whose plural the topic counts) and a plural noun
 * of something else follows it ("prisoner exchanges"): it names the kind, the count is of the other noun.
 */
function modifiesNextNoun(tokens: readonly Token[], at: number, topic: Topic): boolean {
  const noun = tokens[at];
  const next = tokens[at + 1];
  if (noun === undefined || next === undefined || next.kind !== 'word' || !/^[a-z]{4,}s$/.test(next.text)) return false;
  if (
    AUXILIARIES.has(next.lower) ||
    nounAt(tokens, at + 1, topic) !== null ||
    phraseAt(tokens, at + 1, topic.predicates)
  )
    return false;
  return [`${noun.lower}s`, `${noun.lower}es`].some((plural) =>
    topic.nouns.get(plural)?.some((p) => p.words.length === 1),
  );
}

/** A lower-case noun that is no one the topic counts ("infrastructure", "bridge"): not people, not a noun of the topic. */
function namesAThing(tokens: readonly Token[], i: number, topic: Topic): boolean {
  const t = tokens[i]!;
  return (
    t.kind === 'word' &&
    /^[a-z]{3,}$/.test(t.text) &&
    !PEOPLE_WORDS.has(t.lower) &&
    !OTHERS_WORDS.has(t.lower) &&
    !topic.otherWords.has(t.lower) &&
    nounAt(tokens, i, topic) === null &&
    phraseAt(tokens, i, topic.predicates) === null
  );
}

/** A count of people starts at `from` (past its qualifier): "over 4k of them", "4,000 soldiers", "4,000,". */
function countFollows(tokens: readonly Token[], from: number, topic: Topic): boolean {
  const start = afterQualifier(tokens, from);
  const count = tokens[start]?.kind === 'num' ? readNumber(tokens, start) : null;
  if (!count) return false;
  const at = count.last + 1;
  const next = tokens[at];
  return (
    next === undefined ||
    next.kind !== 'word' ||
    next.lower === 'of' ||
    PEOPLE_WORDS.has(next.lower) ||
    OTHERS_WORDS.has(next.lower) ||
    nounAt(tokens, at, topic) !== null
  );
}

/** A dash set apart by spaces, as written or as normalizeChars leaves one before a word (" , "). */
function spacedDashAt(tokens: readonly Token[], at: number): boolean {
  const mark = tokens[at];
  if (mark === undefined || at === 0 || mark.start <= tokens[at - 1]!.end) return false;
  return mark.text === '-' || mark.text === ',';
}

/** "have died or have been wounded": two outcomes joined, counted as the metric the topic combines them into. */
function joinedPredicate(
  tokens: readonly Token[],
  first: { metric: string; end: number },
  topic: Topic,
): { metric: string; end: number } | null {
  const link = tokens[first.end + 1]?.lower;
  // "Over 6,000 Killed, Wounded In Kursk", "killed, wounded or captured": outcomes listed with a comma.
  if (link !== 'or' && link !== 'and' && link !== ',') return null;
  let i = first.end + 2;
  while (AUXILIARIES.has(tokens[i]?.lower ?? '')) i++;
  const second = phraseAt(tokens, i, topic.predicates);
  if (!second || second.metric === first.metric) return null;
  const rule = topic.combined.find((c) => c.parts.has(first.metric) && c.parts.has(second.metric));
  return rule ? { metric: rule.as, end: second.end } : null;
}

function skipPostQualifier(tokens: readonly Token[], i: number): number {
  for (const q of POST_QUALIFIERS) if (wordsAt(tokens, i, q.words)) return i + q.words.length;
  // "an 11,000-strong contingent": the count still names the noun that follows
  if (tokens[i]?.text === '-' && tokens[i + 1]?.lower === 'strong') return i + 2;
  return i;
}

/**
 * What a count measures, from the noun phrase after it or, without one, from what stands around it.
 * In three functions, not one: V8 optimises a function only once it has run a while in proportion
 * to its size, and the single function, most of it seldom run, stayed unoptimised through the first
 * several hundred articles.
 */
function resolveMetric(
  tokens: readonly Token[],
  m: NumberMention,
  topic: Topic,
  lastMetric: string | null,
  referredMetric: string | null,
): Resolved | null {
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
  // "two captured North Korean soldiers": an outcome verb among the modifiers, as a participle.
  if (np && outcomeAdjective === null && topic.metrics.get(np.metric)?.personnel) {
    for (let j = after; j < np.start && outcomeAdjective === null; j++) {
      const outcome = phraseAt(tokens, j, topic.predicates);
      if (outcome && outcome.end === j) outcomeAdjective = outcome.metric;
    }
  }
  return np
    ? metricOfNounPhrase(tokens, m, after, np, outcomeAdjective, topic)
    : metricOfBareCount(tokens, m, after, topic, lastMetric, referredMetric);
}

type NounPhrase = NonNullable<ReturnType<typeof nounPhraseAfter>>;

/** The metric of a count with a noun phrase of its own ("11,000 North Korean troops"); see resolveMetric. */
function metricOfNounPhrase(
  tokens: readonly Token[],
  m: NumberMention,
  after: number,
  np: NounPhrase,
  outcomeAdjective: string | null,
  topic: Topic,
): Resolved {
  // "half of the 4,100 wounded", "3,800 of the approximately 12,000 soldiers deployed": the whole a part is taken from.
  const lead = beforeQualifier(tokens, m.first);
  const isWhole = tokenAt(tokens, lead)?.lower === 'the' && tokenAt(tokens, lead - 1)?.lower === 'of';
  let metric = np.metric;
  let end = np.end;
  // "6,000 military construction and demining specialists": the work named first, as for "workers and sappers".
  if (np.joinedAt !== undefined) {
    const first = workOfPart(tokens, after, topic, np.joinedAt);
    const rule = first && topic.combined.find((c) => c.parts.has(first) && c.parts.has(metric) && first !== metric);
    if (rule) metric = rule.as;
  }
  const link = tokens[end + 1]?.lower;
  // "Six-Thousand More Military Engineers, Construction Workers": two kinds listed with a comma, the second capitalised (headlines).
  if (link === 'and' || link === 'or' || link === '&' || (link === ',' && /^[A-Z]/.test(tokens[end + 2]?.text ?? ''))) {
    const second = nounPhraseAfter(tokens, end + 2, topic, 2);
    const rule =
      second &&
      topic.combined.find((c) => c.parts.has(metric) && c.parts.has(second.metric) && metric !== second.metric);
    if (second && rule) {
      metric = rule.as;
      end = second.end;
    }
  }
  // "6,000 personnel, including combat engineers and military workers": the work listed decides.
  if (GENERIC_PEOPLE.has(tokens[end]!.lower)) metric = includedWork(tokens, end + 1, topic) ?? metric;
  // What happened to the people decides before the work they were sent for ("nine soldiers killed during demining").
  const counted = metric;
  // "half of the 4,100 wounded soldiers": the whole is counted by its outcome too.
  if (isWhole && outcomeAdjective && topic.metrics.get(metric)?.personnel) metric = outcomeAdjective;
  // "one of the two soldiers captured by Ukraine": a participle right after the whole is what befell it.
  else if (isWhole && topic.metrics.get(metric)?.personnel)
    metric = predicateIn(tokens, end + 1, end + 1, topic)?.metric ?? metric;
  if (!isWhole && topic.metrics.get(metric)?.personnel) {
    const enclosing = enclosingMetric(tokens, m.first, topic);
    const done = predicateBefore(tokens, m.first, topic);
    // "lost 2,000 troops killed in action": the outcome named after the people says more than "lost".
    const predicate =
      done && !LOSS_VERBS.has(tokens[done.end]!.lower)
        ? done
        : ((done ? predicateIn(tokens, end + 1, end + 1, topic) : null) ??
          predicateIn(tokens, end + 1, relativeClauseEnd(tokens, m.first, end + PREDICATE_WINDOW), topic) ??
          done);
    // "took 2 North Korean soldiers prisoner": taken, counted as the prisoners they became.
    const taken =
      /^(?:prisoner|prisoners|captive)$/.test(tokens[end + 1]?.lower ?? '') &&
      TAKE_VERBS.has(tokenAt(tokens, beforeQualifier(tokens, m.first))?.lower ?? '')
        ? nounAt(tokens, end + 1, topic)
        : null;
    if (enclosing) metric = enclosing;
    else if (taken) metric = taken.metric;
    else if (predicate) metric = predicate.metric;
    else if (outcomeAdjective) metric = outcomeAdjective;
  }
  if (metric === counted) metric = reassigned(tokens, metric, np.start, end, topic);
  const additional = np.modifiers.some((w) => ADDITIONAL_MODIFIERS.has(w)) && !np.modifiers.includes('than');
  return { metric, nounEnd: end, additional };
}

/** The metric of a count with no noun phrase after it ("Two of them", "about 300 have been killed"); see resolveMetric. */
function metricOfBareCount(
  tokens: readonly Token[],
  m: NumberMention,
  after: number,
  topic: Topic,
  lastMetric: string | null,
  referredMetric: string | null,
): Resolved | null {
  // "a 1,500-strong special operations unit": the strength of a unit is a count of its people.
  if (
    tokenAt(tokens, after - 1)?.lower === 'strong' &&
    tokenAt(tokens, after - 2)?.text === '-' &&
    topic.personnelMetric
  ) {
    for (let i = after; i < after + 4 && tokens[i]?.kind === 'word'; i++)
      if (UNITS_OF_A_FORCE.has(tokens[i]!.lower)) {
        // "a 1,000-strong team of military engineers": the people named after the unit.
        const members = tokens[i + 1]?.lower === 'of' ? nounPhraseAfter(tokens, i + 2, topic, 2) : null;
        if (members) return { metric: members.metric, nounEnd: members.end, additional: false };
        // "the 1,000-strong demining unit": the unit is named for its work.
        return {
          metric:
            workOfPart(tokens, after, topic, i) ??
            outcomeBetween(tokens, topic.personnelMetric, i + 1, i + PREDICATE_WINDOW, topic),
          nounEnd: i,
          additional: false,
        };
      }
  }
  // "• 36,574 — American service members killed in the war": a figure set before the people it counts, another
  // party's. Once normalised, a dash before a word is a comma set apart by a space (never "3,000, Ukrainian soldiers say").
  if (spacedDashAt(tokens, after) && topic.otherWords.has(tokens[after + 1]?.lower ?? '')) {
    if (nounPhraseAfter(tokens, after + 2, topic, 2)) return null;
  }
  // "5,000 containers", "152 mm", "300 construction sites": a count of something else.
  if (
    NOT_COUNTS.has(tokens[after]?.lower ?? '') ||
    (tokens[after]?.text === '-' && NOT_COUNTS.has(tokens[after + 1]?.lower ?? '')) ||
    (tokens[after]?.kind === 'word' &&
      !NP_STOP.has(tokens[after]!.lower) &&
      tokens[after + 1]?.kind === 'word' &&
      NOT_COUNTS.has(tokens[after + 1]!.lower))
  )
    return null;
  // "11,000 from North Korea have been deployed": the actor's people, counted.
  if (
    tokens[after]?.lower === 'from' &&
    topic.personnelMetric &&
    topic.actor.test(tokenText(tokens, after + 1, after + 3))
  ) {
    const predicate = predicateIn(tokens, after + 1, after + PREDICATE_WINDOW, topic);
    return { metric: predicate?.metric ?? topic.personnelMetric, nounEnd: m.last, additional: false };
  }
  // "Two of them were captured", "1,000 of the 11,000 troops deployed had been killed": past the whole, to the outcome.
  if (tokens[after]?.lower === 'of' || (tokens[after]?.lower === 'out' && tokens[after + 1]?.lower === 'of')) {
    let from = tokens[after]?.lower === 'of' ? after + 1 : after + 2;
    if (tokens[from]?.lower === 'the' || tokens[from]?.lower === 'its' || tokens[from]?.lower === 'their') from++;
    from = afterQualifier(tokens, from);
    if (partOfOthersBefore(tokens, from, m.first, topic)) return null;
    const whole = readNumber(tokens, from);
    // "3 of its 31 Abrams tanks", "46 of their artillery systems": a part of things, not of people.
    for (let i = whole ? whole.last + 1 : from; i <= (whole ? whole.last : from) + 3; i++)
      if (NOT_COUNTS.has(tokens[i]?.lower ?? '')) return null;
    // "sending over 12,000 of its soldiers": the actor's own people, counted.
    if (!whole && (tokenAt(tokens, from - 1)?.lower === 'its' || tokenAt(tokens, from - 1)?.lower === 'their')) {
      // "Russia had concentrated some 50,000 of its own troops": whose they are is the clause's subject.
      if (otherPartyLeadsClause(tokens, m.first, topic)) return null;
      const own = nounPhraseAfter(tokens, from, topic, 2);
      if (own && topic.metrics.get(own.metric)?.personnel) {
        const outcome = predicateIn(tokens, own.end + 1, own.end + PREDICATE_WINDOW, topic);
        return { metric: outcome?.metric ?? own.metric, nounEnd: own.end, additional: false };
      }
    }
    // "Pyongyang delivered 148 of the missiles": a part of the goods named, counted as they are.
    if (!whole && tokenAt(tokens, from - 1)?.lower === 'the') {
      const named = nounPhraseAfter(tokens, from, topic, 2);
      if (named && topic.metrics.get(named.metric)?.verbSet.size)
        return { metric: named.metric, nounEnd: named.end, additional: false };
    }
    const predicate = predicateIn(tokens, whole ? whole.last + 1 : from, from + PREDICATE_WINDOW, topic);
    if (predicate) return { metric: predicate.metric, nounEnd: m.last, additional: false };
    // "some 4,000 of them had arrived by November": a part of the people just named, moved.
    if (!whole && REFERRING_WHOLE.has(tokens[from]?.lower ?? '') && movedAfter(tokens, from + 1)) {
      const sent = peopleSentOf(topic, lastMetric, referredMetric);
      if (sent) return { metric: sent, nounEnd: m.last, additional: false };
    }
    // "About 8,000 of them are at the front line", "of whom some 3,000 are already in Kursk": a sub-total of the
    // people just named, by where they are.
    if (!whole && REFERRING_WHOLE.has(tokens[from]?.lower ?? '')) {
      const at = pastBeing(tokens, from + 1);
      const people = (metric: string | null): string | null =>
        metric && topic.metrics.get(metric)?.personnel ? metric : null;
      const metric = people(lastMetric) ?? people(referredMetric);
      if (metric && PLACE_PREPOSITIONS.has(tokens[at]?.lower ?? '') && at > from + 1)
        return { metric, nounEnd: m.last, additional: false };
    }
    // "about 7,500 of the North Korean soldiers are concentrated now in the Kursk region": a sub-total by place.
    if (!whole && tokenAt(tokens, from - 1)?.lower === 'the') {
      const named = nounPhraseAfter(tokens, from, topic, 3);
      if (named && topic.metrics.get(named.metric)?.personnel) {
        let at = pastBeing(tokens, named.end + 1);
        if (KEPT_OR_MOVED.has(tokens[at]?.lower ?? '') || tokens[at]?.lower === 'concentrated')
          at = pastBeing(tokens, at + 1);
        if (at > named.end + 1 && PLACE_PREPOSITIONS.has(tokens[at]?.lower ?? ''))
          return { metric: named.metric, nounEnd: named.end, additional: false };
      }
    }
    // "4,000 of them working in construction", "1,000 of these troops will be mine clearance specialists": the part sent for other work.
    const work = workOfPart(tokens, whole ? whole.last + 1 : from, topic);
    if (work) return { metric: work, nounEnd: m.last, additional: false };
    // "It sent 15,000 of them": a part of the people just named, moved by the subject.
    if (
      !whole &&
      REFERRING_WHOLE.has(tokens[from]?.lower ?? '') &&
      MOVED.has(tokenAt(tokens, beforeQualifier(tokens, m.first))?.lower ?? '')
    ) {
      const sent = peopleSentOf(topic, lastMetric, referredMetric);
      if (sent) return { metric: sent, nounEnd: m.last, additional: false };
    }
    // "Ukraine has captured two of them": the outcome verb before the part.
    const done = predicateBefore(tokens, m.first, topic);
    return done ? { metric: done.metric, nounEnd: m.last, additional: false } : null;
  }
  // "a force of 11 or 12,000", "losses of up to 4,000": the count of the group or outcome named just before it.
  const named = nounOfCount(tokens, m.first, topic);
  if (named && namesNothingCounted(tokens[after])) {
    return {
      metric: outcomeBetween(tokens, named, after, after + PREDICATE_WINDOW, topic),
      nounEnd: m.last,
      additional: false,
    };
  }
  // "a division of builders, two brigades - 5,000 people": a count set apart by a dash restates what was just named.
  // Its qualifier stands between ("additional forces - up to 3,000").
  const dashAt = beforeQualifier(tokens, m.first);
  const dash = tokenAt(tokens, dashAt);
  if (
    dash?.text === '-' &&
    dash.start > (tokenAt(tokens, dashAt - 1)?.end ?? -1) &&
    namesNothingCounted(tokens[after])
  ) {
    const referenced = nounBefore(tokens, m.first, topic);
    if (referenced) return { metric: referenced.metric, nounEnd: m.last, additional: referenced.additional };
  }
  // "15,000 personnel have been sent - including 11,000 last year": a part of the total, of its kind.
  if (cueBefore(tokens, m.first).includes('including') && namesNothingCounted(tokens[after])) {
    const whole = lastMetric ?? nounBefore(tokens, m.first, topic)?.metric;
    if (whole) return { metric: whole, nounEnd: m.last, additional: false };
  }
  // "Killed | 3,200+ |": a table row named by its first cell.
  if (tokenAt(tokens, m.first - 1)?.text === '|' && m.first <= 4) {
    const label =
      phraseEndingAt(tokens, m.first - 2, topic.predicates) ?? phraseEndingAt(tokens, m.first - 2, topic.nouns);
    if (label && tokens.slice(0, m.first - 1).every((t) => t.kind === 'word' || t.text === '|'))
      return { metric: label.metric, nounEnd: m.last, additional: false };
  }
  // "Troops sent, first wave (Oct.-Dec. 2024) | 11,000-12,000 | NIS", "Killed | about 600 | NIS": the second cell's
  // count is of what the first cell names first.
  const cell = beforeQualifier(tokens, m.first);
  if (tokenAt(tokens, cell)?.text === '|' && namesNothingCounted(tokens[after]) && firstCellEndsAt(tokens, cell)) {
    for (let i = 0; i < cell; i++) {
      const label = phraseAt(tokens, i, topic.predicates) ?? phraseAt(tokens, i, topic.nouns);
      if (label) return { metric: label.metric, nounEnd: m.last, additional: false };
    }
  }
  // "killed 77 and wounded 40 North Korean soldiers", "wounding 47 others": the outcome verb before a count with no noun.
  const before = predicateBefore(tokens, m.first, topic);
  // Only where another party does it to the actor's people ("Ukrainian drones killed 77"); what the actor's weapons did to others is not counted.
  // No noun of its own: what follows is punctuation, "others", or a word that cannot start a noun phrase ("injured another 47 over three days").
  const bare =
    tokens[after]?.kind !== 'word' ||
    OTHERS_WORDS.has(tokens[after]!.lower) ||
    NP_STOP.has(tokens[after]!.lower) ||
    ADVERBS_AFTER_COUNT.has(tokens[after]!.lower);
  // Who "lost" a count lost it themselves: only the actor's own loss is the actor's.
  const lossVerb = before !== null && LOSS_VERBS.has(tokens[before.end]!.lower);
  if (
    before &&
    bare &&
    (lossVerb ? actorLoses(tokens, m.first, before.end, topic) : otherPartyActs(tokens, m.first, topic))
  ) {
    return {
      metric: before.metric,
      nounEnd: OTHERS_WORDS.has(tokens[after]?.lower ?? '') ? after : m.last,
      additional: false,
    };
  }
  // "about 6,000 have been killed, wounded or captured", "4,000 people have died"
  const predicate = predicateIn(tokens, after, after + 5, topic);
  if (predicate && !crossesNumber(tokens, after, predicate.end))
    return { metric: predicate.metric, nounEnd: m.last, additional: false };
  // "Of these, about 600 were deaths": the outcome named as what the count was.
  if (BE_FORMS.has(tokens[after]?.lower ?? '')) {
    const outcome = nounAt(tokens, after + 1, topic);
    const spec = outcome && topic.metrics.get(outcome.metric);
    if (
      outcome &&
      spec &&
      !spec.personnel &&
      !spec.needsDestination &&
      spec.predicates.length > 0 &&
      spec.verbSet.size === 0
    )
      return { metric: outcome.metric, nounEnd: m.last, additional: false };
  }
  // "Russia-bound North Korean troops: 10,000", "NK troops: 3,000 more sent": a count after a colon is of what the words before it name.
  // Its qualifier may stand between ("... in Russia: about 11,000").
  const colon = beforeQualifier(tokens, m.first);
  if (tokenAt(tokens, colon)?.text === ':') {
    const referenced = firstNounBetween(tokens, clauseStart(tokens, colon, 20), colon, topic);
    if (referenced)
      return {
        metric: referenced.metric,
        nounEnd: m.last,
        additional: referenced.additional || ADDITIONAL_MODIFIERS.has(tokens[after]?.lower ?? ''),
      };
  }
  // "12,000 has arrived", "3,000 were deployed": a bare count of people moved, of the figure just named or else of the actor's personnel.
  // People moved are sent, not an outcome: "2,000 were wounded ... after 11,000 were sent" counts troops.
  if (!PEOPLE_WORDS.has(tokens[after]?.lower ?? '') && movedAfter(tokens, after)) {
    const sent = (metric: string | null): string | null => (metric && isPeopleSent(topic, metric) ? metric : null);
    // "2,000 who were sent to the front were killed": the outcome past the relative clause.
    const outcome =
      tokens[after]?.lower === 'who' ? predicateIn(tokens, after + 2, after + PREDICATE_WINDOW, topic) : null;
    const metric = outcome?.metric ?? sent(lastMetric) ?? sent(referredMetric) ?? topic.personnelMetric;
    if (metric) return { metric, nounEnd: m.last, additional: false };
  }
  // "North Korea is preparing to send another 2,000 to 3,000 to Russia": a bare count the actor sends, of people.
  if (
    namesNothingCounted(tokens[after]) &&
    tokens[after]?.text !== '-' &&
    tokens[after]?.lower !== 'people' &&
    sentBefore(tokens, m.first)
  ) {
    const metric = peopleSentOf(topic, lastMetric, referredMetric) ?? topic.personnelMetric;
    if (metric) return { metric, nounEnd: m.last, additional: false };
  }
  // "North Korean soldiers, some 11,000 in all, were sent": a count set apart by a comma restates the actor's people just named.
  const comma = beforeQualifier(tokens, m.first);
  if (tokens[comma]?.text === ',' && comma > 0 && namesNothingCounted(tokens[after])) {
    const named = phraseEndingAt(tokens, comma - 1, topic.nouns);
    if (named && topic.actor.test(tokenText(tokens, Math.max(0, named.start - 3), named.end))) {
      return {
        metric: outcomeBetween(tokens, named.metric, after, after + PREDICATE_WINDOW, topic),
        nounEnd: m.last,
        additional: false,
      };
    }
  }
  // "in addition to the 148 already supplied": the figure just named, an earlier total.
  if (
    lastMetric &&
    tokenAt(tokens, m.first - 1)?.lower === 'the' &&
    tokenAt(tokens, m.first - 2)?.lower === 'to' &&
    tokenAt(tokens, m.first - 3)?.lower === 'addition'
  ) {
    return { metric: lastMetric, nounEnd: m.last, additional: false };
  }
  // "4,000 people" states the figure only after a noun it restates ("the number of losses ... is around 4,000 people").
  const people = PEOPLE_WORDS.has(tokens[after]?.lower ?? '');
  const cue = cueBefore(tokens, m.first);
  // "3,000 troops are there, with up to 10,000 more expected": more of the figure just named.
  const more = tokens[after]?.lower === 'more' && tokens[after + 1]?.lower !== 'than';
  if (!people && lastMetric && (more || cue.some((w) => ELLIPSIS_CUES.has(w)))) {
    return {
      metric: lastMetric,
      nounEnd: more ? after : m.last,
      additional: more || cue.some((w) => ADDITIONAL_BEFORE.has(w)),
    };
  }
  if (!people && m.range && cue.includes('from')) {
    // "thousands of laborers, with estimates ranging from 10,000 to 15,000"
    const referenced = nounBefore(tokens, m.first, topic);
    if (referenced) return { metric: referenced.metric, nounEnd: m.last, additional: referenced.additional };
  }
  // The cue stands before any qualifier: the "at" of "at least 500" refers to nothing.
  const cueEnd = beforeQualifier(tokens, m.first) + 1;
  const qualifierOnly = cueEnd < m.first && !REFERENCE_CUES.has(tokens[cueEnd]!.lower);
  if (
    precedingWords(tokens, qualifierOnly ? cueEnd : m.first, 5).some((w) => REFERENCE_CUES.has(w)) ||
    clauseNamesATotal(tokens, m.first)
  ) {
    const referenced = nounBefore(tokens, m.first, topic);
    if (referenced) return { metric: referenced.metric, nounEnd: m.last, additional: referenced.additional };
    // "This number includes approximately 3,000 already dispatched": the figure the sentence before counted,
    // unless the clause counts visitors ("the number of North Koreans entering Russia ... surpassed 13,000").
    if (referredMetric && !people && !namesVisitors(tokens, m.first)) {
      return { metric: referredMetric, nounEnd: m.last, additional: false };
    }
  }
  return null;
}

/**
 * "North Korea, which sent about 14,000 soldiers, has lost 6,000 of them": a count inside a relative
 * clause ends at the clause's comma; the verb after it is the main clause's. Else `to`.
 */
function relativeClauseEnd(tokens: readonly Token[], first: number, to: number): number {
  for (let i = first - 1; i > 0 && i >= first - 10; i--) {
    const w = tokens[i]!.lower;
    if ((w === 'which' || w === 'who') && tokens[i - 1]!.text === ',') {
      for (let j = first + 1; j < to && j < tokens.length; j++) if (tokens[j]!.text === ',') return j - 1;
      return to;
    }
    if (w === ',' || w === '.' || w === ';') return to;
  }
  return to;
}

/** The token before a count's qualifier ("up to", "about"), or right before the count when it has none. */
function beforeQualifier(tokens: readonly Token[], first: number): number {
  let i = first - 1;
  while (i >= 0 && first - i <= 3 && qualifierWord(tokens[i]!.lower)) i--;
  return i;
}

/** The first token from `from` on past a qualifier ("the approximately 12,000", "including roughly 100"). */
function afterQualifier(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < from + 3 && qualifierWord(tokens[i]?.lower ?? '')) i++;
  return i;
}

/**
 * An age: "aged 20", the second of "aged 20 and 26", or a pair set apart after the people
 * (", 20 and 26,"), both of a soldier's years.
 */
function isAgeAt(tokens: readonly Token[], i: number): boolean {
  const before = tokenAt(tokens, i - 1)?.lower;
  if (before === 'aged' || (before === 'ages' && tokenAt(tokens, i - 2)?.lower !== 'the')) return true;
  // "at the age of 28"
  if (before === 'of' && tokenAt(tokens, i - 2)?.lower === 'age') return true;
  // "many of whom are under 25.": nothing counted after it.
  if (
    (before === 'under' || before === 'over') &&
    BE_FORMS.has(tokenAt(tokens, i - 2)?.lower ?? '') &&
    (tokens[i + 1] === undefined || tokens[i + 1]!.kind === 'punct') &&
    /^\d{2}$/.test(tokens[i]!.text)
  )
    return true;
  const joined = before === 'and' || before === 'or' || before === 'to';
  if (joined && tokenAt(tokens, i - 2)?.kind === 'num' && tokenAt(tokens, i - 3)?.lower === 'aged') return true;
  return agePairAt(tokens, i) || (joined && agePairAt(tokens, i - 2));
}

/** An age in years at token k ("31"). Functions of the module, not closures made on each call of isAgeAt (one per figure). */
function yearsOfAgeAt(tokens: readonly Token[], k: number): boolean {
  const t = tokenAt(tokens, k);
  return t?.kind === 'num' && /^\d{2}$/.test(t.text) && Number(t.text) >= 16 && Number(t.text) <= 70;
}

/** ", 31 and 33," : two ages set apart by commas, the first at token k. */
function agePairAt(tokens: readonly Token[], k: number): boolean {
  return (
    tokenAt(tokens, k - 1)?.text === ',' &&
    yearsOfAgeAt(tokens, k) &&
    /^(?:and|or)$/.test(tokens[k + 1]?.lower ?? '') &&
    yearsOfAgeAt(tokens, k + 2) &&
    (tokens[k + 3]?.text === ',' || tokens[k + 3] === undefined)
  );
}

/** Nouns of people that say nothing of their work. */
const GENERIC_PEOPLE = new Set(['personnel', 'people', 'specialists', 'members', 'staff']);

/**
 * The outcome a count states, joined with another its list includes ("1,000 had been wounded,
 * including 100 dead": casualties), by the topic's rules; else the outcome as resolved.
 */
function outcomeIncluding(tokens: readonly Token[], nounEnd: number, metric: string, topic: Topic): string {
  if (isDeployment(topic, metric) || topic.metrics.get(metric)?.personnel) return metric;
  for (let i = nounEnd + 1; i < tokens.length && i <= nounEnd + 6; i++) {
    const t = tokens[i]!;
    if (t.kind === 'num' || t.text === '.' || t.text === ';') return metric;
    if (t.lower !== 'including') continue;
    const part = readNumber(tokens, afterQualifier(tokens, i + 1));
    if (!part) return metric;
    const other = nounAt(tokens, part.last + 1, topic) ?? phraseAt(tokens, part.last + 1, topic.predicates);
    const rule =
      other && other.metric !== metric && topic.combined.find((c) => c.parts.has(metric) && c.parts.has(other.metric));
    return rule ? rule.as : metric;
  }
  return metric;
}

/** The metric of the kinds of people a list after the count names ("..., including engineers and workers"), joined by the topic's rules. */
function includedWork(tokens: readonly Token[], from: number, topic: Topic): string | null {
  let i = tokens[from]?.text === ',' ? from + 1 : from;
  const lead = tokens[i]?.lower;
  if (lead !== 'including' && lead !== 'comprising' && lead !== 'consisting') return null;
  i += tokens[i + 1]?.lower === 'of' ? 2 : 1;
  const metrics = new Set<string>();
  for (let j = i; j < tokens.length && j <= i + 10; j++) {
    const t = tokens[j]!;
    // "including 1,000 engineers": a count of its own.
    if (t.kind === 'num' || readNumber(tokens, j)) return null;
    if (t.text === ';' || t.text === '.' || t.text === ')' || (t.text === ',' && metrics.size > 0)) break;
    const noun = nounAt(tokens, j, topic);
    if (noun) {
      metrics.add(noun.metric);
      j = noun.end;
    }
  }
  const [first, second] = [...metrics];
  if (first === undefined) return null;
  if (second === undefined) return topic.metrics.get(first)?.personnel ? null : first;
  return topic.combined.find((c) => c.parts.has(first) && c.parts.has(second))?.as ?? null;
}

/** The metric of a noun joined to the count by "of" ("a force of", "casualties of about"), past any qualifier. */
function nounOfCount(tokens: readonly Token[], first: number, topic: Topic): string | null {
  const of = ofBeforeCount(tokens, first);
  if (of <= 0) return nounReaching(tokens, first, topic);
  // "its existing deployment of 11,000": the people a deployment is made of.
  if (DEPLOYMENT_NOUNS.has(tokens[of - 1]!.lower)) return topic.personnelMetric;
  return phraseEndingAt(tokens, of - 1, topic.nouns)?.metric ?? null;
}

const DEPLOYMENT_NOUNS = new Set(['deployment', 'dispatch']);

/** "casualties pass 5,000", "deaths have topped 2,000", "losses rose to 4,000": the count the noun before the verb reached. */
function nounReaching(tokens: readonly Token[], first: number, topic: Topic): string | null {
  let i = beforeQualifier(tokens, first);
  if (tokenAt(tokens, i)?.lower === 'to') i--;
  if (!REACHING.has(tokenAt(tokens, i)?.lower ?? '')) return null;
  i--;
  while (i > 0 && AUXILIARIES.has(tokens[i]!.lower)) i--;
  return i >= 0 ? (phraseEndingAt(tokens, i, topic.nouns)?.metric ?? null) : null;
}

const REACHING = new Set([
  'pass',
  'passes',
  'passed',
  'top',
  'tops',
  'topped',
  'exceed',
  'exceeds',
  'exceeded',
  'surpass',
  'surpasses',
  'surpassed',
  'rose',
  'risen',
  'rise',
  'rises',
  'climbed',
  'climbs',
  'grew',
  'grown',
]);

/** Where the "of" joining a count to the noun before it stands ("a force of about 12,000"), past any qualifier; -1 when none. */
function ofBeforeCount(tokens: readonly Token[], first: number): number {
  let i = first - 1;
  while (i > 0 && first - i <= 3 && tokens[i]!.lower !== 'of' && qualifierWord(tokens[i]!.lower)) i--;
  return i > 0 && tokens[i]!.lower === 'of' ? i : -1;
}

/** "the number of dead and missing people is ...": the clause before the count counts people. */
function namesPeopleBefore(tokens: readonly Token[], first: number): boolean {
  for (let i = clauseStart(tokens, first, 12); i < first; i++) {
    const w = tokens[i]!.lower;
    if (PEOPLE_WORDS.has(w) || w === 'civilians') return true;
  }
  return false;
}

const VICTIM_WORDS = new Set(['civilians', 'children', 'residents', 'women', 'passengers']);

/** A count of "people" or "civilians" somewhere in the sentence: its victims are not soldiers. */
function countsPeople(tokens: readonly Token[]): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const next = tokens[i + 1]!.lower;
    const count = tokens[i]!.kind === 'num' || NUMBER_WORDS.has(tokens[i]!.lower);
    if (count && (PEOPLE_WORDS.has(next) || VICTIM_WORDS.has(next))) return true;
  }
  return false;
}

/** "while North Korea lost 4,000": the actor as the subject of a verb of loss suffers the count (who "killed" does not). */
function actorLoses(tokens: readonly Token[], first: number, verbEnd: number, topic: Topic): boolean {
  let verb = verbEnd;
  while (verb > 0 && !LOSS_VERBS.has(tokens[verb]!.lower) && verbEnd - verb < 2) verb--;
  if (!LOSS_VERBS.has(tokenAt(tokens, verb)?.lower ?? '') || first - verb > 4) return false;
  let subject = verb - 1;
  while (subject > 0 && AUXILIARIES.has(tokens[subject]!.lower)) subject--;
  // "Russia, which relies on North Korea, lost 2,000": a comma before the verb closes someone else's clause.
  if (tokenAt(tokens, subject)?.kind !== 'word') return false;
  const who = tokenText(tokens, Math.max(0, subject - 2), subject);
  // "12,000 North Korean soldiers ..., of which they lost 4,000": a pronoun for the whole just counted.
  const partitive =
    (tokenAt(tokens, subject)?.lower === 'they' || tokenAt(tokens, subject)?.lower === 'it') &&
    tokenAt(tokens, subject - 2)?.lower === 'of' &&
    /^(?:which|whom|them)$/.test(tokenAt(tokens, subject - 1)?.lower ?? '');
  return partitive || (!/\b(?:which|who|that)\b/i.test(who) && topic.actor.test(who));
}

const LOSS_VERBS = new Set(['lost', 'loses', 'losing', 'lose']);
const TAKE_VERBS = new Set(['took', 'taken', 'take', 'takes', 'taking']);

/** Words after a count that start no noun phrase: "lost about 4,000 so far", "killed 300 altogether". */
const ADVERBS_AFTER_COUNT = new Set(['so', 'now', 'already', 'yet', 'overall', 'altogether', 'there', 'combined']);

/** Another party is named in the clause before the count, and the actor is not. */
function otherPartyLeadsClause(tokens: readonly Token[], first: number, topic: Topic): boolean {
  const clause = writtenText(tokens, clauseStart(tokens, first, 12), first);
  return (topic.others?.test(clause) ?? false) && !topic.actor.test(clause);
}

/** Past forms of "be" and "now", "still", "already" ("are already in", "were now in"). */
function pastBeing(tokens: readonly Token[], from: number): number {
  let at = from;
  while (BE_FORMS.has(tokens[at]?.lower ?? '') || /^(?:now|still|already)$/.test(tokens[at]?.lower ?? '')) at++;
  return at;
}

/** The cell mark at `bar` is the row's first: the words before it are the row's label. */
function firstCellEndsAt(tokens: readonly Token[], bar: number): boolean {
  for (let i = 0; i < bar; i++) if (tokens[i]!.text === '|') return false;
  return bar > 0;
}

/** A verb of sending just before the count, past its qualifier and "another" ("to send another 2,000 to 3,000"). */
function sentBefore(tokens: readonly Token[], first: number): boolean {
  let at = beforeQualifier(tokens, first);
  while (at > 0 && /^(?:another|additional|further|a|an)$/.test(tokens[at]!.lower)) at--;
  return SENDING.has(tokenAt(tokens, at)?.lower ?? '');
}

const SENDING = new Set([
  'send',
  'sends',
  'sent',
  'sending',
  'deploy',
  'deploys',
  'deployed',
  'deploying',
  'dispatch',
  'dispatches',
  'dispatched',
  'dispatching',
]);

/**
 * The count names nothing it counts, so a noun elsewhere says what it is: "a force of 12,000 arrived",
 * "two brigades - 5,000 people", "including 11,000 last year".
 */
function namesNothingCounted(next: Token | undefined): boolean {
  if (next === undefined || next.kind !== 'word') return true;
  const w = next.lower;
  return NP_STOP.has(w) || PEOPLE_WORDS.has(w) || ADVERBS_AFTER_COUNT.has(w) || /^(?:last|this|earlier|later)$/.test(w);
}

/** Another party is the agent of the clause before the count, and the actor is not ("Ukrainian drone operators reported eliminating 50"). */
function otherPartyActs(tokens: readonly Token[], first: number, topic: Topic): boolean {
  const from = clauseStart(tokens, first, 20);
  // The agent stands before the clause's first outcome verb ("drone operators reported eliminating 50 North Korean soldiers and wounding 47 others").
  let to = first - 1;
  for (let i = from; i < first; i++) {
    if (phraseAt(tokens, i, topic.predicates)) {
      to = i - 1;
      break;
    }
  }
  const text = tokenText(tokens, from, to);
  return (topic.others?.test(text) ?? false) && !topic.actor.test(text);
}

function tokenText(tokens: readonly Token[], from: number, to: number): string {
  // slice(from, to + 1)'s bounds, joined by hand: slice, map and join made two arrays and a closure,
  // and an empty slice's array, of another shape, threw away the optimised code of sentElsewhere.
  const n = tokens.length;
  const start = from < 0 ? Math.max(n + from, 0) : Math.min(from, n);
  const end = to + 1 < 0 ? Math.max(n + to + 1, 0) : Math.min(to + 1, n);
  let text = '';
  for (let i = start; i < end; i++) text = i === start ? tokens[i]!.text : `${text} ${tokens[i]!.text}`;
  return text;
}

/** The work a part of the actor's personnel is named for, within the clause after "of them": its metric. */
function workOfPart(tokens: readonly Token[], from: number, topic: Topic, to = from + 10): string | null {
  for (const rule of topic.reassign) {
    if (rule.from !== topic.personnelMetric) continue;
    for (let i = from; i < tokens.length && i <= to; i++) {
      const t = tokens[i]!;
      if (t.text === ';' || t.text === '.' || t.text === ',' || t.kind === 'num') break;
      if (phraseAt(tokens, i, rule.words)) return rule.to;
    }
  }
  return null;
}

/** A personnel count re-assigned by the work it is sent for ("personnel to undertake reconstruction work" are workers). */
function reassigned(tokens: readonly Token[], metric: string, npStart: number, npEnd: number, topic: Topic): string {
  for (const rule of topic.reassign) {
    if (rule.from !== metric) continue;
    // People named only as "personnel" take their work from anywhere in the clause; "troops" only from nearby.
    const reach = GENERIC_PEOPLE.has(tokens[npEnd]!.lower) ? 16 : 8;
    for (let i = Math.max(0, npStart - 3); i <= npEnd + reach && i < tokens.length; i++) {
      if (i > npEnd && (tokens[i]!.text === ',' || tokens[i]!.text === ';' || tokens[i]!.kind === 'num')) break;
      if (phraseAt(tokens, i, rule.words)) return rule.to;
    }
  }
  return metric;
}

/**
 * The metric of a larger count this one is part of or of: "40,000 casualties, including over 1,000
 * North Korean soldiers" (casualties), "losses of up to 4,000 troops" (casualties).
 */
function enclosingMetric(tokens: readonly Token[], first: number, topic: Topic): string | null {
  let i = first - 1;
  for (;;) {
    const q = (QUALIFIERS_BY_LAST.get(tokenAt(tokens, i)?.lower ?? '') ?? []).find(
      (c) => i - c.words.length + 1 >= 0 && wordsAt(tokens, i - c.words.length + 1, c.words),
    );
    if (q) i -= q.words.length;
    else if (tokenAt(tokens, i)?.lower === 'an' || tokenAt(tokens, i)?.lower === 'a') i--;
    else break;
  }
  const word = tokenAt(tokens, i)?.lower;
  if (word === 'of') {
    // "losses of 4,000 troops": the noun right before "of"; a personnel noun there is a partitive ("of the 11,000 troops").
    for (let start = Math.max(0, i - 3); start < i; start++) {
      const noun = nounAt(tokens, start, topic);
      if (noun && noun.end === i - 1 && !topic.metrics.get(noun.metric)?.personnel) return noun.metric;
    }
    return null;
  }
  if (word !== 'including' && !(word === 'them' && tokenAt(tokens, i - 1)?.lower === 'among')) return null;
  for (let j = i - 1; j >= 0 && j >= i - 12; j--) {
    const t = tokens[j]!;
    if (t.text === ';' || t.text === '.') break;
    const noun = nounAt(tokens, j, topic);
    if (noun && noun.end < i && !topic.metrics.get(noun.metric)?.personnel) return noun.metric;
  }
  return null;
}

/** "has captured two soldiers", "killed about 200 troops": the outcome verb right before the count. */
function predicateBefore(
  tokens: readonly Token[],
  first: number,
  topic: Topic,
): { metric: string; end: number } | null {
  // The verb ends right before the count, or before its qualifier ("killed about 200", "the capture of two",
  // "captured a total of 2").
  for (let i = first - 1; i >= 0 && i >= first - 5; i--) {
    const p = phraseEndingAt(tokens, i, topic.predicates);
    if (p) return intended(tokens, p.start) ? null : p;
    const w = tokens[i]!;
    if (w.lower === 'of' && tokenAt(tokens, i - 1)?.lower === 'total' && tokenAt(tokens, i - 2)?.lower === 'a') {
      i -= 2;
      continue;
    }
    if (w.kind !== 'word' || !(qualifierWord(w.lower) || w.lower === 'an' || ADDITIONAL_BEFORE.has(w.lower))) break;
  }
  return null;
}

/** A phrase of the index that ends exactly at token `end`. */
function phraseEndingAt(
  tokens: readonly Token[],
  end: number,
  index: PhraseIndex,
): { metric: string; start: number; end: number } | null {
  for (let start = Math.max(0, end - 3); start <= end; start++) {
    for (const p of index.get(tokens[start]!.lower) ?? []) {
      if (start + p.words.length - 1 === end && wordsAt(tokens, start, p.words))
        return { metric: p.metric, start, end };
    }
  }
  return null;
}

/** "sent to help capture villages", "hoped to capture 20 soldiers": an outcome intended, not one that happened. */
function intended(tokens: readonly Token[], start: number): boolean {
  const before = tokenAt(tokens, start - 1)?.lower;
  // "managed to capture two North Koreans", "were able to capture": done.
  if (before === 'to' && /^(?:managed|able|succeeded)$/.test(tokenAt(tokens, start - 2)?.lower ?? '')) return false;
  return before === 'to' || before === 'help' || before === 'helping';
}

/** "brings the total number of troops sent to Russia to about 15,000": a total is named earlier in the clause. */
function clauseNamesATotal(tokens: readonly Token[], index: number): boolean {
  for (let i = clauseStart(tokens, index, index); i < index; i++) {
    const w = tokens[i]!.lower;
    if (w === 'total' || w === 'tally' || w === 'toll' || (w === 'number' && tokens[i + 1]?.lower === 'of'))
      return true;
  }
  return false;
}

/** "bringing the total to about 14,000", "raising the total number of troops to 15,000": the count is the new total. */
function totalRaisedTo(tokens: readonly Token[], first: number): boolean {
  let i = first - 1;
  // "to" is a qualifier's word too ("up to"): the first one met is the one after "total".
  while (i > 0 && tokens[i]!.lower !== 'to' && qualifierWord(tokens[i]!.lower)) i--;
  if (tokens[i]?.lower !== 'to') return false;
  for (let j = i - 1; j >= 0 && j >= i - 8; j--) {
    const w = tokens[j]!.lower;
    if (w === 'total') return true;
    if (w === ',' || w === ';' || tokens[j]!.kind === 'num') return false;
  }
  return false;
}

const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'been',
  'were',
  'was',
  'are',
  'is',
  'already',
  'now',
  'reportedly',
  'been',
]);
/** "stationed in Russia have died", "fighting alongside Russian troops were killed": a place or partner, not a subject. */
const PLACE_OR_PARTNER_BEFORE = new Set([
  'in',
  'to',
  'into',
  'for',
  'with',
  'alongside',
  'against',
  'from',
  'of',
  'by',
  'at',
  'near',
  'beside',
  'among',
]);
const MOVED = new Set(['arrived', 'deployed', 'dispatched', 'sent', 'stationed', 'transferred', 'moved', 'redeployed']);

/** A count followed by its verb of movement, through auxiliaries ("12,000 has arrived", "3,000 were already deployed"). */
/**
 * "7,400 U.S. service members ..., about 5,300 of them lost": a part of another party's count,
 * named earlier in the sentence.
 */
function partOfOthersBefore(tokens: readonly Token[], pronoun: number, first: number, topic: Topic): boolean {
  if (!REFERRING_WHOLE.has(tokens[pronoun]?.lower ?? '')) return false;
  let count = first - 1;
  while (count >= 0 && tokens[count]!.kind !== 'num') count--;
  if (count < 0 || count + 1 >= first) return false;
  // The words of the count's own noun phrase, joined as written ("U.S.", not "U . S ."), up to a
  // preposition or comma: "7,000 troops to Russia, and 2,000 of them" names no other party's people.
  let end = count + 1;
  while (end < first && end <= count + 6 && tokens[end]!.text !== ',' && !NP_STOP.has(tokens[end]!.lower)) end++;
  const named = writtenText(tokens, count + 1, end);
  if (otherPartyName(topic).test(named) || (topic.others?.test(named) ?? false)) return true;
  // "Russia has recruited more than 18,000 foreign citizens ..., and at least 3,388 of them": the whole is another party's doing.
  const before = writtenText(tokens, clauseStart(tokens, count, 12), count);
  return (topic.others?.test(before) ?? false) && otherPartySubject(topic).test(before);
}

/** Tokens from..to (exclusive) as the text spaces them ("U.S.", not "U . S ."). */
function writtenText(tokens: readonly Token[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++)
    text += (i > from && tokens[i]!.start > tokens[i - 1]!.end ? ' ' : '') + tokens[i]!.text;
  return text;
}

const REFERRING_WHOLE = new Set(['them', 'whom', 'those', 'these']);

function movedAfter(tokens: readonly Token[], after: number): boolean {
  // "the 11,000 who were sent to Russia"
  let i = tokens[after]?.lower === 'who' ? after + 1 : after;
  while (AUXILIARIES.has(tokens[i]?.lower ?? '')) i++;
  return i > after + (tokens[after]?.lower === 'who' ? 1 : 0) && MOVED.has(tokens[i]?.lower ?? '');
}

/** "13,221 North Koreans entered Russia": people crossing a border (immigration statistics), not a deployment. */
function isEntryCount(tokens: readonly Token[], nounEnd: number): boolean {
  if (
    tokens[nounEnd]?.lower !== 'koreans' &&
    tokens[nounEnd]?.lower !== 'nationals' &&
    tokens[nounEnd]?.lower !== 'citizens'
  )
    return false;
  let i = nounEnd + 1;
  while (AUXILIARIES.has(tokens[i]?.lower ?? '') || /ly$/.test(tokens[i]?.lower ?? '')) i++;
  const verb = tokens[i]?.lower ?? '';
  if (/^(?:entered|visited|entering|visiting|arrivals|entries)$/.test(verb)) return true;
  // "3,700 North Koreans arrive in Russia" to study: people of the country, not soldiers, unless the sentence is military.
  return (
    /^(?:arrive|arrives|arrived|arriving|came|come|went|travel(?:l?ed|l?ing)?)$/.test(verb) &&
    !tokens.some((t) => MILITARY_WORDS.has(t.lower))
  );
}

function namesVisitors(tokens: readonly Token[], before: number): boolean {
  for (let i = 0; i < before; i++) if (isEntryCount(tokens, i)) return true;
  return false;
}

const MILITARY_WORDS = new Set([
  'dispatched',
  'deployed',
  'deployment',
  'troops',
  'troop',
  'soldiers',
  'soldier',
  'military',
  'army',
  'combat',
  'fight',
  'fighting',
  'fought',
  'forces',
  'battle',
  'battlefield',
  'front',
  'frontline',
  'front-line',
  'war',
  'kursk',
  'mercenaries',
  'killed',
  'wounded',
  'captured',
  'casualties',
]);

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
function nounBefore(
  tokens: readonly Token[],
  index: number,
  topic: Topic,
): { metric: string; additional: boolean } | null {
  // "100 deaths ..., and the number of injured approaches 1,000": the noun the count is named for, nearest first.
  for (let i = index - 2; i >= 1 && i >= index - 10; i--) {
    if (tokens[i]!.text === ';' || tokens[i]!.kind === 'num') break;
    if (tokens[i]!.lower !== 'of' || !COUNT_NOUNS.has(tokens[i - 1]!.lower)) continue;
    const noun = nounAt(tokens, tokens[i + 1]?.lower === 'the' ? i + 2 : i + 1, topic);
    // "the number of North Koreans entering Russia ... surpassed 13,000": visitors, not soldiers.
    if (noun && isEntryCount(tokens, noun.end)) return null;
    if (noun && noun.end < index) return { metric: outcomeOf(tokens, noun, index, topic), additional: false };
  }
  // The subject of the comma-delimited part first ("..., with estimated Russian losses to be 500,000"), else of the clause.
  // "... soldiers were deployed and that casualties were expected to reach about 1,000": the subject of the part after "that".
  const clause = clauseStart(tokens, index, index);
  let part = segmentStart(tokens, index);
  for (let i = index - 1; i > Math.max(clause, part); i--) {
    if (tokens[i]!.lower === 'that' || tokens[i]!.lower === 'while' || tokens[i]!.lower === 'whereas') {
      part = i + 1;
      break;
    }
  }
  return firstNounBetween(tokens, part, index, topic) ?? firstNounBetween(tokens, clause, index, topic);
}

function segmentStart(tokens: readonly Token[], index: number): number {
  let i = index - 1;
  while (i >= 0 && tokens[i]!.text !== ',' && tokens[i]!.text !== ';' && tokens[i]!.text !== ':') i--;
  return i + 1;
}

function firstNounBetween(
  tokens: readonly Token[],
  from: number,
  index: number,
  topic: Topic,
): { metric: string; additional: boolean } | null {
  for (let i = from; i < index; i++) {
    let noun = nounAt(tokens, i, topic);
    if (!noun || noun.end >= index) continue;
    // "troop casualties": the last noun of a compound is what is counted.
    const head = nounAt(tokens, noun.end + 1, topic);
    if (head && head.end < index) noun = head;
    if (isEntryCount(tokens, noun.end)) return null;
    const metric = outcomeOf(tokens, noun, index, topic);
    const before = precedingWords(tokens, i, 2);
    const additional = before.some((w) => ADDITIONAL_MODIFIERS.has(w) || ADDITIONAL_BEFORE.has(w));
    // "Russian army losses ... amounted to 62,400": the noun restated is another party's.
    if (
      before.some((w) => topic.otherWords.has(w)) &&
      !topic.actor.test(tokenText(tokens, Math.max(0, i - 3), noun.end))
    )
      return null;
    return { metric, additional };
  }
  return null;
}

/** "the number of North Koreans killed has climbed to 2,000": what happened to the people named counts them. */
function outcomeOf(
  tokens: readonly Token[],
  noun: { metric: string; end: number },
  index: number,
  topic: Topic,
): string {
  return outcomeBetween(tokens, noun.metric, noun.end + 1, index - 1, topic);
}

/** People of a metric counted by the outcome verb between `from` and `to`, if one befell them. */
function outcomeBetween(tokens: readonly Token[], metric: string, from: number, to: number, topic: Topic): string {
  if (!topic.metrics.get(metric)?.personnel) return metric;
  return predicateIn(tokens, from, to, topic)?.metric ?? metric;
}

/** Nouns that name a count of what follows "of": "the number of injured", "the toll of dead". */
const COUNT_NOUNS = new Set(['number', 'toll', 'tally', 'count', 'total']);

/** Qualifiers by their last word, longest first: a look-up reads only those that can end at a token. */
const QUALIFIERS_BY_LAST = ((): ReadonlyMap<string, typeof QUALIFIERS> => {
  const index = new Map<string, Array<(typeof QUALIFIERS)[number]>>();
  for (const q of QUALIFIERS) {
    const last = q.words[q.words.length - 1]!;
    index.set(last, [...(index.get(last) ?? []), q]);
  }
  return index;
})();

function qualifierEndingAt(tokens: readonly Token[], index: number): Qualifier | null {
  for (const q of QUALIFIERS_BY_LAST.get(tokenAt(tokens, index)?.lower ?? '') ?? []) {
    const start = index - q.words.length + 1;
    if (start >= 0 && wordsAt(tokens, start, q.words)) return q.qualifier;
  }
  return null;
}

/** "estimates that 300 were killed", "estimated the toll at 600", "were estimated to be": the figure is an estimate. */
const ESTIMATE_VERB = /\bestimat(?:e|es|ed|ing)\b[^,;.]*$/i;

function qualifierOf(tokens: readonly Token[], m: NumberMention, norm: string): Qualifier {
  const stated = qualifierEndingAt(tokens, m.first - 1);
  if (stated) return stated;
  for (const q of POST_QUALIFIERS) if (wordsAt(tokens, m.last + 1, q.words)) return q.qualifier;
  const from = tokens[clauseStart(tokens, m.first, 12)]?.start ?? 0;
  const before = norm.slice(from, tokens[m.first]!.start);
  if (PROJECTION_BEFORE.test(before)) return 'at_most';
  if (ESTIMATE_VERB.test(before)) return 'approx';
  return 'exact';
}

/**
 * A count of a part of the time ("this year alone", "in the past week", "over three days",
 * "increased by 1,500"): an increment, not the running total (LABELS.md "this year alone").
 */
const ADDITIONAL_PERIOD =
  /\b(?:alone|this year|(?:in|over|during|within)\s+(?:the\s+)?(?:past|last)\s+(?:week|\w+\s+days|few days|month)|(?:last|past)\s+week|over\s+(?:a|the|just)?\s*(?:\w+[\s-])?(?:days?|weeks?)(?:\s+period)?|in\s+(?:just\s+)?(?:\w+|\d+)\s+days|increased by|rose by|grew by|up by|span\s+of|(?:a|one)\s+single\s+(?:day|week|battle|attack|strike|assault|engagement|operation)|(?:during|in)\s+(?:the\s+)?recent\s+(?:operations?|assaults?|clashes|fighting|battles?)|(?:this|last|the|over\s+the)\s+weekend)\b/i;

/** The clause holding a figure, for cues that qualify it: from the clause start to the next clause mark. */
function clauseAround(norm: string, tokens: readonly Token[], m: NumberMention): string {
  const from = tokens[clauseStart(tokens, m.first, 15)]?.start ?? 0;
  const rest = norm.slice(tokens[m.last]!.end);
  const stop = rest.search(/[;]|,\s+(?:but|while|whereas|although|and|according|with|which|who)\b/);
  return norm.slice(from, tokens[m.last]!.end + (stop < 0 ? Math.min(rest.length, 120) : Math.min(stop, 120)));
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
  // "will send 120 missiles, in addition to the 90 already supplied": what is already there is not planned.
  if (tokens[nounEnd + 1]?.lower === 'already' || tokenAt(tokens, m.first - 1)?.lower === 'already') return false;
  const from = clauseStart(tokens, m.first, 16);
  // "decided to send troops last year, and so far 11,000 have been deployed": the cue stops at the next clause.
  const before = norm
    .slice(tokens[from]?.start ?? 0, tokens[m.first]!.start)
    .replace(/^.*(?:,\s*and\b|\bbut\b|\bso far\b|\balready\b)/i, '');
  if (PLANNED_BEFORE.test(before) || UNDER_WAY_BEFORE.test(before)) return true;
  const afterStart = tokens[nounEnd]!.end;
  const after = norm.slice(afterStart, afterStart + 60);
  return PLANNED_AFTER.test(after) || NOT_YET_AFTER.test(after);
}

/**
 * Supplied, not used: a figure of a supplied metric counts only when the sentence says it was
 * transferred, and the verb nearest to it in its clause is not one of use ("fired 50 missiles").
 */
function supplyStated(
  tokens: readonly Token[],
  m: NumberMention,
  nounEnd: number,
  spec: { verbSet: ReadonlySet<string>; excludedVerbSet: ReadonlySet<string>; recipientPattern: RegExp | null },
): boolean {
  // "North Korea has 300 KN-23 missiles", "possesses about 1,000": what the actor holds, not what it sent.
  // What the recipient holds ("Russia now has 5 million North Korean shells") came from the actor.
  const verb = verbBefore(tokens, m);
  if (
    POSSESSION.has(verb?.lower ?? '') &&
    !(spec.recipientPattern?.test(tokenText(tokens, Math.max(0, m.first - 6), m.first - 1)) ?? false)
  )
    return false;
  let nearest: { distance: number; supply: boolean } | null = null;
  let anySupply = false;
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.lower;
    const supply = spec.verbSet.has(w);
    const used = spec.excludedVerbSet.has(w);
    if (!supply && !used) continue;
    if (supply) anySupply = true;
    if (i >= m.first && i <= nounEnd) continue;
    // "shipped a million shells that Russia uses to strike ...": a relative clause tells their later use, not whether they were sent.
    if (used && i > nounEnd && relativeClauseBetween(tokens, nounEnd + 1, i)) continue;
    const distance = i < m.first ? m.first - i : i - nounEnd;
    if (crossesClause(tokens, Math.min(i, m.first), Math.max(i, nounEnd))) continue;
    if (nearest === null || distance < nearest.distance) nearest = { distance, supply };
  }
  return anySupply && (nearest === null || nearest.supply);
}

/** "40,000 soldiers, some of whom ...", "200,000 special forces, and it has sent some of them": a part is what was sent. */
function partSentFrom(tokens: readonly Token[], nounEnd: number): boolean {
  for (let i = nounEnd + 1; i < tokens.length && i <= nounEnd + 10; i++) {
    const t = tokens[i]!;
    if (t.kind === 'num' || t.text === '.' || t.text === ';') return false;
    if (
      t.lower === 'of' &&
      PART_WORDS.has(tokens[i - 1]!.lower) &&
      /^(?:them|whom|which|these|those)$/.test(tokens[i + 1]?.lower ?? '')
    )
      return true;
  }
  return false;
}

const PART_WORDS = new Set([
  'some',
  'part',
  'many',
  'several',
  'few',
  'thousands',
  'hundreds',
  'portion',
  'fraction',
  'most',
]);

/** The word that governs a count: the one before it and its qualifiers ("has about 300", "withdrawing some 3,000"). */
function verbBefore(tokens: readonly Token[], m: NumberMention): Token | undefined {
  return tokenAt(tokens, beforeQualifier(tokens, m.first));
}

const NOT_SENDING = new Set([
  'commands',
  'commanded',
  'commanding',
  'withdraw',
  'withdraws',
  'withdrew',
  'withdrawn',
  'withdrawing',
  'evacuate',
  'evacuated',
  'evacuating',
]);

const POSSESSION = new Set([
  'has',
  'have',
  'had',
  'possesses',
  'possess',
  'possessed',
  'owns',
  'own',
  'holds',
  'hold',
  'keeps',
  'retains',
  'maintains',
]);

function relativeClauseBetween(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (tokens[i]!.lower === 'that' || tokens[i]!.lower === 'which') return true;
  return false;
}

function crossesClause(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i <= to; i++) {
    const t = tokens[i]!.text;
    if (
      t === ';' ||
      t === ':' ||
      (t === ',' && CLAUSE_OPENERS.has(tokens[i + 1]?.lower ?? '') && tokens[i + 1]?.lower !== 'and')
    )
      return true;
  }
  return false;
}

/**
 * The count is of a larger group that only includes the actor ("50,000 soldiers, including North
 * Korean forces"; "Russians have lost up to 35,000 troops, including soldiers from the DPRK"): not
 * the actor's figure. The actor named inside the count itself is its own figure.
 */
function countsOthersToo(
  tokens: readonly Token[],
  m: NumberMention,
  nounEnd: number,
  topic: Topic,
  norm: string,
): boolean {
  if (topic.actor.test(norm.slice(tokens[m.first]!.start, tokens[nounEnd]!.end))) return false;
  for (let i = nounEnd + 1; i < tokens.length && i <= nounEnd + 12; i++) {
    const t = tokens[i]!;
    if (t.text === ';' || t.text === '.' || t.kind === 'num') return false;
    if (t.lower === 'including' || (t.lower === 'among' && tokens[i + 1]?.lower === 'them')) {
      return topic.actor.test(norm.slice(t.start, tokens[Math.min(tokens.length - 1, i + 8)]!.end));
    }
  }
  return false;
}

/**
 * The figure is another party's own ("Ukraine's military has suffered 45,100 casualties",
 * "11,000 Russian troops"): an other-party word qualifies the count or is the subject of a
 * loss or deployment verb in the clause before it.
 */
function isOtherParty(
  tokens: readonly Token[],
  m: NumberMention,
  nounEnd: number,
  topic: Topic,
  norm: string,
): boolean {
  // "50,000 Russian and North Korean soldiers": a mixed group is not the actor's figure.
  for (let i = m.last + 1; i < nounEnd; i++) if (topic.otherWords.has(tokens[i]!.lower)) return true;
  // "28,500 U.S. troops", "2,000 South Korean soldiers", "troops from the US": another party's people.
  if (nounEnd > m.last + 1 && otherPartyName(topic).test(norm.slice(tokens[m.last + 1]!.start, tokens[nounEnd]!.start)))
    return true;
  if (tokens[nounEnd + 1]?.lower === 'from') {
    const from = tokens[nounEnd + 2]?.lower === 'the' ? nounEnd + 3 : nounEnd + 2;
    const name = tokens[from];
    // Only a name right after "from": "troops from North Korea to Russia" names Russia as the place they go.
    // A place of the war is where they are taken from, not whose they are ("two POWs from Ukraine").
    const hit = name && otherPartyName(topic).exec(norm.slice(name.start, (tokens[from + 3] ?? name).end));
    if (hit && hit.index === 0 && !topic.destination.test(hit[0])) return true;
  }
  // "inflicted up to 300 casualties on Ukrainian troops", "losses among Russian units": whose the losses are.
  let on = nounEnd + 1;
  if (tokens[on]?.text === '"') on++;
  if (ON_WHOM.has(tokens[on]?.lower ?? '')) {
    const whom = tokens[on + 1]?.lower === 'the' ? on + 2 : on + 1;
    const name = tokens[whom];
    const hit = name && otherPartyName(topic).exec(norm.slice(name.start, (tokens[whom + 2] ?? name).end));
    // A people, not a place: "on Ukrainian troops", never "on Russian soil".
    let people = whom;
    while (hit && people < tokens.length && tokens[people]!.start < name.start + hit[0].length) people++;
    if (hit && hit.index === 0 && DEMONYM.test(hit[0]) && PARTY_PEOPLE.has(tokens[people]?.lower ?? '')) return true;
  }
  // "killed eight Chechen personnel", "an estimated 1000-5000 Cubans": a people named right after the count is the one counted.
  const countedPeople = tokens[m.last + 1];
  if (
    countedPeople?.kind === 'word' &&
    DEMONYM.test(countedPeople.text) &&
    !actorWordsOf(topic).has(countedPeople.lower)
  )
    return true;
  // "Russia has deployed some 8,000 North Koreans": the count itself names the actor.
  if (topic.actor.test(norm.slice(tokens[m.first]!.start, tokens[nounEnd]!.end))) return false;
  // "a contingent of Russian and North Korean servicemen ... lost 200 personnel": the loss is a mixed group's.
  // That pattern and otherPartySubject's hold another party's name: most clauses name none, which
  // topic.others, a far shorter pattern, tells first. Every alternative of that pattern names the
  // actor too, in any case: a clause that names another party but not the actor is not read by it.
  const clauseFrom = tokens[clauseStart(tokens, m.first, 30)]!.start;
  const clause = norm.slice(clauseFrom, tokens[m.first]!.start);
  const othersInClause = topic.others?.test(clause) ?? false;
  if (othersInClause && actorAnyCase(topic).test(clause) && mixedGroupBefore(topic).test(clause)) return true;
  for (let i = m.first - 1; i >= 0 && i >= m.first - 3; i--) {
    const w = tokens[i]!.lower;
    if (w.endsWith("'s") && topic.otherWords.has(w)) return true;
    if (tokens[i]!.kind !== 'word' || !qualifierWord(w)) break;
  }
  if (!topic.others) return false;
  // "ammunition from Iran, which provided Moscow with 300,000 shells": the supplier named just before is another party.
  for (let i = Math.max(0, m.first - 12); i < m.first - 1; i++) {
    if (
      tokens[i]!.lower === 'from' &&
      topic.otherWords.has(tokens[i + 1]!.lower) &&
      !topic.actor.test(tokenText(tokens, i + 1, m.first - 1))
    )
      return true;
  }
  const from = clauseStart(tokens, m.first, 12);
  const beforeFrom = tokens[from]?.start ?? 0;
  const before = norm.slice(beforeFrom, tokens[m.first]!.start);
  // `before` ends where `clause` does and starts no earlier: a name in it is one in the clause, read
  // alike, unless the cut between them falls where a name's start reads differently (after a word
  // character or an apostrophe). A clause that names no other party spares the look.
  const namesOtherBefore =
    othersInClause || beforeFrom < clauseFrom || (beforeFrom > clauseFrom && !plainCut(norm, beforeFrom))
      ? topic.others.test(before)
      : false;
  if (namesOtherBefore && otherPartySubject(topic).test(before)) return true;
  // "Russian forces, backed by North Korean troops, have lost 45,000 men": the subject stands before an aside.
  // The pattern holds two commas: an opening with fewer is not looked at.
  const numberAt = tokens[m.first]!.start;
  const comma = norm.indexOf(',');
  const secondComma = comma < 0 ? -1 : norm.indexOf(',', comma + 1);
  if (secondComma >= 0 && secondComma < numberAt) {
    const opening = norm.slice(0, numberAt);
    const aside = otherSubjectBeforeAside(topic).exec(opening);
    if (aside && opening.length - aside[0].length <= 24) return true;
  }
  // "Russian army losses in the Kursk zone have reached 62,400 personnel" (or "have amounted to: 62,400"): another party's losses, restated.
  let lossesFrom = clauseStart(tokens, m.first, 30);
  if (tokenAt(tokens, lossesFrom - 1)?.text === ':') lossesFrom = clauseStart(tokens, lossesFrom - 1, 30);
  for (let i = lossesFrom; i < m.first; i++) {
    if (!topic.otherWords.has(tokens[i]!.lower)) continue;
    for (let j = i + 1; j <= i + 2 && j < m.first; j++) {
      // "supplied Russia with artillery shells": a preposition ends the other party's noun phrase.
      if (NP_STOP.has(tokens[j]!.lower)) break;
      const noun = nounAt(tokens, j, topic);
      if (noun && !topic.metrics.get(noun.metric)?.personnel && !topic.actor.test(tokenText(tokens, i, m.first - 1)))
        return true;
    }
  }
  return false;
}

/** The character before `at` is neither a word character (`\w`) nor an apostrophe: a pattern reads a name starting at `at` alike with or without the text before. */
function plainCut(norm: string, at: number): boolean {
  const c = norm.charCodeAt(at - 1);
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39);
}

/**
 * The name of a party other than the actor, as the topic's speakers and others spell it ("U.S.",
 * "South Korean", "NATO"). Case matters: "us" is no country.
 */
const otherPartyName = byTopic(
  (topic): RegExp =>
    phraseRegExp(
      [...topic.spec.others, ...Object.values(topic.spec.speakers).flat()].filter(
        (name) => /^[A-Z]/.test(name) && !topic.actor.test(name),
      ),
      true,
    ),
);

/**
 * Every mention of the actor names what it made or sent, not its people: "North Korean missiles",
 * "North Korean-made shells", "a KN-23 from North Korea".
 */
function actorOnlyAsMaker(tokens: readonly Token[], norm: string, topic: Topic): boolean {
  // Set to 0 before each walk: a walk that returned early leaves it mid-sentence.
  const mentions = actorMentions(topic);
  mentions.lastIndex = 0;
  let named = false;
  // Mentions come in order, so one cursor finds the token after each: no scan from the start per mention.
  let cursor = 0;
  for (let hit = mentions.exec(norm); hit; hit = mentions.exec(norm)) {
    named = true;
    const end = hit.index + hit[0].length;
    while (cursor < tokens.length && tokens[cursor]!.start < end) cursor++;
    if (cursor === tokens.length) return false;
    let next = cursor;
    if (tokens[next]!.text === '-' && tokens[next + 1]?.lower === 'made') next += 2;
    else if (tokens[next]!.lower === 'made' || tokens[next]!.lower === 'supplied') next++;
    const from = norm.slice(Math.max(0, hit.index - 24), hit.index);
    if (!WEAPONS.has(tokens[next]?.lower ?? '') && !WEAPON_FROM.test(from)) return false;
  }
  return named;
}

/** Every place the actor is named: topic.actor, walked with exec. */
const actorMentions = byTopic((topic): RegExp => new RegExp(topic.actor.source, 'g'));

/** "a KN-23 from North Korea", "shells from Pyongyang": the actor named as a weapon's origin. */
const WEAPON_FROM =
  /\b(?:missiles?|shells?|rockets?|weapons?|ammunition|munitions|KN-23s?)\s+(?:made\s+|supplied\s+)?(?:from|by)\s+(?:the\s+)?$/i;

const WEAPONS = new Set([
  'missile',
  'missiles',
  'shell',
  'shells',
  'artillery',
  'rockets',
  'rocket',
  'weapons',
  'weapon',
  'ammunition',
  'munitions',
  'kn-23',
  'kn-23s',
  'drones',
  'howitzers',
]);

/** A people's name: "Chechen", "Cubans", "Syrian", "Nepalese", "Iraqi" (the actor's own is tested apart). */
const DEMONYM = /^[A-Z][a-z]+(?:an|ans|ese|i|is|ish)$/;

/** A value built once per topic from its vocabulary (a pattern, a set of words), kept while the topic lives. */
function byTopic<T>(make: (topic: Topic) => T): (topic: Topic) => T {
  const cache = new WeakMap<Topic, T>();
  // The topic asked last, and its value: a run reads one topic, and the weak map's look-up,
  // asked several times for every figure, cost more than the comparison.
  let lastTopic: Topic | null = null;
  let lastValue: T | undefined;
  return (topic) => {
    if (topic === lastTopic) return lastValue as T;
    let value = cache.get(topic);
    if (value === undefined) {
      value = make(topic);
      cache.set(topic, value);
    }
    lastTopic = topic;
    lastValue = value;
    return value;
  };
}

/** Every word of the actor's names: "Korean" in "10,000 Korean infantry soldiers" is the actor's people. */
const actorWordsOf = byTopic(
  (topic): ReadonlySet<string> => new Set(topic.spec.actor.flatMap((name) => name.toLowerCase().split(/[\s.]+/))),
);

/**
 * topic.actor in any case, as mixedGroupBefore reads it (case folded): a text it does not match holds
 * no match of that pattern, every alternative of which holds the actor's.
 */
const actorAnyCase = byTopic((topic): RegExp => new RegExp(topic.actor.source, 'i'));

/** Another party and the actor as one group of people ("Russian and North Korean servicemen", "North Korean and Russian forces"). */
const mixedGroupBefore = byTopic((topic): RegExp => {
  const others = topic.others?.source ?? '(?!)';
  const actor = topic.actor.source;
  const group = String.raw`\s+(?:soldiers|troops|servicemen|forces|force|units?|personnel|fighters|contingent|army|armies|grouping|group|formations?)\b`;
  // "Russian combat units, including North Korean troops, had suffered 200 casualties".
  // "Russian forces fighting in the Kursk region, including the soldiers from North Korea, have lost".
  const including = String.raw`${others}(?:\s+[\w-]+){0,6},?\s+including\s+(?:some\s+|the\s+)?(?:(?:soldiers|troops|forces|units)\s+(?:from|of)\s+)?${actor}`;
  // "Russians And North Koreans Lost Up To 40,000": both parties the subject of one loss.
  const bothLost = String.raw`(?:${others}\s+(?:and|or|&)\s+${actor}|${actor}\s+(?:and|or|&)\s+${others})\s+(?:have\s+|had\s+|has\s+)?(?:lost|suffered)\b`;
  // "a contingent of Russians and North Koreans": the group named before its parties.
  const groupOf = String.raw`\b(?:contingent|group|grouping|force|units?|formations?)\s+(?:of|consisting of|made up of|comprising)\s+(?:${others}\s+(?:and|or|&)\s+${actor}|${actor}\s+(?:and|or|&)\s+${others})`;
  // Case folded: headlines write "Russian and North Korean Troops".
  return new RegExp(
    `(?:${others}(?:\\s+(?:and|or|&)\\s+|-)${actor}|${actor}(?:\\s+(?:and|or|&)\\s+|-)${others})${group}|${including}|${groupOf}|${bothLost}`,
    'i',
  );
});

/**
 * Another party as the subject of a loss, deployment or supply verb ("Russia has lost", "Iran supplied"); not
 * of a passive ("shells in Russia are supplied by"), nor the object of a preposition ("engaged in combat
 * with Ukrainian forces have suffered 1,100 casualties").
 */
const OTHER_PARTY_VERBS =
  '(?:lost|losing|loses|suffered|suffering|suffers|deployed|deploying|deploys|sent|sending|sends|mobili[sz]ed|amassed|amassing|amasses|massed|massing|gathering|concentrating|provided|supplied|shipped|delivered|transferred|gave|produced|produces|produce|makes|made|fired|exchanged|exchanging|swapped|swapping|recruited|recruiting|recruits|drafts|drafted|drafting|conscripts|conscripted|mobili[sz]es|mobili[sz]ing|returned|released|freed|expands|expanded|expanding|moves|moved|moving)';

/** "Iran agrees to ship", "Russia to send", "Russia will deploy": the plain verb, planned. */
const PLANNED_PARTY_VERBS = '(?:send|ship|supply|provide|deliver|deploy|transfer|dispatch|give)';

const otherPartySubject = byTopic(
  (topic): RegExp =>
    new RegExp(
      `(?<!\\b(?:with|alongside|beside|among|against|by|from|to|on|at|of|for)\\s{1,3})${topic.others!.source}(?:'s)?(?:\\s+(?:own|military|army|armed forces|forces|troops|government))?\\s+(?:(?:has |have |had )?(?:now )?${OTHER_PARTY_VERBS}\\b|(?:is |are |was |were |has been |have been |had been |been )(?:now )?${OTHER_PARTY_VERBS}\\b(?!\\s+by\\b)|(?:(?:agrees|agreed|plans|planned|is set|is|are|was|were|will|would|could)\\s+)?(?:to\\s+)?${PLANNED_PARTY_VERBS}\\b)`,
      'i',
    ),
);

/** Another party opening the sentence, an aside between commas, then its loss or deployment verb. */
const otherSubjectBeforeAside = byTopic(
  (topic): RegExp =>
    new RegExp(
      `^(?:the\\s+)?${topic.others!.source}(?:'s)?(?:\\s+(?:own|military|army|armed forces|forces|troops|government))?\\s*,[^,]{1,80},\\s+(?:has |have |had )?(?:now )?${OTHER_PARTY_VERBS}\\b`,
      'i',
    ),
);

const QUALIFIER_WORDS: ReadonlySet<string> = new Set(QUALIFIERS.flatMap((q) => q.words));

function qualifierWord(w: string): boolean {
  return QUALIFIER_WORDS.has(w);
}

/** Verbs by which someone states a figure. */
const SAYING =
  /\b(?:says|said|say|told|tells|reported|reports|report|estimates|estimated|estimate|claims|claimed|claim|believes|believed|stated|states|wrote|revealed|reveals|confirmed|confirms|noted|notes|announced|announces|assessed|assesses|disclosed|discloses|added|warned|acknowledged|admitted|cited|cites|put|puts|puts the|counted|concluded|found|shows|showed|placed|places|puts)\b/gi;
/** SAYING for attributionOf's scan, so that scan leaves SAYING's own lastIndex as it found it. */
const SAYING_SCAN = new RegExp(SAYING.source, SAYING.flags);
/** Words that stand where a speaker would and name none: pronouns, kinds of sources, and words a capital starts ("Earlier estimates"). */
const PRONOUNS =
  /^(?:he|she|it|they|him|her|them|we|i|you|this|that|which|who|officials|reports|report|media|sources|analysts|intelligence|estimates|update|earlier|later|meanwhile|however|mind)$/i;

type NameHit = ReturnType<typeof namesIn>[number];

/** The names found in a sentence that lie within [from, to), with offsets relative to `from`. */
function namesWithin(hits: readonly NameHit[], from: number, to: number): NameHit[] {
  const out: NameHit[] = [];
  for (const h of hits)
    if (h.index >= from && h.end <= to)
      out.push({ index: h.index - from, end: h.end - from, name: h.name, institution: h.institution });
  return out;
}

/**
 * The speaker a phrase names: an institution before a country ("Seoul's National Intelligence
 * Service" is the NIS), and several joined ("Ukrainian and U.S. officials": "Ukraine and US").
 * `all`: the names in the phrase (found once per sentence).
 */
function speakerIn(phrase: string, all: readonly NameHit[]): string | null {
  if (all.length === 0) return null;
  const found: NameHit[] = [];
  for (const n of all) {
    // A country right beside an institution's name ("Seoul's National Intelligence Service") is that institution.
    const beside = (f: NameHit): boolean =>
      f.institution !== n.institution &&
      Math.abs(f.index - n.index) <= 20 &&
      !/\band\b/.test(phrase.slice(Math.min(f.end, n.end), Math.max(f.index, n.index)));
    if (found.some((f) => f.name === n.name)) continue;
    if (!n.institution && all.some((f) => f.institution && beside(f))) continue;
    found.push(n);
  }
  if (found.length === 0) return null;
  const first = found[0]!;
  const last = found[found.length - 1]!;
  if (found.length > 1 && /\band\b/.test(phrase.slice(first.index, last.index))) {
    const list = found.map((f) => f.name);
    return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  }
  return (found.find((f) => f.institution) ?? first).name;
}

/**
 * The words before a verb of saying, back to a clause mark; a list of names parted by commas stays
 * whole ("Seoul, Washington and Kyiv have said").
 */
function subjectBefore(before: string): string {
  // The clause starts after the last clause mark; read by offsets rather than split into pieces,
  // which made arrays of every piece of the text before each verb of saying.
  CLAUSE_MARK.lastIndex = 0;
  let from = 0;
  for (let mark = CLAUSE_MARK.exec(before); mark; mark = CLAUSE_MARK.exec(before)) from = mark.index + mark[0].length;
  let comma = before.lastIndexOf(',');
  if (comma < from) return before.slice(from);
  let subject = before.slice(comma + 1);
  // The pieces of the clause before `comma`, last first.
  for (;;) {
    const previous = comma > 0 ? before.lastIndexOf(',', comma - 1) : -1;
    const part = before.slice(previous < from ? from : previous + 1, comma);
    if (!LIST_NAME.test(part) || !/^\s*(?:the\s+)?[A-Z]/.test(subject)) break;
    subject = `${part},${subject}`;
    if (previous < from) break;
    comma = previous;
  }
  return subject;
}

/** Where a clause ends, for subjectBefore (global: walked with exec). */
const CLAUSE_MARK = /[;:"()]|\bthat\b/g;

/** Where the words after a verb of saying end. */
const PHRASE_END = /[,;:".]/;

/** One name in a list: "Seoul", " South Korea", " the United States". */
const LIST_NAME = /^\s*(?:the\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}\s*$/;

/** Words between a subject and its verb of saying: "It also confirmed", "Seoul ... have all previously said". */
const SUBJECT_TAIL =
  /(?:\s+(?:also|previously|earlier|later|now|recently|further|all|has|have|had|would|will|then|separately))+$/i;

/** "is estimated", "were believed", "has been reported": a passive verb of saying. */
const PASSIVE_BEFORE = /\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$/i;

/** A verb after a name: the name is the subject of what follows, not who said it. */
const CLAUSE_VERB = /\b(?:has|have|had|is|are|was|were|will|would|could|may|might|did|does|do)\b/;

/** A cheap first look: without a verb of saying or "according to", only a named institution can attribute. */
const SAYING_HINT =
  /\b(?:sa(?:y|id)|told|tell|report|estimat|claim|believ|stat|wrote|reveal|confirm|not|announc|assess|disclos|added|warned|acknowledg|admitt|cite|put|count|conclud|found|show|plac|according)/i;

/** A speaker named only by reference ("according to him", "the report said"): the one named before. */
export const SPEAKER_BEFORE = 'the speaker named before';
const REFERRING_SPEAKER =
  /^(?:he|she|they|him|her|them|it|the (?:report|agency|statement|ministry|spy agency|intelligence agency|service|study|assessment|briefing|document|official|officials|source|sources|team|panel|analysis))$/i;

/** "according to its estimates": the source named before, unless this sentence names one saying it. */
const POSSESSIVE_SPEAKER =
  /^(?:its|their|his|her) (?:estimates?|data|figures|assessments?|information|sources|count|tally|reports?|intelligence)$/i;

function attributionOf(text: string, topic: Topic): string | null {
  // An acronym in brackets ("South Korea's National Intelligence Service (NIS) has reported") would end the subject at the bracket.
  const norm = text.includes('(') ? text.replace(/\s*\([A-Za-z.\s]{1,12}\)/g, '') : text;
  // Names are found once in the sentence; each phrase below takes those within it.
  const hits = namesIn(norm, topic.names);
  if (hits.length === 0 && !SAYING_HINT.test(norm)) return null;
  const cues: Array<{ at: number; name: string }> = [];
  let raw: { at: number; name: string } | null = null;
  let pointsBack = false;
  const according = /\baccording to ([^,;.]+(?:\.[A-Z]\.)?[^,;.]*)/i.exec(norm);
  if (according) {
    const phrase = according[1]!.trim();
    const phraseStart = according.index + according[0].indexOf(phrase);
    const named = speakerIn(phrase, namesWithin(hits, phraseStart, phraseStart + phrase.length));
    const cleaned = phrase
      .replace(/^(?:the|a|an)\s+/i, '')
      .replace(/\s+(?:on|in|at)\s+\w+.*$/i, '')
      .trim();
    if (named) cues.push({ at: according.index, name: named });
    else if (REFERRING_SPEAKER.test(phrase)) cues.push({ at: according.index, name: SPEAKER_BEFORE });
    else if (POSSESSIVE_SPEAKER.test(phrase)) pointsBack = true;
    else if (cleaned.length > 0 && cleaned.length <= 60 && !PRONOUNS.test(cleaned))
      raw = { at: according.index, name: cleaned };
  }
  // "an allegation by the United States that ...", "a report from the NIS": a statement named by its source.
  const statedBy = STATED_BY.exec(norm);
  if (statedBy) {
    const start = statedBy.index + statedBy[0].length - statedBy[1]!.length;
    const named = speakerIn(statedBy[1]!, namesWithin(hits, start, start + statedBy[1]!.length));
    if (named) cues.push({ at: statedBy.index, name: named });
  }
  // Walked with exec on a second copy of SAYING rather than matchAll, which clones the pattern on
  // every call. Always from the sentence's start: a scan that began where another sentence's (or
  // document's) test left SAYING made the source depend on what was read before.
  SAYING_SCAN.lastIndex = 0;
  for (let hit = SAYING_SCAN.exec(norm); hit; hit = SAYING_SCAN.exec(norm)) {
    const at = hit.index;
    // "by the United States that ...": a name, not the verb "states".
    if (hit[0] === 'States' && norm.endsWith('United ', at)) continue;
    // The subject: the words just before the verb, back to a clause mark.
    const before = norm.slice(Math.max(0, at - 90), at);
    const subjectRaw = subjectBefore(before);
    const subject = subjectRaw.trim().replace(SUBJECT_TAIL, '');
    const subjectStart = at - subjectRaw.length + (subjectRaw.length - subjectRaw.trimStart().length);
    const afterStart = at + hit[0].length;
    // The words after the verb, to the first mark.
    const window = norm.slice(afterStart, afterStart + 60);
    const mark = window.search(PHRASE_END);
    const after = mark < 0 ? window : window.slice(0, mark);
    // "The North is estimated to have sent ...": the subject of a passive is not who says it.
    if (PASSIVE_BEFORE.test(before)) {
      const by = /^\s*by\s/.test(after)
        ? speakerIn(after, namesWithin(hits, afterStart, afterStart + after.length))
        : null;
      if (by) cues.push({ at, name: by });
      continue;
    }
    const named = speakerIn(subject, namesWithin(hits, subjectStart, subjectStart + subject.length));
    if (named) {
      cues.push({ at: at - subject.length, name: named });
      continue;
    }
    if (REFERRING_SPEAKER.test(subject)) {
      cues.push({ at: at - subject.length, name: SPEAKER_BEFORE });
      continue;
    }
    // "..., said Kirby", "said the NIS": the name right after the verb, and nothing it does ("confirmed the North has decided").
    const namedAfter = speakerIn(after, namesWithin(hits, afterStart, afterStart + after.length));
    if (namedAfter && /^\s*(?:the\s+)?[A-Z]/.test(after) && !CLAUSE_VERB.test(after)) {
      cues.push({ at, name: namedAfter });
      continue;
    }
    // "The Times" keeps its article; "The Ukrainian Defence Ministry" is named without it.
    const capitalised = /((?:[A-Z][\w'.-]*\s+){0,4}[A-Z][\w'.-]*)\s*$/
      .exec(subject)?.[1]
      ?.replace(/^(?:The|A|An)\s+(?=\S+\s)/, '');
    if (
      raw === null &&
      capitalised &&
      !PRONOUNS.test(capitalised) &&
      !/^(?:The|A|An)$/.test(capitalised) &&
      capitalised.length > 2
    )
      raw = { at, name: capitalised };
  }
  // The first who is said to state something is the source; else an institution named anywhere; else a name with a verb of saying.
  cues.sort((a, b) => a.at - b.at);
  // "According to Reuters, Shoigu announced ...": the outlet reports who states it.
  const stated = cues.length > 1 ? (cues.find((c) => !topic.reporters.has(c.name)) ?? cues[0]) : cues[0];
  return (
    stated?.name ?? (pointsBack ? SPEAKER_BEFORE : null) ?? hits.find((n) => n.institution)?.name ?? raw?.name ?? null
  );
}

const STATED_BY =
  /\b(?:allegations?|accusations?|claims?|estimates?|assessments?|reports?|statements?|announcements?|findings|briefings?|testimony)\s+(?:by|from)\s+((?:the\s+)?[A-Z][^,;.]{0,60})/;

/** A cheap first look: a sentence with none of these words and no digit has no time expression. */
const MAY_HOLD_TIME =
  /\d|ago|year|month|week|day|recent|now|far|date|since|january|february|march|april|may|june|july|august|september|october|november|december|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sep|oct\.|nov\.|dec\.|fall|autumn|spring|summer|winter|period/i;

function timesIn(norm: string): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  // A digit, found first and alone, settles it for almost every sentence asked: the long pattern reads slowly.
  if (!/\d/.test(norm) && !MAY_HOLD_TIME.test(norm)) return out;
  // exec on the one pattern: matchAll would clone WHEN, the largest pattern here, on every call.
  WHEN.lastIndex = 0;
  for (let hit = WHEN.exec(norm); hit; hit = WHEN.exec(norm)) {
    const start = hit.index;
    const bound = hit[1];
    const core = hit[2]!;
    // A bare year is a time only after a preposition ("in 2024", "since 2023"), never a count's neighbour.
    if (
      BARE_YEAR.test(core) &&
      !bound &&
      !/\b(?:in|of|during|for)\s+$/i.test(norm.slice(Math.max(0, start - 8), start))
    )
      continue;
    // "may" the verb is no month; a dateline ("SEOUL, April 30 (Korea Bizwire) —") dates the story, not the figure.
    if (/^may\b/.test(core) || /^[A-Z][A-Z\s.]+,\s*$/.test(norm.slice(0, start))) continue;
    const text = (bound && !/^around$/i.test(bound) ? `${bound} ${core}` : core)
      .replace(/\s+alone$/i, '')
      // "(over) the past week", "(in) the past three months": the period, as analysts write it.
      .replace(/^(?:in|over|during|within)\s+(?=the\s+(?:past|last)\s)/i, '')
      .replace(/\s+/g, ' ')
      .trim();
    out.push({ start, end: start + hit[0].length, text });
  }
  return out;
}

/**
 * The time the figure refers to, as written: the expression nearest the number within its clause,
 * after it preferred (the figure's own time follows it: "sent 11,000 troops last October").
 */
function whenOf(ctx: SentenceContext, position: number): string | null {
  ctx.times ??= timesIn(ctx.sentence.norm);
  const norm = ctx.sentence.norm;
  let best: { distance: number; text: string } | null = null;
  for (const { start, end, text } of ctx.times) {
    const between = start >= position ? norm.slice(position, start) : norm.slice(end, position);
    // Another clause's time is not this figure's.
    if (/[;]|\b(?:but|while|whereas|although)\b/.test(between)) continue;
    const distance = start >= position ? start - position : (position - start) * 1.5;
    if (distance > 240) continue;
    // "now", "currently" describe the figure only near it ("there are now 10,900", "10,000 troops are currently deployed").
    if (/^(?:now|currently)$/i.test(text) && (start < position ? position - end > 40 : start - position > 50)) continue;
    if (best === null || distance < best.distance) best = { distance, text };
  }
  return best?.text ?? null;
}
