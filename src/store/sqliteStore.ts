import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../config/errors.js';
import type { Estimate, KnownFigure } from '../diff/diff.js';
import { figureKey, type Claim, type Qualifier, type Scope, type Status } from '../extract/claim.js';
import { BANDS, bandKeys, COPY_SIMILARITY, signatureFromBuffer, signatureToBuffer, similarity } from '../dedupe/minhash.js';
import type { FailureKind } from '../http/fetch.js';
import { MIGRATIONS } from './migrations.js';
import type {
  ArticleClaim, ArticleWrite, ChangeRecord, ClaimRecord, ClaimSighting, FeedState, FeedWrite, FigureWrites, OutboxMessage, PageDue, PageState,
  RebuiltState, RunRecord, RunSummary, Store, StoredChange, StoredEstimate, TextUpdate,
} from './store.js';

interface FeedRow {
  url: string; name: string; etag: string | null; last_modified: string | null; last_success_at: string | null;
  last_error_at: string | null; last_error_kind: string | null; last_error: string | null; error_count: number;
  failing_since: string | null; next_try_at: string | null; failure_notified_at: string | null;
}

const INSERT_FIGURE_SQL = `INSERT INTO figures (metric, low, high, first_claim_id, first_seen_at, last_seen_at, source_count)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** A new claim becomes the estimate; the same claim again leaves it, and the time it has held since, alone. */
const UPSERT_ESTIMATE_SQL = `INSERT INTO estimates (metric, claim_id, low, high, qualifier, attribution, as_of, since)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (metric) DO UPDATE SET claim_id = excluded.claim_id, low = excluded.low, high = excluded.high,
    qualifier = excluded.qualifier, attribution = excluded.attribution, as_of = excluded.as_of, since = excluded.since
  WHERE estimates.claim_id IS NOT excluded.claim_id`;

const CLAIM_RECORD_SQL = `SELECT c.id, c.article_id, c.metric, c.low, c.high, c.qualifier, c.status, c.scope, c.attribution,
  c.when_text, c.quote, c.rejected_at, c.reject_reason, a.title, a.url, a.feed_name, a.published_at, a.fetched_at
  FROM claims c JOIN articles a ON a.id = c.article_id`;

interface ClaimRow {
  id: number; article_id: number; metric: string; low: number; high: number; qualifier: string; status: string; scope: string;
  attribution: string | null; when_text: string | null; quote: string; rejected_at: string | null; reject_reason: string | null;
  title: string; url: string; feed_name: string | null; published_at: string | null; fetched_at: string;
}

function claimRecord(r: ClaimRow): ClaimRecord {
  return {
    id: r.id, articleId: r.article_id, metric: r.metric, low: r.low, high: r.high, qualifier: r.qualifier as Qualifier,
    status: r.status as Status, scope: r.scope as Scope, attribution: r.attribution, when: r.when_text, quote: r.quote,
    rejectedAt: r.rejected_at, rejectReason: r.reject_reason, articleTitle: r.title, articleUrl: r.url, feedName: r.feed_name,
    publishedAt: r.published_at, fetchedAt: r.fetched_at,
  };
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

  claimHistory(metric: string): ClaimRecord[] {
    return (this.sql(`${CLAIM_RECORD_SQL} WHERE c.metric = ? ORDER BY COALESCE(a.published_at, a.fetched_at), c.id`).all(metric) as ClaimRow[]).map(claimRecord);
  }

  claimSightings(): ClaimSighting[] {
    const own = (this.sql(`${CLAIM_RECORD_SQL} WHERE c.rejected_at IS NULL`).all() as ClaimRow[]).map(claimRecord);
    const byArticle = new Map<number, ClaimRecord[]>();
    for (const r of own) byArticle.set(r.articleId, [...(byArticle.get(r.articleId) ?? []), r]);
    const sightings: ClaimSighting[] = own.map((record) => ({
      record, title: record.articleTitle, url: record.articleUrl, feedName: record.feedName, publishedAt: record.publishedAt, fetchedAt: record.fetchedAt,
    }));
    const copies = this.sql('SELECT title, url, feed_name, published_at, fetched_at, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL').all() as Array<{
      title: string; url: string; feed_name: string | null; published_at: string | null; fetched_at: string; duplicate_of: number;
    }>;
    for (const copy of copies) {
      for (const record of byArticle.get(copy.duplicate_of) ?? []) {
        sightings.push({ record, title: copy.title, url: copy.url, feedName: copy.feed_name, publishedAt: copy.published_at, fetchedAt: copy.fetched_at });
      }
    }
    return sightings;
  }

  rejectClaim(id: number, reason: string | null, at: string): { metric: string; estimate: { from: ClaimRecord; to: ClaimRecord | null } | null } {
    return this.db.transaction(() => {
      const row = this.sql(`${CLAIM_RECORD_SQL} WHERE c.id = ?`).get(id) as ClaimRow | undefined;
      if (!row) throw new UserError(`There is no claim ${id}: see the claim ids in figurewatch history METRIC`);
      const claim = claimRecord(row);
      if (claim.rejectedAt) throw new UserError(`Claim ${id} was already rejected on ${claim.rejectedAt}${claim.rejectReason ? ` (${claim.rejectReason})` : ''}`);
      this.sql('UPDATE claims SET rejected_at = ?, reject_reason = ? WHERE id = ?').run(at, reason, id);
      this.sql('UPDATE figures SET source_count = MAX(0, source_count - 1) WHERE metric = ? AND low = ? AND high = ?').run(claim.metric, claim.low, claim.high);
      const current = this.sql('SELECT claim_id FROM estimates WHERE metric = ?').get(claim.metric) as { claim_id: number } | undefined;
      if (current?.claim_id !== id) return { metric: claim.metric, estimate: null };
      // The newest remaining actual total of an original article becomes the estimate.
      const next = this.sql(`${CLAIM_RECORD_SQL} WHERE c.metric = ? AND c.rejected_at IS NULL AND c.status = 'actual' AND c.scope = 'total'
        AND a.duplicate_of IS NULL ORDER BY COALESCE(a.published_at, a.fetched_at) DESC, c.low DESC, c.id DESC LIMIT 1`).get(claim.metric) as ClaimRow | undefined;
      if (next) {
        const to = claimRecord(next);
        this.sql('UPDATE estimates SET claim_id = ?, low = ?, high = ?, qualifier = ?, attribution = ?, as_of = ?, since = ? WHERE metric = ?')
          .run(to.id, to.low, to.high, to.qualifier, to.attribution, to.publishedAt, at, claim.metric);
        return { metric: claim.metric, estimate: { from: claim, to } };
      }
      this.sql('DELETE FROM estimates WHERE metric = ?').run(claim.metric);
      return { metric: claim.metric, estimate: { from: claim, to: null } };
    })();
  }

  claimsOfArticle(articleId: number): Array<Claim & { id: number }> {
    return (this.sql(`${CLAIM_RECORD_SQL} WHERE c.article_id = ? AND c.rejected_at IS NULL ORDER BY c.id`).all(articleId) as ClaimRow[])
      .map((r) => {
        const { id, metric, low, high, qualifier, status, scope, attribution, when, quote } = claimRecord(r);
        return { id, metric, low, high, qualifier, status, scope, attribution, when, quote };
      });
  }

  knownFigures(keys?: readonly string[]): Map<string, KnownFigure> {
    if (keys === undefined) {
      const rows = this.sql('SELECT metric, low, high, source_count FROM figures').all() as Array<{ metric: string; low: number; high: number; source_count: number }>;
      return new Map(rows.map((r) => [figureKey(r), { sourceCount: r.source_count }]));
    }
    const get = this.sql('SELECT source_count FROM figures WHERE metric = ? AND low = ? AND high = ?');
    const out = new Map<string, KnownFigure>();
    for (const key of keys) {
      const [metric, low, high] = key.split('|');
      const row = get.get(metric, Number(low), Number(high)) as { source_count: number } | undefined;
      if (row) out.set(key, { sourceCount: row.source_count });
    }
    return out;
  }

  claimQuotes(ids: readonly number[]): Map<number, string> {
    const get = this.sql('SELECT quote FROM claims WHERE id = ?');
    const out = new Map<number, string>();
    for (const id of ids) {
      const row = get.get(id) as { quote: string } | undefined;
      if (row) out.set(id, row.quote);
    }
    return out;
  }

  estimates(): Map<string, Estimate> {
    return new Map(this.currentEstimates().map((e) => [e.metric, e]));
  }

  currentEstimates(): StoredEstimate[] {
    const rows = this.sql(`
      SELECT e.metric, e.low, e.high, e.qualifier, e.attribution, e.as_of, e.since, e.claim_id,
             c.quote, a.title, a.url, a.feed_name, COALESCE(f.source_count, 1) AS source_count
      FROM estimates e
      JOIN claims c ON c.id = e.claim_id
      JOIN articles a ON a.id = c.article_id
      LEFT JOIN figures f ON f.metric = e.metric AND f.low = e.low AND f.high = e.high
      ORDER BY e.metric`).all() as Array<{
        metric: string; low: number; high: number; qualifier: string; attribution: string | null; as_of: string | null;
        since: string; claim_id: number; quote: string; title: string; url: string; feed_name: string | null; source_count: number;
      }>;
    return rows.map((r) => ({
      metric: r.metric, low: r.low, high: r.high, qualifier: r.qualifier as Qualifier, asOf: r.as_of,
      attribution: r.attribution, claimRef: { claimId: r.claim_id }, since: r.since, quote: r.quote,
      articleTitle: r.title, articleUrl: r.url, feedName: r.feed_name, sourceCount: r.source_count,
    }));
  }

  transaction<T>(fn: () => T): T {
    // IMMEDIATE: the write lock is taken at the start, so the commit cannot fail for want of it.
    return this.db.transaction(fn).immediate();
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
      (article_id, topic, metric, low, high, qualifier, status, scope, attribution, when_text, quote)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    return claims.map((c) => Number(insert.run(articleId, c.topic, c.metric, c.low, c.high, c.qualifier,
      c.status, c.scope, c.attribution, c.when, c.quote).lastInsertRowid));
  }

  rejectClaims(ids: readonly number[], reason: string, at: string): void {
    const reject = this.sql('UPDATE claims SET rejected_at = ?, reject_reason = ? WHERE id = ? AND rejected_at IS NULL');
    for (const id of ids) reject.run(at, reason, id);
  }

  reinstateClaims(ids: readonly number[]): void {
    const reinstate = this.sql('UPDATE claims SET rejected_at = NULL, reject_reason = NULL WHERE id = ?');
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

  writeFigures(at: string, writes: FigureWrites): void {
    const insertFigure = this.sql(INSERT_FIGURE_SQL);
    const corroborate = this.sql('UPDATE figures SET source_count = source_count + ?, last_seen_at = COALESCE(?, last_seen_at) WHERE metric = ? AND low = ? AND high = ?');
    for (const f of writes.figureUpdates) {
      if (f.firstClaimId === null) corroborate.run(f.addedSources, f.lastSeenAt, f.metric, f.low, f.high);
      else insertFigure.run(f.metric, f.low, f.high, f.firstClaimId, at, f.lastSeenAt, f.addedSources);
    }
    const upsertEstimate = this.sql(UPSERT_ESTIMATE_SQL);
    for (const e of writes.estimates) upsertEstimate.run(e.metric, e.claimId, e.low, e.high, e.qualifier, e.attribution, e.asOf, at);
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
    return (this.sql(`${CLAIM_RECORD_SQL} WHERE c.article_id = ? ORDER BY c.id`).all(articleId) as ClaimRow[]).map((r) => {
      const { id, metric, low, high, qualifier, status, scope, attribution, when, quote, rejectedAt, rejectReason } = claimRecord(r);
      return { id, metric, low, high, qualifier, status, scope, attribution, when, quote, rejectedAt, rejectReason };
    });
  }

  replaceState(at: string, state: RebuiltState): void {
    const db = this.db;
    const firstSeen = new Map((this.sql('SELECT metric, low, high, first_seen_at FROM figures').all() as Array<{ metric: string; low: number; high: number; first_seen_at: string }>)
      .map((r) => [figureKey(r), r.first_seen_at]));
    const held = new Map((this.sql('SELECT metric, claim_id, since FROM estimates').all() as Array<{ metric: string; claim_id: number; since: string }>)
      .map((r) => [r.metric, r]));
    db.exec('DELETE FROM estimates; DELETE FROM figures;');
    const insertFigure = this.sql(INSERT_FIGURE_SQL);
    for (const f of state.figures) {
      insertFigure.run(f.metric, f.low, f.high, f.firstClaimId, firstSeen.get(figureKey(f)) ?? at, f.lastSeenAt, f.sourceCount);
    }
    // The table was emptied above: the upsert only inserts here.
    const insertEstimate = this.sql(UPSERT_ESTIMATE_SQL);
    for (const e of state.estimates) {
      const before = held.get(e.metric);
      insertEstimate.run(e.metric, e.claimId, e.low, e.high, e.qualifier, e.attribution, e.asOf, before?.claim_id === e.claimId ? before.since : at);
    }
  }

  queueDigest(at: string, digest: { subject: string; text: string; html: string | null }, changeIds: readonly number[] = []): number {
    const id = Number(this.sql('INSERT INTO outbox (created_at, subject, text, html) VALUES (?, ?, ?, ?)')
      .run(at, digest.subject, digest.text, digest.html).lastInsertRowid);
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
  counts(): Record<'articles' | 'claims' | 'figures' | 'estimates' | 'outbox' | 'changes', number> {
    const one = (table: string): number => (this.sql(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { articles: one('articles'), claims: one('claims'), figures: one('figures'), estimates: one('estimates'), outbox: one('outbox'), changes: one('changes') };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
