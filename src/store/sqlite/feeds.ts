import type { FailureKind } from '../../http/fetch.js';
import type { FeedState, FeedWrite } from '../port.js';
import type { Sql } from './sql.js';

export interface FeedRow {
  url: string;
  name: string;
  etag: string | null;
  last_modified: string | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error_kind: string | null;
  last_error: string | null;
  error_count: number;
  failing_since: string | null;
  next_try_at: string | null;
  failure_notified_at: string | null;
}

export function feedFromRow(r: FeedRow): FeedState {
  return {
    url: r.url,
    name: r.name,
    etag: r.etag,
    lastModified: r.last_modified,
    lastSuccessAt: r.last_success_at,
    lastErrorAt: r.last_error_at,
    lastErrorKind: r.last_error_kind as FailureKind | null,
    lastError: r.last_error,
    errorCount: r.error_count,
    failingSince: r.failing_since,
    nextTryAt: r.next_try_at,
    failureNotifiedAt: r.failure_notified_at,
  };
}

export function feedState(sql: Sql, url: string): FeedState | null {
  const row = sql.get('SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
  return row ? feedFromRow(row) : null;
}

export function feedStates(sql: Sql): FeedState[] {
  return (sql.get('SELECT * FROM feeds ORDER BY name').all() as FeedRow[]).map(feedFromRow);
}

export function writeFeed(sql: Sql, at: string, f: FeedWrite): void {
  sql
    .get('INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET name = excluded.name')
    .run(f.url, f.name);
  const o = f.outcome;
  if (o.kind === 'ok') {
    sql
      .get(`UPDATE feeds SET etag = ?, last_modified = ?, last_success_at = ?, error_count = 0,
        failing_since = NULL, next_try_at = NULL, failure_notified_at = NULL WHERE url = ?`)
      .run(o.etag, o.lastModified, at, f.url);
  } else if (o.kind === 'not-modified') {
    sql
      .get(`UPDATE feeds SET last_success_at = ?, error_count = 0, failing_since = NULL, next_try_at = NULL,
        failure_notified_at = NULL WHERE url = ?`)
      .run(at, f.url);
  } else {
    sql
      .get(`UPDATE feeds SET last_error_at = ?, last_error_kind = ?, last_error = ?, error_count = error_count + 1,
        failing_since = COALESCE(failing_since, ?), next_try_at = ?,
        failure_notified_at = CASE WHEN ? THEN ? ELSE failure_notified_at END WHERE url = ?`)
      .run(at, o.errorKind, o.message, at, o.nextTryAt, f.notified === 'set' ? 1 : 0, at, f.url);
  }
}
