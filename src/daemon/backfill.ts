import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readArticle, type Article } from '../articles/fetchArticle.js';
import { documentFromBytes, readDocumentFile, readDocumentMetadata } from '../articles/readDocument.js';
import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import type { Change } from '../model/change.js';
import { composeDigest, digestSettings } from '../digest/assembleDigest.js';
import { sendSummaryDigest } from '../digest/deliver.js';
import { alertThresholds } from '../extract/topicLabels.js';
import type { FeedItem } from '../feeds/parseFeed.js';
import { pollFeed } from '../feeds/pollFeed.js';
import { publicationTime } from '../model/time.js';
import { cleanTitle } from '../model/untrusted.js';
import type { PageState } from '../store/store.js';
import { commitArticles, type PreparedArticle } from './commitArticles.js';
import { articleReadingOf, fetchRequestOf, limiterOf, type CycleDeps } from './cycle.js';
import { claimsOrProblem } from './reextract.js';
import { hostOf } from '../http/hostLimiter.js';

/** One article to backfill: where it is from, when it was published, and how to read it. */
export interface BackfillItem {
  /** The dedupe keys it is stored under, so a second run skips it. */
  feedUrl: string | null;
  guid: string | null;
  url: string;
  publishedAt: string | null;
  load: () => Promise<{ article: Article; page: PageState | null } | null>;
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

/** Articles read ahead of the one being stored, so the disk, the network and the reading threads are never idle. */
const LOOKAHEAD = 8;

/** An article that cannot be read is logged and left out; the backfill goes on. */
async function prepareSafely(item: BackfillItem, deps: BackfillDeps): Promise<PreparedArticle | null> {
  try {
    const loaded = await item.load();
    if (!loaded) return null;
    const read = await claimsOrProblem(loaded.article.text, deps.content);
    if (read.extractProblem) deps.logger.warn({ url: item.url, problem: read.extractProblem }, 'backfill: article stored without claims; figurewatch reextract reads it again');
    return { article: loaded.article, feedUrl: item.feedUrl, claims: read.claims, extractProblem: read.extractProblem, page: loaded.page };
  } catch (err) {
    deps.logger.warn({ url: item.url, err: (err as Error).message }, 'backfill: article skipped');
    return null;
  }
}

const FILE_TYPES = /\.(?:html?|txt)$/i;

/** Who published a page read without a feed: the site's own name, else its host; a saved page without either is "saved page". */
export function pagePublisher(siteName: string | null, url: string | null): string {
  if (siteName) return siteName;
  try {
    const { protocol, hostname } = new URL(url ?? '');
    if ((protocol === 'http:' || protocol === 'https:') && hostname) return hostname.replace(/^www\./, '');
  } catch {
    // not a URL: no host to name
  }
  return 'saved page';
}

function fileArticle(file: string, text: string, meta: { title: string | null; siteName: string | null }, publishedAt: string | null, pageCanonical: string | null): Article {
  const url = pathToFileURL(file).href;
  const title = meta.title;
  const item: FeedItem = { feedName: pagePublisher(meta.siteName, pageCanonical), guid: null, link: url, title: cleanTitle(title ?? path.basename(file)), publishedAt, summary: null, content: null };
  return { item, url, pageCanonicalUrl: pageCanonical, title: item.title, publishedAt, publishedAdjustedFrom: null, text, textSource: 'file', pageFailure: null };
}

/** Saved pages and texts in a folder; the time comes from the page's metadata, else the file's. */
async function itemsFromDir(dir: string, deps: BackfillDeps): Promise<BackfillItem[]> {
  const names = (await readdir(dir)).filter((n) => FILE_TYPES.test(n)).sort();
  const items: BackfillItem[] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    const meta = await readDocumentMetadata(file);
    if (!meta) continue;
    const publishedAt = publicationTime(meta.publishedAt, deps.clock()).publishedAt ?? (await stat(file)).mtime.toISOString();
    const canonical = meta.canonicalUrl;
    items.push({
      feedUrl: null, guid: null, url: canonical ?? pathToFileURL(file).href, publishedAt,
      load: async () => {
        const doc = await readDocumentFile(file, deps.content);
        return doc.ok && doc.text ? { article: fileArticle(file, doc.text, doc, publishedAt, canonical), page: null } : null;
      },
    });
  }
  return items;
}

