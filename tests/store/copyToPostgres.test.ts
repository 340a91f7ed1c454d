import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres/pgStore.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { claim } from '../support/claims.js';
import { figurewatch } from '../support/cli.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { article } from './storeSuite.js';

const AT = '2025-07-01T00:00:00.000Z';

describe('figurewatch migrate: a SQLite store copied into PostgreSQL', { skip: postgresSkipReason() }, () => {
  let server: TestPostgres;
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-migrate-'));
  before(async () => {
    server = await startTestPostgres();
  });
  after(() => {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies articles, claims with their rejections, changes, digests and deliveries, feeds and runs; ids go on from there', async () => {
    const file = path.join(dir, 'figurewatch.db');
    const sqlite = openSqliteStore(file);
    const signature = Uint32Array.from({ length: 128 }, (_, i) => i * 7919);
    const bands = [11, -22, 33];
    await sqlite.transaction(async (tx) => {
      const first = await tx.insertArticle(AT, {
        ...article(1, [
          { ...claim({ metric: 'troops_deployed', low: 11000, figureText: '11,000' }), topic: 'dprk-russia' },
          { ...claim({ metric: 'killed', low: 600 }), topic: 'dprk-russia' },
        ]),
        fingerprint: { signature, bands },
      });
      await tx.insertArticle(AT, { ...article(2), duplicateOf: first.articleId, canonicalUrl: null });
      await tx.rejectClaims([first.claimIds[1]!], 'misread', AT, 'user');
      await tx.writeFeed(AT, {
        url: 'https://example.org/rss',
        name: 'Wire',
        outcome: { kind: 'ok', etag: '"e1"', lastModified: null },
        notified: null,
      });
      const notice = { feedName: 'Wire', kind: 'failing' as const, since: AT, message: '500' };
      await tx.insertChanges(AT, [{ kind: 'feed', notice }], true);
      const [reported] = await tx.undigestedChanges();
      const digestId = await tx.queueDigest(
        AT,
        { subject: 'first', data: '{"a":1}' },
        ['primary', 'hook'],
        [reported!.id],
      );
      await tx.markDelivered(digestId, 'primary', AT);
      await tx.insertChanges(AT, [{ kind: 'feed', notice: { ...notice, message: 'pending' } }], true);
      await tx.insertChanges(AT, [{ kind: 'feed', notice: { ...notice, message: 'record only' } }], false);
    });
    const runId = await sqlite.startRun('cycle', AT);
    await sqlite.finishRun(runId, AT, {
      outcome: 'ok',
      itemsNew: 2,
      articles: 2,
      claims: 2,
      changes: 1,
      feedsFailed: 0,
      error: null,
    });
    const before = {
      ledger: await sqlite.ledger(),
      digests: await sqlite.digests(10),
      feeds: await sqlite.feedStates(),
      run: await sqlite.lastRun(),
      undigested: await sqlite.undigestedChanges(),
      counts: await sqlite.counts(),
      near: await sqlite.articlesByBands(bands, 10),
      originals: await sqlite.originalArticleIds(),
    };
    await sqlite.close();

    const url = server.createDatabase('migrated');
    const run = await figurewatch(['migrate', '--from', file, '--to', url]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 articles, 3 article_bands, 2 claims, 1 outbox, 2 deliveries, 3 changes, 1 runs/);

    const copied = await openPostgresStore(url);
    assert.deepEqual(await copied.ledger(), before.ledger, 'claims, rejections, copies and times as they were');
    assert.deepEqual(await copied.digests(10), before.digests, 'digests and where each was delivered');
    assert.deepEqual(await copied.feedStates(), before.feeds);
    assert.deepEqual(await copied.lastRun(), before.run);
    assert.deepEqual(
      await copied.undigestedChanges(),
      before.undigested,
      'the change not yet in a digest waits for one',
    );
    assert.deepEqual(await copied.counts(), before.counts);
    assert.deepEqual(await copied.articlesByBands(bands, 10), before.near, 'the near-copy index');
    assert.deepEqual(await copied.originalArticleIds(), before.originals);
    const next = await copied.insertArticle(AT, article(3));
    assert.ok(next.articleId > Math.max(...before.originals), 'new rows take ids after the copied ones');
    await copied.close();

    const again = await figurewatch(['migrate', '--from', file, '--to', url]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already holds a figurewatch store: copy into an empty database/);
  });

  it('names the fix when the database is missing, without the password', async () => {
    const file = path.join(dir, 'small.db');
    await openSqliteStore(file).close();
    const run = await figurewatch([
      'migrate',
      '--from',
      file,
      '--to',
      `postgres://postgres:hunter2@127.0.0.1:${server.port}/nowhere`,
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the database nowhere does not exist .*createdb nowhere/);
    assert.doesNotMatch(run.stderr + run.stdout, /hunter2/);
  });
});
