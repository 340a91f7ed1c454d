/**
 * The web page in a real browser: headless Chromium (Debian's `chromium`, which .ci/run installs)
 * driven by puppeteer-core. A cycle stores the seed articles from a loopback feed (one title holds
 * a <script>), the page is served on a free loopback port, and each page is loaded and checked.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { loadTopic } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { Delivery } from '../../src/digest/deliver.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { runCycle } from '../../src/pipeline/ingest.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { CONTENT_SECURITY_POLICY } from '../../src/web/server.js';
import { figurewatch } from '../support/cli.js';
import { articlePage, rssFeed, seedArticles } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CLI, CONFIG_DIR, repoPath } from '../support/paths.js';

/** `figurewatch serve --port 0` as its own process; resolves with the address it prints. */
function serveCommandLine(config: string): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FIGUREWATCH_CONFIG: '' },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /page at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);
const HOSTILE = '<script>window.pwned = 1</script> N. Korea & Russia';

describe('the web page in a real browser', {
  skip:
    !CHROMIUM && !process.env.FIGUREWATCH_REQUIRE_BROWSER
      ? 'no Chromium here: apt-get install chromium (.ci/run does)'
      : false,
}, () => {
  let feed: FixtureServer;
  let web: { url: string; close: () => Promise<void> };
  let store: SqliteStore;
  let browser: Browser;
  let dir: string;
  const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
  const consoleErrors: string[] = [];

  before(async () => {
    assert.ok(CHROMIUM, 'Chromium is needed: apt-get install chromium');
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-web-'));
    feed = await startFixtureServer();
    const seeds = seedArticles();
    seeds.forEach((s, i) =>
      feed.routes.set(
        `/a/${i}.html`,
        send(articlePage(s, new Date(Date.UTC(2025, 0, 10 + i * 20)).toISOString()), 'text/html'),
      ),
    );
    feed.routes.set(
      '/feed.xml',
      send(
        rssFeed(
          'Wire',
          seeds.map((_, i) => ({
            title: i === 3 ? HOSTILE : `Story ${i}`,
            link: feed.url(`/a/${i}.html`),
            guid: `g${i}`,
            pubDate: new Date(Date.UTC(2025, 0, 10 + i * 20)).toUTCString(),
            description: 'Summary.',
          })),
        ),
        'application/rss+xml',
      ),
    );
    const checked = validateConfig({
      feeds: [{ name: 'Wire <b>', url: feed.url('/feed.xml') }],
      fetch: { allowPrivateNetworks: true },
      store: { path: path.join(dir, 'web.db') },
    });
    assert.ok(checked.ok);
    writeFileSync(path.join(dir, 'figurewatch.yaml'), `store:\n  path: ${path.join(dir, 'web.db')}\nfeeds: []\n`);
    mkdirSync(path.join(dir, 'topics'));
    copyFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml'), path.join(dir, 'topics', 'dprk-russia.yaml'));
    store = openSqliteStore(path.join(dir, 'web.db'));
    const logger = memoryLogger().logger;
    await runCycle({
      store,
      http: fetchUrl,
      logger,
      clock: () => new Date('2025-07-01T00:00:00Z'),
      config: checked.value,
      topics: [topic],
      content: inlineContent([topic]),
      delivery: new Delivery([logChannel(logger)]),
    });
    // The page as a user starts it: `figurewatch serve` on a free loopback port, over the store the cycle wrote.
    web = await serveCommandLine(path.join(dir, 'figurewatch.yaml'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    await browser?.close();
    await web?.close();
    await store?.close();
    await feed?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(pathname: string, width = 1000): Promise<{ page: Page; csp: string | undefined }> {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${pathname}: ${m.text()}`);
    });
    page.on('pageerror', (err) => consoleErrors.push(`${pathname}: ${String(err)}`));
    const res = await page.goto(`${web.url}${pathname}`, { waitUntil: 'networkidle0' });
    assert.equal(res?.status(), 200, pathname);
    return { page, csp: res?.headers()['content-security-policy'] };
  }

  /** Saved with each run; UPDATE_SCREENSHOTS=1 writes them to docs/ for the README. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(dir, name);
    await page.screenshot({ path: file as `${string}.png`, fullPage: false });
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(file, repoPath('docs', name));
  }

  it('shows on the overview the values status --json gives, under a CSP that forbids inline script', async () => {
    const { page, csp } = await open('/');
    assert.equal(csp, CONTENT_SECURITY_POLICY);
    assert.match(csp ?? '', /script-src 'self';/);
    const status = await figurewatch(['status', '--json', '--config', path.join(dir, 'figurewatch.yaml')]);
    assert.equal(status.code, 0, status.stderr);
    const expected = (
      JSON.parse(status.stdout) as {
        estimates: Array<{ metric: string; current: { low: number; high: number; qualifier: string } | null }>;
      }
    ).estimates.map((e) => [e.metric, e.current ? `${e.current.low}-${e.current.high}-${e.current.qualifier}` : '']);
    const shown = await page.$$eval('section.card', (cards) =>
      cards.map((c) => [c.getAttribute('data-metric'), c.querySelector('.value')?.getAttribute('data-value') ?? null]),
    );
    assert.deepEqual(shown, expected);
    assert.equal(await page.$eval('section[data-metric="troops_deployed"] .value', (el) => el.textContent), '11,000');
    await screenshot(page, 'web-overview.png');
    await page.close();
  });

  it("draws each figure's chart with one series per source, and hovering a dot shows its quote", async () => {
    for (const metric of [
      'troops_deployed',
      'casualties',
      'killed',
      'captured',
      'missiles_supplied',
      'shells_supplied',
    ]) {
      const { page } = await open(`/metric/${metric}`);
      const drawn = await page.$eval('#chart canvas', (c) => {
        const canvas = c as HTMLCanvasElement;
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
        return painted;
      });
      assert.ok(drawn > 1000, `${metric}: the chart is drawn (${drawn} painted pixels)`);
      const { series, sources } = await page.$eval('#chart', (el) => {
        const data = JSON.parse(document.getElementById('chart-data')!.textContent!) as {
          claims: Array<{ source: string; rejected: boolean }>;
        };
        return {
          series: Number(el.getAttribute('data-series')),
          sources: new Set(data.claims.filter((c) => !c.rejected).map((c) => c.source)).size,
        };
      });
      assert.equal(series, sources, `${metric}: one series per source`);
      if (metric === 'troops_deployed') {
        // Hover the newest claim's dot: its quote appears in the tip.
        const target = await page.$eval('#chart', (el) => {
          const plot = (
            el as unknown as { figurewatchPlot: { valToPos: (v: number, s: string) => number; over: HTMLElement } }
          ).figurewatchPlot;
          const data = JSON.parse(document.getElementById('chart-data')!.textContent!) as {
            claims: Array<{ t: number; low: number; high: number; quote: string }>;
          };
          const c = data.claims[data.claims.length - 1]!;
          const box = plot.over.getBoundingClientRect();
          // A dot at the plot's very edge is hovered from just inside it.
          const x = Math.min(Math.max(plot.valToPos(c.t, 'x'), 2), box.width - 2);
          return { x: box.left + x, y: box.top + plot.valToPos((c.low + c.high) / 2, 'y'), quote: c.quote };
        });
        await page.mouse.move(target.x, target.y, { steps: 4 });
        await page.waitForSelector('#tip:not([hidden])', { timeout: 5000 });
        const tip = await page.$eval('#tip', (el) => el.textContent ?? '');
        assert.ok(tip.includes(target.quote.slice(0, 40)), `the tip shows the quote: ${tip}`);
        await screenshot(page, 'web-chart.png');
      }
      await page.close();
    }
  });

  it('shows a feed title holding <script> as text, on the claims table and the digests', async () => {
    for (const pathname of ['/metric/captured', '/digests/1', '/feeds']) {
      const { page } = await open(pathname);
      assert.equal(
        await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
        undefined,
        `${pathname}: no script from a feed ran`,
      );
      const text = await page.evaluate(() => document.body.textContent ?? '');
      if (pathname === '/feeds') assert.ok(text.includes('Wire <b>'), 'the feed name as text');
      else assert.ok(text.includes('<script>window.pwned = 1</script>'), `${pathname}: the title as text`);
      await page.close();
    }
  });

  it('serves the digests, the feeds and the exports, at phone width too, with no console error', async () => {
    const { page } = await open('/digests', 390);
    assert.ok(await page.$('table a[href="/digests/1"]'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at phone width (${overflow} px)`);
    await page.close();
    const atom = await fetch(`${web.url}/changes.atom`);
    assert.equal(atom.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    const xml = await atom.text();
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(xml, /<entry>[\s\S]*<title>DPRK troops in Russia: [^<]+<\/title>/);
    const csv = await (await fetch(`${web.url}/export/claims.csv?metric=troops_deployed`)).text();
    assert.match(csv, /^claim_id,metric,published_at,/);
    const api = (await (await fetch(`${web.url}/api/claims?metric=troops_deployed`)).json()) as { claims: unknown[] };
    assert.ok(api.claims.length > 0);
    assert.equal((await fetch(`${web.url}/`, { method: 'POST' })).status, 405, 'read-only');
    assert.equal((await fetch(`${web.url}/metric/nonsense`)).status, 404);
    assert.deepEqual(consoleErrors, []);
  });
});