async function itemsFromUrls(file: string, deps: BackfillDeps, signal?: AbortSignal): Promise<BackfillItem[]> {
  const urls = (await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => /^https?:\/\//i.test(l));
  const request = fetchRequestOf(deps.config, signal);
  const limiter = limiterOf(deps.config);
  const items = await Promise.all(urls.map((url) => limiter.run(hostOf(url), async (): Promise<BackfillItem | null> => {
    // Already stored: not fetched again (an interrupted backfill resumes without refetching).
    if (signal?.aborted || deps.store.hasItem('', { guid: null, url: canonicalUrl(url) })) {
      return { feedUrl: null, guid: null, url, publishedAt: null, load: async () => null };
    }
    const res = await deps.http(url, request);
    if (res.kind !== 'ok') {
      deps.logger.warn({ url, err: res.kind === 'failed' ? res.failure.message : 'not modified' }, 'backfill: URL skipped');
      return null;
    }
    const doc = await documentFromBytes(url, res.body, deps.content, res.headers['content-type']);
    if (!doc.ok || !doc.text) return null;
    const published = publicationTime(doc.publishedAt, deps.clock());
    const item: FeedItem = { feedName: pagePublisher(doc.siteName, res.url), guid: null, link: url, title: cleanTitle(doc.title ?? url), publishedAt: published.publishedAt, summary: null, content: null };
    const article: Article = {
      item, url: res.url, pageCanonicalUrl: doc.canonicalUrl ? new URL(doc.canonicalUrl, res.url).href : null, title: item.title,
      publishedAt: published.publishedAt, publishedAdjustedFrom: published.adjustedFrom, text: doc.text, textSource: 'page', pageFailure: null,
    };
    return { feedUrl: null, guid: null, url, publishedAt: published.publishedAt, load: async () => ({ article, page: null }) };
  })));
  return items.filter((i): i is BackfillItem => i !== null);
}

async function itemsFromFeeds(deps: BackfillDeps, signal?: AbortSignal): Promise<BackfillItem[]> {
  const { config } = deps;
  const request = fetchRequestOf(config, signal);
  const reading = articleReadingOf(deps, signal);
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
        feedUrl: feed.url, guid: item.guid, url: item.link ?? `${feed.url}#${item.guid ?? item.title}`, publishedAt: publicationTime(item.publishedAt, deps.clock()).publishedAt,
        load: () => readArticle(item, reading, deps.clock()),
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
  if (options.dir) sources.push(...await itemsFromDir(options.dir, deps));
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
  const thresholds = alertThresholds(deps.topics);
  const runId = store.startRun(deps.clock().toISOString());
  logger.info({ runId, found: report.found, todo: todo.length, skipped: report.skipped }, 'backfill started');
  const reads = new Map<number, Promise<PreparedArticle | null>>();
  const readAhead = (index: number): Promise<PreparedArticle | null> => {
    for (let j = index; j < Math.min(index + LOOKAHEAD, todo.length); j++) {
      if (!reads.has(j)) reads.set(j, prepareSafely(todo[j]!, deps));
    }
    const read = reads.get(index)!;
    reads.delete(index);
    return read;
  };
  let done = 0;
  const stopped = (): boolean => done >= limit || options.signal?.aborted === true;
  try {
    for (let start = 0; start < todo.length && !stopped(); start += batchSize) {
      const batch: PreparedArticle[] = [];
      for (let i = start; i < Math.min(start + batchSize, todo.length); i++) {
        if (stopped()) break;
        done++;
        const prepared = await readAhead(i);
        if (prepared) batch.push(prepared);
        options.onProgress?.(done, todo.length);
      }
      const result = commitArticles(store, { at: deps.clock().toISOString(), articles: batch, notify: false, alertThresholds: thresholds });
      report.changes.push(...result.changes);
      report.articles += result.articles;
      report.duplicates += result.duplicates;
      report.claims += result.claims;
    }
    // Reads started ahead of an interruption are left to finish on their own; nothing waits for them.
    for (const read of reads.values()) read.catch(() => {});
    report.interrupted = done < todo.length || options.signal?.aborted === true;
    if (options.sendDigest && !report.interrupted) {
      const summary = composeDigest(store, digestSettings(deps, 'figurewatch backfill'), { changes: report.changes });
      if (summary) report.digestSent = await sendSummaryDigest(store, deps.sender, logger, deps.clock, { ...summary.digest, data: JSON.stringify(summary.data) });
    }
    store.finishRun(runId, deps.clock().toISOString(), { outcome: report.interrupted ? 'abandoned' : 'ok', itemsNew: todo.length, articles: report.articles, claims: report.claims, changes: report.changes.length, feedsFailed: 0, error: null });
    logger.info({ runId, interrupted: report.interrupted, articles: report.articles, duplicates: report.duplicates, claims: report.claims, changes: report.changes.length }, 'backfill finished');
    return report;
  } catch (err) {
    store.finishRun(runId, deps.clock().toISOString(), { outcome: 'failed', itemsNew: todo.length, articles: report.articles, claims: report.claims, changes: report.changes.length, feedsFailed: 0, error: (err as Error).message });
    throw err;
  }
}
