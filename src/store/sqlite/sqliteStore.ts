import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Claim } from '../../model/claim.js';
import type { RejectedBy } from '../../model/ledger.js';
import { StoreOpenError } from '../errors.js';
import type {
  ArticleWrite,
  ChangeRecord,
  DeliveryLeaseRequest,
  FeedWrite,
  FigureRef,
  LeaseRequest,
  PageState,
  PendingDelivery,
  RunSummary,
  Store,
  StoreOps,
  TextUpdate,
  WorkerBeat,
  WorkerRecord,
} from '../port.js';
import * as articles from './articles.js';
import * as changes from './changes.js';
import * as claims from './claims.js';
import * as feeds from './feeds.js';
import { MIGRATIONS } from './migrations.js';
import * as outbox from './outbox.js';
import * as runs from './runs.js';
import { Sql } from './sql.js';

/**
 * What a store failure means for the operator, when it is one they can fix (disk full, read-only,
 * I/O error); null for other errors. SQLite rolls the transaction back in each case.
 */
export function sqliteProblem(err: unknown, file: string): string | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_FULL'))
    return `the disk holding the store ${file} is full (${code}): free some space; figurewatch retries on the next cycle and loses nothing`;
  if (code.startsWith('SQLITE_READONLY')) {
    return `the store ${file} is read-only (${code}): make the file and its folder writable; figurewatch retries on the next cycle and loses nothing`;
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return `cannot write the store ${file} (${code}: ${(err as Error).message}): check the disk (full, read-only, removed); figurewatch retries on the next cycle`;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return `the store ${file} is damaged (${code}): restore it from a backup, or move it aside to start a new one`;
  }
  if (code.startsWith('SQLITE_BUSY'))
    return `the store ${file} stayed busy (${code}): another process is writing to it; try again in a moment`;
  return null;
}

/**
 * Opens (creating if needed) the SQLite store and brings its schema up to date. Read-only: an
 * existing store is read as it is (on a read-only disk, say); nothing is created or migrated.
 */
export function openSqliteStore(file: string, options: { readOnly?: boolean } = {}): SqliteStore {
  if (file !== ':memory:' && !options.readOnly) {
    try {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    } catch (err) {
      throw new StoreOpenError(
        `Cannot create the folder for the store ${file} (${(err as NodeJS.ErrnoException).code}): set store.path to a writable place`,
      );
    }
  }
  let db: Database.Database;
  try {
    db = options.readOnly ? openReadOnly(file) : new Database(file);
    if (!options.readOnly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Up to 8 MB of page cache, taken only as used: the near-duplicate band index outgrows the
    // 2 MB default as the store grows, but the key filters keep most look-ups out of it, and a
    // larger cache counts against the daemon's memory (16 MB put a cold cycle over 200 MB).
    db.pragma('cache_size = -8192');
  } catch (err) {
    throw new StoreOpenError(
      `Cannot open the store ${file}: ${(err as Error).message}. Check that it is a figurewatch SQLite file and ${options.readOnly ? 'readable' : 'writable'}, or set store.path`,
    );
  }
  if (options.readOnly) {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== MIGRATIONS.length) {
      db.close();
      throw new StoreOpenError(
        `The store ${file} has schema version ${version}, this figurewatch reads version ${MIGRATIONS.length}: run a command that writes (figurewatch once) with write access once, to update it`,
      );
    }
  } else {
    migrate(db, file);
  }
  return new SqliteStore(db, file, options.readOnly === true);
}

/**
 * A store opened for reading only. SQLite reads a WAL-mode file through its shared-memory file,
 * which a read-only disk cannot give it; then the file is read whole into memory instead (the last
 * writer checkpointed it when it closed, so the file alone holds everything).
 */
