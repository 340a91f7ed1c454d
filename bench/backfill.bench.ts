/**
 * Backfill: saved article pages as news sites serve them (10-100 KB of menus, scripts, styles and
 * comments around a 3 KB article; see realisticPage.ts) into a fresh store, end to end (read,
 * date, order, parse, extract, dedupe, diff, write), with 1 and then 2 reading threads, each in
 * its own process so that its peak RSS is its own. Against the floor, measured in the same run on
 * the same pages: cheerio loading a page, dropping its scripts and styles and taking its text.
 *   npm run bench:backfill    (ARTICLES=2000 for a quicker run; BENCH_NODE_FLAGS='...' to try other heap settings)
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import { loadTopic } from '../src/config/load.js';
import { validateConfig } from '../src/config/schema.js';
import { runIngest } from '../src/pipeline/ingest.js';
import { contentPool } from '../src/sandbox/contentPool.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import { CONFIG_DIR } from '../tests/support/paths.js';
import { benchDeps } from './pipelineDeps.js';
import { realisticPage } from './realisticPage.js';
import { pageText } from './syntheticArticles.js';

/** As the CLI's first line starts node. */
const CLI_NODE_FLAGS = '--max-old-space-size=512 --max-semi-space-size=2';
const ARTICLES = Number(process.env.ARTICLES ?? 10_000);
const FLOOR_PAGES = Math.min(ARTICLES, 2_000);
const MB = 1024 * 1024;

interface RunFigures {
  threads: number;
  seconds: number;
  articles: number;
  claims: number;
  rerunSeconds: number;
  peakRssMb: number;
}

