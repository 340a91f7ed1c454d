import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { figurewatch } from '../support/cli.js';
import { serveSeedFeed } from '../support/corpus.js';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.js';
import { CONFIG_DIR } from '../support/paths.js';

describe('the daemon as an operator runs it', () => {
  let server: FixtureServer;
  let dir: string;
  let slowMs = 0;

  before(async () => {
    server = await startFixtureServer();
    serveSeedFeed(server, { pageDelayMs: () => slowMs });
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-daemon-'));
    mkdirSync(path.join(dir, 'config'));
    cpSync(path.join(CONFIG_DIR, 'topics'), path.join(dir, 'config', 'topics'), { recursive: true });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function config(name: string, extra = ''): string {
    const file = path.join(dir, 'config', `${name}.yaml`);
    writeFileSync(
      file,
      [
        'schedule: "* * * * * *"',
        `store:`,
        `  path: ${path.join(dir, 'state', `${name}.db`)}`,
        'feeds:',
        '  - name: Wire',
        `    url: ${server.url('/feed.xml')}`,
        'fetch:',
        '  timeoutMs: 10000',
        '  concurrency: 1',
        '  perHostConcurrency: 1',
        '  allowPrivateNetworks: true',
        extra,
        '',
      ].join('\n'),
    );
    return file;
  }

  const articles = (name: string): number => {
    const db = new Database(path.join(dir, 'state', `${name}.db`), { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
    db.close();
    return n;
  };

  it('ticks on its schedule, refuses a second instance, shows its heartbeat, and exits 0 on SIGTERM', async () => {
    slowMs = 0;
    const file = config('ticks');
    let checked = false;
    const daemon = figurewatch(['run', '--config', file], {
      until: (stderr) => (stderr.match(/"msg":"cycle finished"/g) ?? []).length >= 2 && checked,
    });
    await new Promise((r) => setTimeout(r, 2500));
    const second = await figurewatch(['once', '--config', file]);
    assert.equal(second.code, 2);
    assert.match(
      second.stderr,
      /figurewatch run \(pid \d+, since .*\) is already using the store .*ticks\.db: stop it first/,
    );
    const status = await figurewatch(['status', '--config', file]);
    assert.match(
      status.stdout,
      /^Daemon: figurewatch run running \(pid \d+\) since .*; last cycle .* took \d+\.\d s; next cycle due /m,
    );
    checked = true;
    const run = await daemon;
    assert.equal(run.code, 0, run.stderr);
    assert.ok((run.stderr.match(/"msg":"cycle finished"/g) ?? []).length >= 2);
    assert.match(run.stderr, /"msg":"daemon stopped"/);
    const after = await figurewatch(['status', '--config', file]);
    assert.match(after.stdout, /^Daemon: not running/m, 'the lock is released');
  });

  it('finishes a slow cycle in flight on SIGTERM within the grace period', async () => {
    slowMs = 300;
    const run = await figurewatch(['run', '--config', config('graceful')], {
      until: (stderr) => stderr.includes('"msg":"cycle started"'),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /stopping: finishing the cycle in flight/);
    assert.match(run.stderr, /"msg":"cycle finished"/);
    assert.equal(articles('graceful'), 5);
  });

  it('cuts short a cycle that outlasts the grace period, keeps only what it finished, and the next start reads the rest', async () => {
    slowMs = 1500;
    const file = config('abandoned', 'shutdownGraceMs: 200');
    const run = await figurewatch(['run', '--config', file], {
      until: (stderr) => stderr.includes('"msg":"cycle started"'),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /abandoning it/);
    assert.match(
      run.stderr,
      /cycle cut short on shutdown: what it finished is stored, the rest is read at the next start/,
    );
    assert.equal(articles('abandoned'), 0, 'the page cut short by the shutdown is not stored from a part');
    slowMs = 0;
    const redo = await figurewatch(['once', '--config', file]);
    assert.equal(redo.code, 0, redo.stderr);
    assert.equal(articles('abandoned'), 5);
  });
});
