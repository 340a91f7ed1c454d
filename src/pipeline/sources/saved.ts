/**
 * Older articles, to build the history: saved pages and texts in a folder, a list of URLs, or the
 * feeds' current items. Read in publication order and committed in batches of one transaction
 * each; articles already stored are skipped, so an interrupted backfill resumes where it stopped
 * and never counts an article twice. Its changes are kept for the record, not put in a digest.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readArticle } from '../../articles/fetchArticle.js';
import { documentFromBytes, readDocumentFile, readDocumentMetadata } from '../../articles/readDocument.js';
import { savedTextParts } from '../../articles/savedText.js';
import { canonicalUrl } from '../../dedupe/canonicalUrl.js';
import { pollFeed } from '../../feeds/pollFeed.js';
import type { Article, PageState } from '../../model/article.js';
import type { FeedItem } from '../../model/feed.js';
import { publicationTime } from '../../model/time.js';
import { cleanTitle } from '../../model/untrusted.js';
import type { PreparedArticle } from '../commit.js';
import type { IngestRun } from '../ingest.js';
import { claimsOrProblem } from '../revise.js';

export interface SavedSource {
  kind: 'saved';
  dir?: string;
  urlsFile?: string;
  /** The feeds' current items (the default when neither a folder nor a URL list is given). */
  feeds?: boolean;
  since?: Date;
  until?: Date;
  /** Articles per transaction: an interrupted backfill keeps every batch it finished. */
  batchSize?: number;
  /** Stop after this many articles (a test's interruption). */
  limit?: number;
}

/** One article to backfill: where it is from, when it was published, and how to read it. */
export interface BackfillItem {
  /** The dedupe keys it is stored under, so a second run skips it. */
  feedUrl: string | null;
  guid: string | null;
  url: string;
  publishedAt: string | null;
  load: () => Promise<{ article: Article; page: PageState | null } | null>;
}

/** Articles read ahead of the one being stored, so the disk, the network and the reading threads are never idle. */
const LOOKAHEAD = 8;

