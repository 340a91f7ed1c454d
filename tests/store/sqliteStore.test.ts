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

  it('commits articles, claims, figures, estimates, feed state and digest together', () => {
    const store = openSqliteStore(path.join(dir, 'commit.db'));
    const c = { ...claim({ metric: 'troops_deployed', low: 11000 }), topic: 'dprk-russia' };
    store.transaction(() => {
      const { claimIds } = store.insertArticle(AT, article(1, [c]));
      assert.equal(claimIds.length, 1);
      assert.ok(store.hasItem('https://example.org/rss', { guid: 'g1', url: null }), 'the open transaction sees its own rows');
      store.writeFigures(AT, {
        figureUpdates: [{ metric: 'troops_deployed', low: 11000, high: 11000, firstClaimId: claimIds[0]!, addedSources: 1, lastSeenAt: null }],
        estimates: [{ metric: 'troops_deployed', low: 11000, high: 11000, qualifier: 'exact', asOf: '2025-06-01T00:00:00.000Z', attribution: null, claimId: claimIds[0]! }],
      });
      store.writeFeed(AT, FEED);
      store.queueDigest(AT, { subject: 's', text: 't', html: null });
    });
    assert.deepEqual(store.counts(), { articles: 1, claims: 1, figures: 1, estimates: 1, outbox: 1, changes: 0 });
    assert.equal(store.feedState('https://example.org/rss')?.etag, '"e1"');
    assert.ok(store.hasItem('https://example.org/rss', { guid: null, url: 'https://example.org/1' }), 'by canonical URL');
    assert.ok(store.hasItem('https://example.org/rss', { guid: 'g1', url: null }), 'by GUID');
    assert.ok(!store.hasItem('https://other.example/rss', { guid: 'g1', url: null }), 'GUIDs are per feed');
    assert.equal(store.currentEstimates()[0]?.articleTitle, 'Article 1');
    assert.equal(store.knownFigures().get('troops_deployed|11000|11000')?.sourceCount, 1);
    store.close();
  });

  it('stores nothing of a transaction that fails part-way', () => {
    const store = openSqliteStore(path.join(dir, 'atomic.db'));
    assert.throws(() => store.transaction(() => {
      store.insertArticle(AT, article(1));
      store.insertArticle(AT, article(2));
      store.writeFeed(AT, FEED);
      store.writeFigures(AT, { figureUpdates: [], estimates: [{ metric: 'killed', low: 1, high: 1, qualifier: 'exact', asOf: null, attribution: null, claimId: 999 }] });
    }), /FOREIGN KEY/);
    assert.deepEqual(store.counts(), { articles: 0, claims: 0, figures: 0, estimates: 0, outbox: 0, changes: 0 });
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
    store.transaction(() => store.queueDigest(AT, { subject: 's', text: 't', html: null }, pending.map((c) => c.id)));
    assert.deepEqual(store.undigestedChanges(), []);
    store.close();
  });

  it('keeps digests in the outbox until marked sent', () => {
    const store = openSqliteStore(path.join(dir, 'outbox.db'));
    store.queueDigest(AT, { subject: 'a', text: 'b', html: null });
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

  it('rejects a claim: history keeps it struck, and the estimate falls back to the newest remaining total', () => {
    const store = openSqliteStore(path.join(dir, 'reject.db'));
    const [older, newer] = store.transaction(() => {
      const a = store.insertArticle(AT, { ...article(1, [{ ...claim({ metric: 'troops_deployed', low: 11000 }), topic: 't' }]), publishedAt: '2025-01-01T00:00:00.000Z' }).claimIds[0]!;
      const b = store.insertArticle(AT, { ...article(2, [{ ...claim({ metric: 'troops_deployed', low: 90000 }), topic: 't' }]), publishedAt: '2025-02-01T00:00:00.000Z' }).claimIds[0]!;
      store.writeFigures(AT, {
        figureUpdates: [
          { metric: 'troops_deployed', low: 11000, high: 11000, firstClaimId: a, addedSources: 1, lastSeenAt: null },
          { metric: 'troops_deployed', low: 90000, high: 90000, firstClaimId: b, addedSources: 1, lastSeenAt: null },
        ],
        estimates: [{ metric: 'troops_deployed', low: 90000, high: 90000, qualifier: 'exact', asOf: '2025-02-01T00:00:00.000Z', attribution: null, claimId: b }],
      });
      return [a, b] as const;
    });
    const result = store.rejectClaim(newer, 'misread 9,000', '2025-07-02T00:00:00.000Z');
    assert.deepEqual([result.estimate?.from.id, result.estimate?.to?.id], [newer, older]);
    assert.equal(store.currentEstimates()[0]?.low, 11000);
    assert.deepEqual(store.claimHistory('troops_deployed').map((c) => [c.low, c.rejectReason]), [[11000, null], [90000, 'misread 9,000']]);
    assert.equal(store.claimSightings().length, 1, 'rejected claims leave the replay');
    assert.throws(() => store.rejectClaim(newer, null, AT), /already rejected/);
    assert.throws(() => store.rejectClaim(9999, null, AT), /no claim 9999/);
    assert.equal(store.rejectClaim(older, null, AT).estimate?.to, null, 'no total left: no estimate');
    assert.deepEqual(store.currentEstimates(), []);
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
