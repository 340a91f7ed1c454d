import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchArticle, type Article } from '../articles/fetchArticle.js';
import { documentFromBytes, readDocumentFile, readDocumentMetadata } from '../articles/readDocument.js';
import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import type { Change } from '../diff/diff.js';
import { sendSummaryDigest } from '../digest/deliver.js';
import { renderDigest } from '../digest/renderDigest.js';
import type { FeedItem } from '../feeds/parseFeed.js';
import { pollFeed } from '../feeds/pollFeed.js';
import type { Logger } from '../log/logger.js';
import { ArticleBatch } from './articleBatch.js';
import { alertThresholds, metricLabels, type CycleDeps } from './cycle.js';

/** One article to backfill: where it is from, when it was published, and how to read it. */
export interface BackfillItem {
  /** The dedupe keys it is stored under, so a second run skips it. */
  feedUrl: string | null;
  guid: string | null;
  url: string;
  publishedAt: string | null;
  load: () => Promise<Article | null>;
}

export interface BackfillOptions {
  dir?: string;
  urlsFile?: string;
  feeds?: boolean;
  since?: Date;
  until?: Date;
  sendDigest?: boolean;
  /** Articles per transaction: an interrupted backfill keeps every batch it finished. */
  batchSize?: number;
  /** Stop after this many articles (a test's interruption). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborted (SIGINT, SIGTERM): the batch in hand is committed and the rest left for the next run. */
  signal?: AbortSignal;
}

/** What a cycle needs; a backfill is stopped by its own option, not the daemon's signal. */
export type BackfillDeps = Omit<CycleDeps, 'signal'>;

export interface BackfillReport {
  found: number;
  skipped: number;
  articles: number;
  duplicates: number;
  claims: number;
  changes: Change[];
  digestSent: boolean;
  /** Stopped before the end (a signal, or the limit): running it again resumes. */
  interrupted: boolean;
}

const LOOKAHEAD = 8;

/** An article that cannot be read is logged and left out; the backfill goes on. */
async function loadSafely(item: BackfillItem, logger: Logger): Promise<Article | null> {
  try {
    return await item.load();
  } catch (err) {
    logger.warn({ url: item.url, err: (err as Error).message }, 'backfill: article skipped');
    return null;
  }
}

const FILE_TYPES = /\.(?:html?|txt)$/i;

function fileItem(file: string, text: string, title: string | null, publishedAt: string | null, pageCanonical: string | null): Article {
  const url = pathToFileURL(file).href;
  const item: FeedItem = { feedName: 'backfill', guid: null, link: url, title: title ?? path.basename(file), publishedAt, summary: null, content: null };
  return { item, url, pageCanonicalUrl: pageCanonical, title: item.title, publishedAt, text, textSource: 'file', pageFailure: null };
}

/** Saved pages and texts in a folder; the time comes from the page's metadata, else the file's. */
async function itemsFromDir(dir: string): Promise<BackfillItem[]> {
  const names = (await readdir(dir)).filter((n) => FILE_TYPES.test(n)).sort();
  const items: BackfillItem[] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    const meta = await readDocumentMetadata(file);
    if (!meta) continue;
    const publishedAt = meta.publishedAt ?? (await stat(file)).mtime.toISOString();
    const canonical = meta.canonicalUrl;
    items.push({
      feedUrl: null, guid: null, url: canonical ?? pathToFileURL(file).href, publishedAt,
      load: async () => {
        const again = await readDocumentFile(file);
        return again.ok && again.text ? fileItem(file, again.text, again.title, publishedAt, canonical) : null;
      },
    });
  }
  return items;
}

async function itemsFromUrls(file: string, deps: BackfillDeps, signal?: AbortSignal): Promise<BackfillItem[]> {
  const urls = (await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l));
  const items: BackfillItem[] = [];
  for (const url of urls) {
    if (signal?.aborted) break;
    // Already stored: not fetched again (an interrupted backfill resumes without refetching).
    if (deps.store.hasItem('', { guid: null, url: canonicalUrl(url) })) {
      items.push({ feedUrl: null, guid: null, url, publishedAt: null, load: async () => null });
      continue;
    }
    const res = await deps.http(url, { timeoutMs: deps.config.fetch.timeoutMs, maxBytes: deps.config.fetch.maxBytes, maxRedirects: deps.config.fetch.maxRedirects, guardAddresses: true, allowPrivateNetworks: deps.config.fetch.allowPrivateNetworks });
    if (res.kind !== 'ok') {
      deps.logger.warn({ url, err: res.kind === 'failed' ? res.failure.message : 'not modified' }, 'backfill: URL skipped');
      continue;
    }
    const doc = documentFromBytes(url, res.body, res.headers['content-type']);
    if (!doc.ok || !doc.text) continue;
    const item: FeedItem = { feedName: 'backfill', guid: null, link: url, title: doc.title ?? url, publishedAt: doc.publishedAt, summary: null, content: null };
    const article: Article = { item, url: res.url, pageCanonicalUrl: null, title: item.title, publishedAt: doc.publishedAt, text: doc.text, textSource: 'page', pageFailure: null };
    items.push({ feedUrl: null, guid: null, url, publishedAt: doc.publishedAt, load: async () => article });
  }
  return items;
}

