/** Claims, changes, runs and worker heartbeats on PostgreSQL (the SQLite files' statements and row shapes). */
import type { Claim } from '../../model/claim.js';
import type { EstimateClaim, LedgerClaim, RejectedBy } from '../../model/ledger.js';
import type {
  ArticleClaim,
  ChangeRecord,
  FigureRef,
  RunRecord,
  RunSummary,
  StoredChange,
  WorkerBeat,
  WorkerRecord,
} from '../port.js';
import {
  ARTICLE_AT,
  articleClaimOf,
  CLAIM_COLUMNS,
  claimValues,
  ESTIMATE_LEDGER_SQL,
  type EstimateRow,
  estimateClaimOf,
  hasClaimQuery,
  LEDGER_SQL,
  type LedgerRow,
  ledgerClaimOf,
} from '../sqlite/claims.js';
import { type RunRow, runOf } from '../sqlite/runs.js';
import { marks, type Query } from './db.js';

export async function estimateLedger(q: Query): Promise<EstimateClaim[]> {
  return (await q<EstimateRow>(ESTIMATE_LEDGER_SQL)).map(estimateClaimOf);
}

export async function ledger(q: Query, metrics?: readonly string[]): Promise<LedgerClaim[]> {
  const rows =
    metrics === undefined
      ? await q<LedgerRow>(`${LEDGER_SQL} ORDER BY at, c.id`)
      : await q<LedgerRow>(
          `${LEDGER_SQL} WHERE c.metric = ANY(?::text[]) ORDER BY array_position(?::text[], c.metric), at, c.id`,
          [metrics, metrics],
        );
  return rows.map(ledgerClaimOf);
}

export async function newestClaims(
  q: Query,
  metric: string,
  kind: Pick<Claim, 'status' | 'scope'>,
  limit: number,
): Promise<LedgerClaim[]> {
  // Times are ISO 8601 in UTC in "C"-collated columns: text order is time order (see newestFirst).
  const rows = await q<LedgerRow>(
    `${LEDGER_SQL} WHERE c.metric = ? AND c.status = ? AND c.scope = ? AND c.rejected_at IS NULL
     ORDER BY c.article_at DESC, c.article_id DESC, c.id ASC LIMIT ?`,
    [metric, kind.status, kind.scope, limit],
  );
  return rows.map(ledgerClaimOf);
}

export async function ledgerClaim(q: Query, id: number): Promise<LedgerClaim | null> {
  const [row] = await q<LedgerRow>(`${LEDGER_SQL} WHERE c.id = ?`, [id]);
  return row ? ledgerClaimOf(row) : null;
}

export async function hasClaimOf(q: Query, f: FigureRef, rejectedBy?: RejectedBy | null): Promise<boolean> {
  const [text, args] = hasClaimQuery(f, rejectedBy);
  return (await q(text, args)).length > 0;
}

export async function articleClaims(q: Query, articleId: number): Promise<ArticleClaim[]> {
  return (await q<LedgerRow>(`${LEDGER_SQL} WHERE c.article_id = ? ORDER BY c.id`, [articleId])).map(articleClaimOf);
}

export async function addClaims(
  q: Query,
  articleId: number,
  claims: ReadonlyArray<Claim & { topic: string }>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const c of claims) {
    const [row] = await q<{ id: number }>(
      `INSERT INTO claims (${CLAIM_COLUMNS}, article_at) VALUES (${marks(12)}, ${ARTICLE_AT}) RETURNING id`,
      [...claimValues(articleId, c), articleId],
    );
    ids.push(row!.id);
  }
  return ids;
}

export async function rejectClaims(
  q: Query,
  ids: readonly number[],
  reason: string | null,
  at: string,
  by: RejectedBy,
): Promise<void> {
  if (ids.length === 0) return;
  await q(
    'UPDATE claims SET rejected_at = ?, reject_reason = ?, rejected_by = ? WHERE id = ANY(?::bigint[]) AND rejected_at IS NULL',
    [at, reason, by, ids],
  );
}

export async function reinstateClaims(q: Query, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await q(
    'UPDATE claims SET rejected_at = NULL, reject_reason = NULL, rejected_by = NULL WHERE id = ANY(?::bigint[])',
    [ids],
  );
}

export async function insertChanges(
  q: Query,
  at: string,
  records: readonly ChangeRecord[],
  notify: boolean,
): Promise<void> {
  for (const r of records)
    await q('INSERT INTO changes (created_at, kind, data, notify) VALUES (?, ?, ?, ?)', [
      at,
      r.kind,
      JSON.stringify(r),
      notify,
    ]);
}

/** Changes committed and in no digest yet; a digest is assembled inside the write lock, so no two take one. */
export async function undigestedChanges(q: Query): Promise<StoredChange[]> {
  const rows = await q<{ id: number; created_at: string; data: string }>(
    'SELECT id, created_at, data FROM changes WHERE notify AND digest_id IS NULL ORDER BY id',
  );
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, record: JSON.parse(r.data) as ChangeRecord }));
}

export async function startRun(q: Query, kind: string, at: string): Promise<number> {
  const [row] = await q<{ id: number }>('INSERT INTO runs (kind, started_at) VALUES (?, ?) RETURNING id', [kind, at]);
  return row!.id;
}

export async function finishRun(q: Query, id: number, at: string, s: RunSummary): Promise<void> {
  await q(
    `UPDATE runs SET finished_at = ?, outcome = ?, items_new = ?, articles = ?, claims = ?, changes = ?,
      feeds_failed = ?, error = ? WHERE id = ?`,
    [at, s.outcome, s.itemsNew, s.articles, s.claims, s.changes, s.feedsFailed, s.error, id],
  );
}

export async function lastRun(q: Query): Promise<RunRecord | null> {
  const [row] = await q<RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT 1');
  return row ? runOf(row) : null;
}

export async function heartbeat(q: Query, b: WorkerBeat): Promise<void> {
  await q(
    `INSERT INTO workers (worker, pid, host, command, started_at, beat_at, last_cycle_at, next_cycle_at)
      VALUES (${marks(8)}) ON CONFLICT (worker) DO UPDATE SET beat_at = excluded.beat_at,
        last_cycle_at = excluded.last_cycle_at, next_cycle_at = excluded.next_cycle_at`,
    [b.worker, b.pid, b.host, b.command, b.startedAt, b.beatAt, b.lastCycleAt, b.nextCycleAt],
  );
}

export async function workers(q: Query, since: string, now: string): Promise<WorkerRecord[]> {
  const rows = await q<{
    worker: string;
    pid: number;
    host: string;
    command: string;
    started_at: string;
    beat_at: string;
    last_cycle_at: string | null;
    next_cycle_at: string | null;
    feeds: string[] | null;
  }>(
    `SELECT w.*, (SELECT array_agg(f.url ORDER BY f.url) FROM feeds f WHERE f.leased_by = w.worker AND f.lease_until > ?) AS feeds
      FROM workers w WHERE w.beat_at >= ? ORDER BY w.worker`,
    [now, since],
  );
  return rows.map((r) => ({
    worker: r.worker,
    pid: r.pid,
    host: r.host,
    command: r.command,
    startedAt: r.started_at,
    beatAt: r.beat_at,
    lastCycleAt: r.last_cycle_at,
    nextCycleAt: r.next_cycle_at,
    feeds: r.feeds ?? [],
  }));
}
