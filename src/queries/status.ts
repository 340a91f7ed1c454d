/**
 * What `status` shows and the web page's overview reads: one query, so they never disagree.
 */
import type { LockInfo } from '../daemon/storeLock.js';
import { dataOf } from '../digest/outbox.js';
import type { FigureView } from '../model/change.js';
import type { FeedState } from '../model/feed.js';
import type { RunRecord, StoreOps, WorkerRecord } from '../store/port.js';
import { type EstimateView, estimatesView } from './estimates.js';

export interface StatusReport {
  estimates: Array<EstimateView & { sinceLastDigest: Pick<FigureView, 'low' | 'high' | 'qualifier'> | null }>;
  feeds: FeedState[];
  daemon: (LockInfo & { running: boolean }) | null;
  lastRun: RunRecord | null;
  awaitingExtraction: number;
  /** The last digest assembled: when, and what it showed. */
  lastDigest: { id: number; createdAt: string } | null;
  /** Workers sharing a PostgreSQL store heard from lately, with the feeds each holds (none on SQLite). */
  workers: WorkerRecord[];
}

/**
 * Each metric's estimate by the one rule, with what the last digest showed when that was another
 * figure (`sinceLastDigest`); the feeds' health; the daemon and the last run.
 */
export async function statusReport(
  store: StoreOps,
  labels: ReadonlyMap<string, string>,
  bandWindowDays: number,
  daemon: (LockInfo & { running: boolean }) | null,
  workers: WorkerRecord[] = [],
): Promise<StatusReport> {
  const [last] = await store.digests(1);
  const shown = last ? dataOf(last) : null;
  const estimates = estimatesView(await store.ledger(), labels, bandWindowDays).map((e) => {
    const before = shown?.standing.find((s) => s.metric === e.metric)?.current ?? null;
    const moved =
      before !== null &&
      e.current !== null &&
      (before.low !== e.current.low || before.high !== e.current.high || before.qualifier !== e.current.qualifier);
    return {
      ...e,
      sinceLastDigest: moved ? { low: before.low, high: before.high, qualifier: before.qualifier } : null,
    };
  });
  return {
    estimates,
    feeds: await store.feedStates(),
    daemon,
    lastRun: await store.lastRun(),
    awaitingExtraction: await store.articlesAwaitingExtraction(),
    lastDigest: last ? { id: last.id, createdAt: last.createdAt } : null,
    workers,
  };
}
