import { diffClaims, type Change, type Estimate } from '../diff/diff.js';
import { newClaimOf, rebuildState } from '../diff/replay.js';
import { sendSummaryDigest, type DigestSender } from '../digest/deliver.js';
import { renderDigest, type Correction } from '../digest/renderDigest.js';
import { figureKey, formatFigure, type Claim } from '../extract/claim.js';
import type { Topic } from '../extract/topic.js';
import type { Logger } from '../log/logger.js';
import { ContentRejected, type ContentProcessor } from '../sandbox/contentPool.js';
import type { TopicClaim } from '../sandbox/contentTasks.js';
import type { ArticleClaim, Store, TextUpdate } from '../store/store.js';
import { alertThresholds, metricLabels } from '../extract/topicLabels.js';

/** The reason re-extraction writes on a claim it withdraws; such a claim comes back if the extractor finds it again. */
export const WITHDRAWN_BY_REEXTRACTION = 'no longer extracted (reextract)';
/** The reason written on a claim whose article no longer states it after an edit. */
export const WITHDRAWN_BY_EDIT = 'no longer in the article (edited)';
/** Withdrawals figurewatch made itself, which it undoes when the claim is found again; a user's rejection stays. */
const SYSTEM_WITHDRAWALS: ReadonlySet<string> = new Set([WITHDRAWN_BY_REEXTRACTION, WITHDRAWN_BY_EDIT]);

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
 * rejected stays rejected even when found again; one that figurewatch withdrew (re-extraction,
 * an edit) comes back. Pure.
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
    else if (match.rejectedAt !== null && match.rejectReason !== null && SYSTEM_WITHDRAWALS.has(match.rejectReason)) reinstated.push(match.id);
  }
  const withdrawn = [...byIdentity.values()].flat().filter((c) => c.rejectedAt === null).map((c) => c.id);
  return { added, withdrawn, reinstated };
}

/** A stored article read again: its claims now, and its new text when it has one. */
export interface ArticleRevision {
  articleId: number;
  text?: TextUpdate;
  /** Null when the text could not be read for claims (over budget): its stored claims stay. */
  claims: TopicClaim[] | null;
  extractProblem: string | null;
}

export interface RevisionResult {
  added: number;
  withdrawn: number;
  reinstated: number;
  /** Figures new to the store, as a cycle would have reported them. */
  changes: Change[];
  /** Figures gone, and estimates moved other than by a new figure. */
  corrections: Correction[];
}

function sameEstimate(a: Estimate | undefined, b: Estimate | undefined): boolean {
  return a?.low === b?.low && a?.high === b?.high && a?.qualifier === b?.qualifier && a?.asOf === b?.asOf;
}

/**
 * Applies revised articles (new texts, fresh claims) to the store and rebuilds the figures and
 * estimates from the claims; reports only what differs from before. Call inside store.transaction.
 */
