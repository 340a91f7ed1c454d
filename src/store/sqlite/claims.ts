import type { Claim, Qualifier, Scope, Status } from '../../model/claim.js';
import { type EstimateClaim, type LedgerClaim, publisherOf, type RejectedBy } from '../../model/ledger.js';
import type { ArticleClaim, FigureRef } from '../port.js';
import type { Sql } from './sql.js';

/** The ledger: each claim with its article's time, outlet and copies (see LedgerClaim). */
export const LEDGER_SQL = `SELECT c.id, c.article_id, c.metric, c.low, c.high, c.qualifier, c.status, c.scope, c.attribution, c.when_text,
  c.quote, c.figure_text, c.rejected_at, c.reject_reason, c.rejected_by, a.title, a.url, a.feed_name,
  COALESCE(a.published_at, a.fetched_at) AS at,
  (SELECT COUNT(*) FROM articles d WHERE d.duplicate_of = a.id) AS copies
  FROM claims c JOIN articles a ON a.id = c.article_id`;

export interface LedgerRow {
  id: number;
  article_id: number;
  metric: string;
  low: number;
  high: number;
  qualifier: string;
  status: string;
  scope: string;
  attribution: string | null;
  when_text: string | null;
  quote: string;
  figure_text: string | null;
  rejected_at: string | null;
  reject_reason: string | null;
  rejected_by: string | null;
  title: string;
  url: string;
  feed_name: string | null;
  at: string;
  copies: number;
}

/** The ledger without its texts (see EstimateClaim); the link is read only for its outlet (publisherOf) and let go. */
export const ESTIMATE_LEDGER_SQL = `SELECT c.id, c.article_id, c.metric, c.low, c.high, c.qualifier, c.status, c.scope, c.attribution,
  c.rejected_at, c.reject_reason, c.rejected_by, a.feed_name, a.url,
  COALESCE(a.published_at, a.fetched_at) AS at,
  (SELECT COUNT(*) FROM articles d WHERE d.duplicate_of = a.id) AS copies
  FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY at, c.id`;

export type EstimateRow = Omit<LedgerRow, 'when_text' | 'quote' | 'figure_text' | 'title'>;

export function estimateClaimOf(r: EstimateRow): EstimateClaim {
  return {
    id: r.id,
    articleId: r.article_id,
    metric: r.metric,
    low: r.low,
    high: r.high,
    qualifier: r.qualifier as Qualifier,
    status: r.status as Status,
    scope: r.scope as Scope,
    attribution: r.attribution,
    at: r.at,
    publisher: publisherOf(r.feed_name, r.url),
    copies: r.copies,
    rejected: rejectionOf(r),
  };
}

function rejectionOf(r: Pick<LedgerRow, 'rejected_at' | 'reject_reason' | 'rejected_by'>): LedgerClaim['rejected'] {
  return r.rejected_at === null
    ? null
    : { at: r.rejected_at, reason: r.reject_reason, by: r.rejected_by === 'user' ? 'user' : 'figurewatch' };
}

export function estimateLedger(sql: Sql): EstimateClaim[] {
  // Row by row: all the rows at once, beside the claims made of them, doubled what a digest held.
  const out: EstimateClaim[] = [];
  for (const row of sql.get(ESTIMATE_LEDGER_SQL).iterate() as Iterable<EstimateRow>) out.push(estimateClaimOf(row));
  return out;
}

export function ledgerClaimOf(r: LedgerRow): LedgerClaim {
  return {
    id: r.id,
    articleId: r.article_id,
    metric: r.metric,
    low: r.low,
    high: r.high,
    qualifier: r.qualifier as Qualifier,
    status: r.status as Status,
    scope: r.scope as Scope,
    attribution: r.attribution,
    when: r.when_text,
    quote: r.quote,
    figureText: r.figure_text,
    at: r.at,
    title: r.title,
    url: r.url,
    publisher: publisherOf(r.feed_name, r.url),
    copies: r.copies,
    rejected: rejectionOf(r),
  };
}

export function ledger(sql: Sql, metrics?: readonly string[]): LedgerClaim[] {
  const rows =
    metrics === undefined
      ? (sql.get(`${LEDGER_SQL} ORDER BY at, c.id`).all() as LedgerRow[])
      : metrics.flatMap((m) => sql.get(`${LEDGER_SQL} WHERE c.metric = ? ORDER BY at, c.id`).all(m) as LedgerRow[]);
  return rows.map(ledgerClaimOf);
}

