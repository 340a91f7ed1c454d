/**
 * Soak: `figurewatch run` as a child process on a one-second schedule for 1,000 cycles against a
 * loopback feed that gains an article every few cycles (and a junk feed that fails), mailing to a
 * local SMTP server. Prints the daemon's memory after 100 cycles and at the end; the bar is the
 * end within 20% of the 100-cycle figure.   npm run soak   (SOAK_CYCLES=N for a shorter run, SOAK_MAIL=0 without SMTP)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fastRetryMailLogLines } from '../tests/support/configText.js';
import { rssFeed } from '../tests/support/corpus.js';
import { startFixtureServer } from '../tests/support/fixtureServer.js';
import { CLI } from '../tests/support/paths.js';
import { residentBytes } from '../tests/support/processMemory.js';
import { startSmtpServer } from '../tests/support/smtpServer.js';

const CYCLES = Number(process.env.SOAK_CYCLES ?? 1000);
/** SOAK_MAIL=0 logs digests instead of mailing them: to tell the mail path's memory from the rest. */
const MAIL = process.env.SOAK_MAIL !== '0';
const BASELINE_AT = Math.min(100, Math.floor(CYCLES / 2));

const rssMb = (pid: number): number => residentBytes(pid) / 1048576;

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-soak-'));
const server = await startFixtureServer();
const smtp = await startSmtpServer();
const items: Array<{ title: string; link: string; guid: string; pubDate: string; description: string }> = [];
server.routes.set('/feed.xml', (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Soak', items.slice(-50)));
});
server.routes.set('/junk.xml', (_req, res) => {
  res.writeHead(500).end();
});
let published = 0;
function publish(): void {
  published++;
  const text =
    `North Korea has sent ${(20_000 + published * 10).toLocaleString('en-US')} troops to Russia, officials said in update ${published}. ` +
    `The update, number ${published} in a series, covered the border region, the weather and the harvest in detail.`;
  const link = server.url(`/a/${published}.html`);
  const html = `<html><head><meta property="article:published_time" content="${new Date(Date.UTC(2025, 0, 1) + published * 3_600_000).toISOString()}"></head><body><article><p>${text}</p></article></body></html>`;
  server.routes.set(`/a/${published}.html`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  });
  items.push({
    title: `Update ${published}`,
    link,
    guid: String(published),
    pubDate: new Date(Date.UTC(2025, 0, 1) + published * 3_600_000).toUTCString(),
    description: text,
  });
}

const config = path.join(dir, 'figurewatch.yaml');
writeFileSync(
  config,
  [
    'schedule: "* * * * * *"',
    'store:',
    `  path: ${path.join(dir, 'fw.db')}`,
    'feeds:',
    '  - name: Soak',
    `    url: ${server.url('/feed.xml')}`,
    '  - name: Junk',
    `    url: ${server.url('/junk.xml')}`,
    'fetch:',
    '  timeoutMs: 2000',
    '  allowPrivateNetworks: true',
    ...fastRetryMailLogLines({ smtpPort: MAIL ? smtp.port : undefined, logLevel: 'info' }),
    '',
  ].join('\n'),
);

const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, FIGUREWATCH_CONFIG: '' },
});
let cycles = 0;
let baseline = 0;
let peak = 0;
let buffered = '';
console.log(`soak: ${CYCLES} daemon cycles, one a second (about ${Math.ceil(CYCLES / 60)} min)`);
const done = new Promise<void>((resolve) => {
  child.stderr.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"msg":"cycle finished"')) continue;
      cycles++;
      if (cycles % 5 === 0) publish();
      const rss = rssMb(child.pid!);
      peak = Math.max(peak, rss);
      if (cycles === BASELINE_AT) baseline = rss;
      const heap = /"heapMb":(\d+)/.exec(line)?.[1] ?? '?';
      if (cycles % 100 === 0)
        console.log(
          `  cycle ${cycles}: rss ${rss.toFixed(0)} MB (V8 heap in use ${heap} MB), ${published} articles published, ${smtp.received.length} digests`,
        );
      if (cycles >= CYCLES) resolve();
    }
  });
});
await done;
const end = rssMb(child.pid!);
child.kill('SIGTERM');
const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
const growth = (end - baseline) / baseline;
console.log(
  `  after ${BASELINE_AT} cycles: ${baseline.toFixed(0)} MB; after ${cycles}: ${end.toFixed(0)} MB (${(growth * 100).toFixed(1)}%); peak ${peak.toFixed(0)} MB   (bar: within 20%)`,
);
console.log(`  ${published} articles published, ${smtp.received.length} digests received; exit on SIGTERM: ${code}`);
await server.close();
await smtp.close();
rmSync(dir, { recursive: true, force: true });
process.exit(Math.abs(growth) <= 0.2 && code === 0 ? 0 : 1);
