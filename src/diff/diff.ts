import type { Claim, Qualifier } from '../extract/claim.js';
import { figureKey } from '../extract/claim.js';

/** Where a claim was read. */
export interface ClaimSource {
  title: string;
  url: string;
  feedName: string;
  publishedAt: string | null;
}

export interface NewClaim {
  claim: Claim;
  source: ClaimSource;
  /**
   * Later claims of the same figure folded into this one (the earliest): only the first claim of a
   * figure can be a change, the rest only add sources. Defaults to 1 and the claim's own time.
   */
  occurrences?: number;
  lastSeenAt?: string | null;
}

export interface Estimate {
  metric: string;
  low: number;
  high: number;
  qualifier: Qualifier;
  /** Publication time of the article that stated it; the estimate is the newest actual total. */
  asOf: string | null;
  attribution: string | null;
  /** Index into the batch's claims when set by this batch, else the stored claim's id. */
  claimRef: { batchIndex: number } | { claimId: number };
}

export interface KnownFigure {
  sourceCount: number;
}

export type ChangeKind =
  /** A new actual total that replaces the metric's current estimate. */
  | 'estimate'
  /** A new tranche on top of earlier ones ("+1,000 additional troops"). */
  | 'tranche'
  /** A deployment announced or agreed, not yet made. */
  | 'planned'
  /** A new actual total from an article older than the current estimate: history, not news of a change. */
  | 'earlier-report';

export interface Change {
  kind: ChangeKind;
  metric: string;
  claim: Claim;
  source: ClaimSource;
  batchIndex: number;
  previous: Estimate | null;
  /** A cumulative figure below the current estimate: a correction or a narrower scope, not a fall. */
  lower: boolean;
  /** Distinct articles carrying this figure, this one included. */
  sourceCount: number;
}

export interface FigureUpdate {
  metric: string;
  low: number;
  high: number;
  /** The first claim of the figure when new to the store, else null. */
  firstBatchIndex: number | null;
  addedSources: number;
  lastSeenAt: string | null;
}

export interface DiffInput {
  figures: ReadonlyMap<string, KnownFigure>;
  estimates: ReadonlyMap<string, Estimate>;
  /** In publication order; duplicates of earlier articles already removed. */
  claims: readonly NewClaim[];
  /** Relative difference (0.05 = 5%) under which a new total does not alert; default 0. */
  alertThresholds?: ReadonlyMap<string, number>;
}

export interface DiffResult {
  changes: Change[];
  figureUpdates: FigureUpdate[];
  estimates: Map<string, Estimate>;
}

function time(iso: string | null): number {
  return iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso);
}

function relativeDifference(a: Estimate, b: Claim): number {
  const before = (a.low + a.high) / 2;
  const after = (b.low + b.high) / 2;
  return before === 0 ? Number.POSITIVE_INFINITY : Math.abs(after - before) / before;
}

/**
 * A figure never seen before for its metric is a change; one seen before is corroboration and
 * never alerts again. Pure: the same stored state and claims always give the same result.
 */
export function diffClaims(input: DiffInput): DiffResult {
  const estimates = new Map(input.estimates);
  const updates = new Map<string, FigureUpdate>();
  const changes: Change[] = [];
  input.claims.forEach(({ claim, source, occurrences = 1, lastSeenAt }, batchIndex) => {
    const key = figureKey(claim);
    const known = input.figures.get(key);
    let update = updates.get(key);
    if (!update) {
      update = { metric: claim.metric, low: claim.low, high: claim.high, firstBatchIndex: known ? null : batchIndex, addedSources: 0, lastSeenAt: null };
      updates.set(key, update);
    }
    const isNew = !known && update.addedSources === 0;
    update.addedSources += occurrences;
    update.lastSeenAt = lastSeenAt ?? source.publishedAt ?? update.lastSeenAt;
    if (!isNew) return;

    const current = estimates.get(claim.metric) ?? null;
    const sourceCount = update.addedSources;
    const base = { metric: claim.metric, claim, source, batchIndex, previous: current, sourceCount };
    if (claim.status === 'planned') {
      changes.push({ ...base, kind: 'planned', lower: false });
      return;
    }
    if (claim.scope === 'additional') {
      changes.push({ ...base, kind: 'tranche', lower: false });
      return;
    }
    // Same publication time (one article): the lower figure is the one cited for comparison ("up from 5,000").
    const t = time(source.publishedAt);
    const newer = current === null || t > time(current.asOf) || (t === time(current.asOf) && claim.low >= current.low);
    if (!newer) {
      changes.push({ ...base, kind: 'earlier-report', lower: false });
      return;
    }
    estimates.set(claim.metric, {
      metric: claim.metric, low: claim.low, high: claim.high, qualifier: claim.qualifier,
      asOf: source.publishedAt, attribution: claim.attribution, claimRef: { batchIndex },
    });
    const threshold = input.alertThresholds?.get(claim.metric) ?? 0;
    if (current !== null && threshold > 0 && relativeDifference(current, claim) < threshold) return;
    changes.push({ ...base, kind: 'estimate', lower: current !== null && claim.high < current.low });
  });
  return { changes, figureUpdates: [...updates.values()], estimates };
}