export function newestClaims(
  sql: Sql,
  metric: string,
  kind: Pick<Claim, 'status' | 'scope'>,
  limit: number,
): LedgerClaim[] {
  // Times are ISO 8601 in UTC throughout, so their text order is their time order (see newestFirst).
  const rows = sql
    .get(
      `${LEDGER_SQL} WHERE c.metric = ? AND c.status = ? AND c.scope = ? AND c.rejected_at IS NULL
       ORDER BY c.article_at DESC, c.article_id DESC, c.id ASC LIMIT ?`,
    )
    .all(metric, kind.status, kind.scope, limit) as LedgerRow[];
  return rows.map(ledgerClaimOf);
}

export function ledgerClaim(sql: Sql, id: number): LedgerClaim | null {
  const row = sql.get(`${LEDGER_SQL} WHERE c.id = ?`).get(id) as LedgerRow | undefined;
  return row ? ledgerClaimOf(row) : null;
}

export function hasClaimOf(sql: Sql, f: FigureRef, rejectedBy?: RejectedBy | null): boolean {
  const [text, args] = hasClaimQuery(f, rejectedBy);
  return sql.get(text).get(...args) !== undefined;
}

/** The statement and parameters of hasClaimOf (both stores). */
export function hasClaimQuery(f: FigureRef, rejectedBy: RejectedBy | null | undefined): [string, unknown[]] {
  const figure = 'SELECT 1 FROM claims WHERE metric = ? AND low = ? AND high = ?';
  if (rejectedBy === undefined) return [`${figure} LIMIT 1`, [f.metric, f.low, f.high]];
  if (rejectedBy === null) return [`${figure} AND rejected_at IS NULL LIMIT 1`, [f.metric, f.low, f.high]];
  return [`${figure} AND rejected_by = ? LIMIT 1`, [f.metric, f.low, f.high, rejectedBy]];
}

export function articleClaims(sql: Sql, articleId: number): ArticleClaim[] {
  return (sql.get(`${LEDGER_SQL} WHERE c.article_id = ? ORDER BY c.id`).all(articleId) as LedgerRow[]).map(
    articleClaimOf,
  );
}

export function articleClaimOf(r: LedgerRow): ArticleClaim {
  {
    const { id, metric, low, high, qualifier, status, scope, attribution, when, quote, figureText, rejected } =
      ledgerClaimOf(r);
    return {
      id,
      metric,
      low,
      high,
      qualifier,
      status,
      scope,
      attribution,
      when,
      quote,
      figureText,
      rejectedAt: rejected?.at ?? null,
      rejectReason: rejected?.reason ?? null,
      rejectedBy: rejected?.by ?? null,
    };
  }
}

/** The columns a claim is stored in, and its values for them (both stores). */
export const CLAIM_COLUMNS =
  'article_id, topic, metric, low, high, qualifier, status, scope, attribution, when_text, quote, figure_text';

export function claimValues(articleId: number, c: Claim & { topic: string }): unknown[] {
  return [
    articleId,
    c.topic,
    c.metric,
    c.low,
    c.high,
    c.qualifier,
    c.status,
    c.scope,
    c.attribution,
    c.when,
    c.quote,
    c.figureText ?? null,
  ];
}

export function addClaims(sql: Sql, articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): number[] {
  const insert = sql.get(
    `INSERT INTO claims (${CLAIM_COLUMNS}, article_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${ARTICLE_AT})`,
  );
  return claims.map((c) => Number(insert.run(...claimValues(articleId, c), articleId).lastInsertRowid));
}

/** The time of the article whose id is the statement's last parameter, as the ledger gives it (`at`). */
export const ARTICLE_AT = '(SELECT COALESCE(published_at, fetched_at) FROM articles WHERE id = ?)';

export function rejectClaims(
  sql: Sql,
  ids: readonly number[],
  reason: string | null,
  at: string,
  by: RejectedBy,
): void {
  const reject = sql.get(
    'UPDATE claims SET rejected_at = ?, reject_reason = ?, rejected_by = ? WHERE id = ? AND rejected_at IS NULL',
  );
  for (const id of ids) reject.run(at, reason, by, id);
}

export function reinstateClaims(sql: Sql, ids: readonly number[]): void {
  const reinstate = sql.get(
    'UPDATE claims SET rejected_at = NULL, reject_reason = NULL, rejected_by = NULL WHERE id = ?',
  );
  for (const id of ids) reinstate.run(id);
}
