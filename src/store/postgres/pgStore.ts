import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
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
  RunSummary,
  Store,
  StoreOps,
  TextUpdate,
  WorkerBeat,
} from '../port.js';
import * as articles from './articles.js';
import { type Query, toPg } from './db.js';
import * as feeds from './feeds.js';
import { PG_MIGRATIONS } from './migrations.js';
import * as outbox from './outbox.js';
import * as records from './records.js';
import { postgresProblem, redactUrl } from './url.js';

/** Advisory lock keys (arbitrary constants, figurewatch's own): schema migrations, and write transactions. */
const MIGRATION_LOCK = 7_341_900_001;
const WRITE_LOCK = 7_341_900_002;

/** Unique violation, serialization failure, deadlock: the transaction is run again and decides again. */
const RETRYABLE = new Set(['23505', '40001', '40P01']);
const MAX_ATTEMPTS = 5;

export interface PostgresOptions {
  /** The password, when not in the URL (FIGUREWATCH_DB_PASSWORD). */
  password?: string | undefined;
  /** Do not migrate: refuse a schema of another version instead. */
  readOnly?: boolean;
  /** Connections kept at most (default 10). */
  maxConnections?: number;
}

/**
 * Opens the PostgreSQL store and brings its schema up to date under an advisory lock, so that
 * workers starting together apply each migration once. Failures name the server and the fix.
 */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    ...(options.password ? { password: options.password } : {}),
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 10_000,
    application_name: 'figurewatch',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  try {
    await migrate(pool, url, options.readOnly === true);
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof StoreOpenError) throw err;
    const problem = postgresProblem(err, url);
    throw new StoreOpenError(
      problem
        ? `Cannot open the store ${redactUrl(url)}: ${problem}`
        : `Cannot open the store ${redactUrl(url)}: ${(err as Error).message}. Check store.url`,
    );
  }
  return new PostgresStore(pool, url);
}