/** An article that cannot be read is logged and left out; the backfill goes on. */
async function prepareSafely(item: BackfillItem, run: IngestRun): Promise<PreparedArticle | null> {
  const { deps } = run;
  try {
    const loaded = await item.load();
    if (!loaded) return null;
    const read = await claimsOrProblem(loaded.article.text, deps.content);
    if (read.extractProblem)
      deps.logger.warn(
        { url: item.url, problem: read.extractProblem },
        'backfill: article stored without claims; figurewatch reextract reads it again',
      );
    return {
      article: loaded.article,
      feedUrl: item.feedUrl,
      claims: read.claims,
      extractProblem: read.extractProblem,
      page: loaded.page,
    };
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

function fileArticle(
  file: string,
  text: string,
  meta: { title: string | null; siteName: string | null },
  publishedAt: string | null,
  pageCanonical: string | null,
): Article {
  const url = pathToFileURL(file).href;
  const title = meta.title;
  const item: FeedItem = {
    feedName: pagePublisher(meta.siteName, pageCanonical),
    guid: null,
    link: url,
    title: cleanTitle(title ?? path.basename(file)),
    publishedAt,
    summary: null,
    content: null,
  };
  return {
    item,
    url,
    pageCanonicalUrl: pageCanonical,
    title: item.title,
    publishedAt,
    publishedAdjustedFrom: null,
    text,
    textSource: 'file',
    pageFailure: null,
  };
}

/**
 * Saved pages and texts in a folder; the time comes from the page's metadata (a text's front matter
 * or file name), else the file's modification time.
 */
async function itemsFromDir(dir: string, run: IngestRun): Promise<BackfillItem[]> {
  const { deps } = run;
  const names = (await readdir(dir)).filter((n) => FILE_TYPES.test(n)).sort();
  const items: BackfillItem[] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    const meta = await readDocumentMetadata(file);
    if (!meta) continue;
    const publishedAt =
      publicationTime(meta.publishedAt, deps.clock()).publishedAt ?? (await stat(file)).mtime.toISOString();
    const canonical = meta.canonicalUrl;
    items.push({
      feedUrl: null,
      guid: null,
      url: canonical ?? pathToFileURL(file).href,
      publishedAt,
      load: async () => {
        const doc = await readDocumentFile(file, deps.content);
        if (!doc.ok || !doc.text) return null;
        // A text's headline is its title, not the start of its body, as a page's would be.
        const parts = doc.format === 'text' ? savedTextParts(doc.text, name) : null;
        const meta = { title: parts ? parts.title : doc.title, siteName: doc.siteName };
        return { article: fileArticle(file, parts ? parts.body : doc.text, meta, publishedAt, canonical), page: null };
      },
    });
  }
  return items;
}

async function itemsFromUrls(file: string, run: IngestRun): Promise<BackfillItem[]> {
  const { deps } = run;
  const urls = (await readFile(file, 'utf8'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^https?:\/\//i.test(l));
  const items = await Promise.all(
    urls.map((url) =>
      run.http.limited(url, async (): Promise<BackfillItem | null> => {
        // Already stored: not fetched again (an interrupted backfill resumes without refetching).
        if (run.stopped() || (await deps.store.hasItem('', { guid: null, url: canonicalUrl(url) }))) {
          return { feedUrl: null, guid: null, url, publishedAt: null, load: async () => null };
        }
        const res = await run.http.get(url);
        if (res.kind !== 'ok') {
          deps.logger.warn(
            { url, err: res.kind === 'failed' ? res.failure.message : 'not modified' },
            'backfill: URL skipped',
          );
          return null;
        }
        const doc = await documentFromBytes(url, res.body, deps.content, res.headers['content-type']);
        if (!doc.ok || !doc.text) return null;
        const published = publicationTime(doc.publishedAt, deps.clock());
        const item: FeedItem = {
          feedName: pagePublisher(doc.siteName, res.url),
          guid: null,
          link: url,
          title: cleanTitle(doc.title ?? url),
          publishedAt: published.publishedAt,
          summary: null,
          content: null,
        };
        const article: Article = {
          item,
          url: res.url,
          pageCanonicalUrl: doc.canonicalUrl ? new URL(doc.canonicalUrl, res.url).href : null,
          title: item.title,
          publishedAt: published.publishedAt,
          publishedAdjustedFrom: published.adjustedFrom,
          text: doc.text,
          textSource: 'page',
          pageFailure: null,
        };
        return {
          feedUrl: null,
          guid: null,
          url,
          publishedAt: published.publishedAt,
          load: async () => ({ article, page: null }),
        };
      }),
    ),
  );
  return items.filter((i): i is BackfillItem => i !== null);
}

async function itemsFromFeeds(run: IngestRun): Promise<BackfillItem[]> {
  const { deps } = run;
  const items: BackfillItem[] = [];
  for (const feed of deps.config.feeds) {
    if (run.stopped()) break;
    const poll = await run.http.limited(feed.url, () => pollFeed(feed, null, run.http));
    if (poll.kind !== 'ok') {
      deps.logger.warn(
        { feed: feed.name, err: poll.kind === 'failed' ? poll.failure.message : 'not modified' },
        'backfill: feed skipped',
      );
      continue;
    }
    for (const item of poll.items) {
      items.push({
        feedUrl: feed.url,
        guid: item.guid,
        url: item.link ?? `${feed.url}#${item.guid ?? item.title}`,
        publishedAt: publicationTime(item.publishedAt, deps.clock()).publishedAt,
        load: () => readArticle(item, run.reading, deps.clock()),
      });
    }
  }
  return items;
}

/** The source's items in publication order, read a few ahead, committed in batches. */
export async function savedSource(run: IngestRun, source: SavedSource): Promise<void> {
  const { deps, report, options } = run;
  const { store, logger } = deps;
  const sources: BackfillItem[] = [];
  if (source.dir) sources.push(...(await itemsFromDir(source.dir, run)));
  if (source.urlsFile) sources.push(...(await itemsFromUrls(source.urlsFile, run)));
  if (source.feeds || (!source.dir && !source.urlsFile)) sources.push(...(await itemsFromFeeds(run)));
  const time = (i: BackfillItem): number => (i.publishedAt ? Date.parse(i.publishedAt) : Number.POSITIVE_INFINITY);
  const inRange = sources.filter(
    (i) => (!source.since || time(i) >= source.since.getTime()) && (!source.until || time(i) <= source.until.getTime()),
  );
  const keysSeen = new Set<string>();
  const todo: BackfillItem[] = [];
  for (const i of inRange) {
    if (await store.hasItem(i.feedUrl ?? '', { guid: i.guid, url: canonicalUrl(i.url) })) continue;
    // The same article listed twice (two sources, or twice in a URL list) is read once.
    const key = `${i.feedUrl ?? ''}|${canonicalUrl(i.url)}|${i.guid ?? ''}`;
    if (keysSeen.has(key)) continue;
    keysSeen.add(key);
    todo.push(i);
  }
  todo.sort((a, b) => time(a) - time(b) || a.url.localeCompare(b.url));
  report.found = sources.length;
  report.skipped = inRange.length - todo.length;
  report.itemsNew = todo.length;
  const batchSize = source.batchSize ?? 200;
  const limit = source.limit ?? Number.POSITIVE_INFINITY;
  logger.info({ found: report.found, todo: todo.length, skipped: report.skipped }, 'backfill: articles to read');
  const reads = new Map<number, Promise<PreparedArticle | null>>();
  const readAhead = (index: number): Promise<PreparedArticle | null> => {
    for (let j = index; j < Math.min(index + LOOKAHEAD, todo.length); j++) {
      if (!reads.has(j)) reads.set(j, prepareSafely(todo[j]!, run));
    }
    const read = reads.get(index)!;
    reads.delete(index);
    return read;
  };
  let done = 0;
  const stopped = (): boolean => done >= limit || run.stopped();
  for (let start = 0; start < todo.length && !stopped(); start += batchSize) {
    const batch: PreparedArticle[] = [];
    for (let i = start; i < Math.min(start + batchSize, todo.length); i++) {
      if (stopped()) break;
      done++;
      const prepared = await readAhead(i);
      if (prepared) batch.push(prepared);
      options.onProgress?.(done, todo.length);
    }
    await run.commit({ articles: batch, notify: false });
  }
  // Reads started ahead of an interruption are left to finish on their own; nothing waits for them.
  for (const read of reads.values()) read.catch(() => {});
  report.interrupted = done < todo.length || (options.signal?.aborted ?? false);
}
