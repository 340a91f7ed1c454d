import { pageText, readArticle, type ArticleReading } from '../articles/fetchArticle.js';
import { pageAfter, type PageOutcome } from '../articles/pageSchedule.js';
import type { Config, FeedConfig } from '../config/schema.js';
import { itemKeys, textHash } from '../dedupe/canonicalUrl.js';
import { signatureOf } from '../dedupe/minhash.js';
import type { Change } from '../model/change.js';
import { assembleDigest, digestSettings } from '../digest/assembleDigest.js';
import { deliverOutbox, type DigestSender } from '../digest/deliver.js';
import type { Digest } from '../digest/renderDigest.js';
import { alertThresholds } from '../extract/topicLabels.js';
import type { Topic } from '../extract/topic.js';
import { feedHealth } from '../feeds/health.js';
import type { FeedItem } from '../feeds/parseFeed.js';
import { pollFeed } from '../feeds/pollFeed.js';
import type { FetchRequest, HttpFetch } from '../http/fetch.js';
import { hostOf, RequestLimiter } from '../http/hostLimiter.js';
import type { Logger } from '../log/logger.js';
import { byPublicationDesc } from '../model/time.js';
import type { ContentProcessor } from '../sandbox/contentPool.js';
import { storeProblem } from '../store/sqliteStore.js';
import type { ChangeRecord, FeedWrite, PageState, Store } from '../store/store.js';
import { commitArticles, type CommitResult, type PreparedArticle } from './commitArticles.js';
import { claimsOrProblem, reviseArticles, WITHDRAWN_BY_EDIT, type ArticleRevision } from './reextract.js';

/** Everything a cycle touches, passed in so that a test can hand in a temp store, a local server and a fixed clock. */
export interface CycleDeps {
  store: Store;
  http: HttpFetch;
  logger: Logger;
  clock: () => Date;
  config: Config;
  topics: readonly Topic[];
  sender: DigestSender;
  /** Reads pages and extracts claims (worker threads with limits, or inline in tests). */
  content: ContentProcessor;
  /** The daemon shutting down: no new article is started, what is read is kept. */
  signal?: AbortSignal;
}

export interface CycleOptions {
  /** Poll every feed now, even one waiting to retry after failures. */
  force?: boolean;
}

export class CycleAbandoned extends Error {
  constructor() {
    super('cycle cut short on shutdown: what it finished is stored, the rest is read at the next start');
    this.name = 'CycleAbandoned';
  }
}

export interface CycleReport {
  runId: number;
  feedsPolled: number;
  feedsFailed: number;
  feedsSkipped: number;
  /** Feeds with new items left for the next cycle (the per-feed cap, or the cycle's deadline). */
  feedsUnfinished: number;
  itemsNew: number;
  articles: number;
  duplicates: number;
  claims: number;
  /** Pages read again: retries of failed pages and re-reads of young ones for edits. */
  pagesRead: number;
  changes: Change[];
  digest: Digest | null;
  delivered: number;
  /** Digests that could not be delivered this time; they stay in the outbox. */
  undelivered: number;
}

/** What the feeds of one cycle share: the request limits, the deadline, and the items already taken. */
interface CycleRun {
  deps: CycleDeps;
  at: string;
  now: Date;
  request: Omit<FetchRequest, 'headers'>;
  reading: ArticleReading;
  limiter: RequestLimiter;
  thresholds: ReadonlyMap<string, number>;
  /** Item keys taken by a feed this cycle: the same article in two feeds is read once. */
  taken: Set<string>;
  report: CycleReport;
  /** A store failure stops the cycle: every later write would fail the same way. */
  failure: unknown;
  stopped: () => boolean;
}

/** The request every fetch of a cycle or backfill makes, built from the config in one place. */
export function fetchRequestOf(config: Config, signal?: AbortSignal): Omit<FetchRequest, 'headers'> {
  return {
    timeoutMs: config.fetch.timeoutMs, connectTimeoutMs: config.fetch.connectTimeoutMs, maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects, allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    ...(signal ? { signal } : {}),
  };
}

export function articleReadingOf(deps: Pick<CycleDeps, 'config' | 'http' | 'content'>, signal?: AbortSignal): ArticleReading {
  const { config } = deps;
  return {
    http: deps.http,
    content: deps.content,
    request: fetchRequestOf(config, signal),
    pages: {
      retryForMs: config.pages.retryForHours * 3_600_000,
      retryBaseMs: config.retry.feedBaseMs,
      recheckForMs: config.pages.recheckForHours * 3_600_000,
      recheckEveryMs: config.pages.recheckEveryMinutes * 60_000,
    },
  };
}

