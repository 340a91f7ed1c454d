import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { figurewatch } from '../support/cli.js';
import { serveSeedFeed } from '../support/corpus.js';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.js';
import { CLI, CONFIG_DIR } from '../support/paths.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../support/postgres.js';

describe('the CLI on a PostgreSQL store (store.url)', { skip: postgresSkipReason() }, () => {
  let server: TestPostgres;
  let feeds: FixtureServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-cli-pg-'));
  before(async () => {
    server = await startTestPostgres();
    feeds = await startFixtureServer();
    serveSeedFeed(feeds);
    mkdirSync(path.join(dir, 'topics'));
    writeFileSync(
      path.join(dir, 'topics', 'dprk-russia.yaml'),
      readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml')),
    );
  });
  after(async () => {
    await feeds?.close();
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a worker with no lock file, lists it in status with its heartbeat, and reports like SQLite', async () => {
    const url = server.createDatabase('cli_workers');
    const config = path.join(dir, 'figurewatch.yaml');
    writeFileSync(
      config,
      [
        'schedule: "*/30 * * * *"',
        'store:',
        `  url: ${url.replace('postgres@', 'postgres:topsecret@')}`,
        '  heartbeatMs: 1000',
        'feeds:',
        '  - name: Seed wire',
        `    url: ${feeds.url('/feed.xml')}`,
        'fetch:',
        '  allowPrivateNetworks: true',
        'log:',
        '  level: info',
        '',
      ].join('\n'),
    );
    const worker = spawn(process.execPath, [CLI, 'run', '--now', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FIGUREWATCH_CONFIG: '' },
    });
    let log = '';
    worker.stderr.on('data', (d: Buffer) => {
      log += d.toString();
    });
    worker.stdout.on('data', (d: Buffer) => {
      log += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!log.includes('"msg":"cycle finished"') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(log, /"msg":"cycle finished"/, log.slice(-2000));
      const status = await figurewatch(['status', '--config', config]);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /^DPRK troops in Russia\s+11,000\s+Western intelligence\s+/m);
      assert.match(status.stdout, /^Workers \(heartbeat/m);
      assert.match(status.stdout, new RegExp(`/${worker.pid}\\s`));
      assert.match(status.stdout, /^Workers alive: 1$/m);
      const json = JSON.parse((await figurewatch(['status', '--json', '--config', config])).stdout) as {
        workers: Array<{ pid: number; command: string }>;
      };
      assert.deepEqual(
        json.workers.map((w) => [w.pid, w.command]),
        [[worker.pid, 'run']],
      );
      const check = await figurewatch(['status', '--check', '--config', config]);
      assert.equal(check.code, 0, check.stderr);
      assert.match(check.stdout, /^healthy: figurewatch run/);
      assert.doesNotMatch(log + status.stdout + status.stderr, /topsecret/, 'the password is never shown');
    } finally {
      worker.kill('SIGTERM');
      assert.equal(await exited, 0, log.slice(-2000));
    }
  });
});