if (process.argv[2] === 'run') {
  // One backfill in this process: the folder, the store file and the thread count come from the parent.
  const [, , , dir, storeFile, threadsArg] = process.argv as [string, string, string, string, string, string];
  const threads = Number(threadsArg);
  const checked = validateConfig({ feeds: [] });
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const store = openSqliteStore(storeFile);
  const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
  const content = contentPool([topic], { threads, timeBudgetMs: 10_000, maxHeapMb: 256 });
  const deps = { ...benchDeps(store, checked.value), content };
  let started = process.hrtime.bigint();
  const report = await runIngest(deps, { kind: 'saved', dir });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  started = process.hrtime.bigint();
  const again = await runIngest(deps, { kind: 'saved', dir });
  const rerunSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (again.articles !== 0) throw new Error(`the second run stored ${again.articles} articles again`);
  await content.close();
  await store.close();
  const figures: RunFigures = {
    threads,
    seconds,
    articles: report.articles,
    claims: report.claims,
    rerunSeconds,
    // maxRSS counts every thread of the process, the reading threads too.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(figures);
  process.exit(0);
}

if (process.argv[2] === 'reextract') {
  // `figurewatch reextract` over the store a backfill built: every stored article read again, its
  // fingerprint written again, its claims compared with those stored (none differ).
  const [, , , storeFile, threadsArg] = process.argv as [string, string, string, string, string];
  const checked = validateConfig({ feeds: [] });
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const store = openSqliteStore(storeFile);
  const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
  const content = contentPool([topic], { threads: Number(threadsArg), timeBudgetMs: 10_000, maxHeapMb: 256 });
  const started = process.hrtime.bigint();
  const report = await runIngest({ ...benchDeps(store, checked.value), content }, { kind: 'stored' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (report.added + report.withdrawn !== 0) throw new Error('reextract found claims the backfill did not');
  await content.close();
  await store.close();
  const figures: ReextractFigures = {
    seconds,
    articles: report.articles,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(figures);
  process.exit(0);
}

interface ReextractFigures {
  seconds: number;
  articles: number;
  peakRssMb: number;
}

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-bench-backfill-'));
const saved = path.join(dir, 'saved');
mkdirSync(saved);
const sizes: number[] = [];
for (let n = 0; n < ARTICLES; n++) {
  // Names in an order unlike publication order, so the sort is exercised.
  const published = new Date(Date.UTC(2024, 0, 1) + ((n * 7919) % ARTICLES) * 30 * 60_000).toISOString();
  const { html } = realisticPage(n, pageText(n), published);
  writeFileSync(path.join(saved, `${String(n).padStart(6, '0')}.html`), html);
  sizes.push(Buffer.byteLength(html));
}
sizes.sort((a, b) => a - b);
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
const totalBytes = sizes.reduce((a, b) => a + b, 0);
console.log(
  `backfill benchmark: ${ARTICLES.toLocaleString('en-US')} saved pages, ${(totalBytes / MB).toFixed(0)} MB: ` +
    `page size median ${kb(sizes[Math.floor(sizes.length / 2)]!)}, mean ${kb(totalBytes / sizes.length)}, ` +
    `${kb(sizes[0]!)} to ${kb(sizes.at(-1)!)}`,
);

/** The floor: what cheerio alone takes to load a page, drop scripts and styles, and take its text. */
function floorPagesPerSecond(): number {
  const files = readdirSync(saved).sort().slice(0, FLOOR_PAGES);
  const pages = files.map((f) => readFileSync(path.join(saved, f), 'utf8'));
  const text = (html: string): string => {
    const $ = cheerio.load(html);
    $('script, style, noscript, template').remove();
    return $('body').text();
  };
  for (const p of pages.slice(0, 200)) text(p);
  const started = process.hrtime.bigint();
  let chars = 0;
  for (const p of pages) chars += text(p).length;
  if (chars === 0) throw new Error('the floor read no text');
  return pages.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Runs this script in a child process, as the CLI starts node, and returns the figures it sends. */
function inChild<T>(args: readonly string[], what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), args, {
      // The heap settings the CLI runs with (src/cli/main.ts), unless a run asks for others.
      execArgv: (process.env.BENCH_NODE_FLAGS ?? CLI_NODE_FLAGS).split(' ').filter(Boolean),
    });
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${what} exited with ${code}`));
    });
  });
}

function backfillIn(threads: number): Promise<RunFigures> {
  const storeFile = path.join(dir, `store-${threads}.db`);
  return inChild(['run', saved, storeFile, String(threads)], `the backfill with ${threads} threads`);
}

const floorBefore = floorPagesPerSecond();
const one = await backfillIn(1);
const two = await backfillIn(2);
// The floor again after the runs: the ratio uses the mean, so a machine that slowed mid-run shows.
const floorAfter = floorPagesPerSecond();
const floor = (floorBefore + floorAfter) / 2;
console.log(
  `  floor (cheerio load + drop scripts/styles + text, one core): ${floor.toFixed(0)} pages/s (${floorBefore.toFixed(0)} before, ${floorAfter.toFixed(0)} after)`,
);
for (const run of [one, two]) {
  const rate = run.articles / run.seconds;
  console.log(
    `  backfill, ${run.threads} reading thread${run.threads > 1 ? 's' : ' '}: ${run.seconds.toFixed(1)} s, ${rate.toFixed(0)} articles/s = ${(rate / floor).toFixed(2)}x the floor   (bar: >= 0.4x; goal 0.5x)` +
      `; ${(totalBytes / MB / run.seconds).toFixed(1)} MB/s; peak RSS ${run.peakRssMb.toFixed(0)} MB   (bar: < 200 MB)`,
  );
  console.log(
    `    ${run.articles} articles, ${run.claims} claims; the same command again (all stored): ${run.rerunSeconds.toFixed(1)} s`,
  );
}
console.log(`  2 threads vs 1: ${(one.seconds / two.seconds).toFixed(2)}x`);
const reextract = await inChild<ReextractFigures>(['reextract', path.join(dir, 'store-2.db'), '2'], 'the reextract');
console.log(
  `  reextract of that store, 2 reading threads: ${reextract.seconds.toFixed(1)} s, ${(reextract.articles / reextract.seconds).toFixed(0)} articles/s; peak RSS ${reextract.peakRssMb.toFixed(0)} MB   (bar: < 200 MB)`,
);
console.log(`  store size: ${(statSync(path.join(dir, 'store-1.db')).size / MB).toFixed(0)} MB`);
rmSync(dir, { recursive: true, force: true });
