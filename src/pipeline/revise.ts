import { changesOf } from '../diff/diff.js';
import type { Change, Correction } from '../model/change.js';
import { type Claim, figureKey, formatFigure } from '../model/claim.js';
import type { LedgerClaim } from '../model/ledger.js';
import { type ContentProcessor, ContentRejected } from '../sandbox/contentPool.js';
import type { TopicClaim } from '../sandbox/contentTasks.js';
import type { ArticleClaim, FigureRef, StoreOps, TextUpdate } from '../store/port.js';
import { estimatesOf, FIGURE_REJECTED } from './commit.js';

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
    else if (
      match.rejectedAt !== null &&
      match.rejectedBy === 'figurewatch' &&
      match.rejectReason !== null &&
      SYSTEM_WITHDRAWALS.has(match.rejectReason)
    )
      reinstated.push(match.id);
  }
  const withdrawn = [...byIdentity.values()]
    .flat()
    .filter((c) => c.rejectedAt === null)
    .map((c) => c.id);
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

/**
 * Applies revised articles (new texts, fresh claims) to the store; reports only what differs
 * from before: estimates moved (by the one rule), new figures, figures no stored article states
 * any more. Call inside a transaction.
 */
export async function reviseArticles(
  tx: StoreOps,
  at: string,
  revisions: readonly ArticleRevision[],
  options: { withdrawReason: string; alertThresholds: ReadonlyMap<string, number> },
): Promise<RevisionResult> {
  // Only the revised articles' figures can move: the metrics of their claims, stored and fresh, and
  // whether each fresh figure was seen before, are read before anything is written. Reading the
  // whole ledger for this, twice, inside the write transaction grew with the store.
  const metrics = new Set<string>();
  const seenBefore = new Map<string, boolean>();
  const storedBefore = new Map<number, ArticleClaim[]>();
  for (const r of revisions) {
    if (r.claims === null) continue;
    const stored = await tx.articleClaims(r.articleId);
    storedBefore.set(r.articleId, stored);
    for (const c of stored) metrics.add(c.metric);
    for (const c of r.claims) {
      metrics.add(c.metric);
      const key = figureKey(c);
      if (!seenBefore.has(key)) seenBefore.set(key, await tx.hasClaimOf(c));
    }
  }
  const before = await estimatesOf(tx, metrics);
  // A figure stops being stated only when a claim stating it is withdrawn.
  const withdrawnFigures = new Map<string, FigureRef>();
  const addedIds = new Set<number>();
  const result: RevisionResult = { added: 0, withdrawn: 0, reinstated: 0, changes: [], corrections: [] };
  for (const r of revisions) {
    if (r.text) await tx.replaceArticleText(r.articleId, r.text);
    await tx.setExtractProblem(r.articleId, r.extractProblem);
    if (r.claims === null) continue;
    // An article revised twice over is read again for its second revision.
    const stored = storedBefore.get(r.articleId) ?? (await tx.articleClaims(r.articleId));
    storedBefore.delete(r.articleId);
    const delta = claimDelta(stored, r.claims);
    const ids = await tx.addClaims(r.articleId, delta.added);
    for (const [i, c] of delta.added.entries()) {
      if (await tx.hasClaimOf(c, 'user')) await tx.rejectClaims([ids[i]!], FIGURE_REJECTED, at, 'figurewatch');
    }
    for (const id of ids) addedIds.add(id);
    for (const c of stored) if (delta.withdrawn.includes(c.id)) withdrawnFigures.set(figureKey(c), c);
    await tx.rejectClaims(delta.withdrawn, options.withdrawReason, at, 'figurewatch');
    await tx.reinstateClaims(delta.reinstated);
    for (const id of delta.reinstated) addedIds.add(id);
    result.added += delta.added.length;
    result.withdrawn += delta.withdrawn.length;
    result.reinstated += delta.reinstated.length;
  }
  if (result.added + result.withdrawn + result.reinstated === 0) return result;
  const added: LedgerClaim[] = [];
  for (const id of [...addedIds].sort((a, b) => a - b)) {
    const claim = await tx.ledgerClaim(id);
    if (claim) added.push(claim);
  }
  result.changes = changesOf({
    before,
    after: await estimatesOf(tx, metrics),
    added,
    seenBefore: (key) => seenBefore.get(key) ?? false,
    alertThresholds: options.alertThresholds,
    cause: options.withdrawReason,
  });
  for (const key of [...withdrawnFigures.keys()].sort()) {
    const figure = withdrawnFigures.get(key)!;
    if (await tx.hasClaimOf(figure, null)) continue;
    result.corrections.push({
      metric: figure.metric,
      line: `figure ${formatFigure({ low: figure.low, high: figure.high, qualifier: 'exact' })} withdrawn: no stored article states it any more`,
    });
  }
  return result;
}

/** A text's claims from the content pool; a text over budget gives none and says why. */
export async function claimsOrProblem(
  text: string,
  content: ContentProcessor,
): Promise<{ claims: TopicClaim[] | null; extractProblem: string | null }> {
  try {
    return { claims: await content.claims(text), extractProblem: null };
  } catch (err) {
    if (err instanceof ContentRejected) return { claims: null, extractProblem: err.message };
    throw err;
  }
}
