import type { PageState, TextSource } from '../../model/article.js';
import { fnv1a32 } from '../../model/hash32.js';
import type { ArticleWrite, PageDue, TextUpdate } from '../port.js';
import { BandIndex } from './bandIndex.js';
import { KeyFilter } from './keyFilter.js';
import { type Sql, signatureFromBlob, signatureToBlob } from './sql.js';

export function hasItem(sql: Sql, feedUrl: string, keys: { guid: string | null; url: string | null }): boolean {
  if (keys.url !== null && sql.get('SELECT 1 FROM articles WHERE canonical_url = ?').get(keys.url)) return true;
  return (
    keys.guid !== null &&
    sql.get('SELECT 1 FROM articles WHERE feed_url = ? AND guid = ?').get(feedUrl, keys.guid) !== undefined
  );
}

/** Room for this many keys at least before a filter is rebuilt larger. */
const MIN_FILTER_KEYS = 100_000;

interface KnownKeys {
  filter: KeyFilter;
  /** The store's data version when the filter was last known whole: another connection's commit changes it. */
  dataVersion: number;
}
/** Per connection: the band keys and the text hashes of the stored originals. */
const knownKeys = new WeakMap<Sql, { bands?: KnownKeys; texts?: KnownKeys }>();

/**
 * Keys the index holds, as a filter: built from the table when first wanted and kept up to date
 * by this connection's writes. A commit by another connection (data_version) or a filter grown
 * past its size makes it be built again, so it never hides a stored key.
 */
function keyFilterOf(sql: Sql, kind: 'bands' | 'texts'): KeyFilter {
  const version = sql.get('PRAGMA data_version').pluck().get() as number;
  const mine = knownKeys.get(sql) ?? {};
  knownKeys.set(sql, mine);
  const known = mine[kind];
  if (known && known.dataVersion === version && !known.filter.full) return known.filter;
  const [count, keys] =
    kind === 'bands'
      ? ['SELECT COUNT(*) FROM article_bands', 'SELECT band_key FROM article_bands']
      : ['SELECT COUNT(*) FROM articles', 'SELECT text_hash FROM articles WHERE duplicate_of IS NULL'];
  const filter = new KeyFilter(Math.max(MIN_FILTER_KEYS, (sql.get(count).pluck().get() as number) * 2));
  for (const key of sql.get(keys).pluck().iterate() as Iterable<number | string>)
    filter.add(typeof key === 'number' ? key : fnv1a32(key));
  mine[kind] = { filter, dataVersion: version };
  return filter;
}

