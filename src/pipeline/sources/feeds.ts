/**
 * The configured feeds: each due feed is polled and its new articles read, extracted and committed
 * feed by feed (in chunks), each commit holding the articles, their claims, the changes they cause
 * and the feed's state; then failed and young pages are read again.
 */
import { PAGE_ACCEPT, pageText, readArticle } from '../../articles/fetchArticle.js';
import { type PageOutcome, pageAfter } from '../../articles/pageSchedule.js';
import type { FeedConfig } from '../../config/schema.js';
import { itemKeys, textHash, textHashOfComparable } from '../../dedupe/canonicalUrl.js';
import { fingerprintOf } from '../../dedupe/minhash.js';
import { comparableText } from '../../dedupe/words.js';
import { feedHealth } from '../../feeds/health.js';
import { pollFeed } from '../../feeds/pollFeed.js';
import type { Logger } from '../../log/logger.js';
import type { PageState } from '../../model/article.js';
import type { FeedItem, FeedWrite } from '../../model/feed.js';
import { byPublicationDesc } from '../../model/time.js';
import type { PreparedArticle } from '../commit.js';
import { type IngestRun, workerOf } from '../ingest.js';
import { type ArticleRevision, claimsOrProblem, WITHDRAWN_BY_EDIT } from '../revise.js';

export interface FeedsSource {
  kind: 'feeds';
  /** Poll every feed now, even one waiting to retry after failures. */
  force?: boolean;
  /** The schedule tick of this cycle (ISO); a feed polled in it by any worker is not polled again in it. */
  tick?: string;
}

