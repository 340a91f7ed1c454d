/**
 * What the pipeline needs from storage: rows in, rows out, no domain rules (the estimate rule,
 * near-copy similarity and digest rendering live in model/, dedupe/ and digest/). Every method is
 * asynchronous, so SQLite (one process) and PostgreSQL (several workers) sit behind the same port.
 */
import type { PageState, TextSource } from '../model/article.js';
import type { Change, Correction, FeedNotice } from '../model/change.js';
import type { Claim } from '../model/claim.js';
import type { FeedState, FeedWrite } from '../model/feed.js';
import type { EstimateClaim, LedgerClaim, RejectedBy } from '../model/ledger.js';

export type { FeedState, FeedWrite, PageState };

/** An article to store, with its claims (none for a copy of another article). */
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
  textSource: TextSource;
  textHash: string;
  text: string;
  /** The stored article this one copies. */
  duplicateOf: number | null;
  /** Near-duplicate fingerprint and its index keys (see dedupe/minhash); null for texts too short to compare. */
  fingerprint: { signature: Uint32Array; bands: readonly number[] } | null;
  claims: ReadonlyArray<Claim & { topic: string }>;
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
  textSource: TextSource;
  page: PageState;
}

/** A digest as assembled: the data every channel renders (JSON), and the subject it was given. */
export interface StoredDigest {
  id: number;
  createdAt: string;
  subject: string;
  /** The digest's data (digest/digestData.ts), JSON; null for digests assembled before it was kept. */
  data: string | null;
  /** The text and HTML as rendered for the older digests that have no data. */
  text: string | null;
  html: string | null;
  deliveries: DeliveryState[];
}

/** Where one digest stands on one channel. */
export interface DeliveryState {
  channel: string;
  attempts: number;
  lastAttemptAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  /** Refused for good (an SMTP 5xx, a webhook 4xx): never tried again. */
  failedAt: string | null;
}

/** A digest due on a channel. */
export interface PendingDelivery {
  digest: StoredDigest;
  channel: string;
  attempts: number;
}

export interface RunRecord {
  id: number;
  /** What ran: a cycle, a backfill, a reextract. */
  kind: string;
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
export type ArticleClaim = Claim & {
  id: number;
  rejectedAt: string | null;
  rejectReason: string | null;
  rejectedBy: RejectedBy | null;
};

/** A text that replaces an article's own (its page arrived, or was edited). */
export interface TextUpdate {
  text: string;
  textHash: string;
  fingerprint: { signature: Uint32Array; bands: readonly number[] } | null;
  textSource: TextSource;
}

/** A figure's identity: the unit of novelty (see figureKey). */
export type FigureRef = Pick<Claim, 'metric' | 'low' | 'high'>;

/** Reads and writes; inside `transaction` they are all kept or, when its function throws, none. */
export interface StoreOps {
  feedState(url: string): Promise<FeedState | null>;
  feedStates(): Promise<FeedState[]>;
  writeFeed(at: string, feed: FeedWrite): Promise<void>;

  /** Whether an article is stored under this canonical URL, or this GUID within this feed. */
  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }): Promise<boolean>;
  /** The oldest stored original with this text hash. */
  articleIdByTextHash(hash: string): Promise<number | null>;
  /** Originals sharing any of these index keys, with their fingerprints (at most `limit`). */
  articlesByBands(
    bands: readonly number[],
    limit: number,
  ): Promise<Array<{ articleId: number; signature: Uint32Array }>>;
  insertArticle(at: string, article: ArticleWrite): Promise<{ articleId: number; claimIds: number[] }>;
  /** Ids of the stored articles that are not copies of another, oldest first. */
  originalArticleIds(): Promise<number[]>;
  articleText(articleId: number): Promise<string | null>;
  replaceArticleText(articleId: number, update: TextUpdate): Promise<void>;
  /** Replaces an article's near-copy fingerprint and its index keys (a new fingerprint scheme; see reextract). */
  setFingerprint(articleId: number, fingerprint: TextUpdate['fingerprint']): Promise<void>;
  /** Whether an article's text was read for claims; a problem is kept for reextract to retry. */
  setExtractProblem(articleId: number, problem: string | null): Promise<void>;
  /** Articles stored from each feed, by feed URL. */
  articlesByFeed(): Promise<Map<string, number>>;
  /** Stored original articles whose text was not read for claims (over budget). */
  articlesAwaitingExtraction(): Promise<number>;
  /** Pages due to be read again (retries and re-reads for edits), soonest first. */
  pagesDue(now: string, limit: number): Promise<PageDue[]>;
  writePageState(articleId: number, at: string, page: PageState): Promise<void>;

  /**
   * Every claim of these metrics (all when omitted), rejected ones too, with its article's time,
   * outlet and copies, oldest first: what `status`, `history` and the web page show (a digest reads estimateLedger).
   */
  ledger(metrics?: readonly string[]): Promise<LedgerClaim[]>;
  /** The whole ledger as the estimate rule reads it (no quotes, titles or links): what a digest reads. Oldest first. */
  estimateLedger(): Promise<EstimateClaim[]>;
  ledgerClaim(id: number): Promise<LedgerClaim | null>;
  /**
   * The newest claims (ledger order, newest first) of a metric with this status and scope that
   * nobody rejected, at most `limit`: what the estimate rule reads, without reading every claim.
   */
  newestClaims(metric: string, kind: Pick<Claim, 'status' | 'scope'>, limit: number): Promise<LedgerClaim[]>;
  /**
   * Whether any stored claim states this figure; with `rejectedBy`, only claims rejected by them;
   * with null, only claims nobody rejected.
   */
  hasClaimOf(figure: FigureRef, rejectedBy?: RejectedBy | null): Promise<boolean>;
  /** Every claim of an article, rejected ones too, in the order they were stored. */
  articleClaims(articleId: number): Promise<ArticleClaim[]>;
  addClaims(articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): Promise<number[]>;
  /** Marks claims rejected (only those not rejected already). */
  rejectClaims(ids: readonly number[], reason: string | null, at: string, by: RejectedBy): Promise<void>;
  reinstateClaims(ids: readonly number[]): Promise<void>;

  /** `notify` false: kept for the record (a backfill's), never put in a digest. */
  insertChanges(at: string, records: readonly ChangeRecord[], notify: boolean): Promise<void>;
  /** Changes recorded for a digest and not in one yet, oldest first. */
  undigestedChanges(): Promise<StoredChange[]>;

  /** Adds a digest (its data) to the outbox, due on each channel; the changes it reports are marked as in it. */
  queueDigest(
    at: string,
    digest: { subject: string; data: string },
    channels: readonly string[],
    changeIds?: readonly number[],
  ): Promise<number>;
  /** The digests assembled, newest first (`limit` of them). */
  digests(limit: number): Promise<StoredDigest[]>;
  digest(id: number): Promise<StoredDigest | null>;
  /** Digests not yet delivered on these channels and due at `now` (all undelivered ones when now is omitted); oldest first. */
  pendingDeliveries(channels: readonly string[], now?: string): Promise<PendingDelivery[]>;
  markDelivered(digestId: number, channel: string, at: string): Promise<void>;
  /** A failed attempt: tried again at `nextAttemptAt`, or never when it is null (refused for good). */
  markDeliveryFailed(
    digestId: number,
    channel: string,
    at: string,
    error: string,
    nextAttemptAt: string | null,
  ): Promise<void>;

  startRun(kind: string, at: string): Promise<number>;
  finishRun(id: number, at: string, summary: RunSummary): Promise<void>;
  lastRun(): Promise<RunRecord | null>;
}