function openReadOnly(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // The shared-memory file is wanted at the first read, not at opening.
    db.pragma('user_version');
    return db;
  } catch (err) {
    db?.close();
    if ((err as { code?: unknown }).code !== 'SQLITE_CANTOPEN' || !existsSync(file)) throw err;
    const bytes = readFileSync(file);
    // Header bytes 18-19 mark WAL mode (2); an in-memory copy is read as a rollback-journal file (1).
    if (bytes.length >= 20) {
      bytes.writeUInt8(1, 18);
      bytes.writeUInt8(1, 19);
    }
    return new Database(bytes, { readonly: true });
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreOpenError(
      `The store ${file} has schema version ${version}, newer than this figurewatch knows (${MIGRATIONS.length}): upgrade figurewatch`,
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * The store on one SQLite file. SQLite's calls are synchronous; the port's promises are kept by
 * running them in turn: a transaction holds the connection until its function settles, and a call
 * made from inside it (through `tx` or the store itself) runs at once as part of it.
 */
export class SqliteStore implements Store {
  private readonly sql: Sql;
  private readonly inTransaction = new AsyncLocalStorage<boolean>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly readOnly: boolean,
  ) {
    this.sql = new Sql(db);
  }

  /** Runs a synchronous step now inside a transaction, else after the transaction in progress. */
  private run<T>(step: (sql: Sql) => T): Promise<T> {
    if (this.inTransaction.getStore()) {
      try {
        return Promise.resolve(step(this.sql));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const result = this.queue.then(() => step(this.sql));
    this.queue = result.catch(() => undefined);
    return result;
  }

  transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    if (this.inTransaction.getStore()) return fn(this);
    const result = this.queue.then(() =>
      this.inTransaction.run(true, async () => {
        // IMMEDIATE: the write lock is taken at the start, so the commit cannot fail for want of it.
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const value = await fn(this);
          this.db.exec('COMMIT');
          return value;
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          // What the transaction added to the in-memory indexes is gone from the tables: read them again.
          articles.forgetKnownKeys(this.sql);
          throw err;
        }
      }),
    );
    this.queue = result.catch(() => undefined);
    return result;
  }

  explainFailure(err: unknown): string | null {
    return sqliteProblem(err, this.file);
  }

  /** One writer holds a SQLite store (its lock file), so a lease is only the due-feed rule. */
  readonly sharedByWorkers = false;

  leaseFeeds(request: LeaseRequest): Promise<string[]> {
    return this.run((sql) => {
      const now = Date.parse(request.now);
      const due = request.feeds.filter((feed) => {
        const next = feeds.feedState(sql, feed.url)?.nextTryAt;
        return request.force || !next || Date.parse(next) <= now;
      });
      return due.slice(0, request.limit).map((feed) => feed.url);
    });
  }
  releaseFeeds(): Promise<void> {
    return Promise.resolve();
  }
  leaseDeliveries(request: DeliveryLeaseRequest): Promise<PendingDelivery[]> {
    return this.pendingDeliveries(request.channels, request.now);
  }
  /** The lock file next to the store is a SQLite daemon's heartbeat (see daemon/storeLock.ts). */
  heartbeat(_beat: WorkerBeat): Promise<void> {
    return Promise.resolve();
  }
  workers(): Promise<WorkerRecord[]> {
    return Promise.resolve([]);
  }

  feedState(url: string) {
    return this.run((sql) => feeds.feedState(sql, url));
  }
  feedStates() {
    return this.run((sql) => feeds.feedStates(sql));
  }
  writeFeed(at: string, feed: FeedWrite) {
    return this.run((sql) => feeds.writeFeed(sql, at, feed));
  }

  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }) {
    return this.run((sql) => articles.hasItem(sql, feedUrl, keys));
  }
  articleIdByTextHash(hash: string) {
    return this.run((sql) => articles.articleIdByTextHash(sql, hash));
  }
  articlesByBands(bands: readonly number[], limit: number) {
    return this.run((sql) => articles.articlesByBands(sql, bands, limit));
  }
  insertArticle(at: string, article: ArticleWrite) {
    return this.run((sql) => {
      const articleId = articles.insertArticle(sql, at, article);
      return { articleId, claimIds: claims.addClaims(sql, articleId, article.claims) };
    });
  }
  originalArticleIds() {
    return this.run((sql) => articles.originalArticleIds(sql));
  }
  articleText(articleId: number) {
    return this.run((sql) => articles.articleText(sql, articleId));
  }
  setFingerprint(articleId: number, fingerprint: TextUpdate['fingerprint']) {
    return this.run((sql) => articles.setFingerprint(sql, articleId, fingerprint));
  }
  replaceArticleText(articleId: number, update: TextUpdate) {
    return this.run((sql) => articles.replaceArticleText(sql, articleId, update));
  }
  setExtractProblem(articleId: number, problem: string | null) {
    return this.run((sql) => articles.setExtractProblem(sql, articleId, problem));
  }
  articlesByFeed() {
    return this.run((sql) => articles.articlesByFeed(sql));
  }
  articlesAwaitingExtraction() {
    return this.run((sql) => articles.articlesAwaitingExtraction(sql));
  }
  pagesDue(now: string, limit: number) {
    return this.run((sql) => articles.pagesDue(sql, now, limit));
  }
  writePageState(articleId: number, at: string, page: PageState) {
    return this.run((sql) => articles.writePageState(sql, articleId, at, page));
  }

  ledger(metrics?: readonly string[]) {
    return this.run((sql) => claims.ledger(sql, metrics));
  }
  estimateLedger() {
    return this.run((sql) => claims.estimateLedger(sql));
  }
  newestClaims(metric: string, kind: Pick<Claim, 'status' | 'scope'>, limit: number) {
    return this.run((sql) => claims.newestClaims(sql, metric, kind, limit));
  }
  ledgerClaim(id: number) {
    return this.run((sql) => claims.ledgerClaim(sql, id));
  }
  hasClaimOf(figure: FigureRef, rejectedBy?: RejectedBy | null) {
    return this.run((sql) => claims.hasClaimOf(sql, figure, rejectedBy));
  }
  articleClaims(articleId: number) {
    return this.run((sql) => claims.articleClaims(sql, articleId));
  }
  addClaims(articleId: number, list: ReadonlyArray<Claim & { topic: string }>) {
    return this.run((sql) => claims.addClaims(sql, articleId, list));
  }
  rejectClaims(ids: readonly number[], reason: string | null, at: string, by: RejectedBy) {
    return this.run((sql) => claims.rejectClaims(sql, ids, reason, at, by));
  }
  reinstateClaims(ids: readonly number[]) {
    return this.run((sql) => claims.reinstateClaims(sql, ids));
  }

  insertChanges(at: string, records: readonly ChangeRecord[], notify: boolean) {
    return this.run((sql) => changes.insertChanges(sql, at, records, notify));
  }
  undigestedChanges() {
    return this.run((sql) => changes.undigestedChanges(sql));
  }

  queueDigest(
    at: string,
    digest: { subject: string; data: string },
    channels: readonly string[],
    changeIds: readonly number[] = [],
  ) {
    return this.run((sql) => outbox.queueDigest(sql, at, digest, channels, changeIds));
  }
  digests(limit: number) {
    return this.run((sql) => outbox.digests(sql, limit));
  }
  digest(id: number) {
    return this.run((sql) => outbox.digest(sql, id));
  }
  pendingDeliveries(channels: readonly string[], now?: string) {
    return this.run((sql) => outbox.pendingDeliveries(sql, channels, now));
  }
  markDelivered(digestId: number, channel: string, at: string) {
    return this.run((sql) => outbox.markDelivered(sql, digestId, channel, at));
  }
  markDeliveryFailed(digestId: number, channel: string, at: string, error: string, nextAttemptAt: string | null) {
    return this.run((sql) => outbox.markDeliveryFailed(sql, digestId, channel, at, error, nextAttemptAt));
  }

  startRun(kind: string, at: string) {
    return this.run((sql) => runs.startRun(sql, kind, at));
  }
  finishRun(id: number, at: string, summary: RunSummary) {
    return this.run((sql) => runs.finishRun(sql, id, at, summary));
  }
  lastRun() {
    return this.run((sql) => runs.lastRun(sql));
  }

  /** Row counts by table, for tests and benchmarks. */
  counts(): Promise<Record<'articles' | 'claims' | 'outbox' | 'changes', number>> {
    return this.run((sql) => {
      const one = (table: string): number => (sql.get(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      return { articles: one('articles'), claims: one('claims'), outbox: one('outbox'), changes: one('changes') };
    });
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
