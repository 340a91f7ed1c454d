import type { Change } from '../diff/diff.js';
import type { Store } from '../store/store.js';
import { renderDigest, type Correction, type Digest, type FeedNotice } from './renderDigest.js';

/**
 * Puts every change recorded since the last digest into one digest in the outbox, in one
 * transaction: each change is in exactly one digest, however many commits (feeds, chunks,
 * restarts after a kill) recorded them. Null when there is nothing to report.
 */
export function assembleDigest(store: Store, labels: ReadonlyMap<string, string>, at: string): { outboxId: number; digest: Digest; changes: Change[] } | null {
  return store.transaction(() => {
    const rows = store.undigestedChanges();
    if (rows.length === 0) return null;
    const changes: Change[] = [];
    const corrections: Correction[] = [];
    const notices: FeedNotice[] = [];
    rows.forEach((row, i) => {
      const r = row.record;
      // Positions from separate commits collide; the order they were recorded in is the order to report.
      if (r.kind === 'figure') changes.push({ ...r.change, batchIndex: i });
      else if (r.kind === 'correction') corrections.push(r.correction);
      else notices.push(r.notice);
    });
    const digest = renderDigest(changes, labels, { notices, corrections });
    if (digest === null) return null;
    return { outboxId: store.queueDigest(at, digest, rows.map((r) => r.id)), digest, changes };
  });
}