/** A worker's request for feeds to poll (see Store.leaseFeeds). */
export interface LeaseRequest {
  /** Who asks: host/pid, as heartbeats name it. */
  worker: string;
  /** The configured feeds; only these are leased. */
  feeds: ReadonlyArray<{ url: string; name: string }>;
  now: string;
  /**
   * The schedule tick this poll belongs to: a feed polled in this tick or a later one (by any
   * worker) is not due again, so a feed is polled once per period however many workers ask.
   */
  tick: string;
  /** When the lease lapses if the worker never writes the feed back (killed mid-poll). */
  until: string;
  limit: number;
  /** Also feeds waiting to retry after failures, or polled in this tick already (once --force). */
  force: boolean;
}

/** A worker's request for deliveries to send (see Store.leaseDeliveries). */
export interface DeliveryLeaseRequest {
  channels: readonly string[];
  now: string;
  worker: string;
  until: string;
  limit: number;
  attemptedBefore: string;
}

/** A worker as its heartbeat row says, with the feeds it holds leases on now. */
export interface WorkerRecord {
  worker: string;
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  beatAt: string;
  lastCycleAt: string | null;
  nextCycleAt: string | null;
  feeds: string[];
}

export type WorkerBeat = Omit<WorkerRecord, 'feeds'>;

export interface Store extends StoreOps {
  /**
   * Whether several processes share this store (PostgreSQL): feeds are then leased a few at a time
   * so the workers divide them. SQLite has one writer (its lock file) and leases every due feed at once.
   */
  readonly sharedByWorkers: boolean;
  /**
   * Leases up to `limit` due feeds to `worker` until `until`: due means not polled in `tick` or
   * later, not waiting to retry (unless `force`), and not leased by another worker whose lease
   * still runs. Writing the feed back with `polled` (writeFeed) ends the lease. Returns their URLs.
   */
  leaseFeeds(request: LeaseRequest): Promise<string[]>;
  /** Gives leased feeds back unpolled (the cycle stopped before them): due again at once. */
  releaseFeeds(worker: string, urls: readonly string[]): Promise<void>;
  /**
   * Up to `limit` due deliveries on these channels not attempted since `attemptedBefore` (this
   * delivery pass), leased to `worker` until `until` so that no other worker sends them meanwhile
   * (PostgreSQL; SQLite gives every due one); marking one delivered or failed ends its lease.
   */
  leaseDeliveries(request: DeliveryLeaseRequest): Promise<PendingDelivery[]>;
  /** Records that a worker is alive (its heartbeat row); SQLite keeps none (its lock file is the heartbeat). */
  heartbeat(beat: WorkerBeat): Promise<void>;
  /** Workers whose heartbeat is at or after `since`, with the feeds each holds at `now`. */
  workers(since: string, now: string): Promise<WorkerRecord[]>;

  /**
   * Runs `fn` in one write transaction and returns what it returns. Store calls made while it runs
   * (through `tx` or the store itself) belong to it; other callers wait until it ends.
   */
  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T>;
  /** An operator's reading of a store failure (disk full, read-only, damaged), or null when it is not one. */
  explainFailure(err: unknown): string | null;
  close(): Promise<void>;
}
