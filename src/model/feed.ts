/** Feeds as the pipeline sees them: one entry shape for every format, and what is known of each feed. */
import type { FailureKind } from '../http/fetch.js';

/** One feed entry in the single shape the rest of the pipeline reads (RSS 0.9x/1.0/2.0 and Atom alike). */
export interface FeedItem {
  feedName: string;
  guid: string | null;
  link: string | null;
  title: string;
  publishedAt: string | null;
  summary: string | null;
  /** Full article HTML or text when the feed carries it (content:encoded, Atom content). */
  content: string | null;
}

export interface FeedState {
  url: string;
  name: string;
  etag: string | null;
  lastModified: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastErrorKind: FailureKind | null;
  lastError: string | null;
  errorCount: number;
  failingSince: string | null;
  nextTryAt: string | null;
  /** When a digest last named this feed as failing; cleared when it recovers. */
  failureNotifiedAt: string | null;
}

export type FeedOutcome =
  | { kind: 'ok'; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'failed'; errorKind: FailureKind; message: string; nextTryAt: string | null };

/** A feed's new state after a poll. */
export interface FeedWrite {
  url: string;
  name: string;
  outcome: FeedOutcome;
  notified: 'set' | 'clear' | null;
  /** The worker and schedule tick of this poll: the feed is not due again in that tick, and its lease ends. */
  polled?: { worker: string; tick: string };
}
