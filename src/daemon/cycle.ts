import { fetchArticle, type Article } from '../articles/fetchArticle.js';
import type { Config } from '../config/schema.js';
import { canonicalUrl, itemKeys } from '../dedupe/canonicalUrl.js';
import { identify } from '../dedupe/findOriginal.js';
import { figureKey } from '../extract/claim.js';
import { diffClaims, type Change, type NewClaim } from '../diff/diff.js';
import { deliverOutbox, type DigestSender } from '../digest/deliver.js';
import { renderDigest, type Digest, type FeedNotice } from '../digest/renderDigest.js';
import { extractClaims } from '../extract/extract.js';
import type { Topic } from '../extract/topic.js';
import type { FeedItem } from '../feeds/parseFeed.js';
import { pollFeed, type FeedPoll } from '../feeds/pollFeed.js';
import type { HttpFetch } from '../http/fetch.js';
import type { Logger } from '../log/logger.js';
import type { ArticleWrite, FeedWrite, Store } from '../store/store.js';
import { hostOf, runPerHost } from '../http/hostLimiter.js';
import { feedHealth } from '../feeds/health.js';

/** Everything a cycle touches, passed in so that a test can hand in a temp store, a local server and a fixed clock. */
export interface CycleDeps {
  store: Store;
  http: HttpFetch;
  logger: Logger;
  clock: () => Date;
  config: Config;
  topics: readonly Topic[];
  sender: DigestSender;
  /** Abandons the cycle (nothing of it is stored) when aborted: the daemon shutting down. */
  signal?: AbortSignal;
}

export class CycleAbandoned extends Error {
  constructor() {
    super('cycle abandoned on shutdown; nothing of it was stored, the next start redoes it');
    this.name = 'CycleAbandoned';
  }
}

export interface CycleReport {
  runId: number;
  feedsPolled: number;
  feedsFailed: number;
  feedsSkipped: number;
  itemsNew: number;
  articles: number;
  duplicates: number;
  claims: number;
  changes: Change[];
  digest: Digest | null;
  delivered: number;
}

export function metricLabels(topics: readonly Topic[]): Map<string, string> {
  return new Map(topics.flatMap((t) => [...t.metrics.values()].map((m) => [m.name, m.label] as const)));
}

export function alertThresholds(topics: readonly Topic[]): Map<string, number> {
  return new Map(topics.flatMap((t) => [...t.metrics.values()].map((m) => [m.name, m.alertThreshold] as const)));
}

/** An article's claims from every topic, tagged with the topic that found them. */
export function claimsOf(text: string, topics: readonly Topic[]): ArticleWrite['claims'] {
  return topics.flatMap((topic) => extractClaims(text, topic).map((c) => ({ ...c, topic: topic.name })));
}

function publicationTime(a: { publishedAt: string | null }, fallback: string): number {
  return Date.parse(a.publishedAt ?? fallback);
}

/**
 * One cycle: poll feeds, fetch new articles, extract, diff against stored estimates, and commit
 * all of it with the digest in one transaction; then deliver the outbox.
 */
export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const { store, logger, config } = deps;
  const started = deps.clock();
  const runId = store.startRun(started.toISOString());
  logger.info({ runId, feeds: config.feeds.length }, 'cycle started');
  try {
    const report = await collectAndCommit(deps, runId);
    const delivery = await deliverOutbox(store, deps.sender, logger, deps.clock);
    report.delivered = delivery.sent;
    store.finishRun(runId, deps.clock().toISOString(), {
      outcome: 'ok', itemsNew: report.itemsNew, articles: report.articles, claims: report.claims,
      changes: report.changes.length, feedsFailed: report.feedsFailed, error: null,
    });
    logger.info({
      runId, ms: deps.clock().getTime() - started.getTime(), feedsPolled: report.feedsPolled, feedsFailed: report.feedsFailed,
      feedsSkipped: report.feedsSkipped, itemsNew: report.itemsNew, articles: report.articles, duplicates: report.duplicates,
      claims: report.claims, changes: report.changes.length, delivered: report.delivered,
    }, 'cycle finished');
    return report;
  } catch (err) {
    const message = (err as Error).message;
    try {
      store.finishRun(runId, deps.clock().toISOString(), {
        outcome: err instanceof CycleAbandoned ? 'abandoned' : 'failed', itemsNew: 0, articles: 0, claims: 0, changes: 0, feedsFailed: 0, error: message,
      });
    } catch {
      // The store itself is failing; the error below says so.
    }
    if (err instanceof CycleAbandoned) logger.warn({ runId }, err.message);
    else logger.error({ runId, err: message }, 'cycle failed; nothing of it was stored, the next cycle retries');
    throw err;
  }
}

