import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../config/errors.js';
import { type Claim, type Qualifier, type Scope, type Status } from '../model/claim.js';
import type { LedgerClaim, RejectedBy } from '../model/ledger.js';
import { BANDS, bandKeys, COPY_SIMILARITY, signatureFromBuffer, signatureToBuffer, similarity } from '../dedupe/minhash.js';
import type { FailureKind } from '../http/fetch.js';
import { MIGRATIONS } from './migrations.js';
import type {
  ArticleClaim, ArticleWrite, ChangeRecord, FeedState, FeedWrite, OutboxMessage, PageDue, PageState, RunRecord, RunSummary, Store,
  StoredChange, StoredDigest, TextUpdate,
} from './store.js';

interface FeedRow {
  url: string; name: string; etag: string | null; last_modified: string | null; last_success_at: string | null;
  last_error_at: string | null; last_error_kind: string | null; last_error: string | null; error_count: number;
  failing_since: string | null; next_try_at: string | null; failure_notified_at: string | null;
}

/** The ledger: each claim with its article's time, outlet and copies (see LedgerClaim). */
const LEDGER_SQL = `SELECT c.id, c.article_id, c.metric, c.low, c.high, c.qualifier, c.status, c.scope, c.attribution, c.when_text,
  c.quote, c.figure_text, c.rejected_at, c.reject_reason, c.rejected_by, a.title, a.url, a.feed_name,
  COALESCE(a.published_at, a.fetched_at) AS at,
  (SELECT COUNT(*) FROM articles d WHERE d.duplicate_of = a.id) AS copies
  FROM claims c JOIN articles a ON a.id = c.article_id`;

interface LedgerRow {
  id: number; article_id: number; metric: string; low: number; high: number; qualifier: string; status: string; scope: string;
  attribution: string | null; when_text: string | null; quote: string; figure_text: string | null; rejected_at: string | null;
  reject_reason: string | null; rejected_by: string | null; title: string; url: string; feed_name: string | null; at: string; copies: number;
}

/** The outlet of an article: its feed's name, else its page's host. */
function publisherOf(feedName: string | null, url: string): string {
  if (feedName && feedName !== 'backfill') return feedName;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || feedName || 'unknown';
  } catch {
    return feedName ?? 'unknown';
  }
}

function ledgerClaim(r: LedgerRow): LedgerClaim {
  return {
    id: r.id, articleId: r.article_id, metric: r.metric, low: r.low, high: r.high, qualifier: r.qualifier as Qualifier,
    status: r.status as Status, scope: r.scope as Scope, attribution: r.attribution, when: r.when_text, quote: r.quote,
    figureText: r.figure_text, at: r.at, title: r.title, url: r.url, publisher: publisherOf(r.feed_name, r.url), copies: r.copies,
    rejected: r.rejected_at === null ? null : { at: r.rejected_at, reason: r.reject_reason, by: r.rejected_by === 'user' ? 'user' : 'figurewatch' },
  };
}

interface OutboxRow {
  id: number; created_at: string; subject: string; text: string; html: string | null; attempts: number; data: string | null; sent_at: string | null;
}

function storedDigest(r: OutboxRow): StoredDigest {
  return { id: r.id, createdAt: r.created_at, subject: r.subject, text: r.text, html: r.html, attempts: r.attempts, data: r.data, sentAt: r.sent_at };
}

function feedFromRow(r: FeedRow): FeedState {
  return {
    url: r.url, name: r.name, etag: r.etag, lastModified: r.last_modified, lastSuccessAt: r.last_success_at,
    lastErrorAt: r.last_error_at, lastErrorKind: r.last_error_kind as FailureKind | null, lastError: r.last_error,
    errorCount: r.error_count, failingSince: r.failing_since, nextTryAt: r.next_try_at, failureNotifiedAt: r.failure_notified_at,
  };
}

/**
 * What a store failure means for the operator, when it is one they can fix (disk full, read-only,
 * I/O error); null for other errors. SQLite rolls the transaction back in each case.
 */
