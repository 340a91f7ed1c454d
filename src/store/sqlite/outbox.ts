import type { DeliveryState, PendingDelivery, StoredDigest } from '../port.js';
import type { Sql } from './sql.js';

export interface OutboxRow {
  id: number;
  created_at: string;
  subject: string;
  text: string;
  html: string | null;
  data: string | null;
}

export interface DeliveryRow {
  digest_id: number;
  channel: string;
  attempts: number;
  last_attempt_at: string | null;
  last_error: string | null;
  next_attempt_at: string | null;
  sent_at: string | null;
  failed_at: string | null;
}

export function deliveryOf(r: DeliveryRow): DeliveryState {
  return {
    channel: r.channel,
    attempts: r.attempts,
    lastAttemptAt: r.last_attempt_at,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at,
    failedAt: r.failed_at,
  };
}

function digestOf(sql: Sql, r: OutboxRow): StoredDigest {
  return storedDigestOf(
    r,
    sql.get('SELECT * FROM deliveries WHERE digest_id = ? ORDER BY channel').all(r.id) as DeliveryRow[],
  );
}

/** An outbox row and its deliveries as the port gives them (both stores). */
export function storedDigestOf(r: OutboxRow, deliveryRows: readonly DeliveryRow[]): StoredDigest {
  const deliveries = deliveryRows.map(deliveryOf);
  // Digests kept as data are rendered from it; older ones kept their rendered text only.
  return {
    id: r.id,
    createdAt: r.created_at,
    subject: r.subject,
    data: r.data,
    text: r.data === null ? r.text : null,
    html: r.data === null ? r.html : null,
    deliveries,
  };
}

export function queueDigest(
  sql: Sql,
  at: string,
  digest: { subject: string; data: string },
  channels: readonly string[],
  changeIds: readonly number[],
): number {
  const id = Number(
    sql
      .get("INSERT INTO outbox (created_at, subject, text, data) VALUES (?, ?, '', ?)")
      .run(at, digest.subject, digest.data).lastInsertRowid,
  );
  const due = sql.get('INSERT INTO deliveries (digest_id, channel) VALUES (?, ?)');
  for (const channel of channels) due.run(id, channel);
  const mark = sql.get('UPDATE changes SET digest_id = ? WHERE id = ?');
  for (const changeId of changeIds) mark.run(id, changeId);
  return id;
}

export function digests(sql: Sql, limit: number): StoredDigest[] {
  return (
    sql
      .get('SELECT id, created_at, subject, text, html, data FROM outbox ORDER BY id DESC LIMIT ?')
      .all(limit) as OutboxRow[]
  ).map((r) => digestOf(sql, r));
}

export function digest(sql: Sql, id: number): StoredDigest | null {
  const row = sql.get('SELECT id, created_at, subject, text, html, data FROM outbox WHERE id = ?').get(id) as
    | OutboxRow
    | undefined;
  return row ? digestOf(sql, row) : null;
}

export function pendingDeliveries(sql: Sql, channels: readonly string[], now?: string): PendingDelivery[] {
  if (channels.length === 0) return [];
  const rows = sql
    .get(`SELECT d.digest_id, d.channel, d.attempts FROM deliveries d
      WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.channel IN (${channels.map(() => '?').join(', ')})
        AND (? IS NULL OR d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)
      ORDER BY d.digest_id, d.channel`)
    .all(...channels, now ?? null, now ?? null) as Array<{ digest_id: number; channel: string; attempts: number }>;
  const byId = new Map<number, StoredDigest>();
  return rows.map((r) => {
    let found = byId.get(r.digest_id);
    if (!found) {
      found = digest(sql, r.digest_id)!;
      byId.set(r.digest_id, found);
    }
    return { digest: found, channel: r.channel, attempts: r.attempts };
  });
}

export function markDelivered(sql: Sql, digestId: number, channel: string, at: string): void {
  sql
    .get(
      'UPDATE deliveries SET sent_at = ?, attempts = attempts + 1, last_attempt_at = ? WHERE digest_id = ? AND channel = ?',
    )
    .run(at, at, digestId, channel);
}

export function markDeliveryFailed(
  sql: Sql,
  digestId: number,
  channel: string,
  at: string,
  error: string,
  nextAttemptAt: string | null,
): void {
  sql
    .get(`UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ?,
      failed_at = CASE WHEN ? IS NULL THEN ? ELSE NULL END WHERE digest_id = ? AND channel = ?`)
    .run(at, error, nextAttemptAt, nextAttemptAt, at, digestId, channel);
}
