/**
 * The fault-injection harness: a feed-and-page server and an SMTP server on 127.0.0.1, and
 * `figurewatch run` as a child process on a one-second schedule against a temp store. Each round
 * publishes an article with a figure never published before, injects faults, kills the daemon
 * (mostly SIGKILL, at chosen moments) and starts it again. At the end it checks what an analyst
 * relies on: no figure lost, none mailed twice (but for kills between a send and its mark), no
 * statement reported by two digests, a sound SQLite file, and a daemon that still exits cleanly.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  type WriteStream,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fastRetryMailLogLines } from '../support/configText.js';
import { rssFeed } from '../support/corpus.js';
import { type FixtureServer, type Route, startFixtureServer } from '../support/fixtureServer.js';
import { CLI, CONFIG_DIR } from '../support/paths.js';
import { residentBytes } from '../support/processMemory.js';
import { type SmtpFixture, startSmtpServer } from '../support/smtpServer.js';

export interface ChaosOptions {
  rounds: number;
  seed?: number;
  /** Also fill the store's disk and make it read-only (needs root to mount a small tmpfs). */
  diskFaults?: boolean;
  log?: (line: string) => void;
}

export interface ChaosResult {
  seed: number;
  rounds: number;
  published: number;
  restated: number;
  lostFromStore: number;
  lostFromDigests: number;
  /** Claims (one article's statement of a figure) reported by two different digests (not one digest delivered twice). */
  claimsInTwoDigests: number;
  /** Deliveries of a digest after its first. */
  repeats: number;
  killsBetweenSendAndMark: number;
  emptyDigests: number;
  digests: number;
  kills: Record<string, number>;
  faults: Record<string, number>;
  integrity: string;
  cleanExit: boolean;
  peakDaemonRssMb: number;
  diskFaults: 'run' | 'skipped';
  diskFaultsRecovered: boolean;
  storeErrorsExplained: boolean;
  logFile: string;
}

/** A small deterministic PRNG (mulberry32): a failing run is replayed with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'analysts officials reported satellite imagery border region briefing ministry statement capital weather market ' +
  'harvest railway bridge convoy airfield harbour exercise summit delegation envoy meeting sanctions tariffs shipping port ' +
  'factory electricity rations villages coastline fishermen broadcast newspaper editorial parliament committee hearing ' +
  'budget election campaign governor province river mountains winter spring autumn festival museum library university ' +
  'students teachers hospital doctors nurses vaccine harvests drought flooding typhoon repairs engineers tunnel highway'
).split(' ');

/** The part of a digest's stored data (src/digest/digestData.ts) the invariants read. */
interface ChaosDigestData {
  groups: Array<{ changes: Array<{ figure: { claimId: number; low: number } | null }> }>;
  notices: unknown[];
}

interface Published {
  figure: number;
  sentence: string;
  feed: 'main' | 'second';
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check: () => boolean, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(stepMs);
  }
  return check();
}