export function storeProblem(err: unknown, file: string): string | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_FULL')) return `the disk holding the store ${file} is full (${code}): free some space; figurewatch retries on the next cycle and loses nothing`;
  if (code.startsWith('SQLITE_READONLY')) return `the store ${file} is read-only (${code}): make the file and its folder writable; figurewatch retries on the next cycle and loses nothing`;
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return `cannot write the store ${file} (${code}: ${(err as Error).message}): check the disk (full, read-only, removed); figurewatch retries on the next cycle`;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return `the store ${file} is damaged (${code}): restore it from a backup, or move it aside to start a new one`;
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
      throw new UserError(`Cannot create the folder for the store ${file} (${(err as NodeJS.ErrnoException).code}): set store.path to a writable place`);
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
    // Up to 16 MB of page cache, taken only as used: the near-duplicate band index outgrows the
    // 2 MB default as the store grows. Larger buys little and counts against the daemon's memory.
    db.pragma('cache_size = -16384');
  } catch (err) {
    throw new UserError(`Cannot open the store ${file}: ${(err as Error).message}. Check that it is a figurewatch SQLite file and ${options.readOnly ? 'readable' : 'writable'}, or set store.path`);
  }
  if (options.readOnly) {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== MIGRATIONS.length) {
      db.close();
      throw new UserError(`The store ${file} has schema version ${version}, this figurewatch reads version ${MIGRATIONS.length}: run a command that writes (figurewatch once) with write access once, to update it`);
    }
  } else {
    migrate(db, file);
  }
  return new SqliteStore(db);
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
    if (bytes.length >= 20) bytes.writeUInt8(1, 18), bytes.writeUInt8(1, 19);
    return new Database(bytes, { readonly: true });
  }
}

