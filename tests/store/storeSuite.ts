/**
 * The Store port's contract, run against every implementation (SQLite here, PostgreSQL in
 * postgresStore.test.ts): the same calls give the same rows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestData } from '../../src/digest/digestData.js';
import { composeDigest } from '../../src/digest/outbox.js';
import { type Change, figureView } from '../../src/model/change.js';
import { currentEstimate } from '../../src/model/estimates.js';
import { newestFirst } from '../../src/model/ledger.js';
import type { ArticleWrite, FeedWrite, Store } from '../../src/store/port.js';
import { claim } from '../support/claims.js';

/** A store under test, with the row counts both implementations offer to tests. */
export type TestStore = Store & {
  counts(): Promise<Record<'articles' | 'claims' | 'outbox' | 'changes', number>>;
};

export function article(n: number, claims: ArticleWrite['claims'] = []): ArticleWrite {
  return {
    canonicalUrl: `https://example.org/${n}`,
    guid: `g${n}`,
    url: `https://example.org/${n}`,
    feedUrl: 'https://example.org/rss',
    feedName: 'Wire',
    title: `Article ${n}`,
    publishedAt: '2025-06-01T00:00:00.000Z',
    textSource: 'page',
    textHash: `h${n}`,
    text: `text ${n}`,
    duplicateOf: null,
    fingerprint: null,
    claims,
    publishedAdjustedFrom: null,
    extractProblem: null,
    page: null,
  };
}

const FEED: FeedWrite = {
  url: 'https://example.org/rss',
  name: 'Wire',
  outcome: { kind: 'ok', etag: '"e1"', lastModified: null },
  notified: null,
};

const AT = '2025-07-01T00:00:00.000Z';

