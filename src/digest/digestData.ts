/**
 * A digest as data: where each figure stands, then what changed, by metric. Assembled from the
 * changes recorded since the last digest and the claim ledger; rendered by each channel (text,
 * HTML, JSON). Pure: the same changes, ledger and previous digest always give the same data.
 */
import { type Change, type Correction, type FeedNotice, type FigureView, figureView } from '../model/change.js';
import type { Qualifier } from '../model/claim.js';
import { type Band, type Support, standingOf, supportOf } from '../model/estimates.js';
import type { EstimateClaim, LedgerClaim } from '../model/ledger.js';

export const DIGEST_VERSION = 1;

export interface StandingLine {
  metric: string;
  label: string;
  current: FigureView | null;
  /** The estimate the previous digest showed, when it was another figure. */
  before: { low: number; high: number; qualifier: Qualifier } | null;
  band: Band | null;
  support: Support | null;
  planned: FigureView[];
  additional: FigureView[];
}

export interface ChangeItem extends Change {
  /** Independent sources and articles behind the figure, as the store has them now. */
  support: Support | null;
}

export interface MetricGroup {
  metric: string;
  label: string;
  changes: ChangeItem[];
  corrections: string[];
}

export interface DigestData {
  version: number;
  /** What sent it: "figurewatch", "figurewatch backfill". */
  sender: string;
  /** The newest publication time among the articles it reports (never the clock, so a replay is identical). */
  asOf: string | null;
  standing: StandingLine[];
  groups: MetricGroup[];
  notices: FeedNotice[];
}

/** The ledger as the estimate rule reads it, and the full claims the digest shows (current, planned, additional). */
export interface LeanLedger {
  claims: readonly EstimateClaim[];
  shown: ReadonlyMap<number, LedgerClaim>;
}

/** The claims a digest shows in full: each metric's current estimate and its planned and additional lines. */
export function shownClaims(
  claims: readonly EstimateClaim[],
  metrics: Iterable<string>,
  bandWindowDays: number,
): number[] {
  const ids: number[] = [];
  for (const metric of metrics) {
    const s = standingOf(metric, claims, bandWindowDays);
    for (const c of [s.current, ...s.planned, ...s.additional]) if (c) ids.push(c.id);
  }
  return ids;
}

export interface DigestInput {
  changes: readonly Change[];
  corrections?: readonly Correction[];
  notices?: readonly FeedNotice[];
  /** Metric labels in topic order: the order the digest follows. */
  labels: ReadonlyMap<string, string>;
  /** The whole ledger, or its estimate form with the full claims of those the digest shows (see shownClaims). */
  ledger: readonly LedgerClaim[] | LeanLedger;
  /** The data of the last digest assembled, for "change since the last digest". */
  previous: DigestData | null;
  bandWindowDays: number;
  sender?: string;
}

const rank = (labels: ReadonlyMap<string, string>, metric: string): number => {
  const order = [...labels.keys()].indexOf(metric);
  return order < 0 ? labels.size : order;
};

/** The metrics a digest covers, in topic order: every labelled one, and any a change or correction names. */
export function digestMetrics(input: Pick<DigestInput, 'labels' | 'changes' | 'corrections'>): string[] {
  const corrections = input.corrections ?? [];
  return [
    ...new Set([...input.labels.keys(), ...input.changes.map((c) => c.metric), ...corrections.map((c) => c.metric)]),
  ].sort((a, b) => rank(input.labels, a) - rank(input.labels, b) || a.localeCompare(b));
}

/** The digest's data, or null when there is nothing to report. */
export function digestData(input: DigestInput): DigestData | null {
  const corrections = input.corrections ?? [];
  const notices = input.notices ?? [];
  if (input.changes.length === 0 && corrections.length === 0 && notices.length === 0) return null;
  const metrics = digestMetrics(input);
  const { claims: ledger, shown: fullClaims } =
    'shown' in input.ledger
      ? input.ledger
      : { claims: input.ledger, shown: new Map(input.ledger.map((c) => [c.id, c])) };
  const view = (c: EstimateClaim): FigureView => {
    const full = fullClaims.get(c.id);
    if (!full) throw new Error(`digest: claim ${c.id} is shown but was not read in full`);
    return figureView(full);
  };
  const standing: StandingLine[] = [];
  const groups: MetricGroup[] = [];
  for (const metric of metrics) {
    const label = input.labels.get(metric) ?? metric;
    const s = standingOf(metric, ledger, input.bandWindowDays);
    const shown = input.previous?.standing.find((p) => p.metric === metric)?.current ?? null;
    const moved =
      shown !== null &&
      s.current !== null &&
      (shown.low !== s.current.low || shown.high !== s.current.high || shown.qualifier !== s.current.qualifier);
    if (s.current || s.planned.length > 0 || s.additional.length > 0) {
      standing.push({
        metric,
        label,
        current: s.current ? view(s.current) : null,
        before: moved ? { low: shown.low, high: shown.high, qualifier: shown.qualifier } : null,
        band: s.band,
        support: s.support,
        planned: s.planned.map(view),
        additional: s.additional.map(view),
      });
    }
    const changes = input.changes
      .filter((c) => c.metric === metric)
      .map(
        (c): ChangeItem => ({
          ...c,
          support: c.figure ? supportOf(ledger, { metric, low: c.figure.low, high: c.figure.high }) : null,
        }),
      );
    const lines = corrections.filter((c) => c.metric === metric).map((c) => c.line);
    if (changes.length > 0 || lines.length > 0) groups.push({ metric, label, changes, corrections: lines });
  }
  const times = input.changes.flatMap((c) => (c.figure ? [c.figure.at] : [])).sort();
  return {
    version: DIGEST_VERSION,
    sender: input.sender ?? 'figurewatch',
    asOf: times[times.length - 1] ?? null,
    standing,
    groups,
    notices: [...notices],
  };
}
