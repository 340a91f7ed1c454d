/**
 * Workers sharing one PostgreSQL store: 1, 2 and 4 worker processes poll 1,000 feeds (one new
 * article each; pages and feeds answered after 50 ms of added latency, on 10 loopback hosts) on a
 * fresh database, then again with every feed unchanged (304). Prints feeds per second, the scaling
 * factor against one worker, and each worker's peak RSS.   npm run bench:workers
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from '../tests/support/postgres.js';

const FEEDS = Number(process.env.FEEDS ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 50);
const COUNTS = (process.env.WORKERS ?? '1,2,4').split(',').map(Number);

const server = fork(fileURLToPath(new URL('./feedServer.js', import.meta.url)), {
  env: { ...process.env, ITEMS: '1', HOSTS: '10', LATENCY_MS: String(LATENCY_MS) },
});
const { ports } = await new Promise<{ ports: number[] }>((resolve) =>
  server.once('message', (m) => resolve(m as { ports: number[] })),
);
const postgres = await startTestPostgres();

interface WorkerResult {
  feedsPolled: number;
  articles: number;
  peakRss: number;
  startedAt: number;
  endedAt: number;
}

async function pass(url: string, workers: number, tick: string): Promise<{ seconds: number; results: WorkerResult[] }> {
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, i) =>
        new Promise<WorkerResult>((resolve, reject) => {
          const child = fork(fileURLToPath(new URL('./workerProcess.js', import.meta.url)), {
            env: {
              ...process.env,
              PG_URL: url,
              PORTS: ports.join(','),
              FEEDS: String(FEEDS),
              TICK: tick,
              WORKER: `bench-${i}`,
            },
          });
          child.once('message', (m) => resolve(m as WorkerResult));
          child.once('exit', (code) => {
            if (code !== 0) reject(new Error(`worker ${i} exited ${code}`));
          });
        }),
    ),
  );
  // From the first worker's cycle start to the last one's end: process start-up (Node, the topic,
  // the pool) is left out, as a long-running worker pays it once.
  const seconds = (Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt))) / 1000;
  return { seconds, results };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `workers benchmark: ${FEEDS} feeds (1 new article each) on 10 loopback hosts, ${LATENCY_MS} ms added latency, one PostgreSQL store; each worker with the default limits (4 requests in flight, 2 per host)`,
);
const rows: string[] = [];
const baseline: Record<string, number> = {};
for (const workers of COUNTS) {
  const url = postgres.createDatabase(`bench_${workers}`);
  for (const [label, tick] of [
    ['cold (new articles)', '2025-07-01T00:00:00.000Z'],
    ['warm (all 304)', '2025-07-01T00:00:01.000Z'],
  ] as const) {
    const { seconds, results } = await pass(url, workers, tick);
    const polled = results.reduce((n, r) => n + r.feedsPolled, 0);
    const rate = polled / seconds;
    baseline[label] ??= rate;
    const line = `  ${workers} worker(s), ${label}: ${polled} feeds polled (${results.map((r) => r.feedsPolled).join(' + ')}), ${results.reduce((n, r) => n + r.articles, 0)} articles, ${seconds.toFixed(2)} s, ${rate.toFixed(0)} feeds/s, scaling x${(rate / baseline[label]!).toFixed(2)}, peak RSS per worker ${results.map((r) => mb(r.peakRss)).join(', ')}`;
    console.log(line);
    rows.push(line);
  }
}
postgres.stop();
server.send('exit');