export function reviseArticles(store: Store, at: string, revisions: readonly ArticleRevision[], options: { withdrawReason: string; alertThresholds: ReadonlyMap<string, number> }): RevisionResult {
  const figuresBefore = store.knownFigures();
  const estimatesBefore = store.estimates();
  const addedIds = new Set<number>();
  const result: RevisionResult = { added: 0, withdrawn: 0, reinstated: 0, changes: [], corrections: [] };
  for (const r of revisions) {
    if (r.text) store.replaceArticleText(r.articleId, r.text);
    store.setExtractProblem(r.articleId, r.extractProblem);
    if (r.claims === null) continue;
    const delta = claimDelta(store.articleClaims(r.articleId), r.claims);
    for (const id of store.addClaims(r.articleId, delta.added)) addedIds.add(id);
    store.rejectClaims(delta.withdrawn, options.withdrawReason, at);
    store.reinstateClaims(delta.reinstated);
    for (const id of delta.reinstated) addedIds.add(id);
    result.added += delta.added.length;
    result.withdrawn += delta.withdrawn.length;
    result.reinstated += delta.reinstated.length;
  }
  if (result.added + result.withdrawn + result.reinstated === 0) return result;
  const sightings = store.claimSightings();
  const rebuilt = rebuildState(sightings);
  store.replaceState(at, rebuilt);

  // New figures are reported as a cycle would have reported them against the state before.
  const fresh = sightings.filter((s) => addedIds.has(s.record.id))
    .sort((a, b) => Date.parse(a.publishedAt ?? a.fetchedAt) - Date.parse(b.publishedAt ?? b.fetchedAt) || a.record.id - b.record.id);
  result.changes = diffClaims({ figures: figuresBefore, estimates: estimatesBefore, claims: fresh.map(newClaimOf), alertThresholds: options.alertThresholds }).changes;

  const figuresAfter = new Set(rebuilt.figures.map(figureKey));
  for (const key of figuresBefore.keys()) {
    if (figuresAfter.has(key)) continue;
    const [metric, low, high] = key.split('|');
    result.corrections.push({ metric: metric!, line: `figure ${formatFigure({ low: Number(low), high: Number(high), qualifier: 'exact' })} withdrawn: no stored article states it any more` });
  }
  const estimatesAfter = new Map(rebuilt.estimates.map((e) => [e.metric, e]));
  for (const metric of new Set([...estimatesBefore.keys(), ...estimatesAfter.keys()])) {
    const before = estimatesBefore.get(metric);
    const now = estimatesAfter.get(metric);
    const explained = result.changes.some((c) => c.kind === 'estimate' && c.metric === metric && c.claim.low === now?.low && c.claim.high === now?.high);
    if (sameEstimate(before, now as Estimate | undefined) || explained) continue;
    result.corrections.push({ metric, line: `estimate ${before ? formatFigure(before) : 'none'} → ${now ? formatFigure(now) : 'none'}` });
  }
  return result;
}

/** A text's claims from the content pool; a text over budget gives none and says why. */
export async function claimsOrProblem(text: string, content: ContentProcessor): Promise<{ claims: TopicClaim[] | null; extractProblem: string | null }> {
  try {
    return { claims: await content.claims(text), extractProblem: null };
  } catch (err) {
    if (err instanceof ContentRejected) return { claims: null, extractProblem: err.message };
    throw err;
  }
}

export interface ReextractDeps {
  store: Store;
  logger: Logger;
  clock: () => Date;
  topics: readonly Topic[];
  sender: DigestSender;
  content: ContentProcessor;
}

export interface ReextractReport extends RevisionResult {
  articles: number;
  /** Articles whose text was again over budget: stored claims kept, still marked for reextract. */
  unread: number;
  digestSent: boolean;
}

/**
 * Runs the current extractor and topics over every stored original article, in one transaction:
 * claims it no longer finds are withdrawn (marked rejected, never deleted), new ones added, and the
 * figures and estimates rebuilt from the result. Reports only what differs from before.
 */
export async function runReextract(deps: ReextractDeps, options: { sendDigest?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<ReextractReport> {
  const { store, logger, topics } = deps;
  const at = deps.clock().toISOString();
  const ids = store.originalArticleIds();
  // Reading is the slow part and happens outside the transaction; the writes then take one step.
  const revisions: ArticleRevision[] = [];
  let done = 0;
  for (const articleId of ids) {
    const read = await claimsOrProblem(store.articleText(articleId) ?? '', deps.content);
    if (read.extractProblem) logger.warn({ articleId, problem: read.extractProblem }, 'article not read for claims; its stored claims are kept');
    revisions.push({ articleId, ...read });
    options.onProgress?.(++done, ids.length);
  }
  const revised = store.transaction(() => reviseArticles(store, at, revisions, { withdrawReason: WITHDRAWN_BY_REEXTRACTION, alertThresholds: alertThresholds(topics) }));
  const report: ReextractReport = { ...revised, articles: ids.length, unread: revisions.filter((r) => r.claims === null).length, digestSent: false };
  logger.info({ articles: report.articles, added: report.added, withdrawn: report.withdrawn, reinstated: report.reinstated, unread: report.unread, changes: report.changes.length, corrections: report.corrections.length }, 'reextract finished');
  if (options.sendDigest) {
    const digest = renderDigest(report.changes, metricLabels(topics), { corrections: report.corrections, subjectPrefix: 'figurewatch reextract' });
    if (digest) report.digestSent = await sendSummaryDigest(store, deps.sender, logger, deps.clock, digest);
  }
  return report;
}