export function articleIdByTextHash(sql: Sql, hash: string): number | null {
  if (!keyFilterOf(sql, 'texts').mightHave(fnv1a32(hash))) return null;
  const row = sql
    .get('SELECT id FROM articles WHERE text_hash = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1')
    .get(hash) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Band keys held in memory up to this many (~11 bytes each with the bucket directory and the filter:
 * ~35 MB at 100,000 originals of 32 bands, ~44 MB at the limit, 125,000); a larger store is looked up on
 * disk, through a filter.
 */
export const MAX_BAND_KEYS_IN_MEMORY = 4_000_000;

/** Per connection: the band index in memory (null: too large, use the table), and the data version it was read at. */
const bandIndexes = new WeakMap<Sql, { index: BandIndex | null; dataVersion: number }>();

/** The band index of this connection, read again after another connection's commit; null when too large to hold. */
function bandIndexOf(sql: Sql): BandIndex | null {
  const version = sql.get('PRAGMA data_version').pluck().get() as number;
  const known = bandIndexes.get(sql);
  if (known && known.dataVersion === version && (known.index?.size ?? 0) <= MAX_BAND_KEYS_IN_MEMORY) return known.index;
  const { count, top } = sql.get('SELECT COUNT(*) AS count, MAX(article_id) AS top FROM article_bands').get() as {
    count: number;
    top: number | null;
  };
  const fits = count <= MAX_BAND_KEYS_IN_MEMORY && (top ?? 0) < 2 ** 31;
  // In the index's order, whatever index SQLite would pick. A commit by another connection between the
  // count and the read is seen by data_version at the next look-up, which reads the table again.
  const index = fits
    ? new BandIndex(
        sql
          .get('SELECT band_key, article_id FROM article_bands ORDER BY band_key, article_id')
          .raw()
          .iterate() as Iterable<[number, number]>,
        count,
      )
    : null;
  bandIndexes.set(sql, { index, dataVersion: version });
  return index;
}

export function articlesByBands(
  sql: Sql,
  bands: readonly number[],
  limit: number,
): Array<{ articleId: number; signature: Uint32Array }> {
  const index = bandIndexOf(sql);
  let ids: number[];
  if (index) ids = index.articleIds(bands, limit);
  else {
    const filter = keyFilterOf(sql, 'bands');
    const present = bands.filter((key) => filter.mightHave(key));
    if (present.length === 0) return [];
    ids = sql
      .get(
        `SELECT DISTINCT article_id FROM article_bands WHERE band_key IN (${present.map(() => '?').join(', ')}) LIMIT ?`,
      )
      .pluck()
      .all(...present, limit) as number[];
  }
  const fingerprintOf = sql.get('SELECT fingerprint FROM articles WHERE id = ?');
  const out: Array<{ articleId: number; signature: Uint32Array }> = [];
  for (const articleId of ids) {
    const row = fingerprintOf.get(articleId) as { fingerprint: Buffer | null } | undefined;
    if (row?.fingerprint) out.push({ articleId, signature: signatureFromBlob(row.fingerprint) });
  }
  return out;
}

/** Forgets this connection's key filters and band index: after a rollback they may hold keys the tables do not. */
export function forgetKnownKeys(sql: Sql): void {
  knownKeys.delete(sql);
  bandIndexes.delete(sql);
}

function indexBands(sql: Sql, articleId: number, bands: readonly number[]): void {
  const insertBand = sql.get('INSERT OR IGNORE INTO article_bands (band_key, article_id) VALUES (?, ?)');
  const filter = knownKeys.get(sql)?.bands?.filter;
  // The index holds ids in 32 bits: past them, it is read again and found too large (the table is used).
  if (articleId > 0x7fffffff) bandIndexes.delete(sql);
  const index = bandIndexes.get(sql)?.index;
  for (const key of bands) {
    insertBand.run(key, articleId);
    filter?.add(key);
    index?.add(key, articleId);
  }
}

/** The columns an article is stored in, and its values for them (both stores). */
export const ARTICLE_COLUMNS = `canonical_url, guid, url, feed_url, feed_name, title, published_at, published_adjusted_from, fetched_at, text_source, text_hash, text,
  duplicate_of, fingerprint, extract_problem, page_status, page_etag, page_last_modified, page_attempts, page_next_try_at, page_checked_at`;

export function articleValues(at: string, a: ArticleWrite): unknown[] {
  return [
    a.canonicalUrl,
    a.guid,
    a.url,
    a.feedUrl,
    a.feedName,
    a.title,
    a.publishedAt,
    a.publishedAdjustedFrom,
    at,
    a.textSource,
    a.textHash,
    a.text,
    a.duplicateOf,
    a.fingerprint ? signatureToBlob(a.fingerprint.signature) : null,
    a.extractProblem,
    a.page?.status ?? null,
    a.page?.etag ?? null,
    a.page?.lastModified ?? null,
    a.page?.attempts ?? 0,
    a.page?.nextTryAt ?? null,
    a.page ? at : null,
  ];
}

/** Inserts the article; the caller adds its claims. */
export function insertArticle(sql: Sql, at: string, a: ArticleWrite): number {
  const values = articleValues(at, a);
  const articleId = Number(
    sql.get(`INSERT INTO articles (${ARTICLE_COLUMNS}) VALUES (${values.map(() => '?').join(', ')})`).run(...values)
      .lastInsertRowid,
  );
  // Only originals are indexed: a look-up then finds the original, never a copy of it.
  if (a.fingerprint && a.duplicateOf === null) indexBands(sql, articleId, a.fingerprint.bands);
  if (a.duplicateOf === null) knownKeys.get(sql)?.texts?.filter.add(fnv1a32(a.textHash));
  return articleId;
}

export function replaceArticleText(sql: Sql, articleId: number, u: TextUpdate): void {
  sql
    .get('UPDATE articles SET text = ?, text_hash = ?, text_source = ? WHERE id = ?')
    .run(u.text, u.textHash, u.textSource, articleId);
  knownKeys.get(sql)?.texts?.filter.add(fnv1a32(u.textHash));
  setFingerprint(sql, articleId, u.fingerprint);
}

export function setFingerprint(sql: Sql, articleId: number, fingerprint: TextUpdate['fingerprint']): void {
  sql
    .get('UPDATE articles SET fingerprint = ? WHERE id = ?')
    .run(fingerprint ? signatureToBlob(fingerprint.signature) : null, articleId);
  sql.get('DELETE FROM article_bands WHERE article_id = ?').run(articleId);
  bandIndexes.get(sql)?.index?.remove(articleId);
  const original = sql.get('SELECT duplicate_of FROM articles WHERE id = ?').get(articleId) as
    | { duplicate_of: number | null }
    | undefined;
  if (fingerprint && original?.duplicate_of === null) indexBands(sql, articleId, fingerprint.bands);
}

export function setExtractProblem(sql: Sql, articleId: number, problem: string | null): void {
  sql.get('UPDATE articles SET extract_problem = ? WHERE id = ?').run(problem, articleId);
}

export function articlesByFeed(sql: Sql): Map<string, number> {
  const rows = sql
    .get('SELECT feed_url, COUNT(*) AS n FROM articles WHERE feed_url IS NOT NULL GROUP BY feed_url')
    .all() as Array<{ feed_url: string; n: number }>;
  return new Map(rows.map((r) => [r.feed_url, r.n]));
}

export function articlesAwaitingExtraction(sql: Sql): number {
  return (
    sql
      .get(
        'SELECT COUNT(*) AS n FROM articles INDEXED BY articles_unread WHERE extract_problem IS NOT NULL AND duplicate_of IS NULL',
      )
      .get() as {
      n: number;
    }
  ).n;
}

export function originalArticleIds(sql: Sql): number[] {
  return (sql.get('SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY id').all() as Array<{ id: number }>).map(
    (r) => r.id,
  );
}

export function articleText(sql: Sql, articleId: number): string | null {
  return (
    (sql.get('SELECT text FROM articles WHERE id = ?').get(articleId) as { text: string } | undefined)?.text ?? null
  );
}

export interface PageDueRow {
  id: number;
  url: string;
  title: string;
  feed_name: string | null;
  fetched_at: string;
  text_hash: string;
  text_length: number;
  text_source: TextSource;
  page_status: PageState['status'];
  page_etag: string | null;
  page_last_modified: string | null;
  page_attempts: number;
  page_next_try_at: string | null;
}

export function pagesDue(sql: Sql, now: string, limit: number): PageDue[] {
  const rows = sql
    .get(`SELECT id, url, title, feed_name, fetched_at, text_hash, length(text) AS text_length, text_source,
      page_status, page_etag, page_last_modified, page_attempts, page_next_try_at
      FROM articles INDEXED BY articles_page_due
      WHERE page_next_try_at IS NOT NULL AND page_next_try_at <= ? AND duplicate_of IS NULL
      ORDER BY page_next_try_at, id LIMIT ?`)
    .all(now, limit) as PageDueRow[];
  return rows.map(pageDueOf);
}

export function pageDueOf(r: PageDueRow): PageDue {
  return {
    articleId: r.id,
    url: r.url,
    title: r.title,
    feedName: r.feed_name,
    fetchedAt: r.fetched_at,
    textHash: r.text_hash,
    textLength: r.text_length,
    textSource: r.text_source,
    page: {
      status: r.page_status,
      etag: r.page_etag,
      lastModified: r.page_last_modified,
      attempts: r.page_attempts,
      nextTryAt: r.page_next_try_at,
    },
  };
}

export function writePageState(sql: Sql, articleId: number, at: string, page: PageState): void {
  sql
    .get(`UPDATE articles SET page_status = ?, page_etag = ?, page_last_modified = ?, page_attempts = ?, page_next_try_at = ?,
      page_checked_at = ? WHERE id = ?`)
    .run(page.status, page.etag, page.lastModified, page.attempts, page.nextTryAt, at, articleId);
}