function migrate(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new UserError(`The store ${file} has schema version ${version}, newer than this figurewatch knows (${MIGRATIONS.length}): upgrade figurewatch`);
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export class SqliteStore implements Store {
  private readonly candidatesByBand: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once: preparing costs more than running the small queries here. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  constructor(private readonly db: Database.Database) {
    this.candidatesByBand = db.prepare(`SELECT article_id FROM article_bands
      WHERE band_key IN (${Array.from({ length: BANDS }, () => '?').join(', ')}) LIMIT 200`);
  }

  feedState(url: string): FeedState | null {
    const row = this.sql('SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
    return row ? feedFromRow(row) : null;
  }

  feedStates(): FeedState[] {
    return (this.sql('SELECT * FROM feeds ORDER BY name').all() as FeedRow[]).map(feedFromRow);
  }

  hasItem(feedUrl: string, keys: { guid: string | null; url: string | null }): boolean {
    if (keys.url !== null && this.sql('SELECT 1 FROM articles WHERE canonical_url = ?').get(keys.url)) return true;
    return keys.guid !== null && this.sql('SELECT 1 FROM articles WHERE feed_url = ? AND guid = ?').get(feedUrl, keys.guid) !== undefined;
  }

  articleIdByTextHash(hash: string): number | null {
    const row = this.sql('SELECT id FROM articles WHERE text_hash = ? AND duplicate_of IS NULL ORDER BY id LIMIT 1').get(hash) as { id: number } | undefined;
    return row?.id ?? null;
  }

  nearDuplicateOf(fingerprint: Uint32Array): { articleId: number; similarity: number } | null {
    const candidates = new Set((this.candidatesByBand.all(...bandKeys(fingerprint)) as Array<{ article_id: number }>).map((r) => r.article_id));
    const fingerprintOf = this.sql('SELECT fingerprint FROM articles WHERE id = ?');
    let best: { articleId: number; similarity: number } | null = null;
    for (const id of candidates) {
      const row = fingerprintOf.get(id) as { fingerprint: Buffer | null } | undefined;
      if (!row?.fingerprint) continue;
      const s = similarity(fingerprint, signatureFromBuffer(row.fingerprint));
      if (s >= COPY_SIMILARITY && (!best || s > best.similarity || (s === best.similarity && id < best.articleId))) best = { articleId: id, similarity: s };
    }
    return best;
  }

  transaction<T>(fn: () => T): T {
    // IMMEDIATE: the write lock is taken at the start, so the commit cannot fail for want of it.
    return this.db.transaction(fn).immediate();
  }

  ledger(metrics?: readonly string[]): LedgerClaim[] {
    const rows = metrics === undefined
      ? this.sql(`${LEDGER_SQL} ORDER BY at, c.id`).all() as LedgerRow[]
      : metrics.flatMap((m) => this.sql(`${LEDGER_SQL} WHERE c.metric = ? ORDER BY at, c.id`).all(m) as LedgerRow[]);
    return rows.map(ledgerClaim);
  }

  ledgerClaim(id: number): LedgerClaim | null {
    const row = this.sql(`${LEDGER_SQL} WHERE c.id = ?`).get(id) as LedgerRow | undefined;
    return row ? ledgerClaim(row) : null;
  }

  figureSeen(key: string): boolean {
    const [metric, low, high] = key.split('|');
    return this.sql('SELECT 1 FROM claims WHERE metric = ? AND low = ? AND high = ? LIMIT 1').get(metric, Number(low), Number(high)) !== undefined;
  }

  figureRejectedByUser(key: string): boolean {
    const [metric, low, high] = key.split('|');
    return this.sql(`SELECT 1 FROM claims WHERE metric = ? AND low = ? AND high = ? AND rejected_by = 'user' LIMIT 1`)
      .get(metric, Number(low), Number(high)) !== undefined;
  }

  insertArticle(at: string, a: ArticleWrite): { articleId: number; claimIds: number[] } {
    const articleId = Number(this.sql(`INSERT INTO articles
      (canonical_url, guid, url, feed_url, feed_name, title, published_at, published_adjusted_from, fetched_at, text_source, text_hash, text,
       duplicate_of, fingerprint, extract_problem, page_status, page_etag, page_last_modified, page_attempts, page_next_try_at, page_checked_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(a.canonicalUrl, a.guid, a.url, a.feedUrl, a.feedName, a.title, a.publishedAt, a.publishedAdjustedFrom, at, a.textSource, a.textHash, a.text,
        a.duplicateOf, a.fingerprint ? signatureToBuffer(a.fingerprint) : null, a.extractProblem, a.page?.status ?? null, a.page?.etag ?? null,
        a.page?.lastModified ?? null, a.page?.attempts ?? 0, a.page?.nextTryAt ?? null, a.page ? at : null).lastInsertRowid);
    // Only originals are indexed: a look-up then finds the original, never a copy of it.
    if (a.fingerprint && a.duplicateOf === null) this.indexBands(articleId, a.fingerprint);
    return { articleId, claimIds: this.addClaims(articleId, a.claims) };
  }

  private indexBands(articleId: number, fingerprint: Uint32Array): void {
    const insertBand = this.sql('INSERT OR IGNORE INTO article_bands (band_key, article_id) VALUES (?, ?)');
    for (const key of bandKeys(fingerprint)) insertBand.run(key, articleId);
  }

  addClaims(articleId: number, claims: ReadonlyArray<Claim & { topic: string }>): number[] {
    const insert = this.sql(`INSERT INTO claims
      (article_id, topic, metric, low, high, qualifier, status, scope, attribution, when_text, quote, figure_text)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    return claims.map((c) => Number(insert.run(articleId, c.topic, c.metric, c.low, c.high, c.qualifier,
      c.status, c.scope, c.attribution, c.when, c.quote, c.figureText ?? null).lastInsertRowid));
  }

  rejectClaims(ids: readonly number[], reason: string | null, at: string, by: RejectedBy): void {
    const reject = this.sql('UPDATE claims SET rejected_at = ?, reject_reason = ?, rejected_by = ? WHERE id = ? AND rejected_at IS NULL');
    for (const id of ids) reject.run(at, reason, by, id);
  }

  reinstateClaims(ids: readonly number[]): void {
    const reinstate = this.sql('UPDATE claims SET rejected_at = NULL, reject_reason = NULL, rejected_by = NULL WHERE id = ?');
    for (const id of ids) reinstate.run(id);
  }

  replaceArticleText(articleId: number, u: TextUpdate): void {
    this.sql('UPDATE articles SET text = ?, text_hash = ?, text_source = ?, fingerprint = ? WHERE id = ?')
      .run(u.text, u.textHash, u.textSource, u.fingerprint ? signatureToBuffer(u.fingerprint) : null, articleId);
    this.sql('DELETE FROM article_bands WHERE article_id = ?').run(articleId);
    const original = this.sql('SELECT duplicate_of FROM articles WHERE id = ?').get(articleId) as { duplicate_of: number | null } | undefined;
    if (u.fingerprint && original?.duplicate_of === null) this.indexBands(articleId, u.fingerprint);
  }

  setExtractProblem(articleId: number, problem: string | null): void {
    this.sql('UPDATE articles SET extract_problem = ? WHERE id = ?').run(problem, articleId);
  }

  writeFeed(at: string, f: FeedWrite): void {
    this.sql(`INSERT INTO feeds (url, name) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET name = excluded.name`).run(f.url, f.name);
    const o = f.outcome;
    if (o.kind === 'ok') {
      this.sql(`UPDATE feeds SET etag = ?, last_modified = ?, last_success_at = ?, error_count = 0,
        failing_since = NULL, next_try_at = NULL, failure_notified_at = NULL WHERE url = ?`).run(o.etag, o.lastModified, at, f.url);
    } else if (o.kind === 'not-modified') {
      this.sql(`UPDATE feeds SET last_success_at = ?, error_count = 0, failing_since = NULL, next_try_at = NULL,
        failure_notified_at = NULL WHERE url = ?`).run(at, f.url);
    } else {
      this.sql(`UPDATE feeds SET last_error_at = ?, last_error_kind = ?, last_error = ?, error_count = error_count + 1,
        failing_since = COALESCE(failing_since, ?), next_try_at = ?,
        failure_notified_at = CASE WHEN ? THEN ? ELSE failure_notified_at END WHERE url = ?`)
        .run(at, o.errorKind, o.message, at, o.nextTryAt, f.notified === 'set' ? 1 : 0, at, f.url);
    }
  }

  pagesDue(now: string, limit: number): PageDue[] {
    const rows = this.sql(`SELECT id, url, title, feed_name, fetched_at, text_hash, length(text) AS text_length, text_source,
      page_status, page_etag, page_last_modified, page_attempts, page_next_try_at
      FROM articles WHERE page_next_try_at IS NOT NULL AND page_next_try_at <= ? AND duplicate_of IS NULL
      ORDER BY page_next_try_at, id LIMIT ?`).all(now, limit) as Array<{
        id: number; url: string; title: string; feed_name: string | null; fetched_at: string; text_hash: string; text_length: number;
        text_source: 'page' | 'feed' | 'file'; page_status: PageState['status'];
        page_etag: string | null; page_last_modified: string | null; page_attempts: number; page_next_try_at: string | null;
      }>;
    return rows.map((r) => ({
      articleId: r.id, url: r.url, title: r.title, feedName: r.feed_name, fetchedAt: r.fetched_at, textHash: r.text_hash,
      textLength: r.text_length, textSource: r.text_source,
      page: { status: r.page_status, etag: r.page_etag, lastModified: r.page_last_modified, attempts: r.page_attempts, nextTryAt: r.page_next_try_at },
    }));
  }

  writePageState(articleId: number, at: string, page: PageState): void {
    this.sql(`UPDATE articles SET page_status = ?, page_etag = ?, page_last_modified = ?, page_attempts = ?, page_next_try_at = ?, page_checked_at = ?
      WHERE id = ?`).run(page.status, page.etag, page.lastModified, page.attempts, page.nextTryAt, at, articleId);
  }

  undigestedChanges(): StoredChange[] {
    return (this.sql('SELECT id, created_at, data FROM changes WHERE notify = 1 AND digest_id IS NULL ORDER BY id').all() as Array<{ id: number; created_at: string; data: string }>)
      .map((r) => ({ id: r.id, createdAt: r.created_at, record: JSON.parse(r.data) as ChangeRecord }));
  }

  insertChanges(at: string, records: readonly ChangeRecord[], notify: boolean): void {
    const insert = this.sql('INSERT INTO changes (created_at, kind, data, notify) VALUES (?, ?, ?, ?)');
    for (const r of records) insert.run(at, r.kind, JSON.stringify(r), notify ? 1 : 0);
  }

  articlesAwaitingExtraction(): number {
    return (this.sql('SELECT COUNT(*) AS n FROM articles WHERE extract_problem IS NOT NULL AND duplicate_of IS NULL').get() as { n: number }).n;
  }

  originalArticleIds(): number[] {
    return (this.sql('SELECT id FROM articles WHERE duplicate_of IS NULL ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  }

  articleText(articleId: number): string | null {
    return (this.sql('SELECT text FROM articles WHERE id = ?').get(articleId) as { text: string } | undefined)?.text ?? null;
  }

  articleClaims(articleId: number): ArticleClaim[] {
    return (this.sql(`${LEDGER_SQL} WHERE c.article_id = ? ORDER BY c.id`).all(articleId) as LedgerRow[]).map((r) => {
      const { id, metric, low, high, qualifier, status, scope, attribution, when, quote, figureText, rejected } = ledgerClaim(r);
      return { id, metric, low, high, qualifier, status, scope, attribution, when, quote, figureText, rejectedAt: rejected?.at ?? null, rejectReason: rejected?.reason ?? null, rejectedBy: rejected?.by ?? null };
    });
  }

  queueDigest(at: string, digest: { subject: string; text: string; html: string | null; data: string | null }, changeIds: readonly number[] = []): number {
    const id = Number(this.sql('INSERT INTO outbox (created_at, subject, text, html, data) VALUES (?, ?, ?, ?, ?)')
      .run(at, digest.subject, digest.text, digest.html, digest.data).lastInsertRowid);
    const mark = this.sql('UPDATE changes SET digest_id = ? WHERE id = ?');
    for (const changeId of changeIds) mark.run(id, changeId);
    return id;
  }

  pendingOutbox(now?: string): OutboxMessage[] {
    const rows = this.sql(`SELECT id, created_at, subject, text, html, attempts FROM outbox
      WHERE sent_at IS NULL AND (? IS NULL OR next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id`).all(now ?? null, now ?? null) as Array<{
      id: number; created_at: string; subject: string; text: string; html: string | null; attempts: number;
    }>;
    return rows.map((r) => ({ id: r.id, createdAt: r.created_at, subject: r.subject, text: r.text, html: r.html, attempts: r.attempts }));
  }

  digests(limit: number): StoredDigest[] {
    return (this.sql('SELECT * FROM outbox ORDER BY id DESC LIMIT ?').all(limit) as OutboxRow[]).map(storedDigest);
  }

  digest(id: number): StoredDigest | null {
    const row = this.sql('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return row ? storedDigest(row) : null;
  }

  markSent(id: number, at: string): void {
    this.sql('UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_attempt_at = ? WHERE id = ?').run(at, at, id);
  }

  markAttemptFailed(id: number, error: string, at: string, nextAttemptAt: string): void {
    this.sql('UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?, last_error = ?, next_attempt_at = ? WHERE id = ?')
      .run(at, error, nextAttemptAt, id);
  }

  startRun(at: string): number {
    return Number(this.sql('INSERT INTO runs (started_at) VALUES (?)').run(at).lastInsertRowid);
  }

  finishRun(id: number, at: string, s: RunSummary): void {
    this.sql(`UPDATE runs SET finished_at = ?, outcome = ?, items_new = ?, articles = ?, claims = ?, changes = ?,
      feeds_failed = ?, error = ? WHERE id = ?`)
      .run(at, s.outcome, s.itemsNew, s.articles, s.claims, s.changes, s.feedsFailed, s.error, id);
  }

  lastRun(): RunRecord | null {
    const r = this.sql('SELECT * FROM runs ORDER BY id DESC LIMIT 1').get() as {
      id: number; started_at: string; finished_at: string | null; outcome: string | null; items_new: number | null;
      articles: number | null; claims: number | null; changes: number | null; feeds_failed: number | null; error: string | null;
    } | undefined;
    if (!r) return null;
    return {
      id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, outcome: r.outcome, itemsNew: r.items_new,
      articles: r.articles, claims: r.claims, changes: r.changes, feedsFailed: r.feeds_failed, error: r.error,
    };
  }

  /** Row counts by table, for tests and `status`. */
  counts(): Record<'articles' | 'claims' | 'outbox' | 'changes', number> {
    const one = (table: string): number => (this.sql(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { articles: one('articles'), claims: one('claims'), outbox: one('outbox'), changes: one('changes') };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
