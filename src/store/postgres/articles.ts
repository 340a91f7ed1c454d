import type { ArticleWrite, PageDue, TextUpdate } from '../port.js';
import { ARTICLE_COLUMNS, articleValues, type PageDueRow, pageDueOf } from '../sqlite/articles.js';
import { signatureFromBlob, signatureToBlob } from '../sqlite/sql.js';
import { marks, type Query } from './db.js';

export async function hasItem(q: Query, feedUrl: string, keys: { guid: string | null; url: string | null }) {
  if (keys.url !== null && (await q('SELECT 1 FROM articles WHERE canonical_url = ?', [keys.url])).length > 0)
    return true;
  return (
    keys.guid !== null &&
    (await q('SELECT 1 FROM articles WHERE feed_url = ? AND guid = ? LIMIT 1', [feedUrl, keys.guid])).length > 0
  );
}

export async function articleIdByTextHash(q: Query, hash: string): Promise<number | null> {
  const [row] = await q<{ id: number }>(
    'SELECT id FROM articles WHERE text_hash = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1',
    [hash],
  );
  return row?.id ?? null;
}

export async function articlesByBands(
  q: Query,
  bands: readonly number[],
  limit: number,
): Promise<Array<{ articleId: number; signature: Uint32Array }>> {
  if (bands.length === 0) return [];
  const rows = await q<{ id: number; fingerprint: Buffer | null }>(
    `SELECT a.id, a.fingerprint FROM articles a WHERE a.id IN (
      SELECT DISTINCT article_id FROM article_bands WHERE band_key = ANY(?::int[]) LIMIT ?) ORDER BY a.id`,
    [bands, limit],
  );
  return rows.flatMap((r) => (r.fingerprint ? [{ articleId: r.id, signature: signatureFromBlob(r.fingerprint) }] : []));
}

async function indexBands(q: Query, articleId: number, bands: readonly number[]): Promise<void> {
  if (bands.length === 0) return;
  await q(
    `INSERT INTO article_bands (band_key, article_id) SELECT DISTINCT k, ?::bigint FROM unnest(?::int[]) AS t(k)
      ON CONFLICT DO NOTHING`,
    [articleId, bands],
  );
}

/** Inserts the article; the caller adds its claims. */
export async function insertArticle(q: Query, at: string, a: ArticleWrite): Promise<number> {
  const values = articleValues(at, a);
  const [row] = await q<{ id: number }>(
    `INSERT INTO articles (${ARTICLE_COLUMNS}) VALUES (${marks(values.length)}) RETURNING id`,
    values,
  );
  const articleId = row!.id;
  // Only originals are indexed: a look-up then finds the original, never a copy of it.
  if (a.fingerprint && a.duplicateOf === null) await indexBands(q, articleId, a.fingerprint.bands);
  return articleId;
}

export async function replaceArticleText(q: Query, articleId: number, u: TextUpdate): Promise<void> {
  await q('UPDATE articles SET text = ?, text_hash = ?, text_source = ? WHERE id = ?', [
    u.text,
    u.textHash,
    u.textSource,
    articleId,
  ]);
  await setFingerprint(q, articleId, u.fingerprint);
}

export async function setFingerprint(
  q: Query,
  articleId: number,
  fingerprint: TextUpdate['fingerprint'],
): Promise<void> {
  await q('UPDATE articles SET fingerprint = ? WHERE id = ?', [
    fingerprint ? signatureToBlob(fingerprint.signature) : null,
    articleId,
  ]);
  await q('DELETE FROM article_bands WHERE article_id = ?', [articleId]);
  const [original] = await q<{ duplicate_of: number | null }>('SELECT duplicate_of FROM articles WHERE id = ?', [
    articleId,
  ]);
  if (fingerprint && original?.duplicate_of === null) await indexBands(q, articleId, fingerprint.bands);
}

export async function setExtractProblem(q: Query, articleId: number, problem: string | null): Promise<void> {
  await q('UPDATE articles SET extract_problem = ? WHERE id = ?', [problem, articleId]);
}

export async function articlesByFeed(q: Query): Promise<Map<string, number>> {
  const rows = await q<{ feed_url: string; n: number }>(
    'SELECT feed_url, COUNT(*) AS n FROM articles WHERE feed_url IS NOT NULL GROUP BY feed_url',
  );
  return new Map(rows.map((r) => [r.feed_url, r.n]));
}

export async function articlesAwaitingExtraction(q: Query): Promise<number> {
  const [row] = await q<{ n: number }>(
    'SELECT COUNT(*) AS n FROM articles WHERE extract_problem IS NOT NULL AND duplicate_of IS NULL',
  );
  return row?.n ?? 0;
}

export async function originalArticleIds(q: Query): Promise<number[]> {
  return (await q<{ id: number }>('SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY id')).map((r) => r.id);
}

export async function articleText(q: Query, articleId: number): Promise<string | null> {
  const [row] = await q<{ text: string }>('SELECT text FROM articles WHERE id = ?', [articleId]);
  return row?.text ?? null;
}

export async function pagesDue(q: Query, now: string, limit: number): Promise<PageDue[]> {
  const rows = await q<PageDueRow>(
    `SELECT id, url, title, feed_name, fetched_at, text_hash, length(text) AS text_length, text_source,
      page_status, page_etag, page_last_modified, page_attempts, page_next_try_at
      FROM articles WHERE page_next_try_at IS NOT NULL AND page_next_try_at <= ? AND duplicate_of IS NULL
      ORDER BY page_next_try_at, id LIMIT ?`,
    [now, limit],
  );
  return rows.map(pageDueOf);
}

export async function writePageState(
  q: Query,
  articleId: number,
  at: string,
  page: NonNullable<ArticleWrite['page']>,
): Promise<void> {
  await q(
    `UPDATE articles SET page_status = ?, page_etag = ?, page_last_modified = ?, page_attempts = ?, page_next_try_at = ?,
      page_checked_at = ? WHERE id = ?`,
    [page.status, page.etag, page.lastModified, page.attempts, page.nextTryAt, at, articleId],
  );
}
