import type { Claim } from '../model/claim.js';
import { figureKey } from '../model/claim.js';

export interface LabelledDoc {
  doc: string;
  claims: Claim[];
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Mismatch {
  doc: string;
  claim: Claim;
}

export type ScoredField = 'qualifier' | 'status' | 'scope' | 'attribution' | 'when';
export const SCORED_FIELDS: readonly ScoredField[] = ['qualifier', 'status', 'scope', 'attribution', 'when'];

/** A number read as the wrong metric: the same (low, high) in the same document, under another metric. */
export interface Confusion {
  expected: string;
  got: string;
  count: number;
}

export interface EvaluationReport {
  overall: Counts;
  perMetric: Record<string, Counts>;
  /** Share of matched claims whose field agrees with the gold claim (attribution and when: case and punctuation folded). */
  fieldAccuracy: Record<ScoredField, number>;
  matched: number;
  misses: Mismatch[];
  falseClaims: Mismatch[];
  fieldErrors: Array<{ doc: string; field: ScoredField; expected: string; got: string; quote: string }>;
  /** Gold metric → predicted metric for the same figure, most frequent first. */
  confusions: Confusion[];
  /** Documents with no gold claim (hard negatives, unrelated news), and the claims made on them: none is the goal. */
  claimless: { documents: number; withClaims: number; claims: number };
}

/** Attribution and time compared as a reader would: case, punctuation and spacing folded; null and "" alike. */
export function foldText(s: string | null): string {
  return (s ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function fieldAgrees(field: ScoredField, want: Claim, got: Claim): boolean {
  return field === 'attribution' || field === 'when'
    ? foldText(want[field]) === foldText(got[field])
    : want[field] === got[field];
}

function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

/** A match is equal doc, metric, low and high (LABELS.md); other fields are scored on matches. */
export function evaluate(predicted: readonly LabelledDoc[], gold: readonly LabelledDoc[]): EvaluationReport {
  const byDoc = new Map(predicted.map((d) => [d.doc, d.claims]));
  const tally = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (metric: string, field: 'tp' | 'fp' | 'fn'): void => {
    const t = tally.get(metric) ?? { tp: 0, fp: 0, fn: 0 };
    t[field]++;
    tally.set(metric, t);
  };
  const misses: Mismatch[] = [];
  const falseClaims: Mismatch[] = [];
  const fieldErrors: EvaluationReport['fieldErrors'] = [];
  const agree: Record<ScoredField, number> = { qualifier: 0, status: 0, scope: 0, attribution: 0, when: 0 };
  const confusions = new Map<string, Confusion>();
  let matched = 0;
  const claimless = { documents: 0, withClaims: 0, claims: 0 };
  for (const g of gold) {
    if (g.claims.length === 0) {
      const made = byDoc.get(g.doc)?.length ?? 0;
      claimless.documents++;
      claimless.claims += made;
      if (made > 0) claimless.withClaims++;
    }
    const remaining = new Map<string, Claim[]>();
    for (const c of byDoc.get(g.doc) ?? []) {
      const list = remaining.get(figureKey(c)) ?? [];
      list.push(c);
      remaining.set(figureKey(c), list);
    }
    for (const want of g.claims) {
      const got = remaining.get(figureKey(want))?.shift();
      if (!got) {
        bump(want.metric, 'fn');
        misses.push({ doc: g.doc, claim: want });
        continue;
      }
      bump(want.metric, 'tp');
      matched++;
      for (const field of SCORED_FIELDS) {
        if (fieldAgrees(field, want, got)) agree[field]++;
        else
          fieldErrors.push({
            doc: g.doc,
            field,
            expected: want[field] ?? 'null',
            got: got[field] ?? 'null',
            quote: got.quote,
          });
      }
    }
    // A gold figure missed while the same number came out under another metric is a confusion.
    const missedHere = misses.filter((m) => m.doc === g.doc);
    for (const list of remaining.values()) {
      for (const extra of list) {
        const same = missedHere.find(
          (m) => m.claim.low === extra.low && m.claim.high === extra.high && m.claim.metric !== extra.metric,
        );
        if (!same) continue;
        const key = `${same.claim.metric}>${extra.metric}`;
        const c = confusions.get(key) ?? { expected: same.claim.metric, got: extra.metric, count: 0 };
        c.count++;
        confusions.set(key, c);
      }
    }
    for (const list of remaining.values()) {
      for (const extra of list) {
        bump(extra.metric, 'fp');
        falseClaims.push({ doc: g.doc, claim: extra });
      }
    }
  }
  const perMetric: Record<string, Counts> = {};
  let tp = 0,
    fp = 0,
    fn = 0;
  for (const [metric, t] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    perMetric[metric] = counts(t.tp, t.fp, t.fn);
    tp += t.tp;
    fp += t.fp;
    fn += t.fn;
  }
  const share = (n: number): number => (matched === 0 ? 1 : n / matched);
  return {
    overall: counts(tp, fp, fn),
    perMetric,
    fieldAccuracy: {
      qualifier: share(agree.qualifier),
      status: share(agree.status),
      scope: share(agree.scope),
      attribution: share(agree.attribution),
      when: share(agree.when),
    },
    matched,
    misses,
    falseClaims,
    fieldErrors,
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected)),
    claimless,
  };
}
