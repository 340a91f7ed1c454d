import { type Change, figureView } from '../model/change.js';
import { figureKey } from '../model/claim.js';
import type { LedgerClaim } from '../model/ledger.js';

export interface ChangeInput {
  /** Each affected metric's current estimate before the commit, and after it (see currentEstimate). */
  before: ReadonlyMap<string, LedgerClaim | null>;
  after: ReadonlyMap<string, LedgerClaim | null>;
  /** The claims the commit added (originals, not copies), in the order they were stored. */
  added: readonly LedgerClaim[];
  /** Whether a figure (figureKey) was stated by any claim stored before the commit. */
  seenBefore: (key: string) => boolean;
  /** Relative difference (0.05 = 5%) under which a new total does not alert. */
  alertThresholds?: ReadonlyMap<string, number>;
  /** Why estimates moved when no new report moved them (a withdrawn claim, an edited page). */
  cause?: string;
}

function relativeDifference(a: LedgerClaim, b: LedgerClaim): number {
  const before = (a.low + a.high) / 2;
  const after = (b.low + b.high) / 2;
  return before === 0 ? Number.POSITIVE_INFINITY : Math.abs(after - before) / before;
}

const sameFigure = (a: LedgerClaim | null, b: LedgerClaim | null): boolean =>
  a?.low === b?.low && a?.high === b?.high && a?.qualifier === b?.qualifier;

/**
 * What a commit changed, for the digest: each estimate that moved, and each figure never seen
 * before that is a plan, a tranche or an older report. A figure seen before is corroboration and
 * never alerts again. Pure: the same estimates, claims and history always give the same changes.
 */
export function changesOf(input: ChangeInput): Change[] {
  const changes: Change[] = [];
  const metrics = [...new Set([...input.before.keys(), ...input.after.keys()])].sort();
  const reported = new Set<string>();
  for (const metric of metrics) {
    const before = input.before.get(metric) ?? null;
    const after = input.after.get(metric) ?? null;
    if (sameFigure(before, after)) continue;
    if (after) reported.add(figureKey(after));
    const threshold = input.alertThresholds?.get(metric) ?? 0;
    if (before && after && threshold > 0 && relativeDifference(before, after) < threshold) continue;
    const byNewReport = after !== null && input.added.some((c) => c.id === after.id);
    changes.push({
      kind: 'estimate',
      metric,
      figure: after ? figureView(after) : null,
      previous: before ? figureView(before) : null,
      lower: before !== null && after !== null && after.high < before.low,
      cause: byNewReport ? null : (input.cause ?? null),
    });
  }
  for (const c of input.added) {
    const key = figureKey(c);
    if (c.rejected !== null || reported.has(key) || input.seenBefore(key)) continue;
    reported.add(key);
    const kind = c.status === 'planned' ? 'planned' : c.scope === 'additional' ? 'tranche' : 'earlier-report';
    changes.push({ kind, metric: c.metric, figure: figureView(c), previous: null, lower: false, cause: null });
  }
  return changes;
}
