import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadTopic } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { Delivery } from '../../src/digest/deliver.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { supportOf } from '../../src/model/estimates.js';
import { runCycle } from '../../src/pipeline/ingest.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { articlePage, rssFeed, seedArticles } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { TEXT_VARIANTS } from '../support/variants.js';

describe('copies across feeds are stored once and counted as corroboration', () => {
  let server: FixtureServer;
  let dir: string;
  const seeds = seedArticles();
  const day = (i: number): string => new Date(Date.UTC(2025, 5, 1 + i)).toISOString();

  before(async () => {
    server = await startFixtureServer();
    seeds.forEach((s, i) => {
      server.routes.set(`/wire/${i}.html`, send(articlePage(s, day(i)), 'text/html'));
      server.routes.set(
        `/copy/${i}.html`,
        send(articlePage({ ...s, text: TEXT_VARIANTS['caption and footer']!(s.text) }, day(i)), 'text/html'),
      );
    });
    const item = (i: number, link: string, guid: string) => ({
      title: `Story ${i}`,
      link,
      guid,
      pubDate: new Date(day(i)).toUTCString(),
      description: 'Summary.',
    });
    server.routes.set(
      '/wire.xml',
      send(
        rssFeed(
          'Wire',
          seeds.map((_, i) => item(i, server.url(`/wire/${i}.html`), `w${i}`)),
        ),
        'application/rss+xml',
      ),
    );
    server.routes.set(
      '/aggregator.xml',
      send(
        rssFeed('Aggregator', [
          ...seeds.map((_, i) => item(i, server.url(`/copy/${i}.html`), `a${i}`)),
          ...seeds.map((_, i) => item(i, `${server.url(`/wire/${i}.html`)}?utm_source=aggregator&fbclid=x`, `t${i}`)),
        ]),
        'application/rss+xml',
      ),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-dedupe-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links each copy to its original, alerts once, and counts the copies as sources', async () => {
    const checked = validateConfig({
      feeds: [
        { name: 'Wire', url: server.url('/wire.xml') },
        { name: 'Aggregator', url: server.url('/aggregator.xml') },
      ],
      fetch: { allowPrivateNetworks: true, concurrency: 1 },
    });
    assert.ok(checked.ok);
    const file = path.join(dir, 'dedupe.db');
    const store = openSqliteStore(file);
    const log = memoryLogger();
    const report = await runCycle({
      store,
      http: fetchUrl,
      logger: log.logger,
      clock: () => new Date('2025-07-01T00:00:00Z'),
      config: checked.value,
      topics: [loadTopic(CONFIG_DIR, 'dprk-russia')],
      content: inlineContent([loadTopic(CONFIG_DIR, 'dprk-russia')]),
      delivery: new Delivery([logChannel(log.logger)]),
    });
    const support = supportOf(await store.ledger(), { metric: 'troops_deployed', low: 10000, high: 12000 });
    await store.close();

    assert.equal(report.itemsNew, 10, 'the tracking-parameter links were known by canonical URL and never fetched');
    assert.equal(report.articles, 10);
    assert.equal(report.duplicates, 5);
    assert.equal(report.claims, 26, "only the originals' claims are stored");

    const db = new Database(file, { readonly: true });
    const copies = db
      .prepare(
        `SELECT c.url AS copy, o.url AS original, c.feed_name AS feed FROM articles c JOIN articles o ON o.id = c.duplicate_of ORDER BY c.id`,
      )
      .all() as Array<{ copy: string; original: string; feed: string }>;
    db.close();
    assert.equal(copies.length, 5);
    for (const c of copies) {
      assert.equal(c.feed, 'Aggregator');
      assert.equal(c.copy.replace('/copy/', '/wire/'), c.original, 'each copy points to its own original');
    }
    assert.deepEqual(
      support,
      { sources: 1, copies: 2 },
      'one source (who said it), two articles: the copy is counted apart, never as a second source',
    );
    const once = report.changes.filter((c) => c.figure?.low === 10000 && c.figure.high === 12000);
    assert.ok(once.length <= 1, 'one alert, however many copies');
    assert.match(report.digest?.text ?? '', /Reported by 1 source \(2 articles\)\./);
  });
});
