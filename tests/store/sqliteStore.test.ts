import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqliteStore.js';
import type { ArticleWrite, FeedWrite } from '../../src/store/store.js';
import { claim } from '../support/claims.js';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function article(n: number, claims: ArticleWrite['claims'] = []): ArticleWrite {
  return {
    canonicalUrl: `https://example.org/${n}`, guid: `g${n}`, url: `https://example.org/${n}`, feedUrl: 'https://example.org/rss',
    feedName: 'Wire', title: `Article ${n}`, publishedAt: '2025-06-01T00:00:00.000Z', textSource: 'page', textHash: `h${n}`,
    text: `text ${n}`, duplicateOf: null, fingerprint: null, claims, publishedAdjustedFrom: null, extractProblem: null, page: null,
  };
}

const FEED: FeedWrite = { url: 'https://example.org/rss', name: 'Wire', outcome: { kind: 'ok', etag: '"e1"', lastModified: null }, notified: null };

const AT = '2025-07-01T00:00:00.000Z';

describe('SqliteStore', () => {
  it('applies the migrations once, in WAL mode, and reopens cleanly', () => {
    const file = path.join(dir, 'fresh.db');
    openSqliteStore(file).close();
    openSqliteStore(file).close();
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('commits articles, claims, feed state and digest together, and reads claims back as a ledger', () => {
    const store = openSqliteStore(path.join(dir, 'commit.db'));
    const c = { ...claim({ metric: 'troops_deployed', low: 11000, figureText: '11,000' }), topic: 'dprk-russia' };
    store.transaction(() => {
      const { claimIds } = store.insertArticle(AT, article(1, [c]));
      assert.equal(claimIds.length, 1);
      assert.ok(store.hasItem('https://example.org/rss', { guid: 'g1', url: null }), 'the open transaction sees its own rows');
      store.writeFeed(AT, FEED);
      store.queueDigest(AT, { subject: 's', text: 't', html: null, data: null });
    });
    assert.deepEqual(store.counts(), { articles: 1, claims: 1, outbox: 1, changes: 0 });
    assert.equal(store.feedState('https://example.org/rss')?.etag, '"e1"');
    assert.ok(store.hasItem('https://example.org/rss', { guid: null, url: 'https://example.org/1' }), 'by canonical URL');
    assert.ok(store.hasItem('https://example.org/rss', { guid: 'g1', url: null }), 'by GUID');
    assert.ok(!store.hasItem('https://other.example/rss', { guid: 'g1', url: null }), 'GUIDs are per feed');
    const [entry] = store.ledger();
    assert.deepEqual([entry?.title, entry?.publisher, entry?.at, entry?.figureText, entry?.copies], ['Article 1', 'Wire', '2025-06-01T00:00:00.000Z', '11,000', 0]);
    assert.ok(store.figureSeen('troops_deployed|11000|11000'));
    assert.ok(!store.figureSeen('troops_deployed|12000|12000'));
    store.close();
  });

  it('stores nothing of a transaction that fails part-way', () => {
    const store = openSqliteStore(path.join(dir, 'atomic.db'));
    assert.throws(() => store.transaction(() => {
      store.insertArticle(AT, article(1));
      store.insertArticle(AT, article(2));
      store.writeFeed(AT, FEED);
      store.insertArticle(AT, { ...article(3), duplicateOf: 999 });
    }), /FOREIGN KEY/);
    assert.deepEqual(store.counts(), { articles: 0, claims: 0, outbox: 0, changes: 0 });
    assert.equal(store.feedState('https://example.org/rss'), null, 'not even the feed validators');
    store.close();
  });

  it('keeps changes until a digest takes them, each in one digest', () => {
    const store = openSqliteStore(path.join(dir, 'changes.db'));
    const notice = { feedName: 'Wire', kind: 'failing' as const, since: '2025-07-01 00:00', message: '500' };
    store.transaction(() => store.insertChanges(AT, [{ kind: 'feed', notice }], true));
    store.transaction(() => store.insertChanges(AT, [{ kind: 'feed', notice: { ...notice, feedName: 'Backfilled' } }], false));
    const pending = store.undigestedChanges();
    assert.deepEqual(pending.map((c) => c.record), [{ kind: 'feed', notice }], 'a change kept only for the record is never reported');
    store.transaction(() => store.queueDigest(AT, { subject: 's', text: 't', html: null, data: '{}' }, pending.map((c) => c.id)));
    assert.equal(store.digests(1)[0]?.data, '{}', 'the digest keeps the data it was rendered from');
    assert.deepEqual(store.undigestedChanges(), []);
    store.close();
  });

  it('keeps digests in the outbox until marked sent', () => {
    const store = openSqliteStore(path.join(dir, 'outbox.db'));
    store.queueDigest(AT, { subject: 'a', text: 'b', html: null, data: null });
    const [message] = store.pendingOutbox();
    assert.ok(message);
    store.markAttemptFailed(message.id, 'SMTP down', '2025-07-01T00:01:00.000Z', '2025-07-01T00:02:00.000Z');
    assert.equal(store.pendingOutbox()[0]?.attempts, 1);
    assert.deepEqual(store.pendingOutbox('2025-07-01T00:01:30.000Z'), [], 'not due before its next attempt');
    assert.equal(store.pendingOutbox('2025-07-01T00:02:00.000Z').length, 1);
    store.markSent(message.id, '2025-07-01T00:02:00.000Z');
    assert.deepEqual(store.pendingOutbox(), []);
    store.close();
  });

  it('keeps a rejected claim in the ledger, marked, and remembers that the user rejected its figure', () => {
    const store = openSqliteStore(path.join(dir, 'reject.db'));
    const [older, newer] = store.transaction(() => [
      store.insertArticle(AT, { ...article(1, [{ ...claim({ metric: 'troops_deployed', low: 11000 }), topic: 't' }]), publishedAt: '2025-01-01T00:00:00.000Z' }).claimIds[0]!,
      store.insertArticle(AT, { ...article(2, [{ ...claim({ metric: 'troops_deployed', low: 90000 }), topic: 't' }]), publishedAt: '2025-02-01T00:00:00.000Z' }).claimIds[0]!,
    ] as const);
    store.transaction(() => store.rejectClaims([newer], 'misread 9,000', '2025-07-02T00:00:00.000Z', 'user'));
    assert.deepEqual(store.ledger().map((c) => [c.id, c.rejected?.by ?? null, c.rejected?.reason ?? null]), [[older, null, null], [newer, 'user', 'misread 9,000']]);
    assert.ok(store.figureRejectedByUser('troops_deployed|90000|90000'));
    assert.ok(!store.figureRejectedByUser('troops_deployed|11000|11000'));
    store.transaction(() => store.rejectClaims([older], 'no longer extracted (reextract)', AT, 'figurewatch'));
    assert.ok(!store.figureRejectedByUser('troops_deployed|11000|11000'), 'a withdrawal by figurewatch is not the user\'s verdict');
    store.close();
  });

  it('records runs for status', () => {
    const store = openSqliteStore(path.join(dir, 'runs.db'));
    const id = store.startRun('2025-07-01T00:00:00.000Z');
    assert.equal(store.lastRun()?.finishedAt, null);
    store.finishRun(id, '2025-07-01T00:00:05.000Z', { outcome: 'ok', itemsNew: 3, articles: 3, claims: 7, changes: 2, feedsFailed: 1, error: null });
    assert.deepEqual([store.lastRun()?.outcome, store.lastRun()?.claims], ['ok', 7]);
    store.close();
  });
});