export function storeSuite(name: string, open: (label: string) => Promise<TestStore>): void {
  describe(`${name}: the Store port`, () => {
    it('commits articles, claims, feed state and digest together, and reads claims back as a ledger', async () => {
      const store = await open('commit');
      const c = { ...claim({ metric: 'troops_deployed', low: 11000, figureText: '11,000' }), topic: 'dprk-russia' };
      await store.transaction(async (tx) => {
        const { claimIds } = await tx.insertArticle(AT, article(1, [c]));
        assert.equal(claimIds.length, 1);
        assert.ok(
          await tx.hasItem('https://example.org/rss', { guid: 'g1', url: null }),
          'the open transaction sees its own rows',
        );
        await tx.writeFeed(AT, FEED);
        await tx.queueDigest(AT, { subject: 's', data: '{}' }, ['primary']);
      });
      assert.deepEqual(await store.counts(), { articles: 1, claims: 1, outbox: 1, changes: 0 });
      assert.equal((await store.feedState('https://example.org/rss'))?.etag, '"e1"');
      assert.ok(
        await store.hasItem('https://example.org/rss', { guid: null, url: 'https://example.org/1' }),
        'by canonical URL',
      );
      assert.ok(await store.hasItem('https://example.org/rss', { guid: 'g1', url: null }), 'by GUID');
      assert.ok(!(await store.hasItem('https://other.example/rss', { guid: 'g1', url: null })), 'GUIDs are per feed');
      const [entry] = await store.ledger();
      assert.deepEqual(
        [entry?.title, entry?.publisher, entry?.at, entry?.figureText, entry?.copies],
        ['Article 1', 'Wire', '2025-06-01T00:00:00.000Z', '11,000', 0],
      );
      assert.ok(await store.hasClaimOf({ metric: 'troops_deployed', low: 11000, high: 11000 }));
      assert.ok(!(await store.hasClaimOf({ metric: 'troops_deployed', low: 12000, high: 12000 })));
      await store.close();
    });

    it('stores nothing of a transaction that fails part-way', async () => {
      const store = await open('atomic');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertArticle(AT, article(1));
          await tx.insertArticle(AT, article(2));
          await tx.writeFeed(AT, FEED);
          await tx.insertArticle(AT, { ...article(3), duplicateOf: 999 });
        }),
        /FOREIGN KEY|foreign key/,
      );
      assert.deepEqual(await store.counts(), { articles: 0, claims: 0, outbox: 0, changes: 0 });
      assert.equal(await store.feedState('https://example.org/rss'), null, 'not even the feed validators');
      await store.close();
    });

    it('keeps changes until a digest takes them, each in one digest', async () => {
      const store = await open('changes');
      const notice = { feedName: 'Wire', kind: 'failing' as const, since: '2025-07-01 00:00', message: '500' };
      await store.transaction((tx) => tx.insertChanges(AT, [{ kind: 'feed', notice }], true));
      await store.transaction((tx) =>
        tx.insertChanges(AT, [{ kind: 'feed', notice: { ...notice, feedName: 'Backfilled' } }], false),
      );
      const pending = await store.undigestedChanges();
      assert.deepEqual(
        pending.map((c) => c.record),
        [{ kind: 'feed', notice }],
        'a change kept only for the record is never reported',
      );
      await store.transaction((tx) =>
        tx.queueDigest(
          AT,
          { subject: 's', data: '{}' },
          ['primary'],
          pending.map((c) => c.id),
        ),
      );
      assert.equal((await store.digests(1))[0]?.data, '{}', 'the digest keeps the data it was rendered from');
      assert.deepEqual(await store.undigestedChanges(), []);
      await store.close();
    });

    it('keeps digests in the outbox until marked sent', async () => {
      const store = await open('outbox');
      await store.queueDigest(AT, { subject: 'a', data: '{}' }, ['primary']);
      const [due] = await store.pendingDeliveries(['primary']);
      assert.ok(due);
      await store.markDeliveryFailed(
        due.digest.id,
        due.channel,
        '2025-07-01T00:01:00.000Z',
        'SMTP down',
        '2025-07-01T00:02:00.000Z',
      );
      assert.equal((await store.pendingDeliveries(['primary']))[0]?.attempts, 1);
      assert.deepEqual(
        await store.pendingDeliveries(['primary'], '2025-07-01T00:01:30.000Z'),
        [],
        'not due before its next attempt',
      );
      assert.equal((await store.pendingDeliveries(['primary'], '2025-07-01T00:02:00.000Z')).length, 1);
      await store.markDelivered(due.digest.id, due.channel, '2025-07-01T00:02:00.000Z');
      assert.deepEqual(await store.pendingDeliveries(['primary']), []);
      await store.close();
    });

    it('keeps a rejected claim in the ledger, marked, and remembers that the user rejected its figure', async () => {
      const store = await open('reject');
      const [older, newer] = await store.transaction(
        async (tx) =>
          [
            (
              await tx.insertArticle(AT, {
                ...article(1, [{ ...claim({ metric: 'troops_deployed', low: 11000 }), topic: 't' }]),
                publishedAt: '2025-01-01T00:00:00.000Z',
              })
            ).claimIds[0]!,
            (
              await tx.insertArticle(AT, {
                ...article(2, [{ ...claim({ metric: 'troops_deployed', low: 90000 }), topic: 't' }]),
                publishedAt: '2025-02-01T00:00:00.000Z',
              })
            ).claimIds[0]!,
          ] as const,
      );
      await store.transaction((tx) => tx.rejectClaims([newer], 'misread 9,000', '2025-07-02T00:00:00.000Z', 'user'));
      assert.deepEqual(
        (await store.ledger()).map((c) => [c.id, c.rejected?.by ?? null, c.rejected?.reason ?? null]),
        [
          [older, null, null],
          [newer, 'user', 'misread 9,000'],
        ],
      );
      assert.ok(await store.hasClaimOf({ metric: 'troops_deployed', low: 90000, high: 90000 }, 'user'));
      assert.ok(!(await store.hasClaimOf({ metric: 'troops_deployed', low: 11000, high: 11000 }, 'user')));
      await store.transaction((tx) => tx.rejectClaims([older], 'no longer extracted (reextract)', AT, 'figurewatch'));
      assert.ok(
        !(await store.hasClaimOf({ metric: 'troops_deployed', low: 11000, high: 11000 }, 'user')),
        "a withdrawal by figurewatch is not the user's verdict",
      );
      // null: stated by a claim nobody rejected.
      assert.ok(!(await store.hasClaimOf({ metric: 'troops_deployed', low: 11000, high: 11000 }, null)));
      assert.ok(!(await store.hasClaimOf({ metric: 'troops_deployed', low: 90000, high: 90000 }, null)));
      await store.transaction((tx) => tx.reinstateClaims([older]));
      assert.ok(await store.hasClaimOf({ metric: 'troops_deployed', low: 11000, high: 11000 }, null));
      assert.ok(
        await store.hasClaimOf({ metric: 'troops_deployed', low: 90000, high: 90000 }),
        'any claim, rejected too',
      );
      await store.close();
    });

    it('reads the newest actual totals as the estimate rule orders the whole ledger', async () => {
      const store = await open('newest');
      const kinds = [
        { status: 'actual', scope: 'total' },
        { status: 'planned', scope: 'total' },
        { status: 'actual', scope: 'additional' },
      ] as const;
      // Same times, same articles and rejected claims: every tie-break of newestFirst is exercised.
      const ids: number[] = [];
      await store.transaction(async (tx) => {
        for (let n = 0; n < 40; n++) {
          const kind = kinds[n % kinds.length]!;
          const written = await tx.insertArticle(AT, {
            ...article(100 + n, [
              { ...claim({ metric: 'troops_deployed', low: 1000 + n, ...kind }), topic: 't' },
              { ...claim({ metric: 'troops_deployed', low: 5000 + n, ...kind }), topic: 't' },
            ]),
            publishedAt: n % 7 === 0 ? null : `2025-0${1 + (n % 5)}-0${1 + (n % 3)}T00:00:00.000Z`,
          });
          ids.push(...written.claimIds);
        }
        await tx.rejectClaims(
          ids.filter((_, i) => i % 5 === 0),
          'wrong',
          AT,
          'user',
        );
      });
      const ledger = await store.ledger(['troops_deployed']);
      for (const kind of kinds) {
        const byRule = ledger
          .filter((c) => c.status === kind.status && c.scope === kind.scope && c.rejected === null)
          .sort(newestFirst)
          .map((c) => c.id);
        assert.deepEqual(
          (await store.newestClaims('troops_deployed', kind, 1_000)).map((c) => c.id),
          byRule,
          `${kind.status} ${kind.scope}`,
        );
      }
      assert.equal((await store.newestClaims('troops_deployed', kinds[0], 1))[0]?.id, currentEstimate(ledger)?.id);
      await store.close();
    });

    it('gives a digest the same data from the estimate ledger and the claims it shows as from the whole ledger', async () => {
      const store = await open('digest-ledger');
      const kinds = [
        { status: 'actual', scope: 'total' },
        { status: 'actual', scope: 'total' },
        { status: 'planned', scope: 'total' },
        { status: 'planned', scope: 'additional' },
        { status: 'actual', scope: 'additional' },
      ] as const;
      // Spread over a year, figures restated by several outlets and sources, some rejected, some copied.
      const ids: number[] = [];
      await store.transaction(async (tx) => {
        for (let n = 0; n < 400; n++) {
          const kind = kinds[n % kinds.length]!;
          const metric = n % 3 === 0 ? 'workers_sent' : 'troops_deployed';
          const low = 100 * (1 + (n % 61));
          const written = await tx.insertArticle(AT, {
            ...article(1000 + n, [
              { ...claim({ metric, low, ...kind, attribution: n % 4 === 0 ? null : `S${n % 6}` }), topic: 't' },
            ]),
            // Pages with no feed, or saved by an older backfill, are credited to their host (publisherOf).
            feedName: n % 8 === 0 ? null : n % 8 === 1 ? 'backfill' : n % 8 === 2 ? '' : `Outlet ${n % 5}`,
            url: `https://site${n % 3}.example/${n}`,
            publishedAt: n % 11 === 0 ? null : new Date(Date.UTC(2025, 0, 1) + n * 13 * 3_600_000).toISOString(),
          });
          ids.push(...written.claimIds);
          if (n % 9 === 0) await tx.insertArticle(AT, { ...article(5000 + n), duplicateOf: written.articleId });
        }
        await tx.rejectClaims(
          ids.filter((_, i) => i % 7 === 0),
          'wrong',
          AT,
          'user',
        );
      });
      const whole = await store.ledger();
      const changes: Change[] = whole
        .filter((_, i) => i % 20 === 0)
        .map((c) => ({
          kind: 'estimate',
          metric: c.metric,
          figure: figureView(c),
          previous: null,
          lower: false,
          cause: null,
        }));
      const labels = new Map([
        ['troops_deployed', 'Troops'],
        ['workers_sent', 'Workers'],
        ['shells_supplied', 'Shells'],
      ]);
      for (const bandWindowDays of [1, 30, 400]) {
        const composed = await composeDigest(store, { labels, bandWindowDays }, { changes });
        assert.deepEqual(
          composed?.data,
          digestData({ changes, labels, ledger: whole, previous: null, bandWindowDays }),
          `band window ${bandWindowDays} days`,
        );
      }
      assert.equal((await store.estimateLedger()).length, whole.length);
      await store.close();
    });

    it('records runs for status', async () => {
      const store = await open('runs');
      const id = await store.startRun('cycle', '2025-07-01T00:00:00.000Z');
      assert.equal((await store.lastRun())?.finishedAt, null);
      await store.finishRun(id, '2025-07-01T00:00:05.000Z', {
        outcome: 'ok',
        itemsNew: 3,
        articles: 3,
        claims: 7,
        changes: 2,
        feedsFailed: 1,
        error: null,
      });
      const last = await store.lastRun();
      assert.deepEqual([last?.kind, last?.outcome, last?.claims], ['cycle', 'ok', 7]);
      await store.close();
    });
  });
}