export function limiterOf(config: Config): RequestLimiter {
  return new RequestLimiter({ global: config.fetch.concurrency, perHost: config.fetch.perHostConcurrency });
}

/**
 * One cycle: each due feed is polled and its new articles read, extracted and committed feed by
 * feed (in chunks), each commit holding the articles, their claims, the figures and estimates
 * they move and the changes they cause; failed and young pages are read again; then every change
 * not yet reported goes into one digest, which is delivered.
 */
export async function runCycle(deps: CycleDeps, options: CycleOptions = {}): Promise<CycleReport> {
  const { store, logger, config } = deps;
  const started = deps.clock();
  const startedMs = performance.now();
  let runId: number | null = null;
  try {
    runId = store.startRun(started.toISOString());
    const due = config.feeds.filter((f) => {
      const next = store.feedState(f.url)?.nextTryAt;
      if (!next || Date.parse(next) <= started.getTime() || options.force) return true;
      logger.info({ feed: f.name, nextTryAt: next }, 'feed waiting to retry after failures; not polled this cycle (once --force polls it now)');
      return false;
    });
    logger.info({ runId, feeds: config.feeds.length, due: due.length }, 'cycle started');
    const report: CycleReport = {
      runId, feedsPolled: 0, feedsFailed: 0, feedsSkipped: config.feeds.length - due.length, feedsUnfinished: 0, itemsNew: 0,
      articles: 0, duplicates: 0, claims: 0, pagesRead: 0, changes: [], digest: null, delivered: 0, undelivered: 0,
    };
    const run: CycleRun = {
      deps, at: started.toISOString(), now: started, request: fetchRequestOf(config, deps.signal), reading: articleReadingOf(deps, deps.signal),
      limiter: limiterOf(config), thresholds: alertThresholds(deps.topics), taken: new Set(), report, failure: undefined,
      stopped: () => deps.signal?.aborted === true || run.failure !== undefined || performance.now() - startedMs > config.cycle.deadlineMs,
    };
    await Promise.all(due.map((feed) => ingestFeed(run, feed)));
    if (run.failure === undefined) await refreshPages(run);
    if (run.failure !== undefined) throw run.failure;
    const assembled = assembleDigest(store, digestSettings(deps), deps.clock().toISOString());
    report.digest = assembled?.digest ?? null;
    if (deps.signal?.aborted) throw new CycleAbandoned();
    const delivery = await deliverOutbox(store, deps.sender, logger, deps.clock, config.retry.digestBaseMs);
    report.delivered = delivery.sent;
    report.undelivered = delivery.failed;
    store.finishRun(runId, deps.clock().toISOString(), {
      outcome: 'ok', itemsNew: report.itemsNew, articles: report.articles, claims: report.claims,
      changes: report.changes.length, feedsFailed: report.feedsFailed, error: null,
    });
    logger.info({
      runId, ms: deps.clock().getTime() - started.getTime(), feedsPolled: report.feedsPolled, feedsFailed: report.feedsFailed,
      feedsSkipped: report.feedsSkipped, feedsUnfinished: report.feedsUnfinished, itemsNew: report.itemsNew, articles: report.articles,
      duplicates: report.duplicates, claims: report.claims, pagesRead: report.pagesRead, changes: report.changes.length, delivered: report.delivered,
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
    else logger.error({ runId, err: message, code: (err as { code?: unknown }).code }, 'cycle failed; what it committed before is kept, the next cycle retries the rest');
    throw err;
  }
}

function tally(report: CycleReport, result: CommitResult): void {
  report.articles += result.articles;
  report.duplicates += result.duplicates;
  report.claims += result.claims;
  report.changes.push(...result.changes);
}

/** The keys under which an item is known in this cycle: its canonical link, and its GUID within its feed. */
function cycleKeys(feed: FeedConfig, item: FeedItem): string[] {
  const keys = itemKeys(item);
  const out: string[] = [];
  if (keys.url) out.push(`url ${keys.url}`);
  if (keys.guid) out.push(`guid ${feed.url} ${keys.guid}`);
  if (out.length === 0) out.push(`title ${feed.url} ${item.title}`);
  return out;
}

/** One feed: polled, its new items (newest first, at most fetch.maxItemsPerFeed) read and committed in chunks. */
async function ingestFeed(run: CycleRun, feed: FeedConfig): Promise<void> {
  const { deps, report } = run;
  const { store, config } = deps;
  const log = deps.logger.child({ feed: feed.name, url: feed.url });
  const previous = store.feedState(feed.url);
  const poll = await run.limiter.run(hostOf(feed.url), () => pollFeed(feed, previous, deps.http, run.request));
  report.feedsPolled++;
  const health = feedHealth(feed.name, previous, poll.kind === 'ok' ? { kind: 'ok', ...poll.validators } : poll, run.now, config.retry.feedBaseMs);
  const feedWrite: FeedWrite = { url: feed.url, name: feed.name, outcome: health.outcome, notified: health.notified };
  const notices = health.notice ? [health.notice] : [];
  const commit = (articles: PreparedArticle[], feedDone: FeedWrite | undefined): void => {
    if (run.failure !== undefined) return;
    try {
      tally(report, commitArticles(store, {
        at: deps.clock().toISOString(), articles, notify: true, alertThresholds: run.thresholds,
        ...(feedDone ? { feed: feedDone, notices } : {}),
      }));
    } catch (err) {
      run.failure = err;
    }
  };
  if (poll.kind === 'failed' && health.outcome.kind === 'failed') {
    report.feedsFailed++;
    log.warn({ kind: poll.failure.kind, status: poll.failure.status, errorCount: (previous?.errorCount ?? 0) + 1, nextTryAt: health.outcome.nextTryAt, err: poll.failure.message }, 'feed skipped this cycle');
    commit([], feedWrite);
    return;
  }
  if (health.notice?.kind === 'recovered') log.info({ failingSince: health.notice.since }, 'feed recovered');
  if (poll.kind !== 'ok') {
    log.debug('feed not modified');
    commit([], feedWrite);
    return;
  }
  const fresh = poll.items.filter((item) => {
    const keys = cycleKeys(feed, item);
    if (keys.some((k) => run.taken.has(k)) || store.hasItem(feed.url, itemKeys(item))) return false;
    for (const k of keys) run.taken.add(k);
    return true;
  }).sort(byPublicationDesc((i) => i.publishedAt, (i) => i.link ?? i.title));
  const chosen = fresh.slice(0, config.fetch.maxItemsPerFeed);
  let unfinished = fresh.length > chosen.length;
  const chunk: PreparedArticle[] = [];
  await Promise.all(chosen.map((item) => run.limiter.run(hostOf(item.link ?? feed.url), async () => {
    if (run.stopped()) {
      unfinished = true;
      return;
    }
    const prepared = await prepareItem(run, feed, item, log);
    // Shutting down mid-read: the page may be cut short; the next start reads it whole.
    if (deps.signal?.aborted) {
      unfinished = true;
      return;
    }
    report.itemsNew++;
    chunk.push(prepared);
    if (chunk.length >= config.cycle.commitEvery) commit(chunk.splice(0), undefined);
  })));
  if (unfinished) {
    // Its validators are not kept, so the next poll reads the whole feed and finds the items left.
    report.feedsUnfinished++;
    for (const item of fresh) if (!chunk.some((p) => p.article.item === item)) for (const k of cycleKeys(feed, item)) run.taken.delete(k);
    log.info({ items: fresh.length, cap: config.fetch.maxItemsPerFeed }, 'feed not finished this cycle: its remaining items are read next cycle');
  }
  commit(chunk.splice(0), unfinished ? { ...feedWrite, outcome: { kind: 'ok', etag: null, lastModified: null } } : feedWrite);
  log.debug({ items: poll.items.length, new: fresh.length }, 'feed polled');
}

/** An item read (page or feed text) and extracted, ready for the store. */
async function prepareItem(run: CycleRun, feed: FeedConfig, item: FeedItem, log: Logger): Promise<PreparedArticle> {
  const { article, page } = await readArticle(item, run.reading, run.now);
  if (article.publishedAdjustedFrom) log.warn({ url: article.url, stated: article.publishedAdjustedFrom, used: article.publishedAt }, 'publication time could not be true; replaced');
  if (article.pageFailure) {
    log.info({ url: item.link, kind: article.pageFailure.kind, err: article.pageFailure.message, retry: page?.status === 'pending' ? page.nextTryAt : null },
      article.text === item.title ? 'page not read and the feed has no text: the title is kept until the page arrives' : 'page not used; using the feed text');
  }
  const read = await claimsOrProblem(article.text, run.deps.content);
  if (read.extractProblem) log.warn({ url: article.url, problem: read.extractProblem }, 'article stored without claims: its text was not read in time or memory; figurewatch reextract reads it again');
  return { article, feedUrl: feed.url, claims: read.claims, extractProblem: read.extractProblem, page };
}

/**
 * Pages read again: those that failed for a passing reason (their text arrives and replaces the
 * feed's), and young ones re-read for edits (conditional GET; a changed text is re-extracted and
 * what differs reported, a figure no longer stated as a correction).
 */
async function refreshPages(run: CycleRun): Promise<void> {
  const { deps, report } = run;
  const { store, config } = deps;
  if (config.pages.maxPerCycle === 0) return;
  const due = store.pagesDue(run.at, config.pages.maxPerCycle);
  const states: Array<{ articleId: number; page: PageState }> = [];
  const revisions: ArticleRevision[] = [];
  const { pages } = run.reading;
  await Promise.all(due.map((d) => run.limiter.run(hostOf(d.url), async () => {
    if (run.stopped()) return;
    // A daemon that was down past a page's window finds it due: its window has closed, it is not read.
    const windowEnds = Date.parse(d.fetchedAt) + (d.page.status === 'ok' ? pages.recheckForMs : pages.retryForMs);
    if (run.now.getTime() > windowEnds) {
      states.push({ articleId: d.articleId, page: { ...d.page, status: d.page.status === 'ok' ? 'ok' : 'failed', nextTryAt: null } });
      return;
    }
    const headers: Record<string, string> = {};
    if (d.page.status === 'ok' && d.page.etag) headers['if-none-match'] = d.page.etag;
    if (d.page.status === 'ok' && d.page.lastModified) headers['if-modified-since'] = d.page.lastModified;
    const res = await deps.http(d.url, { ...run.request, headers: { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5', ...headers } });
    if (deps.signal?.aborted) return;
    report.pagesRead++;
    let outcome: PageOutcome;
    if (res.kind === 'ok') {
      const read = await pageText(res.body, res.headers['content-type'], res.url, deps.content);
      outcome = read.ok ? { kind: 'read', etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null } : { kind: 'failed', failure: read.failure };
      if (read.ok && read.page.text.length > 0 && textHash(read.page.text) !== d.textHash) {
        // A page that arrives late replaces the feed's text unless it is a stub shorter than it.
        const usable = d.page.status === 'ok' || d.textSource !== 'feed' || read.page.text.length >= d.textLength - d.title.length - 2;
        if (usable) {
          const claims = await claimsOrProblem(read.page.text, deps.content);
          revisions.push({ articleId: d.articleId, text: { text: read.page.text, textHash: textHash(read.page.text), fingerprint: signatureOf(read.page.text), textSource: 'page' }, ...claims });
          deps.logger.info({ url: d.url, articleId: d.articleId, edited: d.page.status === 'ok' }, d.page.status === 'ok' ? 'page edited since it was read: read again' : 'page arrived after failing: its text replaces the feed text');
        }
      }
    } else if (res.kind === 'not-modified') {
      outcome = { kind: 'not-modified' };
    } else {
      outcome = { kind: 'failed', failure: res.failure };
    }
    const page = pageAfter(d.page, outcome, new Date(d.fetchedAt), run.now, pages);
    if (page.status === 'failed' && d.page.status === 'pending') deps.logger.info({ url: d.url, attempts: page.attempts }, 'page given up: the feed text stays');
    states.push({ articleId: d.articleId, page });
  })));
  if (states.length === 0 && revisions.length === 0) return;
  try {
    store.transaction(() => {
      for (const s of states) store.writePageState(s.articleId, run.at, s.page);
      if (revisions.length === 0) return;
      const revised = reviseArticles(store, run.at, revisions, { withdrawReason: WITHDRAWN_BY_EDIT, alertThresholds: run.thresholds });
      report.changes.push(...revised.changes);
      store.insertChanges(run.at, [
        ...revised.changes.map((change): ChangeRecord => ({ kind: 'figure', change })),
        ...revised.corrections.map((correction): ChangeRecord => ({ kind: 'correction', correction })),
      ], true);
    });
  } catch (err) {
    run.failure = err;
  }
}

