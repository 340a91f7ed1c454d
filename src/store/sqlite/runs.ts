import type { RunRecord, RunSummary } from '../port.js';
import type { Sql } from './sql.js';

export function startRun(sql: Sql, kind: string, at: string): number {
  return Number(sql.get('INSERT INTO runs (kind, started_at) VALUES (?, ?)').run(kind, at).lastInsertRowid);
}

export function finishRun(sql: Sql, id: number, at: string, s: RunSummary): void {
  sql
    .get(`UPDATE runs SET finished_at = ?, outcome = ?, items_new = ?, articles = ?, claims = ?, changes = ?,
      feeds_failed = ?, error = ? WHERE id = ?`)
    .run(at, s.outcome, s.itemsNew, s.articles, s.claims, s.changes, s.feedsFailed, s.error, id);
}

export interface RunRow {
  id: number;
  kind: string;
  started_at: string;
  finished_at: string | null;
  outcome: string | null;
  items_new: number | null;
  articles: number | null;
  claims: number | null;
  changes: number | null;
  feeds_failed: number | null;
  error: string | null;
}

export function lastRun(sql: Sql): RunRecord | null {
  const r = sql.get('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
  return r ? runOf(r) : null;
}

export function runOf(r: RunRow): RunRecord {
  return {
    id: r.id,
    kind: r.kind,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    itemsNew: r.items_new,
    articles: r.articles,
    claims: r.claims,
    changes: r.changes,
    feedsFailed: r.feeds_failed,
    error: r.error,
  };
}
