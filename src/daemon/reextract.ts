import { diffClaims, type Change, type Estimate } from '../diff/diff.js';
import { newClaimOf, rebuildState } from '../diff/replay.js';
import { sendSummaryDigest, type DigestSender } from '../digest/deliver.js';
import { renderDigest, type Correction } from '../digest/renderDigest.js';
import { figureKey, formatFigure, type Claim } from '../extract/claim.js';
import type { Topic } from '../extract/topic.js';
import type { Logger } from '../log/logger.js';
import type { ArticleClaim, Store } from '../store/store.js';
import { claimsOf } from './articleBatch.js';
import { alertThresholds, metricLabels } from './cycle.js';

/** The reason re-extraction writes on a claim it withdraws; such a claim comes back if the extractor finds it again. */
export const WITHDRAWN_BY_REEXTRACTION = 'no longer extracted (reextract)';

/** One claim's identity for re-extraction: every field the extractor sets. */
function claimIdentity(c: Claim): string {
  return JSON.stringify([c.metric, c.low, c.high, c.qualifier, c.status, c.scope, c.attribution, c.when, c.quote]);
}

export interface ClaimDelta<C extends Claim> {
  added: C[];
  withdrawn: number[];
  reinstated: number[];
}

/**
 * How an article's stored claims must change to match a fresh extraction. A claim the user
 * rejected stays rejected even when found again; one that an earlier re-extraction withdrew
 * comes back. Pure.
 */
export function claimDelta<C extends Claim>(stored: readonly ArticleClaim[], fresh: readonly C[]): ClaimDelta<C> {
  const byIdentity = new Map<string, ArticleClaim[]>();
  for (const c of stored) byIdentity.set(claimIdentity(c), [...(byIdentity.get(claimIdentity(c)) ?? []), c]);
  const added: C[] = [];
  const reinstated: number[] = [];
  for (const c of fresh) {
    const matches = byIdentity.get(claimIdentity(c));
    const match = matches?.shift();
    if (!match) added.push(c);
    else if (match.rejectedAt !== null && match.rejectReason === WITHDRAWN_BY_REEXTRACTION) reinstated.push(match.id);
  }
  const withdrawn = [...byIdentity.values()].flat().filter((c) => c.rejectedAt === null).map((c) => c.id);
  return { added, withdrawn, reinstated };
}

export interface ReextractDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  topics: readonly Topic[];
  sender: DigestSender;
}

export interface ReextractReport {
  articles: number;
  added: number;
  withdrawn: number;
  reinstated: number;
  /** Figures new to the store, as a cycle would have reported them. */
  changes: Change[];
  /** Figures gone, and estimates moved other than by a new figure. */
  corrections: Correction[];
  digestSent: boolean;
}

function sameEstimate(a: Estimate | undefined, b: Estimate | undefined): boolean {
  return a?.low === b?.low && a?.high === b?.high && a?.qualifier === b?.qualifier && a?.asOf === b?.asOf;
}

/**
 * Runs the current extractor and topics over every stored original article, in one transaction:
 * claims it no longer finds are withdrawn (marked rejected, never deleted), new ones added, and the
 * figures and estimates rebuilt from the result. Reports only what differs from before.
 */
export async function runReextract(deps: ReextractDeps, options: { sendDigest?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<ReextractReport> {
  const { store, logger, topics } = deps;
  const at = deps.clock().toISOString();
  const labels = metricLabels(topics);
  const figuresBefore = store.knownFigures();
  const estimatesBefore = store.estimates();
  const ids = store.originalArticleIds();
  const addedIds = new Set<number>();
  const report: ReextractReport = { articles: ids.length, added: 0, withdrawn: 0, reinstated: 0, changes: [], corrections: [], digestSent: false };
  const tx = store.beginReextraction(at);
  try {
    ids.forEach((articleId, i) => {
      const text = store.articleText(articleId) ?? '';
      const delta = claimDelta(store.articleClaims(articleId), claimsOf(text, topics));
      for (const id of tx.addClaims(articleId, delta.added)) addedIds.add(id);
      tx.rejectClaims(delta.withdrawn, WITHDRAWN_BY_REEXTRACTION);
      tx.reinstateClaims(delta.reinstated);
      for (const id of delta.reinstated) addedIds.add(id);
      report.added += delta.added.length;
      report.withdrawn += delta.withdrawn.length;
      report.reinstated += delta.reinstated.length;
      options.onProgress?.(i + 1, ids.length);
    });
    const sightings = store.claimSightings();
    const rebuilt = rebuildState(sightings);
    tx.replaceState(rebuilt);
    tx.commit();

    // New figures are reported as a cycle would have reported them against the state before.
    const fresh = sightings.filter((s) => addedIds.has(s.record.id))
      .sort((a, b) => Date.parse(a.publishedAt ?? a.fetchedAt) - Date.parse(b.publishedAt ?? b.fetchedAt) || a.record.id - b.record.id);
    const diff = diffClaims({ figures: figuresBefore, estimates: estimatesBefore, claims: fresh.map(newClaimOf), alertThresholds: alertThresholds(topics) });
    report.changes = diff.changes;

    const figuresAfter = new Set(rebuilt.figures.map(figureKey));
    for (const key of figuresBefore.keys()) {
      if (figuresAfter.has(key)) continue;
      const [metric, low, high] = key.split('|');
      report.corrections.push({ metric: metric!, line: `figure ${formatFigure({ low: Number(low), high: Number(high), qualifier: 'exact' })} withdrawn: no stored article states it any more` });
    }
    const estimatesAfter = new Map(rebuilt.estimates.map((e) => [e.metric, e]));
    for (const metric of new Set([...estimatesBefore.keys(), ...estimatesAfter.keys()])) {
      const before = estimatesBefore.get(metric);
      const now = estimatesAfter.get(metric);
      const explained = report.changes.some((c) => c.kind === 'estimate' && c.metric === metric && c.claim.low === now?.low && c.claim.high === now?.high);
      if (sameEstimate(before, now as Estimate | undefined) || explained) continue;
      report.corrections.push({ metric, line: `estimate ${before ? formatFigure(before) : 'none'} → ${now ? formatFigure(now) : 'none'}` });
    }
  } catch (err) {
    tx.rollback();
    throw err;
  }
  logger.info({ articles: report.articles, added: report.added, withdrawn: report.withdrawn, reinstated: report.reinstated, changes: report.changes.length, corrections: report.corrections.length }, 'reextract finished');
  if (options.sendDigest) {
    const digest = renderDigest(report.changes, labels, { corrections: report.corrections, subjectPrefix: 'figurewatch reextract' });
    if (digest) report.digestSent = await sendSummaryDigest(store, deps.sender, logger, deps.clock, digest);
  }
  return report;
}
