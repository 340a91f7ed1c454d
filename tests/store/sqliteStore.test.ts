import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { articlesAwaitingExtraction, pagesDue } from '../../src/store/sqlite/articles.js';
import { newestClaims } from '../../src/store/sqlite/claims.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { Sql } from '../../src/store/sqlite/sql.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { article, storeSuite } from './storeSuite.js';

const AT = '2025-07-01T00:00:00.000Z';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

storeSuite('SQLite', async (label) => openSqliteStore(path.join(dir, `${label}.db`)));

/** The query plan of each statement `ask` prepares on the store file (read only), its steps joined by " | ". */
function plansOf(file: string, ask: (sql: Sql) => void, params: (text: string) => unknown[]): string[] {
  const db = new Database(file, { readonly: true });
  const statements: string[] = [];
  const sql = new (class extends Sql {
    override get(text: string) {
      statements.push(text);
      return super.get(text);
    }
  })(db);
  try {
    ask(sql);
    return statements.map((text) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params(text)) as Array<{ detail: string }>)
        .map((step) => step.detail)
        .join(' | '),
    );
  } finally {
    db.close();
  }
}

describe('SqliteStore', () => {
  it('applies the migrations once, in WAL mode, and reopens cleanly', async () => {
    const file = path.join(dir, 'fresh.db');
    await openSqliteStore(file).close();
    await openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it("finds an article's band keys by its id when its fingerprint is replaced, not by reading every article's", async () => {
    const file = path.join(dir, 'plan.db');
    await openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM article_bands WHERE article_id = ?').all(1) as Array<{
      detail: string;
    }>;
    db.close();
    assert.deepEqual(
      plan.map((step) => step.detail),
      ['SEARCH article_bands USING COVERING INDEX article_bands_article (article_id=?)'],
    );
  });

  it('finds the newest claim of a kind down one index: no sort of every claim of the metric', async () => {
    const file = path.join(dir, 'newest.db');
    const store = openSqliteStore(file);
    await store.transaction((tx) => tx.insertArticle(AT, article(301)));
    await store.close();
    const [plan] = plansOf(
      file,
      (sql) => newestClaims(sql, 'troops_deployed', { status: 'actual', scope: 'total' }, 1),
      () => ['m', 's', 's', 1],
    );
    assert.match(plan!, /SEARCH c USING INDEX claims_newest \(metric=\? AND status=\? AND scope=\?\)/);
    assert.doesNotMatch(plan!, /TEMP B-TREE/);
  });

  it('finds the pages due and counts the unread articles among originals alone, by their own indexes', async () => {
    const file = path.join(dir, 'originals.db');
    await openSqliteStore(file).close();
    const plans = plansOf(
      file,
      (sql) => {
        pagesDue(sql, AT, 10);
        articlesAwaitingExtraction(sql);
      },
      (text) => (text.includes('?') ? [AT, 10] : []),
    );
    assert.equal(plans[0], 'SEARCH articles USING INDEX articles_page_due (page_next_try_at>? AND page_next_try_at<?)');
    // Every row of that index is an unread original: a scan of it reads only those.
    assert.match(plans[1]!, /^SCAN articles USING (?:COVERING )?INDEX articles_unread$/);
  });

  it("gives the claims of a store made before claims kept their article's time that time", async () => {
    const file = path.join(dir, 'before-article-at.db');
    const old = new Database(file);
    // The schema of the release before (version 8), with two articles and their claims.
    for (const [v, migration] of MIGRATIONS.slice(0, 8).entries()) {
      old.exec(migration);
      old.pragma(`user_version = ${v + 1}`);
    }
    const addArticle = old.prepare(
      `INSERT INTO articles (url, title, published_at, fetched_at, text_source, text_hash, text) VALUES (?, 't', ?, ?, 'page', ?, 'x')`,
    );
    const addClaim = old.prepare(
      `INSERT INTO claims (article_id, topic, metric, low, high, qualifier, status, scope, quote) VALUES (?, 't', 'troops_deployed', ?, ?, 'exact', 'actual', 'total', 'q')`,
    );
    const dated = Number(addArticle.run('https://a/1', '2024-03-01T00:00:00.000Z', AT, 'h1').lastInsertRowid);
    const undated = Number(addArticle.run('https://a/2', null, '2024-01-01T00:00:00.000Z', 'h2').lastInsertRowid);
    addClaim.run(dated, 11000, 11000);
    addClaim.run(undated, 12000, 12000);
    old.close();
    const store = openSqliteStore(file);
    const [newest] = await store.newestClaims('troops_deployed', { status: 'actual', scope: 'total' }, 1);
    await store.close();
    assert.equal(newest?.low, 11000, 'the claim of the article published last');
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT article_id, article_at FROM claims ORDER BY id').all();
    db.close();
    assert.deepEqual(rows, [
      { article_id: dated, article_at: '2024-03-01T00:00:00.000Z' },
      { article_id: undated, article_at: '2024-01-01T00:00:00.000Z' },
    ]);
  });

  it('finds band keys and text hashes written by this connection and by another one after its filters were built', async () => {
    const file = path.join(dir, 'bands.db');
    const reader = openSqliteStore(file);
    const fingerprint = (seed: number) => ({
      signature: Uint32Array.from({ length: 100 }, (_, i) => seed * 1000 + i),
      bands: Array.from({ length: 25 }, (_, i) => seed * 100 + i),
    });
    assert.deepEqual(await reader.articlesByBands(fingerprint(1).bands, 10), []);
    const own = await reader.transaction((tx) =>
      tx.insertArticle(AT, { ...article(201), fingerprint: fingerprint(1) }),
    );
    assert.deepEqual(
      (await reader.articlesByBands([fingerprint(1).bands[3]!], 10)).map((c) => c.articleId),
      [own.articleId],
    );
    const writer = openSqliteStore(file);
    const other = await writer.transaction((tx) =>
      tx.insertArticle(AT, { ...article(202), fingerprint: fingerprint(2) }),
    );
    await writer.close();
    assert.deepEqual(
      (await reader.articlesByBands(fingerprint(2).bands, 10)).map((c) => c.articleId),
      [other.articleId],
      "another connection's commit is seen",
    );
    assert.deepEqual(await reader.articlesByBands([999_999], 10), []);
    // Text hashes go through the same kind of filter.
    assert.equal(await reader.articleIdByTextHash('h201'), own.articleId);
    assert.equal(await reader.articleIdByTextHash('h202'), other.articleId);
    assert.equal(await reader.articleIdByTextHash('h999'), null);
    const third = await reader.transaction((tx) => tx.insertArticle(AT, article(203)));
    assert.equal(await reader.articleIdByTextHash('h203'), third.articleId, 'its own write is seen');
    await reader.close();
  });

  it('forgets band keys a rolled-back transaction wrote, and keeps those it replaced', async () => {
    const store = openSqliteStore(path.join(dir, 'rollback.db'));
    const fingerprint = (seed: number) => ({
      signature: Uint32Array.from({ length: 100 }, (_, i) => seed * 1000 + i),
      bands: Array.from({ length: 25 }, (_, i) => seed * 100 + i),
    });
    const kept = await store.transaction((tx) =>
      tx.insertArticle(AT, { ...article(301), fingerprint: fingerprint(3) }),
    );
    assert.deepEqual(
      (await store.articlesByBands(fingerprint(3).bands, 10)).map((c) => c.articleId),
      [kept.articleId],
    );
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.insertArticle(AT, { ...article(302), fingerprint: fingerprint(4) });
        await tx.setFingerprint(kept.articleId, fingerprint(5));
        throw new Error('fails before the commit');
      }),
    );
    assert.deepEqual(await store.articlesByBands(fingerprint(4).bands, 10), [], 'the rolled-back insert is not found');
    assert.deepEqual(await store.articlesByBands(fingerprint(5).bands, 10), [], 'nor the rolled-back bands');
    assert.deepEqual(
      (await store.articlesByBands(fingerprint(3).bands, 10)).map((c) => c.articleId),
      [kept.articleId],
      'the replaced bands hold again',
    );
    await store.close();
  });
});
