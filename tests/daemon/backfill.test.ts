import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { type Config, validateConfig } from '../../src/config/schema.js';
import type { Channel } from '../../src/digest/channels/channel.js';
import { Delivery } from '../../src/digest/deliver.js';
import { fetchUrl } from '../../src/http/fetch.js';
import {
  type IngestOptions,
  type IngestReport,
  type PipelineDeps,
  runCycle,
  runIngest,
} from '../../src/pipeline/ingest.js';
import { pagePublisher, type SavedSource } from '../../src/pipeline/sources/saved.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { recordingChannel } from '../support/channels.js';
import { estimatesIn } from '../support/claims.js';
import { articlePage, rssFeed, SEED_PUBLISHED, seedArticles } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { storeSnapshot } from '../support/storeSnapshot.js';

/** A backfill: the ingest use case with saved pages, URL lists or the feeds' items as its source. */
function runBackfill(deps: PipelineDeps, options: Omit<SavedSource, 'kind'> & IngestOptions): Promise<IngestReport> {
  const { sendDigest, onProgress, signal, ...source } = options;
  return runIngest(deps, { kind: 'saved', ...source }, { sendDigest, onProgress, signal });
}

describe('pagePublisher', () => {
  it('names a page read without a feed by its site, else its host, else as a saved page', () => {
    assert.equal(pagePublisher('Example News', 'https://www.example.org/a'), 'Example News');
    assert.equal(pagePublisher(null, 'https://www.example.org/a'), 'example.org');
    assert.equal(pagePublisher(null, 'file:///tmp/saved/a.html'), 'saved page');
    assert.equal(pagePublisher(null, null), 'saved page');
  });
});

