import type { FetchFailure } from '../http/fetch.js';
import type { FeedNotice } from '../model/change.js';
import type { FeedOutcome, FeedState } from '../model/feed.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BACKOFF_BASE_MS = 5 * 60 * 1000;
/** Consecutive failures after which a feed counts as "keeps failing" and is named in a digest. */
export const FAILING_NOTICE_AFTER = 3;

/** Exponential backoff per failing feed, capped at a day (a feed is never abandoned), and never sooner than Retry-After. */
export function nextTryAfterFailure(
  errorCount: number,
  failure: FetchFailure,
  now: Date,
  baseMs = BACKOFF_BASE_MS,
): string {
  const backoff = Math.min(DAY_MS, baseMs * 2 ** Math.max(0, errorCount - 1));
  return new Date(now.getTime() + Math.max(backoff, Math.min(DAY_MS, failure.retryAfterMs ?? 0))).toISOString();
}

function minute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export interface FeedHealth {
  outcome: FeedOutcome;
  /** For the digest: a feed that keeps failing, named once, and again when it recovers. */
  notice: FeedNotice | null;
  /** Whether the store should remember that the failure was (or no longer is) reported. */
  notified: 'set' | 'clear' | null;
}

export type PollResult =
  | { kind: 'ok'; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'failed'; failure: FetchFailure };

/** What one poll means for a feed's stored health: pure, from its previous state. */
export function feedHealth(
  name: string,
  previous: FeedState | null,
  poll: PollResult,
  now: Date,
  backoffBaseMs = BACKOFF_BASE_MS,
): FeedHealth {
  if (poll.kind !== 'failed') {
    const recovered = previous?.failureNotifiedAt != null;
    return {
      outcome: poll,
      notice: recovered
        ? {
            feedName: name,
            kind: 'recovered',
            since: minute(previous!.failingSince ?? previous!.failureNotifiedAt!),
            message: '',
          }
        : null,
      notified: recovered ? 'clear' : null,
    };
  }
  const errorCount = (previous?.errorCount ?? 0) + 1;
  const outcome: FeedOutcome = {
    kind: 'failed',
    errorKind: poll.failure.kind,
    message: poll.failure.message,
    nextTryAt: nextTryAfterFailure(errorCount, poll.failure, now, backoffBaseMs),
  };
  if (errorCount < FAILING_NOTICE_AFTER || previous?.failureNotifiedAt != null)
    return { outcome, notice: null, notified: null };
  const since = previous?.failingSince ?? now.toISOString();
  const status = poll.failure.status !== undefined ? `${poll.failure.status}` : poll.failure.kind;
  return {
    outcome,
    notice: {
      feedName: name,
      kind: 'failing',
      since: minute(since),
      message: `${status} (${errorCount} failures in a row; last: ${poll.failure.message})`,
    },
    notified: 'set',
  };
}
