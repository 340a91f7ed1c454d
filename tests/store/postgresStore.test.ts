import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/pgStore.js';
import { claim } from '../support/claims.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { article, storeSuite } from './storeSuite.js';

const skip = postgresSkipReason();
const AT = '2025-07-01T00:00:00.000Z';

describe('PostgreSQL store', { skip }, () => {
  let server: TestPostgres;
  before(async () => {
    server = await startTestPostgres();
  });
  after(() => server?.stop());

  storeSuite('PostgreSQL', async (label) => openPostgresStore(server.createDatabase(`suite_${label}`)));

  it('applies each migration once when several workers start together', async () => {
    const url = server.createDatabase('racing_start');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    assert.deepEqual(
      rows.map((r) => r.version),
      PG_MIGRATIONS.map((_, i) => i + 1),
    );
    await Promise.all(stores.map((s) => s.close()));
  });

  it("gives a claim stored by a worker of the release before, which knows no article time on claims, its article's", async () => {
    const url = server.createDatabase('older_worker');
    const store = await openPostgresStore(url);
    const [older, newer] = await store.transaction(async (tx) => [
      (await tx.insertArticle(AT, { ...article(1), publishedAt: '2024-01-01T00:00:00.000Z' })).articleId,
      (
        await tx.insertArticle(AT, {
          ...article(2, [{ ...claim({ metric: 'troops_deployed', low: 12000 }), topic: 't' }]),
          publishedAt: '2025-06-30T00:00:00.000Z',
        })
      ).articleId,
    ]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // As that worker's insert names the columns: article_at is not among them.
    await client.query(
      `INSERT INTO claims (article_id, topic, metric, low, high, qualifier, status, scope, quote)
       VALUES ($1, 't', 'troops_deployed', 3000, 3000, 'exact', 'actual', 'total', 'q')`,
      [older],
    );
    const { rows } = await client.query<{ article_id: string; article_at: string }>(
      'SELECT article_id, article_at FROM claims ORDER BY id',
    );
    await client.end();
    assert.deepEqual(
      rows.map((r) => [Number(r.article_id), r.article_at]),
      [
        [newer, '2025-06-30T00:00:00.000Z'],
        [older, '2024-01-01T00:00:00.000Z'],
      ],
    );
    const [newest] = await store.newestClaims('troops_deployed', { status: 'actual', scope: 'total' }, 1);
    assert.equal(newest?.low, 12000, 'the claim of the article published last');
    await store.close();
  });

  it('folds copies of one story that two workers commit at the same moment', async () => {
    const url = server.createDatabase('racing_copies');
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    // Each worker decides "original or copy" inside its transaction, then writes; the decisions
    // must see each other's rows, as one process would.
    const commit = (store: typeof a, n: number) =>
      store.transaction(async (tx) => {
        const original = await tx.articleIdByTextHash('same-story');
        await new Promise((resolve) => setTimeout(resolve, 50));
        const taken = await tx.hasItem('https://example.org/rss', { guid: null, url: 'https://example.org/story' });
        return tx.insertArticle('2025-07-01T00:00:00.000Z', {
          ...article(n),
          textHash: 'same-story',
          canonicalUrl: taken ? null : 'https://example.org/story',
          duplicateOf: original,
        });
      });
    await Promise.all([commit(a, 1), commit(b, 2), commit(a, 3), commit(b, 4)]);
    assert.equal((await a.originalArticleIds()).length, 1, 'one original, three copies of it');
    assert.equal((await a.counts()).articles, 4);
    await Promise.all([a.close(), b.close()]);
  });

  it("leases each due feed to one worker per tick, and gives a killed worker's feeds back after the lease", async () => {
    const url = server.createDatabase('leases');
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    const feeds = Array.from({ length: 10 }, (_, i) => ({ url: `http://127.0.0.1/feed/${i}.xml`, name: `Feed ${i}` }));
    const request = (worker: string, now: string, tick: string) => ({
      worker,
      feeds,
      now,
      tick,
      until: new Date(Date.parse(now) + 60_000).toISOString(),
      limit: 4,
      force: false,
    });
    const T0 = '2025-07-01T00:00:00.000Z';
    const got = await Promise.all([
      a.leaseFeeds(request('a', T0, T0)),
      b.leaseFeeds(request('b', T0, T0)),
      a.leaseFeeds(request('a', T0, T0)),
    ]);
    const all = got.flat();
    assert.equal(all.length, 10, 'every feed leased');
    assert.equal(new Set(all).size, 10, 'none to two workers');
    // a polls and writes back its feeds; b is "killed" holding its own.
    for (const leased of [got[0]!, got[2]!])
      for (const feedUrl of leased)
        await a.writeFeed(T0, {
          url: feedUrl,
          name: 'x',
          outcome: { kind: 'not-modified' },
          notified: null,
          polled: { worker: 'a', tick: T0 },
        });
    assert.deepEqual(await a.leaseFeeds(request('a', T0, T0)), [], 'nothing due again in the same tick');
    const T1 = '2025-07-01T00:00:30.000Z';
    assert.deepEqual(
      (await a.leaseFeeds({ ...request('a', T1, T1), limit: 10 })).sort(),
      [...got[0]!, ...got[2]!].sort(),
      'the next tick: the feeds polled; those b holds wait for its lease',
    );
    const workersNow = await a.workers('2000-01-01T00:00:00.000Z', T1);
    assert.deepEqual(workersNow, [], 'no heartbeat rows yet');
    await b.heartbeat({
      worker: 'b',
      pid: 1,
      host: 'h',
      command: 'run',
      startedAt: T0,
      beatAt: T0,
      lastCycleAt: null,
      nextCycleAt: null,
    });
    assert.deepEqual(
      (await a.workers('2000-01-01T00:00:00.000Z', T1)).map((w) => [w.worker, w.feeds.length]),
      [['b', got[1]!.length]],
      'status shows which feeds b holds',
    );
    const T2 = '2025-07-01T00:01:01.000Z';
    assert.deepEqual(
      (await a.leaseFeeds({ ...request('a', T2, T1), limit: 10 })).sort(),
      [...got[1]!].sort(),
      "after b's lease ran out its feeds return",
    );
    await Promise.all([a.close(), b.close()]);
  });

  it('leases each due delivery to one worker until it is marked', async () => {
    const url = server.createDatabase('delivery_leases');
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    const T0 = '2025-07-01T00:00:00.000Z';
    const until = '2025-07-01T00:01:00.000Z';
    await a.queueDigest(T0, { subject: 's', data: '{}' }, ['primary', 'hook']);
    const lease = (worker: string, now: string, leaseUntil: string) => ({
      channels: ['primary', 'hook'],
      now,
      worker,
      until: leaseUntil,
      limit: 2,
      attemptedBefore: now,
    });
    const [first, second] = await Promise.all([
      a.leaseDeliveries(lease('a', T0, until)),
      b.leaseDeliveries(lease('b', T0, until)),
    ]);
    assert.equal(first!.length + second!.length, 2, 'each delivery leased once');
    const mine = first!.length > 0 ? first! : second!;
    await a.markDelivered(mine[0]!.digest.id, mine[0]!.channel, T0);
    assert.deepEqual(await a.leaseDeliveries(lease('a', T0, until)), [], 'the other still leased');
    assert.equal(
      (await b.leaseDeliveries(lease('b', until, '2025-07-01T00:02:00.000Z'))).length,
      1,
      'an unmarked lease runs out and the delivery is due again; the marked one is done',
    );
    await Promise.all([a.close(), b.close()]);
  });

  it('explains a refused connection, a missing database and a wrong password, never showing the password', async () => {
    const missing = `postgres://postgres:s3cret@127.0.0.1:${server.port}/no_such_db`;
    await assert.rejects(openPostgresStore(missing), (err: Error) => {
      assert.match(err.message, /database no_such_db does not exist.*createdb no_such_db/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
    await assert.rejects(openPostgresStore('postgres://postgres:s3cret@127.0.0.1:1/x'), (err: Error) => {
      assert.match(err.message, /connection refused\): start the server, or fix the host and port in store.url/);
      assert.doesNotMatch(err.message, /s3cret/);
      return true;
    });
  });
});