/** A small tmpfs for the store, so the disk can be filled and made read-only; null when this machine will not mount one. */
function mountSmallDisk(
  dir: string,
): { fill: () => void; free: () => void; readOnly: (on: boolean) => void; unmount: () => void } | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    fill: () => {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(1024 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch {
        // ENOSPC: the disk is full, which is the point.
      } finally {
        closeSync(fd);
      }
    },
    free: () => rmSync(filler, { force: true }),
    readOnly: (on) => execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'ignore' }),
    unmount: () => {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      } catch {
        // Already gone.
      }
    },
  };
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const say = options.log ?? (() => {});
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-chaos-'));
  const storeDir = path.join(dir, 'store');
  mkdirSync(storeDir);
  const disk = options.diskFaults ? mountSmallDisk(storeDir) : null;
  const storeFile = path.join(storeDir, 'fw.db');
  const logFile = path.join(dir, 'daemon.log');
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });

  const server: FixtureServer = await startFixtureServer();
  const smtp: SmtpFixture = await startSmtpServer();
  smtp.ackDelayMs = 600; // well within the daemon's SMTP timeout: only a kill loses the acknowledgement
  const published: Published[] = [];
  const restated: string[] = [];
  const items: Record<
    'main' | 'second',
    Array<{ title: string; link: string; guid: string; pubDate: string; description: string }>
  > = { main: [], second: [] };
  const pageFaults = new Map<string, string>();
  let mainFeedFault: string | null = null;
  let junkFault = 'ok';
  let flip = false;
  const kills: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const count = (table: Record<string, number>, key: string): void => {
    table[key] = (table[key] ?? 0) + 1;
  };
  let peakRss = 0;
  let storeErrorsExplained = true;
  let diskFaultsRecovered = true;

  const faulty =
    (fault: string | null, ok: Route): Route =>
    (req, res) => {
      switch (fault) {
        case 'hang':
          return new Promise<void>((resolve) => res.on('close', () => resolve()));
        case 'reset':
          req.socket.destroy();
          return;
        case 'error':
          res.writeHead(500).end('server error');
          return;
        case 'garbage':
          res
            .writeHead(200, { 'content-type': 'application/rss+xml' })
            .end(Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))));
          return;
        case 'flip':
          flip = !flip;
          if (flip) {
            res.writeHead(500).end();
            return;
          }
          return ok(req, res);
        case 'huge': {
          res.writeHead(200, { 'content-type': 'application/rss+xml' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let sent = 0;
          const more = (): void => {
            while (sent < 64 * 1024 * 1024 && !res.destroyed) {
              sent += chunk.length;
              if (!res.write(chunk)) return void res.once('drain', more);
            }
            res.end();
          };
          more();
          return;
        }
        default:
          return ok(req, res);
      }
    };
  const feedRoute =
    (which: 'main' | 'second'): Route =>
    (req, res) =>
      faulty(which === 'main' ? mainFeedFault : null, (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(
          rssFeed(`Chaos ${which}`, items[which]),
        );
      })(req, res);
  server.routes.set('/main.xml', feedRoute('main'));
  server.routes.set('/second.xml', feedRoute('second'));
  server.routes.set('/junk.xml', (req, res) =>
    faulty(junkFault, (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Junk', []));
    })(req, res),
  );

  let clock = Date.UTC(2025, 0, 1);
  const filler = (): string => Array.from({ length: 60 }, () => pick(WORDS)).join(' ');
  function publish(which: 'main' | 'second', sentence: string, n: number): void {
    clock += 3_600_000;
    const text = `${sentence} ${filler()}. ${filler()}.`;
    const link = server.url(`/a/${which}-${n}.html`);
    const html =
      `<!doctype html><html><head><meta charset="utf-8"><title>Report ${n}</title><meta property="article:published_time" content="${new Date(clock).toISOString()}"></head>` +
      `<body><article><h1>Report ${n}</h1><p>${text}</p></article></body></html>`;
    server.routes.set(`/a/${which}-${n}.html`, (req, res) =>
      faulty(pageFaults.get(`${which}-${n}`) ?? null, (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      })(req, res),
    );
    items[which].push({
      title: `Report ${n}`,
      link,
      guid: `${which}-${n}`,
      pubDate: new Date(clock).toUTCString(),
      description: text,
    });
  }

  const feedsFor = (withSecond: boolean): string[] => [
    '  - name: Chaos main',
    `    url: ${server.url('/main.xml')}`,
    '  - name: Chaos junk',
    `    url: ${server.url('/junk.xml')}`,
    ...(withSecond ? ['  - name: Chaos second', `    url: ${server.url('/second.xml')}`] : []),
  ];
  const configFile = path.join(dir, 'figurewatch.yaml');
  function writeConfig(withSecond: boolean): void {
    writeFileSync(
      configFile,
      [
        'schedule: "* * * * * *"',
        'shutdownGraceMs: 2000',
        'store:',
        `  path: ${storeFile}`,
        'feeds:',
        ...feedsFor(withSecond),
        'fetch:',
        '  timeoutMs: 1500',
        '  connectTimeoutMs: 1000',
        '  maxBytes: 1048576',
        '  allowPrivateNetworks: true',
        ...fastRetryMailLogLines({ smtpPort: smtp.port, logLevel: 'info' }),
        '',
      ].join('\n'),
    );
  }
  mkdirSync(path.join(dir, 'topics'));
  writeFileSync(
    path.join(dir, 'topics', 'dprk-russia.yaml'),
    readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml')),
  );

  let daemon: ChildProcess | null = null;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> = Promise.resolve({
    code: 0,
    signal: null,
  });
  let daemonLog = '';
  function start(): void {
    const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FIGUREWATCH_CONFIG: '' },
    });
    daemonLog = '';
    const keep = (d: Buffer): void => {
      log.write(d);
      daemonLog += d.toString();
      if (daemonLog.length > 200_000) daemonLog = daemonLog.slice(-100_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    daemon = child;
  }
  async function kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    peakRss = Math.max(peakRss, residentBytes(daemon?.pid));
    const child = daemon;
    child?.kill(signal);
    // A daemon that ignores SIGTERM past its grace period is a failure, and is killed.
    const stuck = setTimeout(() => child?.kill('SIGKILL'), 15_000);
    const result = await exited;
    clearTimeout(stuck);
    daemon = null;
    // A message the dead sender finished may still be in the mail server's parser: wait for it to be kept.
    await until(() => smtp.parsing === 0, 2000);
    noteReceivedButUnmarked();
    return result;
  }
  // Digests the mail server accepted whose sender died before it marked them sent: sent once more, by design.
  // Read from the store after each kill, so a kill just after the acknowledgement counts as well as a lost one.
  // By outbox id: the repeats such kills allow (one a kill, and only when the digest arrived again since the
  // last), and how many times it had arrived at the last kill.
  const receivedButUnmarked = new Map<string, number>();
  const receptionsAtLastKill = new Map<string, number>();
  function noteReceivedButUnmarked(): void {
    if (!existsSync(storeFile)) return;
    const received = new Map<string, number>();
    for (const m of smtp.received) {
      const id = String(m.headers.get('x-figurewatch-outbox-id'));
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    try {
      const db = new Database(storeFile, { readonly: true, fileMustExist: true });
      try {
        for (const { id } of db.prepare('SELECT digest_id AS id FROM deliveries WHERE sent_at IS NULL').all() as Array<{
          id: number;
        }>) {
          const times = received.get(String(id)) ?? 0;
          if (times > (receptionsAtLastKill.get(String(id)) ?? 0)) {
            receivedButUnmarked.set(String(id), (receivedButUnmarked.get(String(id)) ?? 0) + 1);
            receptionsAtLastKill.set(String(id), times);
          }
        }
      } finally {
        db.close();
      }
    } catch {
      // A store not yet created, or made read-only mid-round: nothing was marked there either.
    }
  }

  let withSecond = true;
  writeConfig(withSecond);
  let figure = 20_000;
  let secondFigure = 60_000;
  let cleanExit = true;
  try {
    for (let round = 1; round <= options.rounds; round++) {
      // Publish: a new figure always; sometimes a restatement of an old one and a copy elsewhere.
      figure += 100 + Math.floor(random() * 50);
      const sentence = `North Korea has sent ${fmt(figure)} troops to Russia, South Korea's spy agency said on day ${round}.`;
      publish('main', sentence, round);
      published.push({ figure, sentence, feed: 'main' });
      if (round % 4 === 0 && published.length > 2) {
        const old = pick(published.slice(0, -1));
        const again = `North Korea has sent ${fmt(old.figure)} troops to Russia, as was reported earlier, officials recalled on day ${round}.`;
        publish('main', again, 10_000 + round);
        restated.push(again);
      }
      if (round % 3 === 0) {
        secondFigure += 100 + Math.floor(random() * 50);
        const s2 = `North Korea has sent ${fmt(secondFigure)} troops to Russia, Ukrainian intelligence said on day ${round}.`;
        publish('second', s2, round);
        published.push({ figure: secondFigure, sentence: s2, feed: 'second' });
      }

      // Faults for this round.
      smtp.refusing = false;
      smtp.fault = null;
      mainFeedFault = null;
      const smtpFault = pick(['none', 'none', 'refuse', 'hang', 'drop', 'slow-ack', 'slow-ack']);
      if (smtpFault === 'refuse') smtp.refusing = true;
      else if (smtpFault !== 'none') smtp.fault = smtpFault as SmtpFixture['fault'];
      count(faults, `smtp ${smtpFault}`);
      junkFault = pick(['hang', 'reset', 'garbage', 'flip', 'huge', 'error', 'ok']);
      count(faults, `junk feed ${junkFault}`);
      if (random() < 0.2) {
        mainFeedFault = pick(['error', 'reset', 'flip']);
        count(faults, `main feed ${mainFeedFault}`);
      }
      if (random() < 0.3) {
        const pageFault = pick(['hang', 'reset', 'error']);
        pageFaults.set(`main-${round}`, pageFault);
        count(faults, `page ${pageFault}`);
      }
      if (round % 10 === 5) {
        withSecond = !withSecond;
        writeConfig(withSecond);
        count(faults, withSecond ? 'config: feed added' : 'config: feed removed');
      }

      start();
      const moment = pick(['random', 'fetch', 'store', 'send-mark', 'random']);
      const requestsBefore = server.requests.length;
      if (moment === 'fetch') {
        await until(() => server.requests.slice(requestsBefore).some((r) => r.path.startsWith('/a/')), 4000);
      } else if (moment === 'store') {
        await until(() => server.requests.slice(requestsBefore).some((r) => r.path === '/main.xml'), 4000);
        await sleep(Math.floor(random() * 60));
      } else if (moment === 'send-mark') {
        smtp.fault = 'slow-ack';
        await until(() => smtp.unacked > 0, 4000);
      } else {
        await sleep(300 + Math.floor(random() * 2500));
      }
      if (random() < 0.1) {
        const result = await kill('SIGTERM');
        count(kills, 'SIGTERM');
        if (result.signal === 'SIGTERM' && daemonLog === '') {
          // Node had not yet run the program's first line, where it starts listening for signals.
          count(kills, 'SIGTERM before Node ran the program');
        } else if (result.code !== 0) {
          cleanExit = false;
          say(`round ${round}: SIGTERM exit ${result.code ?? result.signal}`);
        }
      } else {
        await kill('SIGKILL');
        count(kills, `SIGKILL at ${moment}`);
      }
      if (round % 10 === 0)
        say(
          `round ${round}/${options.rounds}: ${published.length} figures published, ${smtp.received.length} digests received`,
        );

      if (disk && round % 7 === 3) {
        // The store's disk fills up under a running daemon: cycles fail with a clear error, the
        // daemon stays up, and carries on when space is freed.
        smtp.refusing = false;
        smtp.fault = null;
        start();
        // Filled only once the daemon holds its lock: a daemon that cannot even start on a full disk is another case.
        await until(() => daemonLog.includes('daemon started'), 15_000, 50);
        await sleep(1000);
        disk.fill();
        count(faults, 'disk full');
        await sleep(3000);
        const alive = daemon !== null && (daemon as ChildProcess).exitCode === null;
        const failures = daemonLog.split('\n').filter((l) => l.includes('"cycle failed'));
        const unexplained = failures.find((l) => !/is full|cannot write the store/.test(l));
        disk.free();
        await sleep(2000);
        if (!alive) {
          diskFaultsRecovered = false;
          say(`round ${round}: the daemon died on a full disk`);
        }
        if (unexplained) {
          storeErrorsExplained = false;
          say(`round ${round}: unexplained store failure: ${unexplained}`);
        }
        await kill('SIGKILL');
        count(kills, 'SIGKILL after a full disk');

        // The store made read-only between runs: the daemon refuses to start, saying why; the next
        // round starts it again on a writable store.
        disk.readOnly(true);
        count(faults, 'store read-only at start');
        start();
        const refused = await Promise.race([exited, sleep(10_000).then(() => null)]);
        if (
          refused === null ||
          refused.code !== 2 ||
          !/^figurewatch: .*check that the store's folder is writable/m.test(daemonLog)
        ) {
          storeErrorsExplained = false;
          say(
            `round ${round}: on a read-only store the daemon ${refused === null ? 'kept running' : `exited ${refused.code}`}: ${daemonLog.slice(-300)}`,
          );
          if (refused === null) await kill('SIGKILL');
        }
        daemon = null;
        disk.readOnly(false);
      }
    }

    // Calm: no faults, every feed configured; the daemon must catch up on everything.
    smtp.refusing = false;
    smtp.fault = null;
    mainFeedFault = null;
    junkFault = 'ok';
    pageFaults.clear();
    writeConfig(true);
    start();
    const figures = new Set(published.map((p) => p.figure));
    const caughtUp = (): boolean => {
      if (!existsSync(storeFile)) return false;
      const db = new Database(storeFile, { readonly: true, fileMustExist: true });
      try {
        const stored = new Set(
          (
            db
              .prepare("SELECT low FROM claims WHERE metric = 'troops_deployed' AND rejected_at IS NULL")
              .all() as Array<{ low: number }>
          ).map((r) => r.low),
        );
        // Each digest is delivered channel by channel; here mail is the only channel.
        const unsent = (db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE sent_at IS NULL').get() as { n: number })
          .n;
        // Figures stored but not yet put in a digest: the cycle that stored them has still to send them.
        const undigested = (
          db.prepare('SELECT COUNT(*) AS n FROM changes WHERE notify = 1 AND digest_id IS NULL').get() as { n: number }
        ).n;
        return [...figures].every((f) => stored.has(f)) && undigested === 0 && unsent === 0 && smtp.unacked === 0;
      } catch {
        return false;
      } finally {
        db.close();
      }
    };
    if (!(await until(caughtUp, 120_000, 250))) say('the calm daemon had not caught up after 120 s');
    await sleep(1500); // one more cycle: it must find nothing new and send nothing
    const final = await kill('SIGTERM');
    await sleep(200);
    if (final.code !== 0) cleanExit = false;

    // The invariants.
    const db = new Database(storeFile, { readonly: true, fileMustExist: true });
    const stored = new Set(
      (
        db.prepare("SELECT low FROM claims WHERE metric = 'troops_deployed' AND rejected_at IS NULL").all() as Array<{
          low: number;
        }>
      ).map((r) => r.low),
    );
    const integrity = (db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join('; ');
    // What each digest reported, from the data it was rendered from (the text may fold superseded figures into one line).
    const dataOf = new Map(
      (db.prepare('SELECT id, data FROM outbox').all() as Array<{ id: number; data: string | null }>).map((r) => [
        String(r.id),
        r.data ? (JSON.parse(r.data) as ChaosDigestData) : null,
      ]),
    );
    db.close();
    // A digest is one outbox row; delivered twice, it is a repeat. A figure in two different rows is a bug.
    const outboxIds = smtp.received.map((m) => String(m.headers.get('x-figurewatch-outbox-id')));
    const reportedClaims = outboxIds.map((id) =>
      (dataOf.get(id)?.groups ?? []).flatMap((g) => g.changes.flatMap((c) => (c.figure ? [c.figure] : []))),
    );
    const reported = reportedClaims.map((figures) => new Set(figures.map((f) => f.low)));
    const deliveries = new Map<string, number>();
    for (const id of outboxIds) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
    const repeats = [...deliveries.values()].reduce((n, times) => n + times - 1, 0);
    // Digests the daemon sent but could not mark (a full or read-only store), then was killed before it could: sent once more, by design.
    const sentButUnmarked = new Set(
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"msg":"digest sent but not yet marked sent'))
        .map((l) => String((JSON.parse(l) as { outboxId: number }).outboxId)),
    );
    for (const id of sentButUnmarked) if (!receivedButUnmarked.has(id)) receivedButUnmarked.set(id, 1);
    const killsBetweenSendAndMark = [...receivedButUnmarked.values()].reduce((n, times) => n + times, 0);
    let lostFromDigests = 0;
    for (const p of published) if (!reported.some((figures) => figures.has(p.figure))) lostFromDigests++;
    // A restatement in a newer article is a new claim and may move the estimate back (the newest report rules); one claim twice is a bug.
    const digestsOfClaim = new Map<number, Set<string>>();
    reportedClaims.forEach((figures, i) =>
      figures.forEach((f) =>
        digestsOfClaim.set(f.claimId, (digestsOfClaim.get(f.claimId) ?? new Set()).add(outboxIds[i]!)),
      ),
    );
    const claimsInTwoDigests = [...digestsOfClaim.values()].filter((ids) => ids.size > 1).length;
    if (process.env.CHAOS_KEEP) {
      writeFileSync(
        path.join(dir, 'digests.txt'),
        smtp.received
          .map((m, i) => `#${i} outbox ${outboxIds[i]!}: ${[...reported[i]!].join(', ')}\n${m.text ?? ''}`)
          .join('\n\n'),
      );
    }
    const emptyDigests = outboxIds.filter((id) => {
      const data = dataOf.get(id);
      return !data || (data.groups.length === 0 && data.notices.length === 0);
    }).length;
    return {
      seed,
      rounds: options.rounds,
      published: published.length,
      restated: restated.length,
      lostFromStore: published.filter((p) => !stored.has(p.figure)).length,
      lostFromDigests,
      claimsInTwoDigests,
      repeats,
      killsBetweenSendAndMark,
      emptyDigests,
      digests: smtp.received.length,
      kills,
      faults,
      integrity,
      cleanExit,
      peakDaemonRssMb: Math.round(peakRss / 1024 / 1024),
      diskFaults: disk ? 'run' : 'skipped',
      diskFaultsRecovered,
      storeErrorsExplained,
      logFile,
    };
  } finally {
    if (daemon) await kill('SIGKILL');
    await new Promise<void>((resolve) => log.end(() => resolve()));
    await server.close();
    await smtp.close();
    disk?.unmount();
    if (!process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The result as the figures the issue asks for, one per line. */
export function describeChaos(r: ChaosResult): string {
  const table = (t: Record<string, number>): string =>
    Object.entries(t)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  return [
    `chaos: ${r.rounds} kill/restart rounds, seed ${r.seed}`,
    `  figures published: ${r.published} (and ${r.restated} restatements of known figures)`,
    `  lost from the store: ${r.lostFromStore}   (bar: 0)`,
    `  never in a delivered digest: ${r.lostFromDigests}   (bar: 0)`,
    `  claims reported by two different digests (one statement reported again): ${r.claimsInTwoDigests}   (bar: 0)`,
    `  digests delivered twice: ${r.repeats}   (bar: <= ${r.killsBetweenSendAndMark}, the digests the mail server accepted whose sender was killed, or could not mark them on a full store, before it marked them sent)`,
    `  digests with nothing new: ${r.emptyDigests}   (bar: 0)`,
    `  digests delivered: ${r.digests}`,
    `  PRAGMA integrity_check: ${r.integrity}`,
    `  clean exit on SIGTERM: ${r.cleanExit ? 'yes' : 'no'}; peak daemon RSS: ${r.peakDaemonRssMb} MB`,
    `  disk full / read-only store: ${r.diskFaults === 'run' ? `run; daemon survived: ${r.diskFaultsRecovered ? 'yes' : 'no'}; every store failure explained: ${r.storeErrorsExplained ? 'yes' : 'no'}` : 'skipped (cannot mount a small tmpfs here: needs root)'}`,
    `  kills: ${table(r.kills)}`,
    `  faults: ${table(r.faults)}`,
  ].join('\n');
}
