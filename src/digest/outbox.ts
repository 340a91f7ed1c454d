/**
 * The outbox: digests kept as data (changes and where each figure stands), one per cycle that found
 * something, each due on every channel. Assembled from the changes recorded since the last digest.
 */
import type { Config } from '../config/schema.js';
import type { Topic } from '../extract/topic.js';
import { metricLabels } from '../extract/topicLabels.js';
import type { Change, Correction, FeedNotice } from '../model/change.js';
import type { LedgerClaim } from '../model/ledger.js';
import type { Store, StoredDigest, StoreOps } from '../store/port.js';
import { type DigestData, digestData, digestMetrics, shownClaims } from './digestData.js';
import { type Digest, renderDigest } from './renderDigest.js';

export interface DigestSettings {
  /** Metric labels in topic order. */
  labels: ReadonlyMap<string, string>;
  bandWindowDays: number;
  sender?: string;
}

export function digestSettings(
  deps: { topics: readonly Topic[]; config: Pick<Config, 'estimates'> },
  sender?: string,
): DigestSettings {
  return {
    labels: metricLabels(deps.topics),
    bandWindowDays: deps.config.estimates.bandWindowDays,
    ...(sender ? { sender } : {}),
  };
}

/** A stored digest's data, or null for a digest kept only as rendered text (older stores). */
export function dataOf(digest: Pick<StoredDigest, 'data'>): DigestData | null {
  if (!digest.data) return null;
  try {
    return JSON.parse(digest.data) as DigestData;
  } catch {
    return null;
  }
}

/** A stored digest as people read it: rendered from its data, or the text it was kept as. */
export function renderedDigest(digest: StoredDigest): Digest {
  const data = dataOf(digest);
  return data ? renderDigest(data) : { subject: digest.subject, text: digest.text ?? '', html: digest.html ?? '' };
}

/** The data of the last digest assembled, if any (for "change since the last digest"). */
export async function lastDigestData(store: StoreOps): Promise<DigestData | null> {
  const [last] = await store.digests(1);
  return last ? dataOf(last) : null;
}

/** A digest of given changes, with the store's standing: the next one a cycle sends, or a backfill's summary. */
export async function composeDigest(
  store: StoreOps,
  settings: DigestSettings,
  parts: { changes: readonly Change[]; corrections?: readonly Correction[]; notices?: readonly FeedNotice[] },
): Promise<{ data: DigestData; digest: Digest } | null> {
  // Nothing to report: the ledger is not read (digestData would say null).
  if (parts.changes.length === 0 && !parts.corrections?.length && !parts.notices?.length) return null;
  // The ledger without its texts, and in full only the claims the digest shows: the whole ledger of a store
  // of 30,000 claims (~50 MB) was the largest thing a cycle held in memory.
  const claims = await store.estimateLedger();
  const shown = new Map<number, LedgerClaim>();
  for (const id of shownClaims(claims, digestMetrics({ ...parts, labels: settings.labels }), settings.bandWindowDays)) {
    const full = await store.ledgerClaim(id);
    if (full) shown.set(id, full);
  }
  const data = digestData({
    ...parts,
    labels: settings.labels,
    ledger: { claims, shown },
    previous: await lastDigestData(store),
    bandWindowDays: settings.bandWindowDays,
    sender: settings.sender ?? 'figurewatch',
  });
  return data ? { data, digest: renderDigest(data) } : null;
}

/** What the next digest will say: every change recorded since the last digest (what `digest --preview` shows). */
export async function nextDigest(
  store: StoreOps,
  settings: DigestSettings,
): Promise<{ data: DigestData; digest: Digest; changeIds: number[] } | null> {
  const rows = await store.undigestedChanges();
  if (rows.length === 0) return null;
  const changes: Change[] = [];
  const corrections: Correction[] = [];
  const notices: FeedNotice[] = [];
  for (const { record: r } of rows) {
    if (r.kind === 'figure') changes.push(r.change);
    else if (r.kind === 'correction') corrections.push(r.correction);
    else notices.push(r.notice);
  }
  const composed = await composeDigest(store, settings, { changes, corrections, notices });
  return composed ? { ...composed, changeIds: rows.map((r) => r.id) } : null;
}

/**
 * Puts every change recorded since the last digest into one digest in the outbox, due on each
 * channel, in one transaction: each change is in exactly one digest, however many commits (feeds,
 * chunks, restarts after a kill) recorded them. Null when there is nothing to report.
 */
export function assembleDigest(
  store: Store,
  settings: DigestSettings,
  at: string,
  channels: readonly string[],
): Promise<{ outboxId: number; digest: Digest; data: DigestData } | null> {
  return store.transaction(async (tx) => {
    const next = await nextDigest(tx, settings);
    if (!next) return null;
    const outboxId = await tx.queueDigest(
      at,
      { subject: next.digest.subject, data: JSON.stringify(next.data) },
      channels,
      next.changeIds,
    );
    return { outboxId, digest: next.digest, data: next.data };
  });
}

/** A digest that belongs to no cycle (a backfill's or re-extraction's summary), put in the outbox for every channel. */
export function queueSummary(
  store: StoreOps,
  at: string,
  summary: { data: DigestData; digest: Digest },
  channels: readonly string[],
): Promise<number> {
  return store.queueDigest(at, { subject: summary.digest.subject, data: JSON.stringify(summary.data) }, channels);
}
