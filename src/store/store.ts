import type { Change, Estimate, FigureUpdate, KnownFigure } from '../diff/diff.js';
import type { Correction, FeedNotice } from '../digest/renderDigest.js';
import type { Claim } from '../extract/claim.js';
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

/** What is known of an article's page: whether to read it again, and the validators to read it with. */
export interface PageState {
  /** ok: read (and re-read for edits while young); pending: failed for a passing reason, tried again; failed: given up. */
  status: 'ok' | 'pending' | 'failed';
  etag: string | null;
  lastModified: string | null;
  attempts: number;
  /** Next read (a retry, or a re-read for edits); null when it is never read again. */
  nextTryAt: string | null;
}

export interface ArticleWrite {
  canonicalUrl: string | null;
  guid: string | null;
  url: string;
  feedUrl: string | null;
  feedName: string | null;
  title: string;
  publishedAt: string | null;
  /** The publication time the source gave, when it could not be true (future, before 1990) and was replaced. */
  publishedAdjustedFrom: string | null;
  textSource: 'page' | 'feed' | 'file';
  textHash: string;
  text: string;
  /** The stored article this one copies. */
  duplicateOf: number | null;
  /** MinHash signature for near-duplicate look-ups; null for texts too short to compare. */
  fingerprint: Uint32Array | null;
  claims: Array<Claim & { topic: string }>;
  /** Why the text was not read for claims (over its time or memory budget): reextract reads it again. */
  extractProblem: string | null;
  page: PageState | null;
}

/** A change kept until a digest is assembled: data, rendered when the digest is. */
export type ChangeRecord =
  | { kind: 'figure'; change: Change }
  | { kind: 'correction'; correction: Correction }
  | { kind: 'feed'; notice: FeedNotice };

export interface StoredChange {
  id: number;
  createdAt: string;
  record: ChangeRecord;
}

/** An article whose page is due to be read again: a retry, or a re-read for edits. */
export interface PageDue {
  articleId: number;
  url: string;
  title: string;
  feedName: string | null;
  fetchedAt: string;
  textHash: string;
  textLength: number;
  textSource: 'page' | 'feed' | 'file';
  page: PageState;
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

/** Figures and estimates as a commit changes them (see diffClaims). */
export interface FigureWrites {
  figureUpdates: Array<Omit<FigureUpdate, 'firstBatchIndex'> & { firstClaimId: number | null }>;
  estimates: Array<Omit<Estimate, 'claimRef'> & { claimId: number }>;
}

/** A text that replaces an article's own (its page arrived, or was edited). */
export interface TextUpdate {
  text: string;
  textHash: string;
  fingerprint: Uint32Array | null;
  textSource: 'page' | 'feed' | 'file';
}

/**
 * What the pipeline needs from storage; SQLite now, PostgreSQL later behind the same promises.
 * Writes are made inside `transaction`, which keeps them all or, when its function throws, none.
 */
export interface Store {
  /** Runs `fn` in one write transaction. Not reentrant. */
  transaction<T>(fn: () => T): T;
  feedState(url: string): FeedState | null;
  feedStates(): FeedState[];
  writeFeed(at: string, feed: FeedWrite): void;
  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }): boolean;
  articleIdByTextHash(hash: string): number | null;
  /** The stored original most like this fingerprint, if similar enough to be a copy; never scans the store. */
  nearDuplicateOf(fingerprint: Uint32Array): { articleId: number; similarity: number } | null;
  insertArticle(at: string, article: ArticleWrite): { articleId: number; claimIds: number[] };
  /** An article's own claims (a copy has none: it counts for its original's). */
  claimsOfArticle(articleId: number): Array<Claim & { id: number }>;
  /** The stored figures among these keys (figureKey), with their source counts; all of them without keys. */
  knownFigures(keys?: readonly string[]): Map<string, KnownFigure>;
  writeFigures(at: string, writes: FigureWrites): void;
  /** Quotes of stored claims, by claim id (a commit keeps only the quotes it reports). */
  claimQuotes(ids: readonly number[]): Map<number, string>;
  estimates(): Map<string, Estimate>;
  currentEstimates(): StoredEstimate[];
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
  addClaims(articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): number[];
  /** Marks claims rejected with the reason (only those not rejected already). */
  rejectClaims(ids: readonly number[], reason: string, at: string): void;
  reinstateClaims(ids: readonly number[]): void;
  replaceArticleText(articleId: number, update: TextUpdate): void;
  /** Whether an article's text was read for claims; a problem is kept for reextract to retry. */
  setExtractProblem(articleId: number, problem: string | null): void;
  /** Replaces every figure and estimate; keeps when each surviving figure was first seen and since when each unchanged estimate held. */
  replaceState(at: string, state: RebuiltState): void;
  /** Pages due to be read again (retries and re-reads for edits), soonest first. */
  pagesDue(now: string, limit: number): PageDue[];
  writePageState(articleId: number, at: string, page: PageState): void;
  /** Changes recorded for a digest and not in one yet, oldest first. */
  undigestedChanges(): StoredChange[];
  /** `notify` false: kept for the record (a backfill's), never put in a digest. */
  insertChanges(at: string, records: readonly ChangeRecord[], notify: boolean): void;
  /** Adds a digest to the outbox; the changes it reports, if any, are marked as in it. */
  queueDigest(at: string, digest: { subject: string; text: string; html: string | null }, changeIds?: readonly number[]): number;
  /** Unsent digests whose next attempt is due at `now` (all unsent ones when now is omitted). */
  pendingOutbox(now?: string): OutboxMessage[];
  markSent(id: number, at: string): void;
  markAttemptFailed(id: number, error: string, at: string, nextAttemptAt: string): void;
  startRun(at: string): number;
  finishRun(id: number, at: string, summary: RunSummary): void;
  lastRun(): RunRecord | null;
  /** Stored original articles whose text was not read for claims (over budget): reextract reads them again. */
  articlesAwaitingExtraction(): number;
  close(): void;
}
