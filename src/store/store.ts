import type { Claim } from '../extract/claim.js';
import type { Estimate, FigureUpdate, KnownFigure } from '../diff/diff.js';
import type { FailureKind } from '../http/fetch.js';

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

export interface FeedWrite {
  url: string;
  name: string;
  outcome: FeedOutcome;
  notified: 'set' | 'clear' | null;
}

export interface ArticleWrite {
  canonicalUrl: string | null;
  guid: string | null;
  url: string;
  feedUrl: string | null;
  feedName: string | null;
  title: string;
  publishedAt: string | null;
  textSource: 'page' | 'feed' | 'file';
  textHash: string;
  text: string;
  /** The stored article this one copies. */
  duplicateOf: number | null;
  /** MinHash signature for near-duplicate look-ups; null for texts too short to compare. */
  fingerprint: Uint32Array | null;
  claims: Array<Claim & { topic: string }>;
}

/** A cycle's closing writes: everything but the articles, which were added as they came. */
export interface CycleFinish {
  feeds: FeedWrite[];
  figureUpdates: Array<Omit<FigureUpdate, 'firstBatchIndex'> & { firstClaimId: number | null }>;
  estimates: Array<Omit<Estimate, 'claimRef'> & { claimId: number }>;
  digest: { subject: string; text: string; html: string | null } | null;
}

/**
 * One cycle's writes as one SQLite transaction, opened at the start so that articles are written
 * as they arrive (memory stays flat however many there are) and committed, with the feeds'
 * validators, figures, estimates and digest, only at the end. Rolled back, nothing of it remains.
 */
export interface CycleTransaction {
  addArticle(article: ArticleWrite): { articleId: number; claimIds: number[] };
  commit(finish: CycleFinish): { outboxId: number | null };
  rollback(): void;
}

export interface StoredEstimate extends Estimate {
  since: string;
  quote: string;
  articleTitle: string;
  articleUrl: string;
  feedName: string | null;
  sourceCount: number;
}

/** A stored claim with where it was read, for history and replays. */
export interface ClaimRecord extends Claim {
  id: number;
  articleId: number;
  articleTitle: string;
  articleUrl: string;
  feedName: string | null;
  publishedAt: string | null;
  fetchedAt: string;
  rejectedAt: string | null;
  rejectReason: string | null;
}

/** A claim as a source reported it: an original's own claim, or its original's claim read again in a copy. */
export interface ClaimSighting {
  record: ClaimRecord;
  /** The article it was read in (the copy, for a copy), with its own time. */
  title: string;
  url: string;
  feedName: string | null;
  publishedAt: string | null;
  fetchedAt: string;
}

export interface OutboxMessage {
  id: number;
  createdAt: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

export interface RunRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
  itemsNew: number | null;
  articles: number | null;
  claims: number | null;
  changes: number | null;
  feedsFailed: number | null;
  error: string | null;
}

export interface RunSummary {
  outcome: 'ok' | 'failed' | 'abandoned';
  itemsNew: number;
  articles: number;
  claims: number;
  changes: number;
  feedsFailed: number;
  error: string | null;
}

/** A stored claim of one article as re-extraction compares it, rejected ones included. */
export type ArticleClaim = Claim & { id: number; rejectedAt: string | null; rejectReason: string | null };

/** Figures and estimates rebuilt from every unrejected claim (see rebuildState). */
export interface RebuiltState {
  figures: Array<{ metric: string; low: number; high: number; firstClaimId: number; sourceCount: number; lastSeenAt: string | null }>;
  estimates: Array<Omit<Estimate, 'claimRef'> & { claimId: number }>;
}

/**
 * A re-extraction's writes as one transaction: claims added, withdrawn and reinstated, then the
 * figures and estimates replaced by those rebuilt from the claims. Rolled back, nothing changes.
 */
export interface ReextractionTransaction {
  addClaims(articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): number[];
  rejectClaims(ids: readonly number[], reason: string): void;
  reinstateClaims(ids: readonly number[]): void;
  /** Keeps when each surviving figure was first seen and since when each unchanged estimate held. */
  replaceState(state: RebuiltState): void;
  commit(): void;
  rollback(): void;
}

/** What the pipeline needs from storage; SQLite now, PostgreSQL later behind the same promises. */
export interface Store {
  feedState(url: string): FeedState | null;
  feedStates(): FeedState[];
  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }): boolean;
  articleIdByTextHash(hash: string): number | null;
  /** The stored original most like this fingerprint, if similar enough to be a copy; never scans the store. */
  nearDuplicateOf(fingerprint: Uint32Array): { articleId: number; similarity: number } | null;
  /** An article's own claims (a copy has none: it counts for its original's). */
  claimsOfArticle(articleId: number): Array<Claim & { id: number }>;
  knownFigures(): Map<string, KnownFigure>;
  /** Quotes of stored claims, by claim id (the cycle keeps only the quotes it reports). */
  claimQuotes(ids: readonly number[]): Map<number, string>;
  estimates(): Map<string, Estimate>;
  currentEstimates(): StoredEstimate[];
  /** Opens the cycle's transaction (see CycleTransaction); `at` stamps its rows. */
  beginCycle(at: string): CycleTransaction;
  /** Every claim of a metric, rejected ones too, oldest first. */
  claimHistory(metric: string): ClaimRecord[];
  /** Every sighting of every unrejected claim, originals and copies, for replaying the diff. */
  claimSightings(): ClaimSighting[];
  /**
   * Marks a wrong extraction. When it was the metric's current estimate, the newest remaining
   * actual total takes its place (or the metric has none). Returns what the estimate became.
   */
  rejectClaim(id: number, reason: string | null, at: string): { metric: string; estimate: { from: ClaimRecord; to: ClaimRecord | null } | null };
  /** Ids of the stored articles that are not copies of another, oldest first. */
  originalArticleIds(): number[];
  articleText(articleId: number): string | null;
  /** Every claim of an article, rejected ones too, in the order they were stored. */
  articleClaims(articleId: number): ArticleClaim[];
  beginReextraction(at: string): ReextractionTransaction;
  /** Adds a digest to the outbox outside a cycle (a backfill's or re-extraction's summary). */
  queueDigest(at: string, digest: { subject: string; text: string; html: string | null }): number;
  /** Unsent digests whose next attempt is due at `now` (all unsent ones when now is omitted). */
  pendingOutbox(now?: string): OutboxMessage[];
  markSent(id: number, at: string): void;
  markAttemptFailed(id: number, error: string, at: string, nextAttemptAt: string): void;
  startRun(at: string): number;
  finishRun(id: number, at: string, summary: RunSummary): void;
  lastRun(): RunRecord | null;
  close(): void;
}
