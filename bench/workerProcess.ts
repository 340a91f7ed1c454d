/**
 * One worker of the workers benchmark (its own process, as a deployed worker is): one cycle over
 * the shared PostgreSQL store, leasing feeds as `figurewatch once` does, then its report over IPC.
 */
import { validateConfig } from '../src/config/schema.js';
import { runCycle } from '../src/pipeline/ingest.js';
import { openPostgresStore } from '../src/store/postgres/pgStore.js';
import { benchDeps } from './pipelineDeps.js';

const ports = (process.env.PORTS ?? '').split(',').map(Number);
const feeds = Number(process.env.FEEDS);
const checked = validateConfig({
  feeds: Array.from({ length: feeds }, (_, i) => ({
    name: `Feed ${i}`,
    url: `http://127.0.0.1:${ports[i % ports.length]}/feed/${i}.xml`,
  })),
  // The default limits (4 requests in flight, 2 per host): what one worker may ask of the sites.
  fetch: { timeoutMs: 30_000, allowPrivateNetworks: true },
  store: { url: process.env.PG_URL },
});
if (!checked.ok) throw new Error(checked.problems.join('\n'));
const store = await openPostgresStore(process.env.PG_URL!);
const deps = { ...benchDeps(store, checked.value), worker: process.env.WORKER ?? 'bench' };
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
const startedAt = Date.now();
const report = await runCycle(deps, { tick: new Date(process.env.TICK!) });
const endedAt = Date.now();
clearInterval(sampler);
await store.close();
process.send?.({ feedsPolled: report.feedsPolled, articles: report.articles, peakRss, startedAt, endedAt });
process.disconnect?.();
