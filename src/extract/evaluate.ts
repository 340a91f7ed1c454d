import type { Claim } from './claim.js';
import { figureKey } from './claim.js';

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

export interface EvaluationReport {
  overall: Counts;
  perMetric: Record<string, Counts>;
  /** Share of matched claims whose field agrees with the gold claim. */
  fieldAccuracy: { qualifier: number; status: number; scope: number };
  matched: number;
  misses: Mismatch[];
  falseClaims: Mismatch[];
  fieldErrors: Array<{ doc: string; field: 'qualifier' | 'status' | 'scope'; expected: string; got: string; quote: string }>;
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
  const agree = { qualifier: 0, status: 0, scope: 0 };
  let matched = 0;
  for (const g of gold) {
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
      for (const field of ['qualifier', 'status', 'scope'] as const) {
        if (got[field] === want[field]) agree[field]++;
        else fieldErrors.push({ doc: g.doc, field, expected: want[field], got: got[field], quote: got.quote });
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
  let tp = 0, fp = 0, fn = 0;
  for (const [metric, t] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    perMetric[metric] = counts(t.tp, t.fp, t.fn);
    tp += t.tp; fp += t.fp; fn += t.fn;
  }
  const share = (n: number): number => (matched === 0 ? 1 : n / matched);
  return {
    overall: counts(tp, fp, fn),
    perMetric,
    fieldAccuracy: { qualifier: share(agree.qualifier), status: share(agree.status), scope: share(agree.scope) },
    matched,
    misses,
    falseClaims,
    fieldErrors,
  };
}
