/**
 * What the store says of each figure, in the shape every reader shows it (the CLI's status and
 * history, JSON for scripts, the web page): one query, so they never disagree.
 */
import { figureView, type FigureView } from '../model/change.js';
import { standingOf, type Band, type Support } from '../model/estimates.js';
import { sourceOf, type LedgerClaim, type RejectedBy } from '../model/ledger.js';

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
export function estimatesView(ledger: readonly LedgerClaim[], labels: ReadonlyMap<string, string>, bandWindowDays: number): EstimateView[] {
  return [...labels].map(([metric, label]) => {
    const s = standingOf(metric, ledger, bandWindowDays);
    return {
      metric, label, current: s.current ? figureView(s.current) : null, support: s.support, band: s.band,
      planned: s.planned.map(figureView), additional: s.additional.map(figureView),
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
  return own.map((c) => ({ ...figureView(c), source: c.attribution ?? c.publisher, copies: c.copies, rejected: c.rejected, current: c.id === current?.id }));
}

export { sourceOf };