async function collectAndCommit(deps: CycleDeps, runId: number): Promise<CycleReport> {
  const { store, logger, config, http } = deps;
  const now = deps.clock();
  const nowIso = now.toISOString();
  const request = {
    timeoutMs: config.fetch.timeoutMs, connectTimeoutMs: config.fetch.connectTimeoutMs, maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects, allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    ...(deps.signal ? { signal: deps.signal } : {}),
  };
  const limits = { global: config.fetch.concurrency, perHost: config.fetch.perHostConcurrency };

  const due = config.feeds.filter((f) => {
    const next = store.feedState(f.url)?.nextTryAt;
    return !next || Date.parse(next) <= now.getTime();
  });
  const polls: FeedPoll[] = await runPerHost(due, (feed) => hostOf(feed.url), limits, (feed) =>
    pollFeed(feed, store.feedState(feed.url), http, request));

  const feedWrites: FeedWrite[] = [];
  const notices: FeedNotice[] = [];
  // Entries are released (set to null) once their article is written, so a large cycle does not hold every feed item.
  const newItems: Array<{ item: FeedItem; feedUrl: string } | null> = [];
  const seenInBatch = new Set<string>();
  for (const poll of polls) {
    const log = logger.child({ feed: poll.feed.name, url: poll.feed.url });
    const previous = store.feedState(poll.feed.url);
    const health = feedHealth(poll.feed.name, previous, poll.kind === 'ok' ? { kind: 'ok', ...poll.validators } : poll, now);
    feedWrites.push({ url: poll.feed.url, name: poll.feed.name, outcome: health.outcome, notified: health.notified });
    if (health.notice) notices.push(health.notice);
    if (poll.kind === 'failed' && health.outcome.kind === 'failed') {
      log.warn({ kind: poll.failure.kind, status: poll.failure.status, errorCount: (previous?.errorCount ?? 0) + 1, nextTryAt: health.outcome.nextTryAt, err: poll.failure.message }, 'feed skipped this cycle');
      continue;
    }
    if (health.notice?.kind === 'recovered') log.info({ failingSince: health.notice.since }, 'feed recovered');
    if (poll.kind === 'not-modified') {
      log.debug('feed not modified');
      continue;
    }
    if (poll.kind !== 'ok') continue;
    let fresh = 0;
    for (const item of poll.items) {
      const keys = itemKeys(item);
      const batchKey = keys.url ?? `${poll.feed.url}#${keys.guid ?? item.title}`;
      if (seenInBatch.has(batchKey) || store.hasItem(poll.feed.url, keys)) continue;
      seenInBatch.add(batchKey);
      newItems.push({ item, feedUrl: poll.feed.url });
      fresh++;
    }
    log.debug({ items: poll.items.length, new: fresh }, 'feed polled');
  }
  if (deps.signal?.aborted) throw new CycleAbandoned();
  const feedsPolled = polls.length;
  const feedsFailed = polls.filter((p) => p.kind === 'failed').length;
  const itemsNew = newItems.length;
  polls.length = 0;

  const tx = store.beginCycle(nowIso);
  try {
    // One entry per distinct figure: its earliest claim, and how often and how lately it was seen.
    const figures = new Map<string, { newClaim: NewClaim; claimId: number; occurrences: number; lastSeenAt: number }>();
    let articles = 0;
    let duplicates = 0;
    let claimCount = 0;
    await runPerHost(newItems, (entry) => hostOf(entry?.item.link ?? entry?.feedUrl ?? ''), limits, async (entry, index) => {
      if (!entry || deps.signal?.aborted) return;
      const { item, feedUrl } = entry;
      newItems[index] = null;
      const article = await fetchArticle(item, http, { ...request, guardAddresses: true });
      if (deps.signal?.aborted) return;
      if (!article) {
        logger.warn({ feed: item.feedName, url: item.link }, 'item has no text: neither the page nor the feed gave any');
        return;
      }
      if (article.pageFailure) {
        logger.info({ feed: item.feedName, url: item.link, kind: article.pageFailure.kind, err: article.pageFailure.message }, 'page not used; using the feed text');
      }
      // Written at once (inside the cycle's transaction), so only claims stay in memory.
      const write = articleWrite(article, feedUrl, store, deps.topics);
      const { claimIds } = tx.addArticle(write);
      articles++;
      if (write.duplicateOf !== null) duplicates++;
      const source = { title: article.title, url: write.url, feedName: article.item.feedName, publishedAt: article.publishedAt ?? nowIso };
      const time = publicationTime(source, nowIso);
      // A copy adds a source to each figure of its original, and is never news itself.
      const counted = write.duplicateOf === null ? write.claims.map((claim, i) => ({ claim, claimId: claimIds[i]! }))
        : store.claimsOfArticle(write.duplicateOf).map(({ id, ...claim }) => ({ claim, claimId: id }));
      if (write.duplicateOf !== null) logger.debug({ url: write.url, original: write.duplicateOf }, 'copy of an earlier article: counted as corroboration');
      claimCount += write.claims.length;
      counted.forEach(({ claim, claimId }) => {
        const key = figureKey(claim);
        const seen = figures.get(key);
        if (seen) {
          seen.occurrences++;
          seen.lastSeenAt = Math.max(seen.lastSeenAt, time);
          if (time >= publicationTime(seen.newClaim.source, nowIso)) return;
        }
        // The quote stays in the store; only changes need it, and they read it back below.
        figures.set(key, { newClaim: { claim: { ...claim, quote: '' }, source }, claimId, occurrences: seen?.occurrences ?? 1, lastSeenAt: Math.max(seen?.lastSeenAt ?? time, time) });
      });
    });

    if (deps.signal?.aborted) throw new CycleAbandoned();
    // The diff reads claims in publication order, so that "newest" means newest published.
    const ordered = [...figures.values()].sort((a, b) => publicationTime(a.newClaim.source, nowIso) - publicationTime(b.newClaim.source, nowIso));
    const newClaims: NewClaim[] = ordered.map((o) => ({ ...o.newClaim, occurrences: o.occurrences, lastSeenAt: new Date(o.lastSeenAt).toISOString() }));
    const claimIdOf = (batchIndex: number): number => ordered[batchIndex]!.claimId;
    const diff = diffClaims({
      figures: store.knownFigures(),
      estimates: store.estimates(),
      claims: newClaims,
      alertThresholds: alertThresholds(deps.topics),
    });
    const quotes = store.claimQuotes(diff.changes.map((c) => claimIdOf(c.batchIndex)));
    const changes = diff.changes.map((c) => ({ ...c, claim: { ...c.claim, quote: quotes.get(claimIdOf(c.batchIndex)) ?? '' } }));
    const digest = renderDigest(changes, metricLabels(deps.topics), notices);
    tx.commit({
      feeds: feedWrites,
      figureUpdates: diff.figureUpdates.map(({ firstBatchIndex, ...f }) => ({ ...f, firstClaimId: firstBatchIndex === null ? null : claimIdOf(firstBatchIndex) })),
      estimates: [...diff.estimates.values()].flatMap(({ claimRef, ...e }) => ('batchIndex' in claimRef ? [{ ...e, claimId: claimIdOf(claimRef.batchIndex) }] : [])),
      digest,
    });
    logger.debug({ runId, articles, claims: claimCount, figures: newClaims.length }, 'cycle committed');
    return {
      runId,
      feedsPolled,
      feedsFailed,
      feedsSkipped: config.feeds.length - due.length,
      itemsNew,
      articles,
      duplicates,
      claims: claimCount,
      changes,
      digest,
      delivered: 0,
    };
  } catch (err) {
    tx.rollback();
    throw err;
  }
}

/**
 * An article as stored: keyed by its canonical URL (unless another stored article already has
 * it), linked to the earlier article it copies (same text, or a near copy), and with its own
 * claims unless it is such a copy.
 */
function articleWrite(article: Article, feedUrl: string, store: Store, topics: readonly Topic[]): ArticleWrite {
  const identity = identify(article.text, store);
  const link = article.pageCanonicalUrl ?? article.item.link ?? article.url;
  let canonical = link ? canonicalUrl(link) : null;
  // Two items can fold to one canonical URL (an AMP and a plain link in two feeds): the first keeps it.
  if (canonical !== null && store.hasItem(feedUrl, { guid: null, url: canonical })) canonical = null;
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
