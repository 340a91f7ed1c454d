/**
 * Backfill: 20,000 distinct saved article pages in a folder, into a fresh store, end to end
 * (read, date, order, extract, dedupe, diff, write). Then the same command again, which must find
 * everything stored. Prints articles per second and peak memory.   npm run bench:backfill
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateConfig } from '../src/config/schema.js';
import { runIngest } from '../src/pipeline/ingest.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import { articlePage } from '../tests/support/corpus.js';
import { benchDeps } from './pipelineDeps.js';
import { pageText } from './syntheticArticles.js';

const ARTICLES = Number(process.env.ARTICLES ?? 20_000);

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-bench-backfill-'));
const saved = path.join(dir, 'saved');
mkdirSync(saved);
for (let n = 0; n < ARTICLES; n++) {
  // Names in an order unlike publication order, so the sort is exercised.
  const published = new Date(Date.UTC(2024, 0, 1) + ((n * 7919) % ARTICLES) * 30 * 60_000).toISOString();
  writeFileSync(
    path.join(saved, `${String(n).padStart(6, '0')}.html`),
    articlePage({ doc: String(n), text: pageText(n), gold: { doc: String(n), claims: [] } }, published),
  );
}

const checked = validateConfig({ feeds: [] });
if (!checked.ok) throw new Error(checked.problems.join('\n'));
const storeFile = path.join(dir, 'bench.db');
const store = openSqliteStore(storeFile);
const deps = benchDeps(store, checked.value);

(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
let peakRss = rssBefore;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

console.log(`backfill benchmark: ${ARTICLES} saved article pages`);
let started = process.hrtime.bigint();
const report = await runIngest(deps, { kind: 'saved', dir: saved });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `  first run: ${seconds.toFixed(1)} s, ${(report.articles / seconds).toFixed(0)} articles/s   (bar: >= 300/s)`,
);
console.log(
  `    ${report.articles} articles (${report.duplicates} copies), ${report.claims} claims, ${report.changes.length} changes`,
);

started = process.hrtime.bigint();
const again = await runIngest(deps, { kind: 'saved', dir: saved });
const rerun = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
console.log(`  second run (all stored): ${rerun.toFixed(1)} s, ${again.skipped} skipped, ${again.articles} stored`);
console.log(`  peak RSS: ${mb(peakRss)} (${mb(rssBefore)} before the backfill)   (bar: < 300 MB)`);
console.log(`  store size: ${mb(statSync(storeFile).size)}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
