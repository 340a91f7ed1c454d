import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadTopic } from '../../src/config/load.js';
import { type Config, validateConfig } from '../../src/config/schema.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { Delivery } from '../../src/digest/deliver.js';
import { digestSettings, nextDigest } from '../../src/digest/outbox.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { supportOf } from '../../src/model/estimates.js';
import { FIGURE_REJECTED } from '../../src/pipeline/commit.js';
import { type PipelineDeps, runCycle } from '../../src/pipeline/ingest.js';
import { rejectClaim } from '../../src/pipeline/reject.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { estimatesIn } from '../support/claims.js';
import { articlePage, rssFeed, SEED_PUBLISHED, seedArticles } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';

const PUBLISHED = SEED_PUBLISHED;

function configFor(feeds: Config['feeds'], storePath: string, allowPrivateNetworks: boolean): Config {
  const checked = validateConfig({
    feeds,
    store: { path: storePath },
    fetch: { timeoutMs: 3000, allowPrivateNetworks },
  });
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return checked.value;
}

describe('one cycle from a loopback feed to a digest', () => {
  let server: FixtureServer;
  let deadServer: FixtureServer;
  let dir: string;
  const seeds = seedArticles();

  before(async () => {
    server = await startFixtureServer();
    const items = seeds.map((s) => ({
      title: s.text.split('\n')[0]!.trim(),
      link: server.url(`/articles/${s.doc.replace('.txt', '.html')}`),
      guid: `seed-${s.doc}`,
      pubDate: new Date(PUBLISHED[s.doc]!).toUTCString(),
      description: s.text.slice(0, 300),
    }));
    server.routes.set('/feed.xml', send(rssFeed('Seed wire', items), 'application/rss+xml; charset=utf-8'));
    for (const s of seeds)
      server.routes.set(
        `/articles/${s.doc.replace('.txt', '.html')}`,
        send(articlePage(s, PUBLISHED[s.doc]!), 'text/html; charset=utf-8'),
      );
    deadServer = await startFixtureServer();
    await deadServer.close(); // its port now refuses connections
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-cycle-'));
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function deps(store: SqliteStore, allowPrivateNetworks: boolean, logger = memoryLogger().logger): PipelineDeps {
    return {
      store,
      http: fetchUrl,
      logger,
      clock: () => new Date('2025-07-01T12:00:00Z'),
      config: configFor(
        [
          { name: 'Seed wire', url: server.url('/feed.xml'), allowPrivateNetwork: true },
          { name: 'Dead feed', url: deadServer.url('/feed.xml'), allowPrivateNetwork: true },
        ],
        path.join(dir, 'unused.db'),
        allowPrivateNetworks,
      ),
      topics: [loadTopic(CONFIG_DIR, 'dprk-russia')],
      content: inlineContent([loadTopic(CONFIG_DIR, 'dprk-russia')]),
      delivery: new Delivery([logChannel(logger)]),
    };
  }

  it('stores every figure, moves the estimates, logs one digest, and finds nothing new the second time', async () => {
    const store = openSqliteStore(path.join(dir, 'cycle.db'));
    const log = memoryLogger();
    try {
      const first = await runCycle(deps(store, true, log.logger));
      assert.equal(first.itemsNew, 5);
      assert.equal(first.articles, 5);
      assert.equal(first.feedsFailed, 1, 'the dead feed fails, the other goes on');
      assert.equal(
        first.claims,
        seeds.reduce((n, s) => n + s.gold.claims.length, 0),
        'every gold claim stored',
      );
      assert.equal((await store.counts()).claims, 26);

      const estimates = await estimatesIn(store);
      const troops = estimates.get('troops_deployed');
      assert.deepEqual(
        [troops?.low, troops?.high, troops?.qualifier, troops?.attribution],
        [11000, 11000, 'exact', 'Western intelligence'],
        'the newest actual total is the estimate, though 11,000 was seen before',
      );
      const casualties = estimates.get('casualties');
      assert.deepEqual(
        [casualties?.low, casualties?.qualifier, casualties?.at.slice(0, 10)],
        [6000, 'approx', '2025-06-22'],
        'about 6,000, the newest report',
      );
      assert.deepEqual(
        supportOf(await store.ledger(), { metric: 'casualties', low: 6000, high: 6000 }),
        { sources: 2, copies: 2 },
        'UK Ministry of Defence and Western intelligence stand behind 6,000',
      );
      assert.equal(estimates.get('shells_supplied')?.low, 10_000_000);
      assert.equal(estimates.has('workers_deployed'), false, 'planned deployments never become the total');

      assert.ok(first.digest, 'a digest was rendered');
      assert.match(first.digest.subject, /^figurewatch: DPRK troops in Russia/);
      assert.match(first.digest.text, /WHERE EACH FIGURE STANDS/);
      assert.match(first.digest.text, /Planned: 5,000/);
      assert.match(
        first.digest.text,
        /an additional «3,000-4,000» deployed earlier this year/,
        'a tranche quoted with its figure marked',
      );
      assert.match(
        first.digest.text,
        /Earlier reports also stored: 10,000–12,000 \(Ukraine, 2\d Jun 2025\)/,
        'superseded in the same digest: one line, no quote',
      );
      assert.ok(first.digest.text.includes(server.url('/articles/002_f0de8808307eb9a3.html')), 'links the article');
      const logged = log.lines().filter((l) => l.msg === 'digest');
      assert.equal(logged.length, 1, 'the digest is written to the log once');
      assert.equal(logged[0]!.subject, first.digest.subject);
      assert.equal((await store.pendingDeliveries(['primary'])).length, 0, 'the outbox is delivered');

      const dead = await store.feedState(deadServer.url('/feed.xml'));
      assert.equal(dead?.lastErrorKind, 'connect');
      assert.equal(dead?.errorCount, 1);
      assert.ok(log.lines().some((l) => l.msg === 'feed skipped this cycle' && l.feed === 'Dead feed'));

      const pagesFetched = server.requests.filter((r) => r.path.startsWith('/articles/')).length;
      const second = await runCycle(deps(store, true, log.logger));
      assert.equal(second.itemsNew, 0);
      assert.equal(second.changes.length, 0);
      assert.equal(second.digest, null);
      assert.equal(
        server.requests.filter((r) => r.path.startsWith('/articles/')).length,
        pagesFetched,
        'no page fetched again',
      );
      assert.equal((await store.counts()).outbox, 1, 'no second digest');
      assert.equal(log.lines().filter((l) => l.msg === 'digest').length, 1);
    } finally {
      await store.close();
    }
  });

  it('gives the same digest byte for byte on two identical runs, and previews exactly what it then sends', async () => {
    const [a, b] = [openSqliteStore(path.join(dir, 'twin-a.db')), openSqliteStore(path.join(dir, 'twin-b.db'))];
    try {
      const first = await runCycle(deps(a, true));
      const twin = await runCycle(deps(b, true));
      assert.ok(first.digest && twin.digest);
      assert.deepEqual(twin.digest, first.digest, 'subject, text and HTML identical');

      // Back to the moment between the feeds' commits and the digest (a cycle killed there, or still running).
      const raw = new Database(path.join(dir, 'twin-b.db'));
      raw.exec('UPDATE changes SET digest_id = NULL; DELETE FROM deliveries; DELETE FROM outbox;');
      raw.close();
      const settings = digestSettings(deps(b, true));
      const preview = await nextDigest(b, settings);
      assert.ok(preview);
      const log = memoryLogger();
      const next = await runCycle(deps(b, true, log.logger));
      assert.equal(next.itemsNew, 0, 'nothing new: the cycle only reports what was left');
      assert.deepEqual(next.digest, preview.digest, 'the preview is the digest the cycle sends');
      assert.deepEqual(next.digest, first.digest);
      const logged = log.lines().find((l) => l.msg === 'digest');
      assert.equal(logged?.digest, preview.digest.text, 'and what reaches the log is that text');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('never alerts again on a figure the user rejected, though a new article states it', async () => {
    const store = openSqliteStore(path.join(dir, 'rejected.db'));
    const extra = await startFixtureServer();
    try {
      await runCycle(deps(store, true));
      const wrong = (await store.ledger(['captured'])).find((c) => c.low === 2)!;
      assert.equal(
        (await rejectClaim(store, wrong.id, 'prisoners of another war', '2025-07-01T12:00:00Z')).kind,
        'rejected',
      );
      extra.routes.set(
        '/feed.xml',
        send(
          rssFeed('Later wire', [
            {
              title: 'Two North Korean soldiers captured',
              link: extra.url('/later.html'),
              guid: 'later',
              pubDate: new Date('2025-06-30T08:00:00Z').toUTCString(),
              description: 'Ukraine says two North Korean soldiers were captured in Kursk.',
            },
          ]),
          'application/rss+xml',
        ),
      );
      extra.routes.set(
        '/later.html',
        send(
          articlePage(
            {
              doc: 'later.txt',
              text: "Two North Korean soldiers captured\nUkrainian forces captured two North Korean soldiers in the Kursk region, Ukraine's security service said on Monday.",
              gold: { doc: 'later.txt', claims: [] },
            },
            '2025-06-30T08:00:00Z',
          ),
          'text/html',
        ),
      );
      const later = {
        ...deps(store, true),
        config: configFor(
          [{ name: 'Later wire', url: extra.url('/feed.xml'), allowPrivateNetwork: true }],
          path.join(dir, 'unused.db'),
          true,
        ),
      };
      const next = await runCycle(later);
      assert.equal(next.articles, 1);
      const restated = (await store.ledger(['captured'])).filter((c) => c.low === 2 && c.id !== wrong.id);
      assert.equal(restated.length, 1, 'the new claim is stored, for the record');
      assert.equal(restated[0]!.rejected?.reason, FIGURE_REJECTED);
      assert.deepEqual(
        next.changes.filter((c) => c.metric === 'captured'),
        [],
        'and reported nowhere',
      );
      assert.equal((await estimatesIn(store)).has('captured'), false);
    } finally {
      await extra.close();
      await store.close();
    }
  });

  it('survives pages that are binary, bodiless, too large or in another charset, and a malformed feed', async () => {
    const bad = await startFixtureServer({
      '/binary.html': send(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]), 'text/html'),
      '/nobody.html': send('<html><head><title>Nothing</title></head></html>', 'text/html'),
      '/huge.html': send(Buffer.alloc(6 * 1024 * 1024, 0x61), 'text/html'),
      '/cp1251.html': send(
        Buffer.concat([
          Buffer.from('<html><body><article><p>North Korea has sent 12,600 troops to Russia. '),
          Buffer.from([0xcf, 0xf5, 0xe5, 0xed, 0xfc, 0xff, 0xed]),
          Buffer.from('</p></article></body></html>'),
        ]),
        'text/html; charset=windows-1251',
      ),
      '/broken.xml': send('<rss><channel><item><title>unclosed', 'application/rss+xml'),
    });
    bad.routes.set(
      '/feed.xml',
      send(
        rssFeed(
          'Bad pages',
          ['binary', 'nobody', 'huge', 'cp1251'].map((name, i) => ({
            title: `Item ${name}`,
            link: bad.url(`/${name}.html`),
            guid: name,
            pubDate: new Date(Date.UTC(2025, 5, 1 + i)).toUTCString(),
            description:
              name === 'nobody'
                ? 'North Korea has sent 12,700 troops to Russia, officials said.'
                : `Summary of ${name}.`,
          })),
        ),
        'application/rss+xml',
      ),
    );
    const store = openSqliteStore(path.join(dir, 'bad.db'));
    const log = memoryLogger();
    try {
      const d = deps(store, true, log.logger);
      d.config = {
        ...d.config,
        feeds: [
          { name: 'Bad pages', url: bad.url('/feed.xml') },
          { name: 'Broken', url: bad.url('/broken.xml') },
        ],
      };
      const report = await runCycle(d);
      assert.equal(report.articles, 4, 'every item stored, from the page or the feed');
      assert.equal(report.feedsFailed, 1);
      assert.equal((await store.feedState(bad.url('/broken.xml')))?.lastErrorKind, 'not-a-feed');
      assert.equal(
        (await estimatesIn(store)).get('troops_deployed')?.low,
        12600,
        'the windows-1251 page was read, and is newest',
      );
      assert.equal(
        await store.hasClaimOf({ metric: 'troops_deployed', low: 12700, high: 12700 }),
        true,
        'the bodiless page fell back to the feed text',
      );
      const kinds = log
        .lines()
        .filter((l) => l.msg === 'page not used; using the feed text')
        .map((l) => l.kind)
        .sort();
      assert.deepEqual(kinds, ['protocol', 'protocol', 'too-large']);
    } finally {
      await store.close();
      await bad.close();
    }
  });

  it('refuses loopback article links when allowPrivateNetworks is false and reads the feed text instead', async () => {
    const store = openSqliteStore(path.join(dir, 'guarded.db'));
    const before = server.requests.filter((r) => r.path.startsWith('/articles/')).length;
    const log = memoryLogger();
    try {
      const report = await runCycle(deps(store, false, log.logger));
      assert.equal(report.articles, 5);
      assert.equal(
        server.requests.filter((r) => r.path.startsWith('/articles/')).length,
        before,
        'no connection to the article pages',
      );
      const refusals = log.lines().filter((l) => l.kind === 'refused-address');
      assert.equal(refusals.length, 5);
      assert.match(String(refusals[0]!.err), /loopback, private or reserved/);
    } finally {
      await store.close();
    }
  });
});
