/**
 * `figurewatch once` over a feed whose one article is a 1 MB page of never-ending sentence (the
 * page that once took the daemon down): its time and the process's peak resident memory.
 *   npm run bench:hugepage
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rssFeed } from '../tests/support/corpus.js';
import { startFixtureServer } from '../tests/support/fixtureServer.js';
import { CLI } from '../tests/support/paths.js';
import { oneSentence } from './textShapes.js';

/** Peak resident memory of a process so far (VmHWM), in bytes; 0 when it is gone. */
function peakBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-hugepage-'));
const server = await startFixtureServer();
const html = `<!doctype html><html><body><article><p>${oneSentence(1024 * 1024)}</p></article></body></html>`;
server.routes.set('/huge.html', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' }).end(html);
});
server.routes.set('/feed.xml', (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
    rssFeed('Huge', [
      {
        title: 'Huge',
        link: server.url('/huge.html'),
        guid: 'huge',
        pubDate: new Date().toUTCString(),
        description: 'x',
      },
    ]),
  );
});
const config = path.join(dir, 'huge.yaml');
writeFileSync(
  config,
  [
    'store:',
    `  path: ${path.join(dir, 'huge.db')}`,
    'feeds:',
    '  - name: Huge',
    `    url: ${server.url('/feed.xml')}`,
    'fetch:',
    '  allowPrivateNetworks: true',
    '',
  ].join('\n'),
);

const started = Date.now();
const child = spawn(process.execPath, [CLI, 'once', '--config', config], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, FIGUREWATCH_CONFIG: '' },
});
let stderr = '';
child.stderr.on('data', (d: Buffer) => {
  stderr += d.toString();
});
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, peakBytes(child.pid!));
}, 10);
const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
clearInterval(sampler);
await server.close();
rmSync(dir, { recursive: true, force: true });

console.log('once over a 1 MB page of one never-ending sentence');
console.log(`  exit code:        ${code}${code === 0 ? '' : `\n${stderr}`}`);
console.log(`  claims stored:    ${/"claims":(\d+)/.exec(stderr)?.[1] ?? '?'}`);
console.log(`  time:             ${((Date.now() - started) / 1000).toFixed(1)} s (process start included)`);
console.log(`  peak RSS:         ${(peak / 1024 / 1024).toFixed(0)} MB   (before the fix: out of heap at 4.3 GB)`);
