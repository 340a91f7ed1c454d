import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { loadTopic } from '../../src/config/load.js';
import { type Config, validateConfig } from '../../src/config/schema.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { Delivery } from '../../src/digest/deliver.js';
import { FAILING_NOTICE_AFTER } from '../../src/feeds/health.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { type PipelineDeps, runCycle } from '../../src/pipeline/ingest.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { rssFeed } from '../support/corpus.js';
import { type FixtureServer, type Route, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';

const topic = loadTopic(CONFIG_DIR, 'dprk-russia');

function item(
  server: FixtureServer,
  name: string,
  day: number,
  description = `North Korea has sent ${10000 + day} troops to Russia.`,
) {
  return {
    title: `Story ${name}`,
    link: server.url(`/page/${name}`),
    guid: name,
    pubDate: new Date(Date.UTC(2025, 0, day)).toUTCString(),
    description,
  };
}

describe('feed ingestion against a loopback server', () => {
  let server: FixtureServer;
  let dir: string;
  let n = 0;
  const clock = { now: new Date('2025-07-01T00:00:00Z') };

  before(async () => {
    server = await startFixtureServer();
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-ingest-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setup(
    feeds: Array<{ name: string; route: Route }>,
    fetch: Partial<Config['fetch']> = {},
  ): { store: SqliteStore; deps: PipelineDeps; log: ReturnType<typeof memoryLogger>; urls: string[] } {
    n++;
    const urls = feeds.map((f) => {
      const p = `/t${n}/${f.name}.xml`;
      server.routes.set(p, f.route);
      return server.url(p);
    });
    const checked = validateConfig({
      feeds: feeds.map((f, i) => ({ name: f.name, url: urls[i] })),
      fetch: { timeoutMs: 2000, allowPrivateNetworks: true, ...fetch },
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    const store = openSqliteStore(path.join(dir, `t${n}.db`));
    const log = memoryLogger();
    return {
      store,
      log,
      urls,
      deps: {
        store,
        http: fetchUrl,
        logger: log.logger,
        clock: () => clock.now,
        config: checked.value,
        topics: [topic],
        content: inlineContent([topic]),
        delivery: new Delivery([logChannel(log.logger)]),
      },
    };
  }

  it('sends ETag and Last-Modified back and treats 304 as nothing new, without parsing', async () => {
    let parsedBodies = 0;
    const lastModified = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const { store, deps, log, urls } = setup([
      {
        name: 'conditional',
        route: (req, res) => {
          if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === lastModified) {
            res.writeHead(304).end();
            return;
          }
          parsedBodies++;
          res
            .writeHead(200, { etag: '"v1"', 'last-modified': lastModified, 'content-type': 'application/rss+xml' })
            .end(rssFeed('C', [item(server, 'c1', 1)]));
        },
      },
    ]);
    try {
      assert.equal((await runCycle(deps)).itemsNew, 1);
      const state = await store.feedState(urls[0]!);
      assert.deepEqual([state?.etag, state?.lastModified], ['"v1"', lastModified]);
      const second = await runCycle(deps);
      assert.equal(second.itemsNew, 0);
      assert.equal(parsedBodies, 1, 'the 304 carried no body');
      assert.ok(log.lines().some((l) => l.msg === 'feed not modified'));
    } finally {
      await store.close();
    }
  });

  it('records a feed that times out, and the other feeds go on', async () => {
    const { store, deps, urls } = setup(
      [
        {
          name: 'hang',
          route: () => {
            /* never answers */
          },
        },
        { name: 'fine', route: send(rssFeed('F', [item(server, 'f1', 2)]), 'application/rss+xml') },
      ],
      { timeoutMs: 300 },
    );
    try {
      const report = await runCycle(deps);
      assert.equal(report.feedsFailed, 1);
      assert.equal(report.itemsNew, 1);
      assert.equal((await store.feedState(urls[0]!))?.lastErrorKind, 'timeout');
    } finally {
      await store.close();
    }
  });

  it('backs off a feed that fails, names it in one digest, and again when it recovers', async () => {
    let calls = 0;
    const { store, deps, log, urls } = setup([
      {
        name: 'flaky',
        route: (_req, res) => {
          calls++;
          if (calls <= 4) res.writeHead(500).end('oops');
          else
            res
              .writeHead(200, { 'content-type': 'application/rss+xml' })
              .end(rssFeed('Flaky', [item(server, 'k1', 3)]));
        },
      },
    ]);
    try {
      clock.now = new Date('2025-07-01T00:00:00Z');
      const nextTries: string[] = [];
      for (let failure = 1; failure <= 4; failure++) {
        const report = await runCycle(deps);
        const state = (await store.feedState(urls[0]!))!;
        assert.equal(state.errorCount, failure);
        assert.equal(state.lastErrorKind, 'http-status');
        nextTries.push(state.nextTryAt!);
        assert.equal(
          report.digest !== null,
          failure === FAILING_NOTICE_AFTER,
          `digest only at failure ${FAILING_NOTICE_AFTER}, not at ${failure}`,
        );
        if (report.digest)
          assert.match(report.digest.text, /Feed "flaky" failing since 2025-07-01 00:00: 500 \(3 failures in a row/);
        const skipped = await runCycle(deps);
        assert.equal(skipped.feedsSkipped, 1, 'not polled again before its next try');
        clock.now = new Date(Date.parse(state.nextTryAt!) + 1000);
      }
      const gaps = nextTries.map(
        (t, i) => Date.parse(t) - (i === 0 ? Date.parse('2025-07-01T00:00:00Z') : Date.parse(nextTries[i - 1]!) + 1000),
      );
      assert.deepEqual(
        gaps.map((g) => g / 60_000),
        [5, 10, 20, 40],
        'exponential backoff in minutes',
      );
      assert.equal(calls, 4, 'skipped cycles made no request');
      const recovered = await runCycle(deps);
      assert.equal(recovered.itemsNew, 1);
      assert.equal((await store.feedState(urls[0]!))?.errorCount, 0);
      assert.match(recovered.digest?.text ?? '', /Feed "flaky" recovered \(had been failing since 2025-07-01 00:00\)/);
      assert.ok(log.lines().some((l) => l.msg === 'feed recovered'));
    } finally {
      await store.close();
    }
  });

  it('waits at least as long as Retry-After on 429 and 503', async () => {
    const { store, deps, urls } = setup([
      {
        name: 'busy',
        route: (_req, res) => {
          res.writeHead(429, { 'retry-after': '7200' }).end();
        },
      },
    ]);
    try {
      await runCycle(deps);
      assert.equal(Date.parse((await store.feedState(urls[0]!))!.nextTryAt!) - clock.now.getTime(), 7200 * 1000);
    } finally {
      await store.close();
    }
  });

  it('sorts feed failures into kinds: redirect loop, 20 MB body, gzip bomb, malformed XML, not a feed', async () => {
    const { store, deps, urls } = setup([
      {
        name: 'loop',
        route: (req, res) => {
          res.writeHead(302, { location: req.url ?? '/' }).end();
        },
      },
      {
        name: 'huge',
        route: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(Buffer.alloc(20 * 1024 * 1024, 0x20));
        },
      },
      {
        name: 'bomb',
        route: (_req, res) => {
          res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)));
        },
      },
      { name: 'malformed', route: send('<rss><channel><item><title>no end', 'application/rss+xml') },
      { name: 'html', route: send('<!doctype html><html><body>Not a feed</body></html>', 'text/html') },
      { name: 'empty', route: send(rssFeed('Empty', []), 'application/rss+xml') },
    ]);
    try {
      const report = await runCycle(deps);
      assert.equal(report.feedsFailed, 5);
      assert.deepEqual(
        (await Promise.all(urls.map((u) => store.feedState(u)))).map((f) => f?.lastErrorKind ?? 'ok'),
        ['redirects', 'too-large', 'too-large', 'not-a-feed', 'not-a-feed', 'ok'],
      );
    } finally {
      await store.close();
    }
  });

  it('reads feeds in windows-1251 and EUC-KR, declared in the header or only in the XML', async () => {
    const { store, deps } = setup([
      {
        name: 'cp1251',
        route: send(
          Buffer.concat([
            Buffer.from(
              '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>t</title><item><title>',
            ),
            Buffer.from([0xcf, 0xf5, 0xe5, 0xed, 0xfc, 0xff, 0xed]), // Пхеньян
            Buffer.from(
              `</title><link>${server.url('/page/ru')}</link><guid>ru</guid><description>North Korea has sent 13,300 troops to Russia.</description></item></channel></rss>`,
            ),
          ]),
          'application/xml',
        ),
      },
      {
        name: 'euckr',
        route: send(
          Buffer.concat([
            Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>'),
            Buffer.from([0xc6, 0xf2, 0xbe, 0xe7]), // 평양
            Buffer.from(
              `</title><link>${server.url('/page/ko')}</link><guid>ko</guid><description>North Korea has sent 13,400 troops to Russia.</description></item></channel></rss>`,
            ),
          ]),
          'text/xml; charset=euc-kr',
        ),
      },
    ]);
    try {
      await runCycle(deps);
      const db = new Database(path.join(dir, `t${n}.db`), { readonly: true });
      const titles = (db.prepare('SELECT title FROM articles ORDER BY title').all() as Array<{ title: string }>).map(
        (r) => r.title,
      );
      db.close();
      assert.deepEqual(titles, ['Пхеньян', '평양']);
    } finally {
      await store.close();
    }
  });

  it("reads Atom feeds and keeps the page's publication time when the feed has none", async () => {
    server.routes.set(
      '/page/atom1',
      send(
        '<html><head><meta property="article:published_time" content="2025-03-03T03:00:00Z"></head><body><article><p>North Korea has sent 13,500 troops to Russia, officials said on Monday in a statement that was long enough to count as the article body.</p></article></body></html>',
        'text/html',
      ),
    );
    const { store, deps } = setup([
      {
        name: 'atom',
        route: send(
          `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><id>urn:a1</id><title>Atom story</title><link href="${server.url('/page/atom1')}"/><summary>Short.</summary></entry></feed>`,
          'application/atom+xml',
        ),
      },
    ]);
    try {
      const report = await runCycle(deps);
      assert.equal(report.articles, 1);
      assert.equal((await store.ledger())[0]?.at, '2025-03-03T03:00:00.000Z');
    } finally {
      await store.close();
    }
  });

  it('keeps to the per-host limit when many feeds share a host', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow: Route = (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('S', []));
      }, 30);
    };
    const { store, deps } = setup(
      Array.from({ length: 12 }, (_, i) => ({ name: `same-host-${i}`, route: slow })),
      { concurrency: 8, perHostConcurrency: 2 },
    );
    try {
      await runCycle(deps);
      assert.equal(maxInFlight, 2);
    } finally {
      await store.close();
    }
  });
});
