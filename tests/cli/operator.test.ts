/** Mistakes and situations an operator runs into: each gets one clear line and the right exit code. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { figurewatch } from '../support/cli.js';
import { rssFeed } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { CONFIG_DIR } from '../support/paths.js';

describe("an operator's mistakes and situations", () => {
  let server: FixtureServer;
  let dir: string;

  before(async () => {
    server = await startFixtureServer();
    server.routes.set(
      '/feed.xml',
      send(
        rssFeed('Wire', [
          {
            title: 'Story',
            link: server.url('/a.html'),
            guid: 'a',
            pubDate: new Date(Date.UTC(2025, 5, 1)).toUTCString(),
            description: 'North Korea has sent about 11,000 troops to Russia, the NIS said.',
          },
        ]),
        'application/rss+xml',
      ),
    );
    server.routes.set('/down.xml', (_req, res) => {
      res.writeHead(500).end();
    });
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-operator-'));
    cpSync(path.join(CONFIG_DIR, 'topics'), path.join(dir, 'config', 'topics'), { recursive: true });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function config(name: string, lines: string[]): string {
    const file = path.join(dir, 'config', `${name}.yaml`);
    writeFileSync(file, [...lines, ''].join('\n'));
    return file;
  }
  const storeLine = (name: string): string[] => ['store:', `  path: ${path.join(dir, 'state', `${name}.db`)}`];
  const feedLines = (url: string, name = 'Wire'): string[] => [
    `  - name: ${name}`,
    `    url: ${url}`,
    '    allowPrivateNetwork: true',
  ];

  it('a config without feeds: the commands that poll stop with exit 2 and say what to add', async () => {
    for (const lines of [storeLine('nofeeds'), [...storeLine('nofeeds'), 'feeds: []']]) {
      const run = await figurewatch(['once', '--config', config('nofeeds', lines)]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^figurewatch: .*nofeeds\.yaml lists no feed: add at least one under feeds:/m);
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
    }
  });

  it('two feeds with one name, or one address spelled twice: exit 2 naming both', async () => {
    const run = await figurewatch([
      'once',
      '--config',
      config('dupes', [
        ...storeLine('dupes'),
        'feeds:',
        ...feedLines(server.url('/feed.xml'), 'Wire'),
        ...feedLines(server.url('/feed.xml#top'), 'Wire again'),
        ...feedLines(server.url('/down.xml'), 'wire'),
      ]),
    ]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /feeds\.1: .*feed\.xml#top is the same feed as feeds\.0 \(.*feed\.xml\): remove one/);
    assert.match(run.stderr, /feeds\.2: the name "wire" is also feeds\.0's: give each feed its own name/);
  });

  it('a store folder that cannot be created: one line, exit 2', async () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = await figurewatch([
      'once',
      '--config',
      config('nofolder', [
        'store:',
        `  path: ${path.join(file, 'state', 'fw.db')}`,
        'feeds:',
        ...feedLines(server.url('/feed.xml')),
      ]),
    ]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^figurewatch: Cannot create the folder .*a-file\/state for the store \(ENOTDIR\): make it writable, or set store\.path/,
    );
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  it('a feed waiting to retry is named with its next try; once --force polls it now', async () => {
    const file = config('waiting', [...storeLine('waiting'), 'feeds:', ...feedLines(server.url('/down.xml'), 'Down')]);
    const failed = await figurewatch(['once', '--config', file]);
    assert.equal(failed.code, 4, 'every feed failed: its own exit code for cron');
    assert.match(
      failed.stderr,
      /^figurewatch: every feed failed \(1\): check the network and the feed URLs; figurewatch status shows each feed's last error$/m,
    );
    const polled = (): number => server.requests.filter((r) => r.path === '/down.xml').length;
    const before = polled();
    const waiting = await figurewatch(['once', '--config', file]);
    assert.equal(waiting.code, 0, waiting.stderr);
    assert.match(
      waiting.stderr,
      /"feed":"Down","nextTryAt":"[^"]+","msg":"feed waiting to retry after failures; not polled this cycle \(once --force polls it now\)"/,
    );
    assert.equal(polled(), before);
    const forced = await figurewatch(['once', '--force', '--config', file]);
    assert.equal(forced.code, 4, forced.stderr);
    assert.equal(polled(), before + 1);
  });

  it('a digest the mail server refuses: exit 3, kept in the outbox and sent by the next run', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const file = config('nomail', [
      ...storeLine('nomail'),
      'feeds:',
      ...feedLines(server.url('/feed.xml')),
      'mail:',
      '  host: 127.0.0.1',
      `  port: ${closedPort}`,
      '  from: fw@localhost',
      '  to: [analyst@example.org]',
    ]);
    const run = await figurewatch(['once', '--config', file]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /^figurewatch: 1 digest\(s\) could not be delivered; they stay in the outbox and the next cycle retries them/m,
    );
    const db = new Database(path.join(dir, 'state', 'nomail.db'), { readonly: true });
    try {
      assert.equal((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n, 1);
      assert.equal(
        (db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE sent_at IS NULL').get() as { n: number }).n,
        1,
        'its delivery is still due',
      );
    } finally {
      db.close();
    }
  });

  it('a mistyped command or option: the usage problem and exit 2; help exits 0', async () => {
    const unknown = await figurewatch(['stauts']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'stauts'/);
    const option = await figurewatch(['status', '--jsn']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /unknown option '--jsn'/);
    const missing = await figurewatch(['history']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing required argument 'metric'/);
    const help = await figurewatch(['status', '--help']);
    assert.equal(help.code, 0);
  });

  it('reject while another process writes: it waits its turn, then names the process instead of "database is locked"', async () => {
    const file = config('busy', [...storeLine('busy'), 'feeds:', ...feedLines(server.url('/feed.xml'))]);
    const once = await figurewatch(['once', '--config', file]);
    assert.equal(once.code, 0, once.stderr);
    const storePath = path.join(dir, 'state', 'busy.db');
    writeFileSync(
      `${storePath}.lock`,
      JSON.stringify({ pid: process.pid, command: 'run', startedAt: '2025-07-01T00:00:00.000Z' }),
    );
    const writer = new Database(storePath);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const rejected = await figurewatch(['reject', '1', '--config', file]);
      assert.equal(rejected.code, 2);
      assert.match(
        rejected.stderr,
        new RegExp(
          `^figurewatch: the store .*busy\\.db stayed busy: figurewatch run \\(pid ${process.pid}\\) is writing to it; try again in a moment$`,
          'm',
        ),
      );
      assert.doesNotMatch(rejected.stderr, /SqliteError|at .*\.js:\d+/);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      rmSync(`${storePath}.lock`);
    }
    const later = await figurewatch(['reject', '1', '--config', file]);
    assert.equal(later.code, 0, later.stderr);
  });

  it('status, history and digest read a store on a read-only disk', async (t) => {
    const disk = path.join(dir, 'readonly-disk');
    mkdirSync(disk);
    const root = process.getuid?.() === 0;
    if (root) {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk], { stdio: 'ignore' });
      } catch {
        t.skip('cannot mount a tmpfs here');
        return;
      }
    }
    const file = config('readonly', [
      'store:',
      `  path: ${path.join(disk, 'fw.db')}`,
      'feeds:',
      ...feedLines(server.url('/feed.xml')),
    ]);
    try {
      const once = await figurewatch(['once', '--config', file]);
      assert.equal(once.code, 0, once.stderr);
      // Root ignores file modes, so for root the disk itself is made read-only.
      if (root) execFileSync('mount', ['-o', 'remount,ro', disk], { stdio: 'ignore' });
      else chmodSync(disk, 0o555);
      const status = await figurewatch(['status', '--config', file]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /11,000/);
      const history = await figurewatch(['history', 'troops_deployed', '--config', file]);
      assert.equal(history.code, 0, history.stderr);
      assert.match(history.stdout, /1 claim/);
      const preview = await figurewatch(['digest', '--preview', '--config', file]);
      assert.equal(preview.code, 0, preview.stderr);
      assert.match(preview.stdout, /^Nothing new to send\./);
      const last = await figurewatch(['digest', '--last', '--config', file]);
      assert.equal(last.code, 0, last.stderr);
      assert.match(last.stdout, /«11,000»/);
    } finally {
      if (root) execFileSync('umount', ['-l', disk], { stdio: 'ignore' });
      else chmodSync(disk, 0o755);
    }
  });
});
