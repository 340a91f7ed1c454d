/**
 * What the store says of each figure, in the shape every reader shows it (the CLI's status and
 * history, JSON for scripts, the web page): one query, so they never disagree.
 */
import { type FigureView, figureView } from '../model/change.js';
import { type Band, type Support, standingOf } from '../model/estimates.js';
import { type LedgerClaim, type RejectedBy, sourceOf } from '../model/ledger.js';

export interface EstimateView {
  metric: string;
  label: string;
  current: FigureView | null;
  support: Support | null;
  band: Band | null;
  planned: FigureView[];
  additional: FigureView[];
}

/** Every tracked metric in topic order, with its estimate by the one rule. */
export function estimatesView(
  ledger: readonly LedgerClaim[],
  labels: ReadonlyMap<string, string>,
  bandWindowDays: number,
): EstimateView[] {
  return [...labels].map(([metric, label]) => {
    const s = standingOf(metric, ledger, bandWindowDays);
    return {
      metric,
      label,
      current: s.current ? figureView(s.current) : null,
      support: s.support,
      band: s.band,
      planned: s.planned.map(figureView),
      additional: s.additional.map(figureView),
    };
  });
}

export interface HistoryEntry extends FigureView {
  /** The independent source it stands for (attribution, else outlet): the key of `--by-source`. */
  source: string;
  copies: number;
  rejected: { at: string; reason: string | null; by: RejectedBy } | null;
  /** It is the metric's current estimate. */
  current: boolean;
}

/** Every claim of a metric, rejected ones too, oldest first. */
export function historyView(ledger: readonly LedgerClaim[], metric: string, bandWindowDays: number): HistoryEntry[] {
  const own = ledger.filter((c) => c.metric === metric);
  const current = standingOf(metric, own, bandWindowDays).current;
  return own.map((c) => ({
    ...figureView(c),
    source: c.attribution ?? c.publisher,
    copies: c.copies,
    rejected: c.rejected,
    current: c.id === current?.id,
  }));
}

export { sourceOf };

/** One step of a metric's estimate over time: from `at` on, the estimate was this claim's figure. */
export interface EstimateStep {
  at: string;
  low: number;
  high: number;
  qualifier: FigureView['qualifier'];
  claimId: number;
  band: Band | null;
}

/**
 * The metric's estimate as it stood after each claim arrived, by the one rule (claims rejected
 * since are left out, as the estimate now leaves them): the step line of the page's chart.
 */
export function estimateSeries(ledger: readonly LedgerClaim[], metric: string, bandWindowDays: number): EstimateStep[] {
  const own = ledger
    .filter((c) => c.metric === metric && c.rejected === null)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const steps: EstimateStep[] = [];
  for (let i = 0; i < own.length; i++) {
    // Claims published at the same moment land together.
    if (i + 1 < own.length && own[i + 1]!.at === own[i]!.at) continue;
    const s = standingOf(metric, own.slice(0, i + 1), bandWindowDays);
    if (!s.current) continue;
    const last = steps[steps.length - 1];
    if (last && last.claimId === s.current.id && last.band?.low === s.band?.low && last.band?.high === s.band?.high)
      continue;
    steps.push({
      at: own[i]!.at,
      low: s.current.low,
      high: s.current.high,
      qualifier: s.current.qualifier,
      claimId: s.current.id,
      band: s.band,
    });
  }
  return steps;
}
