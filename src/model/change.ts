import type { Claim } from './claim.js';
import type { LedgerClaim } from './ledger.js';

/** A figure as a digest shows it: the figure, who said it and when, the sentence, the article. */
export interface FigureView extends Omit<Claim, 'metric' | 'figureText'> {
  claimId: number;
  /** The number as the sentence writes it, to highlight in the quote. */
  figureText: string | null;
  at: string;
  title: string;
  url: string;
  publisher: string;
}

export function figureView(c: LedgerClaim): FigureView {
  return {
    claimId: c.id,
    low: c.low,
    high: c.high,
    qualifier: c.qualifier,
    status: c.status,
    scope: c.scope,
    attribution: c.attribution,
    when: c.when,
    quote: c.quote,
    figureText: c.figureText ?? null,
    at: c.at,
    title: c.title,
    url: c.url,
    publisher: c.publisher,
  };
}

export type ChangeKind =
  /** The metric's current estimate moved (a newer actual total, or a correction took the old one away). */
  | 'estimate'
  /** A new tranche on top of earlier ones ("1,000 more troops"). */
  | 'tranche'
  /** A deployment announced or agreed, not yet made. */
  | 'planned'
  /** A new actual total from an article older than the current estimate: history, not a change of the estimate. */
  | 'earlier-report';

export interface Change {
  kind: ChangeKind;
  metric: string;
  /** The figure reported; for an estimate, the new current one (null: the metric has none any more). */
  figure: FigureView | null;
  /** For an estimate: the one it replaced. */
  previous: FigureView | null;
  /** A cumulative figure below the one it replaces: a correction or a narrower count, not a fall. */
  lower: boolean;
  /** Why an estimate moved without a newer report ("a claim was withdrawn"), when that is the cause. */
  cause: string | null;
}

/** A figure no stored article states any more (re-extraction, an edited page). */
export interface Correction {
  metric: string;
  line: string;
}

/** A feed named in a digest: failing for a while, or back. */
export interface FeedNotice {
  feedName: string;
  kind: 'failing' | 'recovered';
  since: string;
  message: string;
}