export async function feedsSource(run: IngestRun, source: FeedsSource): Promise<void> {
  const { deps, report } = run;
  const { store, config } = deps;
  const worker = workerOf(deps);
  const tick = source.tick ?? run.at;
  const byUrl = new Map(config.feeds.map((feed) => [feed.url, feed]));
  const lease = (limit: number): Promise<string[]> => {
    const now = deps.clock();
    return store.leaseFeeds({
      worker,
      feeds: config.feeds.map((feed) => ({ url: feed.url, name: feed.name })),
      now: now.toISOString(),
      tick,
      until: new Date(now.getTime() + config.store.leaseMs).toISOString(),
      limit,
      force: source.force === true,
    });
  };
  // Item keys taken by a feed this cycle: the same article in two feeds is read once.
  const taken = new Set<string>();
  const held = new Set<string>();
  const poll = async (url: string): Promise<void> => {
    held.add(url);
    await ingestFeed(run, byUrl.get(url)!, taken, { worker, tick });
    if (run.failure !== undefined) return;
    held.delete(url);
    // Which worker polled a feed in which tick: the multi-worker chaos run checks no feed twice in one.
    deps.logger.debug({ feedUrl: url, worker, tick }, 'feed done');
  };
  if (!store.sharedByWorkers) {
    // One process (SQLite, its lock file): every due feed at once, as the HTTP limits allow.
    const due: FeedConfig[] = [];
    for (const feed of config.feeds) {
      const next = (await store.feedState(feed.url))?.nextTryAt;
      if (!next || Date.parse(next) <= run.now.getTime() || source.force) due.push(feed);
      else
        deps.logger.info(
          { feed: feed.name, nextTryAt: next },
          'feed waiting to retry after failures; not polled this cycle (once --force polls it now)',
        );
    }
    report.feedsSkipped = config.feeds.length - due.length;
    await Promise.all(due.map((feed) => poll(feed.url)));
  } else {
    let polled = 0;
    // Workers share the store: each of `fetch.concurrency` slots leases one feed at a time, so
    // the feeds spread over the workers as fast as each gets through them.
    const slot = async (): Promise<void> => {
      while (!run.stopped()) {
        const [url] = await lease(1);
        if (url === undefined) return;
        polled++;
        await poll(url);
      }
    };
    try {
      await Promise.all(Array.from({ length: config.fetch.concurrency }, slot));
    } finally {
      // A feed whose state could not be written (the store failed) goes back to the others now.
      if (held.size > 0) await store.releaseFeeds(worker, [...held]).catch(() => undefined);
    }
    // Here "skipped" counts the feeds other workers polled as well as those waiting to retry.
    report.feedsSkipped = Math.max(0, config.feeds.length - polled);
  }
  if (run.failure === undefined) await refreshPages(run);
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
async function ingestFeed(
  run: IngestRun,
  feed: FeedConfig,
  taken: Set<string>,
  polled: NonNullable<FeedWrite['polled']>,
): Promise<void> {
  const { deps, report } = run;
  const { store, config } = deps;
  const log = deps.logger.child({ feed: feed.name, url: feed.url });
  const previous = await store.feedState(feed.url);
  const poll = await run.http.limited(feed.url, () => pollFeed(feed, previous, run.http));
  report.feedsPolled++;
  const health = feedHealth(
    feed.name,
    previous,
    poll.kind === 'ok' ? { kind: 'ok', ...poll.validators } : poll,
    run.now,
    config.retry.feedBaseMs,
  );
  const feedWrite: FeedWrite = {
    url: feed.url,
    name: feed.name,
    outcome: health.outcome,
    notified: health.notified,
    polled,
  };
  const notices = health.notice ? [health.notice] : [];
  const commit = (articles: PreparedArticle[], feedDone: FeedWrite | undefined): Promise<void> =>
    run.commit({ articles, notify: true, ...(feedDone ? { feed: feedDone, notices } : {}) });
  if (poll.kind === 'failed' && health.outcome.kind === 'failed') {
    report.feedsFailed++;
    log.warn(
      {
        kind: poll.failure.kind,
        status: poll.failure.status,
        errorCount: (previous?.errorCount ?? 0) + 1,
        nextTryAt: health.outcome.nextTryAt,
        err: poll.failure.message,
      },
      'feed skipped this cycle',
    );
    await commit([], feedWrite);
    return;
  }
  if (health.notice?.kind === 'recovered') log.info({ failingSince: health.notice.since }, 'feed recovered');
  if (poll.kind !== 'ok') {
    log.debug('feed not modified');
    await commit([], feedWrite);
    return;
  }
  const fresh: FeedItem[] = [];
  for (const item of poll.items) {
    const keys = cycleKeys(feed, item);
    if (keys.some((k) => taken.has(k)) || (await store.hasItem(feed.url, itemKeys(item)))) continue;
    for (const k of keys) taken.add(k);
    fresh.push(item);
  }
  fresh.sort(
    byPublicationDesc(
      (i) => i.publishedAt,
      (i) => i.link ?? i.title,
    ),
  );
  const chosen = fresh.slice(0, config.fetch.maxItemsPerFeed);
  let unfinished = fresh.length > chosen.length;
  const chunk: PreparedArticle[] = [];
  const commits: Array<Promise<void>> = [];
  await Promise.all(
    chosen.map((item) =>
      run.http.limited(item.link ?? feed.url, async () => {
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
        if (chunk.length >= config.cycle.commitEvery) commits.push(commit(chunk.splice(0), undefined));
      }),
    ),
  );
  await Promise.all(commits);
  if (unfinished) {
    // Its validators are not kept, so the next poll reads the whole feed and finds the items left.
    report.feedsUnfinished++;
    for (const item of fresh)
      if (!chunk.some((p) => p.article.item === item)) for (const k of cycleKeys(feed, item)) taken.delete(k);
    log.info(
      { items: fresh.length, cap: config.fetch.maxItemsPerFeed },
      'feed not finished this cycle: its remaining items are read next cycle',
    );
  }
  await commit(
    chunk.splice(0),
    unfinished ? { ...feedWrite, outcome: { kind: 'ok', etag: null, lastModified: null } } : feedWrite,
  );
  log.debug({ items: poll.items.length, new: fresh.length }, 'feed polled');
}

/** An item read (page or feed text) and extracted, ready for the store. */
async function prepareItem(run: IngestRun, feed: FeedConfig, item: FeedItem, log: Logger): Promise<PreparedArticle> {
  const { article, page } = await readArticle(item, run.reading, run.now);
  if (article.publishedAdjustedFrom)
    log.warn(
      { url: article.url, stated: article.publishedAdjustedFrom, used: article.publishedAt },
      'publication time could not be true; replaced',
    );
  if (article.pageFailure) {
    log.info(
      {
        url: item.link,
        kind: article.pageFailure.kind,
        err: article.pageFailure.message,
        retry: page?.status === 'pending' ? page.nextTryAt : null,
      },
      article.text === item.title
        ? 'page not read and the feed has no text: the title is kept until the page arrives'
        : 'page not used; using the feed text',
    );
  }
  const read = await claimsOrProblem(article.text, run.deps.content);
  if (read.extractProblem)
    log.warn(
      { url: article.url, problem: read.extractProblem },
      'article stored without claims: its text was not read in time or memory; figurewatch reextract reads it again',
    );
  return { article, feedUrl: feed.url, claims: read.claims, extractProblem: read.extractProblem, page };
}

/** A text as a stored article's replacement: its hash, and its fingerprint for near-copy look-ups. */
export function textUpdateOf(text: string): NonNullable<ArticleRevision['text']> {
  const comparable = comparableText(text);
  return {
    text,
    textHash: textHashOfComparable(comparable),
    fingerprint: fingerprintOf(comparable),
    textSource: 'page',
  };
}

/**
 * Pages read again: those that failed for a passing reason (their text arrives and replaces the
 * feed's), and young ones re-read for edits (conditional GET; a changed text is re-extracted and
 * what differs reported, a figure no longer stated as a correction).
 */
async function refreshPages(run: IngestRun): Promise<void> {
  const { deps, report } = run;
  const { store, config } = deps;
  if (config.pages.maxPerCycle === 0) return;
  const due = await store.pagesDue(run.at, config.pages.maxPerCycle);
  const states: Array<{ articleId: number; page: PageState }> = [];
  const revisions: ArticleRevision[] = [];
  const { pages } = run.reading;
  await Promise.all(
    due.map((d) =>
      run.http.limited(d.url, async () => {
        if (run.stopped()) return;
        // A daemon that was down past a page's window finds it due: its window has closed, it is not read.
        const windowEnds = Date.parse(d.fetchedAt) + (d.page.status === 'ok' ? pages.recheckForMs : pages.retryForMs);
        if (run.now.getTime() > windowEnds) {
          states.push({
            articleId: d.articleId,
            page: { ...d.page, status: d.page.status === 'ok' ? 'ok' : 'failed', nextTryAt: null },
          });
          return;
        }
        const headers: Record<string, string> = { ...PAGE_ACCEPT };
        if (d.page.status === 'ok' && d.page.etag) headers['if-none-match'] = d.page.etag;
        if (d.page.status === 'ok' && d.page.lastModified) headers['if-modified-since'] = d.page.lastModified;
        const res = await run.http.get(d.url, { headers });
        if (deps.signal?.aborted) return;
        report.pagesRead++;
        let outcome: PageOutcome;
        if (res.kind === 'ok') {
          const read = await pageText(res.body, res.headers['content-type'], res.url, deps.content);
          outcome = read.ok
            ? { kind: 'read', etag: res.headers.etag ?? null, lastModified: res.headers['last-modified'] ?? null }
            : { kind: 'failed', failure: read.failure };
          if (read.ok && read.page.text.length > 0 && textHash(read.page.text) !== d.textHash) {
            // A page that arrives late replaces the feed's text unless it is a stub shorter than it.
            const usable =
              d.page.status === 'ok' ||
              d.textSource !== 'feed' ||
              read.page.text.length >= d.textLength - d.title.length - 2;
            if (usable) {
              const claims = await claimsOrProblem(read.page.text, deps.content);
              revisions.push({ articleId: d.articleId, text: textUpdateOf(read.page.text), ...claims });
              deps.logger.info(
                { url: d.url, articleId: d.articleId, edited: d.page.status === 'ok' },
                d.page.status === 'ok'
                  ? 'page edited since it was read: read again'
                  : 'page arrived after failing: its text replaces the feed text',
              );
            }
          }
        } else if (res.kind === 'not-modified') {
          outcome = { kind: 'not-modified' };
        } else {
          outcome = { kind: 'failed', failure: res.failure };
        }
        const page = pageAfter(d.page, outcome, new Date(d.fetchedAt), run.now, pages);
        if (page.status === 'failed' && d.page.status === 'pending')
          deps.logger.info({ url: d.url, attempts: page.attempts }, 'page given up: the feed text stays');
        states.push({ articleId: d.articleId, page });
      }),
    ),
  );
  if (states.length === 0 && revisions.length === 0) return;
  await run.revise(revisions, WITHDRAWN_BY_EDIT, async (tx) => {
    for (const s of states) await tx.writePageState(s.articleId, run.at, s.page);
  });
}
