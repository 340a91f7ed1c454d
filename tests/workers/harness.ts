/**
 * Several workers on one PostgreSQL store, under kills: a throwaway PostgreSQL cluster, FEEDS feeds
 * on a 127.0.0.1 server, an SMTP server that records every digest, and WORKERS `figurewatch run`
 * processes on a short schedule with short leases. Figures are published into random feeds (some
 * stories into two feeds at once, for the cross-worker dedupe); now and then a random worker is
 * SIGKILLed and started again. At the end, with the kills over, the workers catch up, and the run
 * checks: every figure stored once and in exactly one digest (a digest repeated only when its
 * sender was killed between send and mark), no feed polled by two workers in one tick, and the
 * longest wait of any feed between polls against lease expiry plus one period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  type WriteStream,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prng, sleep } from '../chaos/harness.js';
import { fastRetryMailLogLines } from '../support/configText.js';
import { type FeedItemFixture, rssFeed } from '../support/corpus.js';
import { startFixtureServer } from '../support/fixtureServer.js';
import { CLI, CONFIG_DIR } from '../support/paths.js';
import { startTestPostgres } from '../support/postgres.js';
import { residentBytes } from '../support/processMemory.js';
import { startSmtpServer } from '../support/smtpServer.js';

export interface WorkersChaosOptions {
  /** How long figures are published and workers killed, in seconds. */
  seconds: number;
  feeds?: number;
  workers?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface WorkersChaosResult {
  seed: number;
  seconds: number;
  feeds: number;
  workers: number;
  published: number;
  /** Stories published in two feeds at once (one original, one copy). */
  doubled: number;
  kills: number;
  lostFromStore: number;
  /** Figures stored as claims of two original articles (a copy not folded). */
  storedTwice: number;
  lostFromDigests: number;
  /** Figures reported by two different digests. */
  inTwoDigests: number;
  repeats: number;
  killsBetweenSendAndMark: number;
  digests: number;
  /** (feed, tick) pairs polled to the end by two workers. */
  polledTwiceInATick: number;
  feedPolls: number;
  /** The longest any feed waited between two polls (server side), and the bar: the period it falls due in + lease + one period + a cycle's run. */
  longestGapMs: number;
  gapBarMs: number;
  /** The longest cycle any worker ran (its deadline is 3 s, plus what was in flight and the digest). */
  longestCycleMs: number;
  cleanExit: boolean;
  peakWorkerRssMb: number;
  caughtUpMs: number;
  logDir: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

const PERIOD_MS = 2000;
const LEASE_MS = 5000;

export async function runWorkersChaos(options: WorkersChaosOptions): Promise<WorkersChaosResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = prng(seed);
  const FEEDS = options.feeds ?? 300;
  const WORKERS = options.workers ?? 3;
  const say = options.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-workers-chaos-'));
  const postgres = await startTestPostgres();
  const server = await startFixtureServer();
  const smtp = await startSmtpServer();
  smtp.ackDelayMs = 300;
  const items: FeedItemFixture[][] = Array.from({ length: FEEDS }, () => []);
  const polls: number[][] = Array.from({ length: FEEDS }, () => []);
  for (let i = 0; i < FEEDS; i++) {
    server.routes.set(`/feed/${i}.xml`, (req, res) => {
      polls[i]!.push(Date.now());
      const etag = `"${i}-${items[i]!.length}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag })
        .end(rssFeed(`Feed ${i}`, items[i]!));
    });
  }
  const WORDS =
    'officials reported imagery border briefing ministry statement convoy airfield harbour summit envoy'.split(' ');
  const filler = (): string => Array.from({ length: 50 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  let clock = Date.UTC(2025, 0, 1);
  let figure = 20_000;
  let story = 0;
  const published: number[] = [];
  let doubled = 0;
  function publish(): void {
    figure += 100 + Math.floor(random() * 50);
    story++;
    clock += 3_600_000;
    const text = `North Korea has sent ${fmt(figure)} troops to Russia, South Korea's spy agency said in report ${story}. ${filler()}.`;
    const feedsOf =
      random() < 0.2 ? [Math.floor(random() * FEEDS), Math.floor(random() * FEEDS)] : [Math.floor(random() * FEEDS)];
    if (feedsOf.length === 2 && feedsOf[0] !== feedsOf[1]) doubled++;
    for (const [copy, feed] of [...new Set(feedsOf)].entries()) {
      const link = server.url(`/a/${story}-${copy}.html`);
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>Report ${story}</title></head><body><article><h1>Report ${story}</h1><p>${text}</p></article></body></html>`;
      server.routes.set(`/a/${story}-${copy}.html`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      });
      items[feed]!.push({
        title: `Report ${story}`,
        link,
        guid: `story-${story}-${copy}`,
        pubDate: new Date(clock).toUTCString(),
        description: text,
      });
    }
    published.push(figure);
  }

  mkdirSync(path.join(dir, 'topics'));
  writeFileSync(
    path.join(dir, 'topics', 'dprk-russia.yaml'),
    readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml')),
  );
  const configFile = path.join(dir, 'figurewatch.yaml');
  writeFileSync(
    configFile,
    [
      'schedule: "*/2 * * * * *"',
      'shutdownGraceMs: 3000',
      'store:',
      `  url: ${postgres.url}`,
      `  leaseMs: ${LEASE_MS}`,
      '  heartbeatMs: 1000',
      'cycle:',
      '  deadlineMs: 3000',
      'feeds:',
      ...Array.from({ length: FEEDS }, (_, i) => [
        `  - name: Feed ${i}`,
        `    url: ${server.url(`/feed/${i}.xml`)}`,
      ]).flat(),
      'fetch:',
      '  timeoutMs: 1500',
      '  connectTimeoutMs: 1000',
      '  concurrency: 8',
      '  allowPrivateNetworks: true',
      'extract:',
      '  threads: 1',
      ...fastRetryMailLogLines({ smtpPort: smtp.port, logLevel: 'debug' }),
      '',
    ].join('\n'),
  );

  const logs: WriteStream[] = [];
  const children: Array<{ child: ChildProcess; exited: Promise<number | null> } | null> = Array(WORKERS).fill(null);
  let starts = 0;
  let peakRss = 0;
  function start(slot: number): void {
    const log = createWriteStream(path.join(dir, `worker-${slot}-${starts++}.log`));
    logs.push(log);
    const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FIGUREWATCH_CONFIG: '' },
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    children[slot] = { child, exited };
  }
  async function stop(slot: number, signal: NodeJS.Signals): Promise<number | null> {
    const running = children[slot];
    if (!running) return 0;
    peakRss = Math.max(peakRss, residentBytes(running.child.pid));
    running.child.kill(signal);
    const stuck = setTimeout(() => running.child.kill('SIGKILL'), 20_000);
    const code = await running.exited;
    clearTimeout(stuck);
    children[slot] = null;
    return code;
  }

  const db = new pg.Client({ connectionString: postgres.url });
  let kills = 0;
  let cleanExit = true;
  try {
    for (let slot = 0; slot < WORKERS; slot++) start(slot);
    await db.connect();
    const chaosEnds = Date.now() + options.seconds * 1000;
    let nextKill = Date.now() + 2000 + random() * 3000;
    while (Date.now() < chaosEnds) {
      publish();
      if (Date.now() >= nextKill) {
        const slot = Math.floor(random() * WORKERS);
        await stop(slot, 'SIGKILL');
        kills++;
        await sleep(200 + random() * 800);
        start(slot);
        nextKill = Date.now() + 2000 + random() * 4000;
      }
      await sleep(150 + random() * 300);
      for (let slot = 0; slot < WORKERS; slot++) {
        const running = children[slot];
        if (running) peakRss = Math.max(peakRss, residentBytes(running.child.pid));
      }
    }
    say(`${published.length} figures published in ${options.seconds} s, ${kills} kills; catching up`);
    const calmFrom = Date.now();
    const stored = async (): Promise<Set<number>> =>
      new Set(
        (
          await db.query<{ low: string }>(
            "SELECT low FROM claims WHERE metric = 'troops_deployed' AND rejected_at IS NULL",
          )
        ).rows.map((r) => Number(r.low)),
      );
    const caughtUp = async (): Promise<boolean> => {
      const have = await stored();
      if (!published.every((f) => have.has(f))) return false;
      const { rows } = await db.query<{ n: string }>(
        'SELECT (SELECT COUNT(*) FROM deliveries WHERE sent_at IS NULL AND failed_at IS NULL) + (SELECT COUNT(*) FROM changes WHERE notify AND digest_id IS NULL) AS n',
      );
      return Number(rows[0]!.n) === 0 && smtp.unacked === 0;
    };
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !(await caughtUp())) await sleep(250);
    const caughtUpMs = Date.now() - calmFrom;
    await sleep(PERIOD_MS + 500);
    for (let slot = 0; slot < WORKERS; slot++) if ((await stop(slot, 'SIGTERM')) !== 0) cleanExit = false;

    // The invariants.
    const have = await stored();
    const storedTwice = Number(
      (
        await db.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM (SELECT low FROM claims WHERE metric = 'troops_deployed' GROUP BY low HAVING COUNT(*) > 1) t`,
        )
      ).rows[0]!.n,
    );
    const dataOf = new Map(
      (await db.query<{ id: string; data: string | null }>('SELECT id, data FROM outbox')).rows.map((r) => [
        String(r.id),
        r.data
          ? (JSON.parse(r.data) as { groups: Array<{ changes: Array<{ figure: { low: number } | null }> }> })
          : null,
      ]),
    );
    const outboxIds = smtp.received.map((m) => String(m.headers.get('x-figurewatch-outbox-id')));
    const digestsOf = new Map<number, Set<string>>();
    for (const id of new Set(outboxIds)) {
      for (const g of dataOf.get(id)?.groups ?? [])
        for (const c of g.changes)
          if (c.figure) digestsOf.set(c.figure.low, (digestsOf.get(c.figure.low) ?? new Set()).add(id));
    }
    const repeats = outboxIds.length - new Set(outboxIds).size;
    // Polls each worker finished, by tick, from the workers' logs.
    const byTick = new Map<string, Set<string>>();
    let feedPolls = 0;
    let longestCycleMs = 0;
    await Promise.all(logs.map((l) => new Promise<void>((resolve) => l.end(() => resolve()))));
    for (const log of logs) {
      for (const line of readFileSync(log.path as string, 'utf8').split('\n')) {
        if (line.includes('"msg":"cycle finished"'))
          longestCycleMs = Math.max(longestCycleMs, (JSON.parse(line) as { ms: number }).ms);
        if (!line.includes('"msg":"feed done"')) continue;
        const entry = JSON.parse(line) as { feedUrl: string; worker: string; tick: string };
        feedPolls++;
        const key = `${entry.feedUrl} ${entry.tick}`;
        byTick.set(key, (byTick.get(key) ?? new Set()).add(entry.worker));
      }
    }
    const polledTwiceInATick = [...byTick.values()].filter((workers) => workers.size > 1).length;
    // The longest wait of a feed between polls while the workers ran (the calm end excluded).
    let longestGapMs = 0;
    for (const times of polls)
      for (let i = 1; i < times.length; i++) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]!);
    return {
      seed,
      seconds: options.seconds,
      feeds: FEEDS,
      workers: WORKERS,
      published: published.length,
      doubled,
      kills,
      lostFromStore: published.filter((f) => !have.has(f)).length,
      storedTwice,
      lostFromDigests: published.filter((f) => !digestsOf.has(f)).length,
      inTwoDigests: [...digestsOf.values()].filter((ids) => ids.size > 1).length,
      repeats,
      killsBetweenSendAndMark: smtp.ackLost,
      digests: smtp.received.length,
      polledTwiceInATick,
      feedPolls,
      longestGapMs,
      // Measured from the feed's previous poll: it falls due one period later; leased then by a
      // worker killed at once, it waits out the lease, then the next tick of a worker (one period,
      // or the end of the cycle it is in), then its turn in that cycle.
      gapBarMs: LEASE_MS + 2 * PERIOD_MS + longestCycleMs,
      longestCycleMs,
      cleanExit,
      peakWorkerRssMb: Math.round(peakRss / 1024 / 1024),
      caughtUpMs,
      logDir: dir,
    };
  } finally {
    for (let slot = 0; slot < WORKERS; slot++) if (children[slot]) await stop(slot, 'SIGKILL');
    await db.end().catch(() => undefined);
    await server.close();
    await smtp.close();
    postgres.stop();
    if (!process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

export function describeWorkersChaos(r: WorkersChaosResult): string {
  return [
    `chaos with workers: ${r.workers} workers on one PostgreSQL store, ${r.feeds} feeds, ${r.seconds} s of kills, seed ${r.seed}`,
    `  figures published: ${r.published} (${r.doubled} stories in two feeds at once); SIGKILLs: ${r.kills}`,
    `  lost from the store: ${r.lostFromStore}   (bar: 0)`,
    `  stored twice (a copy not folded): ${r.storedTwice}   (bar: 0)`,
    `  never in a delivered digest: ${r.lostFromDigests}   (bar: 0)`,
    `  in two different digests: ${r.inTwoDigests}   (bar: 0)`,
    `  digests delivered twice: ${r.repeats}   (bar: <= ${r.killsBetweenSendAndMark}, accepted by the SMTP server after their sender was killed)`,
    `  digests delivered: ${r.digests}`,
    `  feed polls finished: ${r.feedPolls}; a feed polled by two workers in one tick: ${r.polledTwiceInATick}   (bar: 0)`,
    `  longest wait of a feed between polls: ${(r.longestGapMs / 1000).toFixed(1)} s   (bar: <= ${(r.gapBarMs / 1000).toFixed(1)} s: the period it falls due in 2 s + lease 5 s + period 2 s + the longest cycle, ${(r.longestCycleMs / 1000).toFixed(1)} s)`,
    `  caught up ${(r.caughtUpMs / 1000).toFixed(1)} s after the last kill; clean exit on SIGTERM: ${r.cleanExit ? 'yes' : 'no'}; peak worker RSS: ${r.peakWorkerRssMb} MB`,
  ].join('\n');
}

export function workersChaosPassed(r: WorkersChaosResult): boolean {
  return (
    r.lostFromStore === 0 &&
    r.storedTwice === 0 &&
    r.lostFromDigests === 0 &&
    r.inTwoDigests === 0 &&
    r.repeats <= r.killsBetweenSendAndMark &&
    r.polledTwiceInATick === 0 &&
    r.longestGapMs <= r.gapBarMs &&
    r.cleanExit
  );
}
