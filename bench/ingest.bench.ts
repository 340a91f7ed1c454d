/**
 * Ingestion: a local server (its own process) serves 500 feeds of 10 items with realistic article
 * pages (10-100 KB), read in the daemon's pool of reading threads.
 * One full cycle with a cold store, then one with a warm store (every feed answers 304).
 * Prints time, requests per second and peak memory (heap figures are after a GC when run with
 * node --expose-gc).   npm run bench:ingest
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTopic } from '../src/config/load.js';
import { validateConfig } from '../src/config/schema.js';
import { runCycle } from '../src/pipeline/ingest.js';
import { contentPool, defaultThreads } from '../src/sandbox/contentPool.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import { CONFIG_DIR } from '../tests/support/paths.js';
import { benchDeps } from './pipelineDeps.js';

const FEEDS = Number(process.env.FEEDS ?? 500);
const ITEMS = Number(process.env.ITEMS ?? 10);
const HOSTS = 10;

const server = fork(fileURLToPath(new URL('./feedServer.js', import.meta.url)), {
  env: { ...process.env, FEEDS: String(FEEDS), ITEMS: String(ITEMS), HOSTS: String(HOSTS) },
});
const ask = <T>(message?: string): Promise<T> =>
  new Promise((resolve) => {
    server.once('message', (m) => resolve(m as T));
    if (message) server.send(message);
  });
const { ports } = await ask<{ ports: number[] }>();

const checked = validateConfig({
  feeds: Array.from({ length: FEEDS }, (_, i) => ({
    name: `Feed ${i}`,
    url: `http://127.0.0.1:${ports[i % HOSTS]}/feed/${i}.xml`,
  })),
  fetch: { timeoutMs: 30_000, concurrency: 16, perHostConcurrency: 4, allowPrivateNetworks: true },
});
if (!checked.ok) throw new Error(checked.problems.join('\n'));
const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-bench-'));
const store = openSqliteStore(path.join(dir, 'bench.db'));
const topic = loadTopic(CONFIG_DIR, 'dprk-russia');
// As the daemon reads pages: in its pool of reading threads (one per core, at most 4).
const content = contentPool([topic], { threads: defaultThreads(), timeBudgetMs: 10_000, maxHeapMb: 256 });
const deps = { ...benchDeps(store, checked.value), content };

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

async function timedCycle(label: string): Promise<number> {
  const before = (await ask<{ requests: number }>('count')).requests;
  const started = process.hrtime.bigint();
  const report = await runCycle(deps);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = (await ask<{ requests: number }>('count')).requests - before;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `    after: rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}`,
  );
  console.log(
    `  ${label}: ${seconds.toFixed(2)} s, ${requests} requests (${(requests / seconds).toFixed(0)}/s), ` +
      `${report.itemsNew} new items, ${report.articles} articles, ${report.claims} claims, ${report.feedsFailed} feeds failed`,
  );
  return seconds;
}

console.log(
  `ingestion benchmark: ${FEEDS} feeds x ${ITEMS} items on ${HOSTS} loopback hosts (concurrency 16, 4 per host)`,
);
const cold = await timedCycle('cold store');
const warm = await timedCycle('warm store (all 304)');
clearInterval(sampler);
console.log(`  warm is ${(cold / warm).toFixed(0)}x faster than cold   (bar: >= 10x)`);
// maxRSS counts the reading threads too, and every moment, not only the samples.
console.log(
  `  peak RSS: ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024).toFixed(0)} MB   (bar: < 200 MB)`,
);
console.log(`  store size: ${(statSync(path.join(dir, 'bench.db')).size / 1024 / 1024).toFixed(0)} MB`);
await content.close();
await store.close();
server.send('exit');
rmSync(dir, { recursive: true, force: true });
