import type { DeliveryLeaseRequest, PendingDelivery, StoredDigest } from '../port.js';
import { type DeliveryRow, type OutboxRow, storedDigestOf } from '../sqlite/outbox.js';
import type { Query } from './db.js';

async function digestOf(q: Query, r: OutboxRow): Promise<StoredDigest> {
  return storedDigestOf(
    r,
    await q<DeliveryRow>(
      `SELECT digest_id, channel, attempts, last_attempt_at, last_error, next_attempt_at, sent_at, failed_at
        FROM deliveries WHERE digest_id = ? ORDER BY channel`,
      [r.id],
    ),
  );
}

export async function queueDigest(
  q: Query,
  at: string,
  digest: { subject: string; data: string },
  channels: readonly string[],
  changeIds: readonly number[],
): Promise<number> {
  const [row] = await q<{ id: number }>(
    "INSERT INTO outbox (created_at, subject, text, data) VALUES (?, ?, '', ?) RETURNING id",
    [at, digest.subject, digest.data],
  );
  const id = row!.id;
  for (const channel of channels) await q('INSERT INTO deliveries (digest_id, channel) VALUES (?, ?)', [id, channel]);
  if (changeIds.length > 0) await q('UPDATE changes SET digest_id = ? WHERE id = ANY(?::bigint[])', [id, changeIds]);
  return id;
}

export async function digests(q: Query, limit: number): Promise<StoredDigest[]> {
  const rows = await q<OutboxRow>(
    'SELECT id, created_at, subject, text, html, data FROM outbox ORDER BY id DESC LIMIT ?',
    [limit],
  );
  const out: StoredDigest[] = [];
  for (const r of rows) out.push(await digestOf(q, r));
  return out;
}

export async function digest(q: Query, id: number): Promise<StoredDigest | null> {
  const [row] = await q<OutboxRow>('SELECT id, created_at, subject, text, html, data FROM outbox WHERE id = ?', [id]);
  return row ? digestOf(q, row) : null;
}

async function withDigests(
  q: Query,
  rows: ReadonlyArray<{ digest_id: number; channel: string; attempts: number }>,
): Promise<PendingDelivery[]> {
  const byId = new Map<number, StoredDigest>();
  const out: PendingDelivery[] = [];
  for (const r of rows) {
    let found = byId.get(r.digest_id);
    if (!found) {
      found = (await digest(q, r.digest_id))!;
      byId.set(r.digest_id, found);
    }
    out.push({ digest: found, channel: r.channel, attempts: r.attempts });
  }
  return out;
}

export async function pendingDeliveries(q: Query, channels: readonly string[], now?: string) {
  if (channels.length === 0) return [];
  const rows = await q<{ digest_id: number; channel: string; attempts: number }>(
    `SELECT d.digest_id, d.channel, d.attempts FROM deliveries d
      WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.channel = ANY(?::text[])
        AND (?::text IS NULL OR d.next_attempt_at IS NULL OR d.next_attempt_at <= ?)
      ORDER BY d.digest_id, d.channel`,
    [channels, now ?? null, now ?? null],
  );
  return withDigests(q, rows);
}

/**
 * Due deliveries leased to one worker: rows another worker is leasing right now are skipped
 * (SKIP LOCKED), rows it leased and committed are left out until its lease runs out (it was
 * killed before marking them). Marking a delivery ends its lease.
 */
export async function leaseDeliveries(q: Query, r: DeliveryLeaseRequest): Promise<PendingDelivery[]> {
  if (r.channels.length === 0) return [];
  const rows = await q<{ digest_id: number; channel: string; attempts: number }>(
    `WITH due AS (
      SELECT digest_id, channel FROM deliveries
      WHERE sent_at IS NULL AND failed_at IS NULL AND channel = ANY(?::text[])
        AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        AND (lease_until IS NULL OR lease_until <= ?)
        AND (last_attempt_at IS NULL OR last_attempt_at < ?)
      ORDER BY digest_id, channel
      LIMIT ?
      FOR UPDATE SKIP LOCKED)
    UPDATE deliveries d SET leased_by = ?, lease_until = ? FROM due
      WHERE d.digest_id = due.digest_id AND d.channel = due.channel
      RETURNING d.digest_id, d.channel, d.attempts`,
    [r.channels, r.now, r.now, r.attemptedBefore, r.limit, r.worker, r.until],
  );
  return withDigests(
    q,
    [...rows].sort((a, b) => a.digest_id - b.digest_id || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)),
  );
}

export async function markDelivered(q: Query, digestId: number, channel: string, at: string): Promise<void> {
  await q(
    `UPDATE deliveries SET sent_at = ?, attempts = attempts + 1, last_attempt_at = ?, leased_by = NULL, lease_until = NULL
      WHERE digest_id = ? AND channel = ?`,
    [at, at, digestId, channel],
  );
}

export async function markDeliveryFailed(
  q: Query,
  digestId: number,
  channel: string,
  at: string,
  error: string,
  nextAttemptAt: string | null,
): Promise<void> {
  await q(
    `UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ?,
      failed_at = CASE WHEN ?::text IS NULL THEN ? ELSE NULL END, leased_by = NULL, lease_until = NULL
      WHERE digest_id = ? AND channel = ?`,
    [at, error, nextAttemptAt, nextAttemptAt, at, digestId, channel],
  );
}
