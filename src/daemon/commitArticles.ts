import type { Article } from '../articles/fetchArticle.js';
import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import { identify } from '../dedupe/findOriginal.js';
import { diffClaims, type Change, type NewClaim } from '../diff/diff.js';
import type { FeedNotice } from '../digest/renderDigest.js';
import { figureKey } from '../extract/claim.js';
import type { TopicClaim } from '../sandbox/contentTasks.js';
import type { ArticleWrite, ChangeRecord, FeedWrite, PageState, Store } from '../store/store.js';

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

function publicationTime(a: { publishedAt: string | null }, fallback: string): number {
  return Date.parse(a.publishedAt ?? fallback);
}

/**
 * An article as stored: keyed by its canonical URL (unless another stored article already has
 * it), linked to the earlier article it copies (same text, or a near copy), and with its own
 * claims unless it is such a copy.
 */
function articleWrite(p: PreparedArticle, store: Store): ArticleWrite {
  const { article } = p;
  const identity = identify(article.text, store);
  const link = article.pageCanonicalUrl ?? article.item.link ?? article.url;
  let canonical = link ? canonicalUrl(link) : null;
  // Two items can fold to one canonical URL (an AMP and a plain link in two feeds): the first keeps it.
  if (canonical !== null && store.hasItem(p.feedUrl ?? '', { guid: null, url: canonical })) canonical = null;
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
    // A copy's claims belong to its original: storing them again would alert twice.
    claims: duplicateOf === null ? p.claims ?? [] : [],
    extractProblem: duplicateOf === null ? p.extractProblem : null,
    page: p.page,
  };
}

/**
 * Stores articles with their claims, and what they change (figures, estimates, the changes a
 * digest will report, the feed's state) in one transaction: a kill at any moment keeps all of it
 * or none. Synchronous, so it is one short step however slow the reading before it was.
 */
export function commitArticles(store: Store, input: CommitInput): CommitResult {
  const { at } = input;
  return store.transaction(() => {
    const result: CommitResult = { changes: [], articles: 0, duplicates: 0, claims: 0 };
    // One claim per distinct figure is kept (the earliest published); the others only count.
    const figures = new Map<string, { newClaim: NewClaim; claimId: number; occurrences: number; lastSeenAt: number }>();
    for (const p of input.articles) {
      const write = articleWrite(p, store);
      const { claimIds } = store.insertArticle(at, write);
      result.articles++;
      if (write.duplicateOf !== null) result.duplicates++;
      result.claims += write.claims.length;
      const source = { title: write.title, url: write.url, feedName: write.feedName ?? '', publishedAt: write.publishedAt ?? at };
      const time = publicationTime(source, at);
      // A copy adds a source to each figure of its original, and is never news itself.
      const counted = write.duplicateOf === null ? write.claims.map((claim, i) => ({ claim, claimId: claimIds[i]! }))
        : store.claimsOfArticle(write.duplicateOf).map(({ id, ...claim }) => ({ claim, claimId: id }));
      for (const { claim, claimId } of counted) {
        const key = figureKey(claim);
        const seen = figures.get(key);
        if (seen) {
          seen.occurrences++;
          seen.lastSeenAt = Math.max(seen.lastSeenAt, time);
          if (time >= publicationTime(seen.newClaim.source, at)) continue;
        }
        const { topic: _topic, ...plain } = claim as TopicClaim;
        figures.set(key, { newClaim: { claim: { ...plain, quote: '' }, source }, claimId, occurrences: seen?.occurrences ?? 1, lastSeenAt: Math.max(seen?.lastSeenAt ?? time, time) });
      }
    }
    // The diff reads claims in publication order, so that "newest" means newest published.
    const ordered = [...figures.values()].sort((a, b) => publicationTime(a.newClaim.source, at) - publicationTime(b.newClaim.source, at));
    const newClaims: NewClaim[] = ordered.map((o) => ({ ...o.newClaim, occurrences: o.occurrences, lastSeenAt: new Date(o.lastSeenAt).toISOString() }));
    const claimIdOf = (batchIndex: number): number => ordered[batchIndex]!.claimId;
    const diff = diffClaims({ figures: store.knownFigures([...figures.keys()]), estimates: store.estimates(), claims: newClaims, alertThresholds: input.alertThresholds });
    const quotes = store.claimQuotes(diff.changes.map((c) => claimIdOf(c.batchIndex)));
    result.changes = diff.changes.map((c) => ({ ...c, claim: { ...c.claim, quote: quotes.get(claimIdOf(c.batchIndex)) ?? '' } }));
    store.writeFigures(at, {
      figureUpdates: diff.figureUpdates.map(({ firstBatchIndex, ...f }) => ({ ...f, firstClaimId: firstBatchIndex === null ? null : claimIdOf(firstBatchIndex) })),
      estimates: [...diff.estimates.values()].flatMap(({ claimRef, ...e }) => ('batchIndex' in claimRef ? [{ ...e, claimId: claimIdOf(claimRef.batchIndex) }] : [])),
    });
    const records: ChangeRecord[] = [
      ...result.changes.map((change): ChangeRecord => ({ kind: 'figure', change })),
      ...(input.notices ?? []).map((notice): ChangeRecord => ({ kind: 'feed', notice })),
    ];
    store.insertChanges(at, records, input.notify);
    if (input.feed) store.writeFeed(at, input.feed);
    return result;
  });
}