async function migrate(pool: pg.Pool, url: string, readOnly: boolean): Promise<void> {
  const client = await pool.connect();
  try {
    // Session lock: a second worker starting at the same moment waits here, then finds the schema current.
    if (!readOnly) await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT MAX(version) AS version FROM schema_migrations',
      );
      const version = rows[0]?.version ?? 0;
      if (version > PG_MIGRATIONS.length) {
        throw new StoreOpenError(
          `The store ${redactUrl(url)} has schema version ${version}, newer than this figurewatch knows (${PG_MIGRATIONS.length}): upgrade figurewatch`,
        );
      }
      if (readOnly && version !== PG_MIGRATIONS.length) {
        throw new StoreOpenError(
          `The store ${redactUrl(url)} has schema version ${version}, this figurewatch reads version ${PG_MIGRATIONS.length}: run a command that writes (figurewatch once) once, to update it`,
        );
      }
      for (let v = version; v < PG_MIGRATIONS.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[v]!);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            v + 1,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      if (!readOnly) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/**
 * The store on a PostgreSQL database shared by several workers. Every write transaction takes
 * one advisory lock, so transactions run one at a time across all workers, as they do on SQLite:
 * a commit's dedupe decisions (same canonical URL, same text, near copy) and its diff read every
 * row committed before it, and no other commit interleaves. The slow work (fetching, extracting)
 * happens outside transactions, in parallel. The unique canonical-URL index is the backstop: a
 * violation (a write outside the lock) reruns the transaction, which then folds the copy.
 * Leases (feeds, deliveries) are single statements with FOR UPDATE SKIP LOCKED, outside the lock.
 */
export class PostgresStore implements Store {
  readonly sharedByWorkers = true;
  private readonly client = new AsyncLocalStorage<{ client: pg.PoolClient; serialised: boolean }>();
  /** Feeds this process has made sure have a row (leases need one). */
  private readonly knownFeeds = new Set<string>();

  constructor(
    private readonly pool: pg.Pool,
    /** The URL as given; shown only through redactUrl. */
    private readonly url: string,
  ) {}

  /**
   * Runs a statement on the transaction's connection when inside one, else on any pooled one.
   * Inside a transaction the first statement takes the write lock (see the class comment).
   */
  private readonly q: Query = async <R>(text: string, params: readonly unknown[] = []): Promise<R[]> => {
    const tx = this.client.getStore();
    if (tx && !tx.serialised) {
      await tx.client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      tx.serialised = true;
    }
    const result = await (tx?.client ?? this.pool).query(toPg(text), params as unknown[]);
    return result.rows as R[];
  };

  /**
   * The same without the write lock: for a feed's own state (validators, health, lease), which
   * only the worker holding the feed's lease writes, so that a poll that found nothing new (most
   * of them) commits without waiting for the other workers' commits.
   */
  private readonly ownRow: Query = async <R>(text: string, params: readonly unknown[] = []): Promise<R[]> => {
    const result = await (this.client.getStore()?.client ?? this.pool).query(toPg(text), params as unknown[]);
    return result.rows as R[];
  };

  async transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
    if (this.client.getStore()) return fn(this);
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await this.client.run({ client, serialised: false }, () => fn(this));
        await client.query('COMMIT');
        return value;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr as Error;
        }
        const code = (err as { code?: unknown }).code;
        if (attempt < MAX_ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  explainFailure(err: unknown): string | null {
    const problem = postgresProblem(err, this.url);
    return problem ? `the store ${redactUrl(this.url)}: ${problem}` : null;
  }

  async leaseFeeds(request: LeaseRequest) {
    const unknown = request.feeds.filter((f) => !this.knownFeeds.has(f.url));
    if (unknown.length > 0) {
      await feeds.ensureFeeds(this.ownRow, unknown);
      for (const f of unknown) this.knownFeeds.add(f.url);
    }
    return feeds.leaseFeeds(this.ownRow, request);
  }
  releaseFeeds(worker: string, urls: readonly string[]) {
    return feeds.releaseFeeds(this.ownRow, worker, urls);
  }
  leaseDeliveries(request: DeliveryLeaseRequest) {
    return outbox.leaseDeliveries(this.ownRow, request);
  }
  heartbeat(beat: WorkerBeat) {
    return records.heartbeat(this.ownRow, beat);
  }
  workers(since: string, now: string) {
    return records.workers(this.q, since, now);
  }

  feedState(url: string) {
    return feeds.feedState(this.q, url);
  }
  feedStates() {
    return feeds.feedStates(this.q);
  }
  writeFeed(at: string, feed: FeedWrite) {
    return feeds.writeFeed(this.ownRow, at, feed);
  }

  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }) {
    return articles.hasItem(this.q, feedUrl, keys);
  }
  articleIdByTextHash(hash: string) {
    return articles.articleIdByTextHash(this.q, hash);
  }
  articlesByBands(bands: readonly number[], limit: number) {
    return articles.articlesByBands(this.q, bands, limit);
  }
  async insertArticle(at: string, article: ArticleWrite) {
    const articleId = await articles.insertArticle(this.q, at, article);
    return { articleId, claimIds: await records.addClaims(this.q, articleId, article.claims) };
  }
  originalArticleIds() {
    return articles.originalArticleIds(this.q);
  }
  articleText(articleId: number) {
    return articles.articleText(this.q, articleId);
  }
  setFingerprint(articleId: number, fingerprint: TextUpdate['fingerprint']) {
    return articles.setFingerprint(this.q, articleId, fingerprint);
  }
  replaceArticleText(articleId: number, update: TextUpdate) {
    return articles.replaceArticleText(this.q, articleId, update);
  }
  setExtractProblem(articleId: number, problem: string | null) {
    return articles.setExtractProblem(this.q, articleId, problem);
  }
  articlesByFeed() {
    return articles.articlesByFeed(this.q);
  }
  articlesAwaitingExtraction() {
    return articles.articlesAwaitingExtraction(this.q);
  }
  pagesDue(now: string, limit: number) {
    return articles.pagesDue(this.q, now, limit);
  }
  writePageState(articleId: number, at: string, page: PageState) {
    return articles.writePageState(this.q, articleId, at, page);
  }

  ledger(metrics?: readonly string[]) {
    return records.ledger(this.q, metrics);
  }
  estimateLedger() {
    return records.estimateLedger(this.q);
  }
  newestClaims(metric: string, kind: Pick<Claim, 'status' | 'scope'>, limit: number) {
    return records.newestClaims(this.q, metric, kind, limit);
  }
  ledgerClaim(id: number) {
    return records.ledgerClaim(this.q, id);
  }
  hasClaimOf(figure: FigureRef, rejectedBy?: RejectedBy | null) {
    return records.hasClaimOf(this.q, figure, rejectedBy);
  }
  articleClaims(articleId: number) {
    return records.articleClaims(this.q, articleId);
  }
  addClaims(articleId: number, list: ReadonlyArray<Claim & { topic: string }>) {
    return records.addClaims(this.q, articleId, list);
  }
  rejectClaims(ids: readonly number[], reason: string | null, at: string, by: RejectedBy) {
    return records.rejectClaims(this.q, ids, reason, at, by);
  }
  reinstateClaims(ids: readonly number[]) {
    return records.reinstateClaims(this.q, ids);
  }

  insertChanges(at: string, list: readonly ChangeRecord[], notify: boolean) {
    return records.insertChanges(this.q, at, list, notify);
  }
  undigestedChanges() {
    return records.undigestedChanges(this.q);
  }

  queueDigest(
    at: string,
    digest: { subject: string; data: string },
    channels: readonly string[],
    changeIds: readonly number[] = [],
  ) {
    return outbox.queueDigest(this.q, at, digest, channels, changeIds);
  }
  digests(limit: number) {
    return outbox.digests(this.q, limit);
  }
  digest(id: number) {
    return outbox.digest(this.q, id);
  }
  pendingDeliveries(channels: readonly string[], now?: string) {
    return outbox.pendingDeliveries(this.q, channels, now);
  }
  markDelivered(digestId: number, channel: string, at: string) {
    return outbox.markDelivered(this.q, digestId, channel, at);
  }
  markDeliveryFailed(digestId: number, channel: string, at: string, error: string, nextAttemptAt: string | null) {
    return outbox.markDeliveryFailed(this.q, digestId, channel, at, error, nextAttemptAt);
  }

  startRun(kind: string, at: string) {
    return records.startRun(this.q, kind, at);
  }
  finishRun(id: number, at: string, summary: RunSummary) {
    return records.finishRun(this.q, id, at, summary);
  }
  lastRun() {
    return records.lastRun(this.q);
  }

  /** Row counts by table, for tests and benchmarks. */
  async counts(): Promise<Record<'articles' | 'claims' | 'outbox' | 'changes', number>> {
    const one = async (table: string): Promise<number> =>
      (await this.q<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n;
    return {
      articles: await one('articles'),
      claims: await one('claims'),
      outbox: await one('outbox'),
      changes: await one('changes'),
    };
  }

  /** Runs statements on one connection, for the copy from SQLite (figurewatch migrate). */
  async withClient<T>(fn: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(async <R>(text: string, params: readonly unknown[] = []) => {
        const result = await client.query(toPg(text), params as unknown[]);
        return result.rows as R[];
      });
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
