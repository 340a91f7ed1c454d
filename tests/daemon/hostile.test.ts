/**
 * What a hostile or merely broken web does to the daemon, against real loopback servers: each
 * test pins one way an input once stopped the daemon, held back other feeds, hid a figure, leaked
 * a secret or reached where it must not.
 */
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
import { MAX_SENTENCE_CHARS } from '../../src/extract/text.js';
import { checkAddress } from '../../src/http/addressGuard.js';
import { fetchUrl, type HttpFetch } from '../../src/http/fetch.js';
import { type PipelineDeps, runCycle, runIngest } from '../../src/pipeline/ingest.js';
import { type ContentProcessor, contentPool, inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { estimatesIn } from '../support/claims.js';
import { type FeedItemFixture, rssFeed } from '../support/corpus.js';
import { type FixtureServer, type Route, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';

const topic = loadTopic(CONFIG_DIR, 'dprk-russia');

function page(body: string, headers: Record<string, string> = {}): Route {
  return send(
    `<!doctype html><html><head><title>Story</title></head><body><article>${body}</article></body></html>`,
    'text/html; charset=utf-8',
    headers,
  );
}

const day = (d: number): string => new Date(Date.UTC(2025, 5, d)).toUTCString();

describe('hostile and broken inputs', () => {
  let server: FixtureServer;
  let dir: string;
  let n = 0;

  before(async () => {
    server = await startFixtureServer();
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-hostile-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Setup {
    store: SqliteStore;
    deps: PipelineDeps;
    log: ReturnType<typeof memoryLogger>;
    clock: { now: Date };
    feedUrl: (name: string) => string;
  }

  /** A fresh store and a config whose feeds are routes of the shared server (or given URLs). */
  function setup(
    feeds: Array<{ name: string; route?: Route; url?: string; allowPrivateNetwork?: boolean }>,
    extra: Record<string, unknown> = {},
    options: { content?: ContentProcessor; http?: HttpFetch } = {},
  ): Setup {
    n++;
    const urls = new Map<string, string>();
    for (const f of feeds) {
      if (f.route) {
        server.routes.set(`/h${n}/${f.name}.xml`, f.route);
        urls.set(f.name, server.url(`/h${n}/${f.name}.xml`));
      } else urls.set(f.name, f.url!);
    }
    const raw = {
      feeds: feeds.map((f) => ({
        name: f.name,
        url: urls.get(f.name)!,
        allowPrivateNetwork: f.allowPrivateNetwork ?? true,
      })),
      ...extra,
      fetch: { timeoutMs: 2000, allowPrivateNetworks: true, ...(extra.fetch as object | undefined) },
      retry: { feedBaseMs: 1000, digestBaseMs: 1000 },
    };
    const checked = validateConfig(raw);
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const store = openSqliteStore(path.join(dir, `h${n}.db`));
    const log = memoryLogger();
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    const deps: PipelineDeps = {
      store,
      http: options.http ?? fetchUrl,
      logger: log.logger,
      clock: () => clock.now,
      config: checked.value,
      topics: [topic],
      content: options.content ?? inlineContent([topic]),
      delivery: new Delivery([logChannel(log.logger)]),
    };
    return { store, deps, log, clock, feedUrl: (name) => urls.get(name)! };
  }

  const feedOf = (title: string, items: FeedItemFixture[]): Route =>
    send(rssFeed(title, items), 'application/rss+xml; charset=utf-8');
  const row = <T>(store: SqliteStore, sql: string, ...params: unknown[]): T => {
    const db = new Database((store as unknown as { db: Database.Database }).db.name, { readonly: true });
    try {
      return db.prepare(sql).get(...params) as T;
    } finally {
      db.close();
    }
  };

  describe('1. one page cannot take the daemon down', () => {
    it('reads a 1 MB page whose sentences never end in bounded pieces, and keeps its figure with a short quote', async () => {
      const unit =
        "lower-case filler about the weather and the markets, north korea has sent about 45000 troops to russia, south korea's spy agency said on monday, and more filler follows ";
      const filler = `North Korea ${unit.repeat(Math.ceil(1_000_000 / unit.length))}`;
      server.routes.set('/huge-sentence.html', page(`<p>${filler}</p>`));
      const wrapped = Array.from(
        { length: 4000 },
        (_, i) => `weather line ${i} of a paragraph that was hard-wrapped at`,
      ).join('\n');
      server.routes.set(
        '/wrapped.html',
        page(`<pre>North Korea has sent about 46,000 troops to Russia\n${wrapped}</pre>`),
      );
      const { store, deps } = setup(
        [
          {
            name: 'big',
            route: feedOf('Big', [
              {
                title: 'Long',
                link: server.url('/huge-sentence.html'),
                guid: 'long',
                pubDate: day(1),
                description: 'x',
              },
              {
                title: 'Wrapped',
                link: server.url('/wrapped.html'),
                guid: 'wrapped',
                pubDate: day(2),
                description: 'y',
              },
            ]),
          },
        ],
        { fetch: { maxBytes: 4 * 1024 * 1024 } },
      );
      try {
        const report = await runCycle(deps);
        assert.equal(report.articles, 2);
        const claims = await store.ledger(['troops_deployed']);
        assert.deepEqual(claims.map((c) => c.low).sort(), [45000, 46000]);
        for (const c of claims)
          assert.ok(c.quote.length <= MAX_SENTENCE_CHARS, `quote of ${c.quote.length} characters`);
      } finally {
        await store.close();
      }
    });

    it('stores a document over its reading budget without claims, logs its URL, and reextract reads it later', async () => {
      const hostile = contentPool([topic], {
        threads: 1,
        timeBudgetMs: 1000,
        maxHeapMb: 64,
        workerUrl: new URL('../support/hostileContentWorker.js', import.meta.url),
      });
      server.routes.set(
        '/hang.html',
        page('<p>HANG North Korea has sent about 47,000 troops to Russia, officials said.</p>'),
      );
      server.routes.set(
        '/fine.html',
        page('<p>North Korea has sent about 12,000 troops to Russia, officials said.</p>'),
      );
      const { store, deps, log } = setup(
        [
          {
            name: 'budget',
            route: feedOf('Budget', [
              { title: 'Hang', link: server.url('/hang.html'), guid: 'hang', pubDate: day(1), description: 'x' },
              { title: 'Fine', link: server.url('/fine.html'), guid: 'fine', pubDate: day(2), description: 'y' },
            ]),
          },
        ],
        {},
        { content: hostile },
      );
      try {
        const report = await runCycle(deps);
        assert.equal(report.articles, 2, 'both stored; the other article is not held back');
        assert.deepEqual(
          (await store.ledger(['troops_deployed'])).map((c) => c.low),
          [12000],
        );
        assert.equal(await store.articlesAwaitingExtraction(), 1);
        const warned = log
          .lines()
          .find(
            (l) =>
              l.msg ===
              'article stored without claims: its text was not read in time or memory; figurewatch reextract reads it again',
          );
        assert.equal(warned?.url, server.url('/hang.html'));
        // The rule is fixed (here: the normal reader); reextract reads the marked article.
        const fixed = await runIngest({ ...deps, content: inlineContent([topic]) }, { kind: 'stored' });
        assert.equal(fixed.added, 1);
        assert.deepEqual((await store.ledger(['troops_deployed'])).map((c) => c.low).sort(), [12000, 47000]);
        assert.equal(await store.articlesAwaitingExtraction(), 0);
      } finally {
        await store.close();
        await hostile.close();
      }
    });
  });

  describe('2. one feed cannot hold back the others', () => {
    it('commits a fast feed while a slow one runs into the cycle deadline; the slow one resumes next cycle', async () => {
      const slow = await startFixtureServer();
      let hang = true;
      for (let i = 0; i < 20; i++) {
        slow.routes.set(`/p${i}.html`, (_req, res) => {
          if (!hang) page(`<p>North Korea has sent ${20_000 + i} troops to Russia, officials said.</p>`)(_req, res);
        });
      }
      slow.routes.set(
        '/feed.xml',
        feedOf(
          'Slow',
          Array.from({ length: 20 }, (_, i) => ({
            title: `Slow ${i}`,
            link: slow.url(`/p${i}.html`),
            guid: `s${i}`,
            pubDate: day(1 + i),
            description: `Slow story ${i}.`,
          })),
        ),
      );
      server.routes.set(
        '/fast.html',
        page('<p>North Korea has sent about 13,000 troops to Russia, officials said.</p>'),
      );
      const { store, deps } = setup(
        [
          {
            name: 'fast',
            route: feedOf('Fast', [
              { title: 'Fast', link: server.url('/fast.html'), guid: 'fast', pubDate: day(25), description: 'x' },
            ]),
          },
          { name: 'slow', url: slow.url('/feed.xml') },
        ],
        { cycle: { deadlineMs: 1000 }, fetch: { timeoutMs: 2000, concurrency: 4, perHostConcurrency: 2 } },
      );
      try {
        const started = Date.now();
        const first = await runCycle(deps);
        assert.ok(
          Date.now() - started < 8000,
          `the cycle ended near its deadline, not after 20 timeouts (${Date.now() - started} ms)`,
        );
        assert.equal(first.feedsUnfinished, 1);
        assert.match(first.digest?.text ?? '', /13,000/, "the fast feed's figure is in this cycle's digest");
        const storedFirst = (await store.counts()).articles;
        assert.ok(storedFirst < 21, "the slow feed's items not started are left for the next cycle");
        hang = false;
        let cycles = 0;
        while ((await store.counts()).articles < 21 && cycles < 10) {
          await runCycle(deps);
          cycles++;
        }
        assert.equal((await store.counts()).articles, 21, 'every item arrives over the next cycles');
      } finally {
        await store.close();
        await slow.close();
      }
    });

    it('reads at most fetch.maxItemsPerFeed new items per cycle, newest first', async () => {
      const items = Array.from({ length: 30 }, (_, i) => ({
        title: `Item ${i}`,
        link: server.url(`/cap/${i}`),
        guid: `c${i}`,
        pubDate: day(1 + i),
        description: `North Korea has sent ${30_000 + i} troops to Russia.`,
      }));
      const { store, deps } = setup([{ name: 'capped', route: feedOf('Capped', items) }], {
        fetch: { maxItemsPerFeed: 10 },
      });
      try {
        const first = await runCycle(deps);
        assert.equal(first.itemsNew, 10);
        assert.equal(first.feedsUnfinished, 1);
        assert.deepEqual(
          (await store.ledger(['troops_deployed'])).map((c) => c.low - 30_000).sort((a, b) => a - b),
          [20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
        );
        assert.equal((await runCycle(deps)).itemsNew, 10);
        assert.equal((await runCycle(deps)).itemsNew, 10);
        const last = await runCycle(deps);
        assert.equal(last.itemsNew, 0);
        assert.equal(last.feedsUnfinished, 0);
      } finally {
        await store.close();
      }
    });

    it('keeps what each feed committed when the cycle is cut short', async () => {
      const slow = await startFixtureServer({
        '/never.html': () => {
          /* never answers */
        },
      });
      slow.routes.set(
        '/feed.xml',
        feedOf('Slow', [
          { title: 'Never', link: slow.url('/never.html'), guid: 'never', pubDate: day(2), description: 'x' },
        ]),
      );
      server.routes.set(
        '/kept.html',
        page('<p>North Korea has sent about 14,000 troops to Russia, officials said.</p>'),
      );
      const shutdown = new AbortController();
      const { store, deps } = setup(
        [
          {
            name: 'done',
            route: feedOf('Done', [
              { title: 'Kept', link: server.url('/kept.html'), guid: 'kept', pubDate: day(1), description: 'x' },
            ]),
          },
          { name: 'slow', url: slow.url('/feed.xml') },
        ],
        { fetch: { timeoutMs: 10_000 } },
      );
      try {
        setTimeout(() => shutdown.abort(), 500);
        await assert.rejects(runCycle({ ...deps, signal: shutdown.signal }), /cut short on shutdown/);
        assert.deepEqual(
          (await store.ledger(['troops_deployed'])).map((c) => c.low),
          [14000],
          'the finished feed was committed',
        );
        assert.equal(
          (await store.undigestedChanges()).length,
          0,
          'and its change is in the outbox for the next start to send',
        );
        assert.equal((await store.pendingDeliveries(deps.delivery.channelIds)).length, 1);
      } finally {
        await store.close();
        await slow.close();
      }
    });
  });

  describe('3. a figure on a page that failed once, or was edited, is read', () => {
    it('retries a page that answered 503 and reports its figure when it arrives; an item with no text waits as pending', async () => {
      let available = false;
      const flaky =
        (body: string): Route =>
        (req, res) => {
          if (available) return page(body)(req, res);
          res.writeHead(503).end();
        };
      server.routes.set(
        '/later.html',
        flaky('<p>North Korea has sent about 15,000 troops to Russia, the NIS said.</p>'),
      );
      server.routes.set(
        '/bare.html',
        flaky('<p>North Korea has sent about 16,000 troops to Russia, officials said.</p>'),
      );
      const { store, deps, clock } = setup([
        {
          name: 'retry',
          route: feedOf('Retry', [
            {
              title: 'Later',
              link: server.url('/later.html'),
              guid: 'later',
              pubDate: day(1),
              description: 'A summary without figures.',
            },
            { title: 'Bare', link: server.url('/bare.html'), guid: 'bare', pubDate: day(2), description: '' },
          ]),
        },
      ]);
      try {
        const first = await runCycle(deps);
        assert.equal(first.articles, 2, 'the item with no text is kept (its title) while its page is pending');
        assert.equal((await store.ledger(['troops_deployed'])).length, 0);
        clock.now = new Date('2025-07-01T00:30:00Z');
        const again = await runCycle(deps);
        assert.equal(again.itemsNew, 0, 'a pending item is not rediscovered as new');
        available = true;
        clock.now = new Date('2025-07-01T02:00:00Z');
        const arrived = await runCycle(deps);
        assert.equal(arrived.pagesRead, 2);
        assert.deepEqual((await store.ledger(['troops_deployed'])).map((c) => c.low).sort(), [15000, 16000]);
        assert.match(arrived.digest?.text ?? '', /16,000/);
        assert.equal(
          row<{ text_source: string }>(store, 'SELECT text_source FROM articles WHERE guid = ?', 'later').text_source,
          'page',
        );
      } finally {
        await store.close();
      }
    });

    it('re-reads a young page with a conditional GET and reports an edit, the figure it no longer states as a correction', async () => {
      let version = 1;
      const conditional: string[] = [];
      server.routes.set('/edited.html', (req, res) => {
        conditional.push(String(req.headers['if-none-match'] ?? ''));
        if (req.headers['if-none-match'] === `"v${version}"`) return void res.writeHead(304).end();
        const figure = version === 1 ? '11,000' : '13,500';
        page(`<p>North Korea has sent about ${figure} troops to Russia, the NIS said on Monday.</p>`, {
          etag: `"v${version}"`,
        })(req, res);
      });
      const { store, deps, clock } = setup([
        {
          name: 'edits',
          route: feedOf('Edits', [
            {
              title: 'Edited',
              link: server.url('/edited.html'),
              guid: 'edited',
              pubDate: day(30),
              description: 'Summary.',
            },
          ]),
        },
      ]);
      try {
        await runCycle(deps);
        assert.deepEqual(
          [...(await estimatesIn(store)).values()].map((e) => e.low),
          [11000],
        );
        clock.now = new Date('2025-07-01T03:00:00Z');
        const unchanged = await runCycle(deps);
        assert.equal(unchanged.pagesRead, 1);
        assert.equal(unchanged.digest, null, '304: nothing to report');
        assert.equal(conditional.at(-1), '"v1"', "the re-read sent the page's ETag");
        version = 2;
        clock.now = new Date('2025-07-01T06:00:00Z');
        const edited = await runCycle(deps);
        assert.deepEqual(
          [...(await estimatesIn(store)).values()].map((e) => e.low),
          [13500],
        );
        assert.match(edited.digest?.text ?? '', /11,000 → about 13,500|13,500/);
        assert.match(edited.digest?.text ?? '', /figure 11,000 withdrawn/);
        const withdrawn = (await store.ledger(['troops_deployed'])).find((c) => c.low === 11000);
        assert.equal(withdrawn?.rejected?.reason, 'no longer in the article (edited)');
        clock.now = new Date('2025-07-04T00:00:00Z');
        const old = await runCycle(deps);
        assert.equal(old.pagesRead, 0, 'older than pages.recheckForHours: not read again');
      } finally {
        await store.close();
      }
    });
  });

  describe('4. the private-address guard cannot be bypassed', () => {
    it('never reuses a connection opened for a feed allowed on loopback to fetch a loopback article link', async () => {
      server.routes.set('/pooled.html', page('<p>North Korea has sent about 17,000 troops to Russia.</p>'));
      const { store, deps, log } = setup(
        [
          {
            name: 'local',
            route: feedOf('Local', [
              {
                title: 'Pooled',
                link: server.url('/pooled.html'),
                guid: 'pooled',
                pubDate: day(1),
                description: 'North Korea has sent about 17,100 troops to Russia.',
              },
            ]),
            allowPrivateNetwork: true,
          },
        ],
        { fetch: { allowPrivateNetworks: false } },
      );
      try {
        const before = server.requests.filter((r) => r.path === '/pooled.html').length;
        const report = await runCycle(deps);
        assert.equal(report.articles, 1, 'the feed was read, being allowed on loopback');
        assert.equal(
          server.requests.filter((r) => r.path === '/pooled.html').length,
          before,
          'the article page was never requested',
        );
        assert.ok(log.lines().some((l) => l.kind === 'refused-address'));
        assert.deepEqual(
          (await store.ledger(['troops_deployed'])).map((c) => c.low),
          [17100],
          'the feed text was used',
        );
      } finally {
        await store.close();
      }
    });

    it('refuses a feed on a private address unless the feed allows it, and guards every redirect of a feed', async () => {
      const inner = await startFixtureServer({ '/feed.xml': feedOf('Inner', []) }, '127.0.0.2');
      // Here 127.0.0.1 plays a public address, and every other address is judged as usual.
      const http: HttpFetch = (url, request) =>
        fetchUrl(url, {
          ...request,
          addressCheck: (a) => (a === '127.0.0.1' ? { allowed: true } : checkAddress(a, false)),
        });
      server.routes.set('/redirect.xml', (_req, res) => {
        res.writeHead(302, { location: inner.url('/feed.xml') }).end();
      });
      const { store, deps } = setup(
        [
          { name: 'hop', url: server.url('/redirect.xml'), allowPrivateNetwork: false },
          { name: 'private', url: inner.url('/feed.xml'), allowPrivateNetwork: false },
        ],
        { fetch: { allowPrivateNetworks: false } },
        { http },
      );
      try {
        const report = await runCycle(deps);
        assert.equal(report.feedsFailed, 2);
        assert.equal(inner.requests.length, 0, 'no connection reached the private address');
        for (const f of await store.feedStates()) assert.equal(f.lastErrorKind, 'refused-address', f.name);
      } finally {
        await store.close();
        await inner.close();
      }
    });
  });

  describe('5. a password in a feed URL goes to the server and nowhere else', () => {
    it('authenticates with it but never logs, stores, prints or mails it', async () => {
      const auth = `Basic ${Buffer.from('reader:hunter2secret').toString('base64')}`;
      let up = true;
      server.routes.set('/auth-page.html', page('<p>North Korea has sent about 18,000 troops to Russia.</p>'));
      const route: Route = (req, res) => {
        if (req.headers.authorization !== auth) return void res.writeHead(401).end();
        if (!up) return void res.writeHead(500).end();
        feedOf('Private', [
          { title: 'Private', link: server.url('/auth-page.html'), guid: 'private', pubDate: day(1), description: 'x' },
        ])(req, res);
      };
      server.routes.set('/auth-feed.xml', route);
      const secretUrl = server.url('/auth-feed.xml').replace('http://', 'http://reader:hunter2secret@');
      const { store, deps, log, clock } = setup([{ name: 'private', url: secretUrl }]);
      try {
        const first = await runCycle(deps);
        assert.equal(first.feedsFailed, 0, 'the credentials were sent');
        assert.equal((await store.ledger(['troops_deployed'])).length, 1);
        up = false;
        const digests: string[] = [];
        for (let i = 1; i <= 3; i++) {
          clock.now = new Date(Date.parse('2025-07-01T00:00:00Z') + i * 3_600_000);
          const r = await runCycle(deps, { force: true });
          if (r.digest) digests.push(r.digest.text, r.digest.html, r.digest.subject);
        }
        assert.ok(
          digests.some((d) => d.includes('failing')),
          'the failing feed was named in a digest',
        );
        const everything = [
          JSON.stringify(log.lines()),
          JSON.stringify(await store.feedStates()),
          JSON.stringify(await store.ledger(['troops_deployed'])),
          ...digests,
        ].join('\n');
        assert.ok(!everything.includes('hunter2secret'), 'the password appears nowhere');
        assert.equal((await store.feedStates())[0]?.url, server.url('/auth-feed.xml'));
      } finally {
        await store.close();
      }
    });
  });

  describe('6. text and time from strangers', () => {
    it('clamps a publication time in the future to the fetch time, and a later article still moves the estimate', async () => {
      server.routes.set('/future.html', page('<p>North Korea has sent about 99,000 troops to Russia.</p>'));
      server.routes.set('/today.html', page('<p>North Korea has sent about 19,000 troops to Russia.</p>'));
      server.routes.set('/ancient.html', page('<p>North Korea has sent about 1,900 troops to Russia.</p>'));
      const items: FeedItemFixture[] = [
        {
          title: 'Future',
          link: server.url('/future.html'),
          guid: 'future',
          pubDate: new Date('2100-01-01T00:00:00Z').toUTCString(),
          description: 'x',
        },
        {
          title: 'Ancient',
          link: server.url('/ancient.html'),
          guid: 'ancient',
          pubDate: new Date('1985-01-01T00:00:00Z').toUTCString(),
          description: 'x',
        },
      ];
      const { store, deps, clock, log } = setup([
        { name: 'times', route: (req, res) => feedOf('Times', items)(req, res) },
      ]);
      try {
        await runCycle(deps);
        const future = row<{ published_at: string; published_adjusted_from: string }>(
          store,
          'SELECT published_at, published_adjusted_from FROM articles WHERE guid = ?',
          'future',
        );
        assert.equal(future.published_at, '2025-07-01T00:00:00.000Z');
        assert.match(future.published_adjusted_from, /^2100-01-01/);
        assert.equal(
          row<{ published_at: string | null }>(store, 'SELECT published_at FROM articles WHERE guid = ?', 'ancient')
            .published_at,
          null,
          'before 1990: unknown',
        );
        assert.ok(log.lines().some((l) => l.msg === 'publication time could not be true; replaced'));
        clock.now = new Date('2025-07-02T00:00:00Z');
        items.push({
          title: 'Today',
          link: server.url('/today.html'),
          guid: 'today',
          pubDate: new Date('2025-07-02T00:00:00Z').toUTCString(),
          description: 'x',
        });
        const today = await runCycle(deps);
        assert.deepEqual(
          today.changes.map((c) => c.kind),
          ['estimate'],
          'a real article of today is news, not an "earlier report"',
        );
        assert.equal((await estimatesIn(store)).get('troops_deployed')?.low, 19000);
      } finally {
        await store.close();
      }
    });

    it('removes terminal controls and bidi overrides from titles and quotes, and caps titles', async () => {
      const title = `\u001b[2J\u001b[31mBreaking\u202e news ${'long '.repeat(200)}`;
      server.routes.set(
        '/controls.html',
        page('<p>North Korea has sent about 21,000\u001b[0m troops to Russia\u202e, officials said.</p>'),
      );
      const { store, deps } = setup([
        {
          name: 'controls',
          route: feedOf('Controls', [
            { title, link: server.url('/controls.html'), guid: 'controls', pubDate: day(1), description: 'x' },
          ]),
        },
      ]);
      try {
        await runCycle(deps);
        const [c] = await store.ledger(['troops_deployed']);
        assert.ok(c);
        assert.equal(c.quote, 'North Korea has sent about 21,000 troops to Russia, officials said.');
        assert.ok(c.title.startsWith('Breaking news long'));
        assert.ok(c.title.length <= 300);
        assert.doesNotMatch(c.title, /[\u0000-\u001f\u202e]/);
      } finally {
        await store.close();
      }
    });

    it('matches an item by its GUID when its link changes on every poll', async () => {
      let poll = 0;
      server.routes.set('/session.html', page('<p>North Korea has sent about 22,000 troops to Russia.</p>'));
      const { store, deps, clock } = setup([
        {
          name: 'session',
          route: (req, res) => {
            poll++;
            feedOf('Session', [
              {
                title: 'Session',
                link: `${server.url('/session.html')}?session=${poll}-${Math.random()}`,
                guid: 'stable-guid',
                pubDate: day(1),
                description: 'x',
              },
            ])(req, res);
          },
        },
      ]);
      try {
        await runCycle(deps);
        clock.now = new Date('2025-07-01T01:00:00Z');
        const second = await runCycle(deps);
        assert.equal(second.itemsNew, 0);
        assert.equal((await store.counts()).articles, 1);
      } finally {
        await store.close();
      }
    });
  });
});
