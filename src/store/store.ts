import type { Change, Correction, FeedNotice } from '../model/change.js';
import type { Claim } from '../model/claim.js';
import type { LedgerClaim, RejectedBy } from '../model/ledger.js';
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

export interface OutboxMessage {
  id: number;
  createdAt: string;
  subject: string;
  text: string;
  html: string | null;
  attempts: number;
}

/** A digest as it was assembled: its rendered parts and the data they were rendered from (JSON). */
export interface StoredDigest extends OutboxMessage {
  data: string | null;
  sentAt: string | null;
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
export type ArticleClaim = Claim & { id: number; rejectedAt: string | null; rejectReason: string | null; rejectedBy: RejectedBy | null };

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
  /**
   * Every claim of these metrics (all when omitted), rejected ones too, with its article's time,
   * outlet and copies: the ledger the estimate rule reads. Oldest first.
   */
  ledger(metrics?: readonly string[]): LedgerClaim[];
  /** One claim of the ledger, or null. */
  ledgerClaim(id: number): LedgerClaim | null;
  /** Whether any stored claim states this figure (figureKey), rejected ones included. */
  figureSeen(key: string): boolean;
  /** Whether the user rejected a claim of this figure: its new claims are stored rejected, and never alert. */
  figureRejectedByUser(key: string): boolean;
  /** Marks claims rejected (only those not rejected already). */
  rejectClaims(ids: readonly number[], reason: string | null, at: string, by: RejectedBy): void;
  /** Ids of the stored articles that are not copies of another, oldest first. */
  originalArticleIds(): number[];
  articleText(articleId: number): string | null;
  /** Every claim of an article, rejected ones too, in the order they were stored. */
  articleClaims(articleId: number): ArticleClaim[];
  addClaims(articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): number[];
  reinstateClaims(ids: readonly number[]): void;
  replaceArticleText(articleId: number, update: TextUpdate): void;
  /** Whether an article's text was read for claims; a problem is kept for reextract to retry. */
  setExtractProblem(articleId: number, problem: string | null): void;
  /** Pages due to be read again (retries and re-reads for edits), soonest first. */
  pagesDue(now: string, limit: number): PageDue[];
  writePageState(articleId: number, at: string, page: PageState): void;
  /** Changes recorded for a digest and not in one yet, oldest first. */
  undigestedChanges(): StoredChange[];
  /** `notify` false: kept for the record (a backfill's), never put in a digest. */
  insertChanges(at: string, records: readonly ChangeRecord[], notify: boolean): void;
  /** Adds a digest to the outbox; the changes it reports, if any, are marked as in it. */
  queueDigest(at: string, digest: { subject: string; text: string; html: string | null; data: string | null }, changeIds?: readonly number[]): number;
  /** The digests assembled, newest first (`limit` of them). */
  digests(limit: number): StoredDigest[];
  digest(id: number): StoredDigest | null;
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