async function itemsFromFeeds(deps: BackfillDeps, signal?: AbortSignal): Promise<BackfillItem[]> {
  const { config } = deps;
  const request = { timeoutMs: config.fetch.timeoutMs, maxBytes: config.fetch.maxBytes, maxRedirects: config.fetch.maxRedirects, allowPrivateNetworks: config.fetch.allowPrivateNetworks };
  const items: BackfillItem[] = [];
  for (const feed of config.feeds) {
    if (signal?.aborted) break;
    const poll = await pollFeed(feed, null, deps.http, request);
    if (poll.kind !== 'ok') {
      deps.logger.warn({ feed: feed.name, err: poll.kind === 'failed' ? poll.failure.message : 'not modified' }, 'backfill: feed skipped');
      continue;
    }
    for (const item of poll.items) {
      items.push({
        feedUrl: feed.url, guid: item.guid, url: item.link ?? `${feed.url}#${item.guid ?? item.title}`, publishedAt: item.publishedAt,
        load: () => fetchArticle(item, deps.http, { ...request, guardAddresses: true }),
      });
    }
  }
  return items;
}

/**
 * Builds history from older articles, in publication order, in batches of one transaction each.
 * Articles already stored are skipped, so an interrupted backfill resumes where it stopped and
 * never counts an article twice. No digest is sent unless asked: then one summary at the end.
 */
export async function runBackfill(deps: BackfillDeps, options: BackfillOptions): Promise<BackfillReport> {
  const { store, logger } = deps;
  const sources: BackfillItem[] = [];
  if (options.dir) sources.push(...await itemsFromDir(options.dir));
  if (options.urlsFile) sources.push(...await itemsFromUrls(options.urlsFile, deps, options.signal));
  if (options.feeds || (!options.dir && !options.urlsFile)) sources.push(...await itemsFromFeeds(deps, options.signal));
  const time = (i: BackfillItem): number => (i.publishedAt ? Date.parse(i.publishedAt) : Number.POSITIVE_INFINITY);
  const inRange = sources.filter((i) => (!options.since || time(i) >= options.since.getTime()) && (!options.until || time(i) <= options.until.getTime()));
  const keysSeen = new Set<string>();
  const todo = inRange.filter((i) => !store.hasItem(i.feedUrl ?? '', { guid: i.guid, url: canonicalUrl(i.url) }))
    .filter((i) => {
      // The same article listed twice (two sources, or twice in a URL list) is read once.
      const key = `${i.feedUrl ?? ''}|${canonicalUrl(i.url)}|${i.guid ?? ''}`;
      if (keysSeen.has(key)) return false;
      keysSeen.add(key);
      return true;
    })
    .sort((a, b) => time(a) - time(b) || a.url.localeCompare(b.url));
  const report: BackfillReport = { found: sources.length, skipped: inRange.length - todo.length, articles: 0, duplicates: 0, claims: 0, changes: [], digestSent: false, interrupted: false };
  const batchSize = options.batchSize ?? 200;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const labels = metricLabels(deps.topics);
  const thresholds = alertThresholds(deps.topics);
  const runId = store.startRun(deps.clock().toISOString());
  logger.info({ runId, found: report.found, todo: todo.length, skipped: report.skipped }, 'backfill started');
  // Reads run a few articles ahead of the one being processed, so the disk or network is never idle.
  const loads = new Map<number, Promise<Article | null>>();
  const loadAhead = (index: number): Promise<Article | null> => {
    for (let j = index; j < Math.min(index + LOOKAHEAD, todo.length); j++) {
      if (!loads.has(j)) loads.set(j, loadSafely(todo[j]!, logger));
    }
    const load = loads.get(index)!;
    loads.delete(index);
    return load;
  };
  let done = 0;
  const stopped = (): boolean => done >= limit || options.signal?.aborted === true;
  try {
    for (let start = 0; start < todo.length && !stopped(); start += batchSize) {
      const batch = new ArticleBatch(store, logger, deps.topics, deps.clock().toISOString());
      try {
        for (let i = start; i < Math.min(start + batchSize, todo.length); i++) {
          if (stopped()) break;
          done++;
          const article = await loadAhead(i);
          if (article) batch.add(article, todo[i]!.feedUrl);
          options.onProgress?.(done, todo.length);
        }
        const { changes } = batch.commit({ feeds: [], notices: [], alertThresholds: thresholds, labels, digest: false });
        report.changes.push(...changes);
        report.articles += batch.articles;
        report.duplicates += batch.duplicates;
        report.claims += batch.claims;
      } catch (err) {
        batch.rollback();
        throw err;
      }
    }
    report.interrupted = done < todo.length || options.signal?.aborted === true;
    if (options.sendDigest && !report.interrupted) {
      const digest = renderDigest(report.changes, labels, { subjectPrefix: 'figurewatch backfill' });
      if (digest) report.digestSent = await sendSummaryDigest(store, deps.sender, logger, deps.clock, digest);
    }
    store.finishRun(runId, deps.clock().toISOString(), { outcome: report.interrupted ? 'abandoned' : 'ok', itemsNew: todo.length, articles: report.articles, claims: report.claims, changes: report.changes.length, feedsFailed: 0, error: null });
    logger.info({ runId, interrupted: report.interrupted, articles: report.articles, duplicates: report.duplicates, claims: report.claims, changes: report.changes.length }, 'backfill finished');
    return report;
  } catch (err) {
    store.finishRun(runId, deps.clock().toISOString(), { outcome: 'failed', itemsNew: todo.length, articles: report.articles, claims: report.claims, changes: report.changes.length, feedsFailed: 0, error: (err as Error).message });
    throw err;
  }
}

