import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import { identify } from '../dedupe/findOriginal.js';
import { changesOf } from '../diff/diff.js';
import type { Article, PageState } from '../model/article.js';
import type { Change, FeedNotice } from '../model/change.js';
import { figureKey } from '../model/claim.js';
import { currentEstimate } from '../model/estimates.js';
import type { FeedWrite } from '../model/feed.js';
import type { LedgerClaim } from '../model/ledger.js';
import type { TopicClaim } from '../sandbox/contentTasks.js';
import type { ArticleWrite, ChangeRecord, StoreOps } from '../store/port.js';

/** An article read and extracted, ready to be stored: all the slow work is done before the transaction. */
export interface PreparedArticle {
  article: Article;
  feedUrl: string | null;
  /** Null when the text was not read for claims (over budget): stored without, for reextract. */
  claims: TopicClaim[] | null;
  extractProblem: string | null;
  page: PageState | null;
}

export interface CommitInput {
  at: string;
  articles: readonly PreparedArticle[];
  /** The feed's new state, when this commit ends the feed's part of the cycle. */
  feed?: FeedWrite;
  notices?: readonly FeedNotice[];
  /** Whether the changes go into the next digest (a backfill keeps them for the record only). */
  notify: boolean;
  alertThresholds: ReadonlyMap<string, number>;
}

export interface CommitResult {
  changes: Change[];
  articles: number;
  duplicates: number;
  claims: number;
}

/** The reason written on a new claim of a figure the user rejected: it is stored, and never alerts. */
export const FIGURE_REJECTED = 'a figure the user rejected';

/** The current estimate of each metric, by the one rule (see currentEstimate). */
export async function estimatesOf(
  store: StoreOps,
  metrics: Iterable<string>,
): Promise<Map<string, LedgerClaim | null>> {
  const out = new Map<string, LedgerClaim | null>();
  // Only the newest actual total is read: the whole ledger, read twice per commit, made a long backfill quadratic.
  for (const metric of metrics)
    out.set(metric, currentEstimate(await store.newestClaims(metric, { status: 'actual', scope: 'total' }, 1)));
  return out;
}

/**
 * An article as stored: keyed by its canonical URL (unless another stored article already has
 * it), linked to the earlier article it copies (same text, or a near copy), and with its own
 * claims unless it is such a copy.
 */
async function articleWrite(p: PreparedArticle, store: StoreOps): Promise<ArticleWrite> {
  const { article } = p;
  const identity = await identify(article.text, store);
  const link = article.pageCanonicalUrl ?? article.item.link ?? article.url;
  let canonical = link ? canonicalUrl(link) : null;
  // Two items can fold to one canonical URL (an AMP and a plain link in two feeds): the first keeps it.
  if (canonical !== null && (await store.hasItem(p.feedUrl ?? '', { guid: null, url: canonical }))) canonical = null;
  const duplicateOf = identity.original?.articleId ?? null;
  return {
    canonicalUrl: canonical,
    guid: article.item.guid,
    url: article.url || article.item.link || '',
    feedUrl: p.feedUrl,
    feedName: article.item.feedName,
    title: article.title,
    publishedAt: article.publishedAt,
    publishedAdjustedFrom: article.publishedAdjustedFrom,
    textSource: article.textSource,
    textHash: identity.textHash,
    text: article.text,
    duplicateOf,
    fingerprint: identity.fingerprint,
    // A copy's claims are its original's: it adds to their support (see supportOf), never alerts.
    claims: duplicateOf === null ? (p.claims ?? []) : [],
    extractProblem: duplicateOf === null ? p.extractProblem : null,
    page: p.page,
  };
}

/**
 * Stores articles with their claims, and the changes they cause (estimates moved, new plans and
 * tranches) and the feed's state, in one transaction: a kill at any moment keeps all of it or none.
 */
export function commitArticles(
  store: { transaction: <T>(fn: (tx: StoreOps) => Promise<T>) => Promise<T> },
  input: CommitInput,
): Promise<CommitResult> {
  const { at } = input;
  return store.transaction(async (tx) => {
    const result: CommitResult = { changes: [], articles: 0, duplicates: 0, claims: 0 };
    const metrics = new Set(input.articles.flatMap((p) => (p.claims ?? []).map((c) => c.metric)));
    const before = await estimatesOf(tx, metrics);
    const seen = new Map<string, boolean>();
    for (const p of input.articles) {
      for (const c of p.claims ?? []) if (!seen.has(figureKey(c))) seen.set(figureKey(c), await tx.hasClaimOf(c));
    }
    const addedIds: number[] = [];
    for (const p of input.articles) {
      const write = await articleWrite(p, tx);
      const { claimIds } = await tx.insertArticle(at, write);
      result.articles++;
      if (write.duplicateOf !== null) result.duplicates++;
      result.claims += write.claims.length;
      for (const [i, c] of write.claims.entries()) {
        // The user said this figure is wrong: a new claim of it is kept for the record, never reported.
        if (await tx.hasClaimOf(c, 'user')) await tx.rejectClaims([claimIds[i]!], FIGURE_REJECTED, at, 'figurewatch');
      }
      addedIds.push(...claimIds);
    }
    const added: LedgerClaim[] = [];
    for (const id of addedIds) {
      const claim = await tx.ledgerClaim(id);
      if (claim) added.push(claim);
    }
    const after = await estimatesOf(tx, metrics);
    // Figures stored before this commit (a figure met twice in it is new only once).
    const known = new Set([...seen].filter(([, stored]) => stored).map(([key]) => key));
    result.changes = changesOf({
      before,
      after,
      added,
      seenBefore: (key) => known.has(key),
      alertThresholds: input.alertThresholds,
    });
    const records: ChangeRecord[] = [
      ...result.changes.map((change): ChangeRecord => ({ kind: 'figure', change })),
      ...(input.notices ?? []).map((notice): ChangeRecord => ({ kind: 'feed', notice })),
    ];
    await tx.insertChanges(at, records, input.notify);
    if (input.feed) await tx.writeFeed(at, input.feed);
    return result;
  });
}