describe('backfill', () => {
  const seeds = seedArticles();
  let dir: string;
  let pages: string;
  let server: FixtureServer;
  let feeds: Config['feeds'];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-backfill-'));
    pages = path.join(dir, 'saved');
    mkdirSync(pages);
    // Saved in an order unlike their publication order: the backfill must sort them.
    for (const [i, s] of [...seeds].reverse().entries()) {
      writeFileSync(
        path.join(pages, `${String(i).padStart(2, '0')}-${s.doc.replace('.txt', '.html')}`),
        articlePage(s, SEED_PUBLISHED[s.doc]!),
      );
    }
    writeFileSync(path.join(pages, 'notes.md'), 'North Korea has sent 99,999 troops to Russia.'); // not an article type: ignored
    server = await startFixtureServer();
    server.routes.set(
      '/feed.xml',
      send(
        rssFeed(
          'Seed wire',
          seeds.map((s) => ({
            title: s.text.split('\n')[0]!.trim(),
            link: server.url(`/articles/${s.doc.replace('.txt', '.html')}`),
            guid: `seed-${s.doc}`,
            pubDate: new Date(SEED_PUBLISHED[s.doc]!).toUTCString(),
            description: s.text.slice(0, 300),
          })),
        ),
        'application/rss+xml; charset=utf-8',
      ),
    );
    for (const s of seeds)
      server.routes.set(
        `/articles/${s.doc.replace('.txt', '.html')}`,
        send(articlePage(s, SEED_PUBLISHED[s.doc]!), 'text/html; charset=utf-8'),
      );
    feeds = [{ name: 'Seed wire', url: server.url('/feed.xml') }];
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function deps(store: SqliteStore, sender: Channel = recordingChannel()): PipelineDeps {
    const checked = validateConfig({
      feeds,
      store: { path: path.join(dir, 'unused.db') },
      fetch: { timeoutMs: 3000, allowPrivateNetworks: true },
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    return {
      store,
      http: fetchUrl,
      logger: memoryLogger().logger,
      clock: () => new Date('2025-07-01T12:00:00Z'),
      config: checked.value,
      topics: [loadTopic(CONFIG_DIR, 'dprk-russia')],
      content: inlineContent([loadTopic(CONFIG_DIR, 'dprk-russia')]),
      delivery: new Delivery([sender]),
    };
  }

  function freshStore(name: string): SqliteStore {
    return openSqliteStore(path.join(dir, `${name}.db`));
  }

  it('builds from a folder of saved pages the same store the cycles build from the same articles', async () => {
    const cycled = freshStore('cycled');
    const backfilled = freshStore('backfilled');
    try {
      await runCycle(deps(cycled));
      const sender = recordingChannel();
      const report = await runBackfill(deps(backfilled, sender), { dir: pages });
      assert.equal(report.found, 5, 'only .html, .htm and .txt files are articles');
      assert.equal(report.articles, 5);
      assert.equal(report.claims, 26);
      assert.equal(report.interrupted, false);
      assert.deepEqual(await storeSnapshot(backfilled), await storeSnapshot(cycled));
      const troops = (await estimatesIn(backfilled)).get('troops_deployed');
      assert.deepEqual(
        [troops?.low, troops?.high, troops?.at.slice(0, 10)],
        [11000, 11000, '2025-06-22'],
        'the newest published total is the estimate, whatever the file order',
      );
      assert.deepEqual(
        [...new Set((await backfilled.ledger()).map((c) => c.publisher))],
        ['Example News'],
        'a saved page is credited to its site (og:site_name)',
      );
      assert.equal(sender.sent.length, 0, 'no e-mail by default');
      assert.equal((await backfilled.counts()).outbox, 0, 'nothing queued either');
      assert.equal((await backfilled.lastRun())?.outcome, 'ok');
    } finally {
      await cycled.close();
      await backfilled.close();
    }
  });

  it('resumed after an interruption, gives the same store as an uninterrupted run and counts nothing twice', async () => {
    const whole = freshStore('whole');
    const resumed = freshStore('resumed');
    try {
      await runBackfill(deps(whole), { dir: pages });
      const first = await runBackfill(deps(resumed), { dir: pages, batchSize: 2, limit: 3 });
      assert.equal(first.interrupted, true);
      assert.equal((await resumed.counts()).articles, 3, 'the batches done before the interruption are kept');
      assert.equal((await resumed.lastRun())?.outcome, 'abandoned');
      const second = await runBackfill(deps(resumed), { dir: pages, batchSize: 2 });
      assert.equal(second.skipped, 3, 'what was stored is skipped');
      assert.equal(second.articles, 2);
      assert.deepEqual(await storeSnapshot(resumed), await storeSnapshot(whole));
      const third = await runBackfill(deps(resumed), { dir: pages });
      assert.deepEqual([third.articles, third.skipped, third.changes.length], [0, 5, 0]);
      assert.deepEqual(await storeSnapshot(resumed), await storeSnapshot(whole));
    } finally {
      await whole.close();
      await resumed.close();
    }
  });

  it('stops at an aborted signal after committing the article in hand', async () => {
    const store = freshStore('aborted');
    try {
      const controller = new AbortController();
      const report = await runBackfill(deps(store), {
        dir: pages,
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 2) controller.abort();
        },
      });
      assert.equal(report.interrupted, true);
      assert.equal((await store.counts()).articles, 2);
    } finally {
      await store.close();
    }
  });

  it('keeps to --since and --until, and dates a text file by its modification time', async () => {
    const bounded = path.join(dir, 'bounded');
    mkdirSync(bounded);
    for (const s of seeds)
      writeFileSync(path.join(bounded, s.doc.replace('.txt', '.html')), articlePage(s, SEED_PUBLISHED[s.doc]!));
    const note = path.join(bounded, 'wire-note.txt');
    writeFileSync(
      note,
      'Seoul, March 3 (Yonhap) -- North Korea has sent about 3,000 more troops to Russia, the spy agency said on Monday.',
    );
    utimesSync(note, new Date('2025-03-03T10:00:00Z'), new Date('2025-03-03T10:00:00Z'));
    const store = freshStore('bounded');
    try {
      const report = await runBackfill(deps(store), {
        dir: bounded,
        since: new Date('2025-02-14T00:00:00Z'),
        until: new Date('2025-06-19T00:00:00Z'),
      });
      assert.equal(report.found, 6);
      assert.equal(report.articles, 3, 'the Feb 14 and Jun 18 pages and the Mar 3 note');
      const published = (await store.ledger()).map((c) => c.at);
      assert.ok(
        published.every((p) => p !== null && p >= '2025-02-14' && p < '2025-06-19'),
        published.join(', '),
      );
      assert.ok(published.includes('2025-03-03T10:00:00.000Z'), 'the text file is dated by its mtime');
    } finally {
      await store.close();
    }
  });

  it('with sendDigest, sends one summary digest at the end', async () => {
    const store = freshStore('digest');
    const sender = recordingChannel();
    try {
      const report = await runBackfill(deps(store, sender), { dir: pages, sendDigest: true });
      assert.equal(report.digestSent, true);
      assert.equal(sender.sent.length, 1);
      assert.match(
        sender.sent[0]!.rendered.subject,
        /^figurewatch backfill: DPRK troops in Russia: 11,000 \(\+\d+ more\)$/,
      );
      assert.match(sender.sent[0]!.rendered.text, /10,000–12,000/);
      const again = await runBackfill(deps(store, sender), { dir: pages, sendDigest: true });
      assert.equal(again.digestSent, false, 'nothing new: no digest');
      assert.equal(sender.sent.length, 1);
    } finally {
      await store.close();
    }
  });

  it('reads the ledger for its summary inside one transaction, so another commit cannot fall between its reads', async () => {
    const store = freshStore('summary-snapshot');
    const sender = recordingChannel();
    // Calls made on the store itself, not on the transaction it hands out, are reads outside any transaction.
    const outside: string[] = [];
    const watched = new Proxy(store, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          if (prop === 'estimateLedger' || prop === 'ledgerClaim' || prop === 'queueDigest') outside.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    try {
      const report = await runBackfill(deps(watched, sender), { dir: pages, sendDigest: true });
      assert.equal(report.digestSent, true);
      assert.equal(sender.sent.length, 1);
      assert.deepEqual(outside, []);
    } finally {
      await store.close();
    }
  });

  it("reads the configured feeds' items and a file of URLs, and the two agree with the cycle", async () => {
    const fromFeeds = freshStore('feeds');
    const fromUrls = freshStore('urls');
    const cycled = freshStore('cycled-2');
    try {
      await runCycle(deps(cycled));
      const a = await runBackfill(deps(fromFeeds), { feeds: true });
      assert.equal(a.articles, 5);
      assert.deepEqual(await storeSnapshot(fromFeeds), await storeSnapshot(cycled));
      const list = path.join(dir, 'urls.txt');
      writeFileSync(
        list,
        [
          '# saved links',
          ...seeds.map((s) => server.url(`/articles/${s.doc.replace('.txt', '.html')}`)),
          'not a url',
          '',
        ].join('\n'),
      );
      const b = await runBackfill(deps(fromUrls), { urlsFile: list });
      assert.equal(b.articles, 5);
      assert.deepEqual((await storeSnapshot(fromUrls)).estimates, (await storeSnapshot(cycled)).estimates);
      const fetched = server.requests.length;
      const c = await runBackfill(deps(fromUrls), { urlsFile: list });
      assert.equal(c.skipped, 5);
      assert.equal(server.requests.length, fetched, 'stored URLs are not fetched again');
    } finally {
      await fromFeeds.close();
      await fromUrls.close();
      await cycled.close();
    }
  });
});
