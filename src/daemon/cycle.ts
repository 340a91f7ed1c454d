import { fetchArticle } from '../articles/fetchArticle.js';
import type { Config } from '../config/schema.js';
import { itemKeys } from '../dedupe/canonicalUrl.js';
import type { Change } from '../diff/diff.js';
import { deliverOutbox, type DigestSender } from '../digest/deliver.js';
import type { Digest, FeedNotice } from '../digest/renderDigest.js';
import type { Topic } from '../extract/topic.js';
import type { FeedItem } from '../feeds/parseFeed.js';
import { pollFeed, type FeedPoll } from '../feeds/pollFeed.js';
import type { HttpFetch } from '../http/fetch.js';
import type { Logger } from '../log/logger.js';
import type { FeedWrite, Store } from '../store/store.js';
import { hostOf, runPerHost } from '../http/hostLimiter.js';
import { ArticleBatch } from './articleBatch.js';
import { feedHealth } from '../feeds/health.js';
import { storeProblem } from '../store/sqliteStore.js';

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



/**
 * One cycle: poll feeds, fetch new articles, extract, diff against stored estimates, and commit
 * all of it with the digest in one transaction; then deliver the outbox.
 */
export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const { store, logger, config } = deps;
  const started = deps.clock();
  let runId: number | null = null;
  try {
    runId = store.startRun(started.toISOString());
    logger.info({ runId, feeds: config.feeds.length }, 'cycle started');
    const report = await collectAndCommit(deps, runId);
    const delivery = await deliverOutbox(store, deps.sender, logger, deps.clock, config.retry.digestBaseMs);
    report.delivered = delivery.sent;
    store.finishRun(runId, deps.clock().toISOString(), {
      outcome: 'ok', itemsNew: report.itemsNew, articles: report.articles, claims: report.claims,
      changes: report.changes.length, feedsFailed: report.feedsFailed, error: null,
    });
    logger.info({
      runId, ms: deps.clock().getTime() - started.getTime(), feedsPolled: report.feedsPolled, feedsFailed: report.feedsFailed,
      feedsSkipped: report.feedsSkipped, itemsNew: report.itemsNew, articles: report.articles, duplicates: report.duplicates,
      claims: report.claims, changes: report.changes.length, delivered: report.delivered,
      // A daemon runs for months: its memory belongs in the one line each cycle leaves.
      rssMb: Math.round(process.memoryUsage.rss() / 1048576), heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    }, 'cycle finished');
    return report;
  } catch (err) {
    const message = storeProblem(err, config.store.path) ?? (err as Error).message;
    try {
      if (runId !== null) store.finishRun(runId, deps.clock().toISOString(), {
        outcome: err instanceof CycleAbandoned ? 'abandoned' : 'failed', itemsNew: 0, articles: 0, claims: 0, changes: 0, feedsFailed: 0, error: message,
      });
    } catch {
      // The store itself is failing; the error below says so.
    }
    if (err instanceof CycleAbandoned) logger.warn({ runId }, err.message);
    else logger.error({ runId, err: message, code: (err as { code?: unknown }).code }, 'cycle failed; nothing of it was stored, the next cycle retries');
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
    const health = feedHealth(poll.feed.name, previous, poll.kind === 'ok' ? { kind: 'ok', ...poll.validators } : poll, now, config.retry.feedBaseMs);
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

  const batch = new ArticleBatch(store, logger, deps.topics, nowIso);
  try {
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
      batch.add(article, feedUrl);
    });
    if (deps.signal?.aborted) throw new CycleAbandoned();
    const { changes, digest } = batch.commit({ feeds: feedWrites, notices, alertThresholds: alertThresholds(deps.topics), labels: metricLabels(deps.topics) });
    logger.debug({ runId, articles: batch.articles, claims: batch.claims }, 'cycle committed');
    return {
      runId,
      feedsPolled,
      feedsFailed,
      feedsSkipped: config.feeds.length - due.length,
      itemsNew,
      articles: batch.articles,
      duplicates: batch.duplicates,
      claims: batch.claims,
      changes,
      digest,
      delivered: 0,
    };
  } catch (err) {
    batch.rollback();
    throw err;
  }
}
