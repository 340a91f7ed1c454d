import type { FeedState, FeedWrite, LeaseRequest } from '../port.js';
import { type FeedRow, feedFromRow } from '../sqlite/feeds.js';
import type { Query } from './db.js';

export async function feedState(q: Query, url: string): Promise<FeedState | null> {
  const [row] = await q<FeedRow>('SELECT * FROM feeds WHERE url = ?', [url]);
  return row ? feedFromRow(row) : null;
}

export async function feedStates(q: Query): Promise<FeedState[]> {
  return (await q<FeedRow>('SELECT * FROM feeds ORDER BY name')).map(feedFromRow);
}

export async function writeFeed(q: Query, at: string, f: FeedWrite): Promise<void> {
  await q('INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET name = excluded.name', [
    f.url,
    f.name,
  ]);
  const o = f.outcome;
  if (o.kind === 'ok') {
    await q(
      `UPDATE feeds SET etag = ?, last_modified = ?, last_success_at = ?, error_count = 0,
        failing_since = NULL, next_try_at = NULL, failure_notified_at = NULL WHERE url = ?`,
      [o.etag, o.lastModified, at, f.url],
    );
  } else if (o.kind === 'not-modified') {
    await q(
      `UPDATE feeds SET last_success_at = ?, error_count = 0, failing_since = NULL, next_try_at = NULL,
        failure_notified_at = NULL WHERE url = ?`,
      [at, f.url],
    );
  } else {
    await q(
      `UPDATE feeds SET last_error_at = ?, last_error_kind = ?, last_error = ?, error_count = error_count + 1,
        failing_since = COALESCE(failing_since, ?), next_try_at = ?,
        failure_notified_at = CASE WHEN ? THEN ? ELSE failure_notified_at END WHERE url = ?`,
      [at, o.errorKind, o.message, at, o.nextTryAt, f.notified === 'set', at, f.url],
    );
  }
  if (f.polled) {
    // Polled in this tick: not due again before the next one. The lease ends only if this worker
    // still holds it (one that outlived its lease must not end another worker's).
    await q(
      `UPDATE feeds SET polled_tick = GREATEST(COALESCE(polled_tick, ''), ?),
        leased_by = CASE WHEN leased_by = ? THEN NULL ELSE leased_by END,
        lease_until = CASE WHEN leased_by = ? THEN NULL ELSE lease_until END WHERE url = ?`,
      [f.polled.tick, f.polled.worker, f.polled.worker, f.url],
    );
  }
}

/**
 * Leases due feeds to one worker. The rows are locked with SKIP LOCKED, so two workers asking at
 * once get different feeds and neither waits; a row leased and committed meanwhile is re-checked
 * by PostgreSQL against the conditions (its lease now runs) and left out. A lease that ran out
 * (its worker was killed) makes the feed due again. Least recently polled first.
 */
export async function leaseFeeds(q: Query, r: LeaseRequest): Promise<string[]> {
  if (r.feeds.length === 0 || r.limit <= 0) return [];
  const rows = await q<{ url: string }>(
    `WITH due AS (
      SELECT url FROM feeds
      WHERE url = ANY(?::text[])
        AND (? OR polled_tick IS NULL OR polled_tick < ?)
        AND (lease_until IS NULL OR lease_until <= ?)
        AND (? OR next_try_at IS NULL OR next_try_at <= ?)
      ORDER BY polled_tick NULLS FIRST, url
      LIMIT ?
      FOR UPDATE SKIP LOCKED)
    UPDATE feeds f SET leased_by = ?, lease_until = ? FROM due WHERE f.url = due.url RETURNING f.url`,
    [r.feeds.map((f) => f.url), r.force, r.tick, r.now, r.force, r.now, r.limit, r.worker, r.until],
  );
  return rows.map((row) => row.url);
}

/** A row for each configured feed, so that it can be leased before its first poll. */
export async function ensureFeeds(q: Query, list: ReadonlyArray<{ url: string; name: string }>): Promise<void> {
  await q(
    `INSERT INTO feeds (url, name) SELECT u, n FROM unnest(?::text[], ?::text[]) AS t(u, n)
      ON CONFLICT (url) DO NOTHING`,
    [list.map((f) => f.url), list.map((f) => f.name)],
  );
}

export async function releaseFeeds(q: Query, worker: string, urls: readonly string[]): Promise<void> {
  if (urls.length === 0) return;
  await q('UPDATE feeds SET leased_by = NULL, lease_until = NULL WHERE url = ANY(?::text[]) AND leased_by = ?', [
    urls,
    worker,
  ]);
}
