import type { Config } from '../config/schema.js';
import type { Topic } from '../extract/topic.js';
import { metricLabels } from '../extract/topicLabels.js';
import type { Change, Correction, FeedNotice } from '../model/change.js';
import type { Store } from '../store/store.js';
import { digestData, type DigestData } from './digestData.js';
import { renderDigest, type Digest } from './renderDigest.js';

export interface DigestSettings {
  /** Metric labels in topic order. */
  labels: ReadonlyMap<string, string>;
  bandWindowDays: number;
  sender?: string;
}

export function digestSettings(deps: { topics: readonly Topic[]; config: Pick<Config, 'estimates'> }, sender?: string): DigestSettings {
  return { labels: metricLabels(deps.topics), bandWindowDays: deps.config.estimates.bandWindowDays, ...(sender ? { sender } : {}) };
}

/** The data of the last digest assembled, if any (for "change since the last digest"). */
export function lastDigestData(store: Store): DigestData | null {
  const [last] = store.digests(1);
  if (!last?.data) return null;
  try {
    return JSON.parse(last.data) as DigestData;
  } catch {
    return null;
  }
}

/** A digest of given changes, with the store's standing: the next one a cycle sends, or a backfill's summary. */
export function composeDigest(store: Store, settings: DigestSettings, parts: { changes: readonly Change[]; corrections?: readonly Correction[]; notices?: readonly FeedNotice[] }): { data: DigestData; digest: Digest } | null {
  const data = digestData({ ...parts, labels: settings.labels, ledger: store.ledger(), previous: lastDigestData(store), bandWindowDays: settings.bandWindowDays, sender: settings.sender ?? 'figurewatch' });
  return data ? { data, digest: renderDigest(data) } : null;
}

/** What the next digest will say: every change recorded since the last digest (what `digest --preview` shows). */
export function nextDigest(store: Store, settings: DigestSettings): { data: DigestData; digest: Digest; changeIds: number[] } | null {
  const rows = store.undigestedChanges();
  if (rows.length === 0) return null;
  const changes: Change[] = [];
  const corrections: Correction[] = [];
  const notices: FeedNotice[] = [];
  for (const { record: r } of rows) {
    if (r.kind === 'figure') changes.push(r.change);
    else if (r.kind === 'correction') corrections.push(r.correction);
    else notices.push(r.notice);
  }
  const composed = composeDigest(store, settings, { changes, corrections, notices });
  return composed ? { ...composed, changeIds: rows.map((r) => r.id) } : null;
}

/**
 * Puts every change recorded since the last digest into one digest in the outbox, in one
 * transaction: each change is in exactly one digest, however many commits (feeds, chunks,
 * restarts after a kill) recorded them. Null when there is nothing to report.
 */
export function assembleDigest(store: Store, settings: DigestSettings, at: string): { outboxId: number; digest: Digest; data: DigestData } | null {
  return store.transaction(() => {
    const next = nextDigest(store, settings);
    if (!next) return null;
    const outboxId = store.queueDigest(at, { ...next.digest, data: JSON.stringify(next.data) }, next.changeIds);
    return { outboxId, digest: next.digest, data: next.data };
  });
}
