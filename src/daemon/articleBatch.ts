import type { Article } from '../articles/fetchArticle.js';
import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import { identify } from '../dedupe/findOriginal.js';
import { diffClaims, type Change, type NewClaim } from '../diff/diff.js';
import { renderDigest, type Digest, type FeedNotice } from '../digest/renderDigest.js';
import { figureKey } from '../extract/claim.js';
import { extractClaims } from '../extract/extract.js';
import type { Topic } from '../extract/topic.js';
import type { Logger } from '../log/logger.js';
import type { ArticleWrite, CycleTransaction, FeedWrite, Store } from '../store/store.js';

/** An article's claims from every topic, tagged with the topic that found them. */
export function claimsOf(text: string, topics: readonly Topic[]): ArticleWrite['claims'] {
  return topics.flatMap((topic) => extractClaims(text, topic).map((c) => ({ ...c, topic: topic.name })));
}

function publicationTime(a: { publishedAt: string | null }, fallback: string): number {
  return Date.parse(a.publishedAt ?? fallback);
}

/**
 * An article as stored: keyed by its canonical URL (unless another stored article already has
 * it), linked to the earlier article it copies (same text, or a near copy), and with its own
 * claims unless it is such a copy.
 */
function articleWrite(article: Article, feedUrl: string | null, store: Store, topics: readonly Topic[]): ArticleWrite {
  const identity = identify(article.text, store);
  const link = article.pageCanonicalUrl ?? article.item.link ?? article.url;
  let canonical = link ? canonicalUrl(link) : null;
  // Two items can fold to one canonical URL (an AMP and a plain link in two feeds): the first keeps it.
  if (canonical !== null && store.hasItem(feedUrl ?? '', { guid: null, url: canonical })) canonical = null;
  const duplicateOf = identity.original?.articleId ?? null;
  return {
    canonicalUrl: canonical,
    guid: article.item.guid,
    url: article.url || article.item.link || '',
    feedUrl,
    feedName: article.item.feedName,
    title: article.title,
    publishedAt: article.publishedAt,
    textSource: article.textSource,
    textHash: identity.textHash,
    text: article.text,
    duplicateOf,
    fingerprint: identity.fingerprint,
    // A copy's claims belong to its original: storing them again would alert twice.
    claims: duplicateOf === null ? claimsOf(article.text, topics) : [],
  };
}

/**
 * The articles of one transaction (a cycle, or a batch of a backfill): each is written as it
 * arrives, and only one claim per distinct figure is kept in memory (the earliest published;
 * the others only count), so memory does not grow with the number of articles.
 */
export class ArticleBatch {
  private readonly tx: CycleTransaction;
  private readonly figures = new Map<string, { newClaim: NewClaim; claimId: number; occurrences: number; lastSeenAt: number }>();
  articles = 0;
  duplicates = 0;
  claims = 0;

  constructor(private readonly store: Store, private readonly logger: Logger, private readonly topics: readonly Topic[], private readonly nowIso: string) {
    this.tx = store.beginCycle(nowIso);
  }

  add(article: Article, feedUrl: string | null): void {
    const write = articleWrite(article, feedUrl, this.store, this.topics);
    const { claimIds } = this.tx.addArticle(write);
    this.articles++;
    if (write.duplicateOf !== null) this.duplicates++;
    this.claims += write.claims.length;
    const source = { title: article.title, url: write.url, feedName: article.item.feedName, publishedAt: article.publishedAt ?? this.nowIso };
    const time = publicationTime(source, this.nowIso);
    // A copy adds a source to each figure of its original, and is never news itself.
    const counted = write.duplicateOf === null ? write.claims.map((claim, i) => ({ claim, claimId: claimIds[i]! }))
      : this.store.claimsOfArticle(write.duplicateOf).map(({ id, ...claim }) => ({ claim, claimId: id }));
    if (write.duplicateOf !== null) this.logger.debug({ url: write.url, original: write.duplicateOf }, 'copy of an earlier article: counted as corroboration');
    for (const { claim, claimId } of counted) {
      const key = figureKey(claim);
      const seen = this.figures.get(key);
      if (seen) {
        seen.occurrences++;
        seen.lastSeenAt = Math.max(seen.lastSeenAt, time);
        if (time >= publicationTime(seen.newClaim.source, this.nowIso)) continue;
      }
      // The quote stays in the store; only changes need it, and they read it back on commit.
      this.figures.set(key, { newClaim: { claim: { ...claim, quote: '' }, source }, claimId, occurrences: seen?.occurrences ?? 1, lastSeenAt: Math.max(seen?.lastSeenAt ?? time, time) });
    }
  }

  /** Diffs what was added against the stored state and commits it all, with the digest when wanted. */
  commit(options: { feeds: FeedWrite[]; notices: FeedNotice[]; alertThresholds: ReadonlyMap<string, number>; labels: ReadonlyMap<string, string>; digest?: boolean }): { changes: Change[]; digest: Digest | null } {
    // The diff reads claims in publication order, so that "newest" means newest published.
    const ordered = [...this.figures.values()].sort((a, b) => publicationTime(a.newClaim.source, this.nowIso) - publicationTime(b.newClaim.source, this.nowIso));
    const newClaims: NewClaim[] = ordered.map((o) => ({ ...o.newClaim, occurrences: o.occurrences, lastSeenAt: new Date(o.lastSeenAt).toISOString() }));
    const claimIdOf = (batchIndex: number): number => ordered[batchIndex]!.claimId;
    const diff = diffClaims({ figures: this.store.knownFigures(), estimates: this.store.estimates(), claims: newClaims, alertThresholds: options.alertThresholds });
    const quotes = this.store.claimQuotes(diff.changes.map((c) => claimIdOf(c.batchIndex)));
    const changes = diff.changes.map((c) => ({ ...c, claim: { ...c.claim, quote: quotes.get(claimIdOf(c.batchIndex)) ?? '' } }));
    const digest = options.digest === false ? null : renderDigest(changes, options.labels, { notices: options.notices });
    this.tx.commit({
      feeds: options.feeds,
      figureUpdates: diff.figureUpdates.map(({ firstBatchIndex, ...f }) => ({ ...f, firstClaimId: firstBatchIndex === null ? null : claimIdOf(firstBatchIndex) })),
      estimates: [...diff.estimates.values()].flatMap(({ claimRef, ...e }) => ('batchIndex' in claimRef ? [{ ...e, claimId: claimIdOf(claimRef.batchIndex) }] : [])),
      digest,
    });
    return { changes, digest };
  }

  rollback(): void {
    this.tx.rollback();
  }
}
