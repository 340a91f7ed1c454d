/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp folder, started with pg_ctl on a free
 * 127.0.0.1 port, one database created, stopped and removed at the end. PostgreSQL refuses to run
 * as root and tests run as root in CI: then the folder is given to the `postgres` user and the
 * binaries run through `runuser -u postgres`. Without the binaries the suite is skipped, or fails
 * when FIGUREWATCH_REQUIRE_POSTGRES=1 (CI sets it, so a missing server never passes silently).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/figurewatch_test (trust authentication, loopback only). */
  url: string;
  port: number;
  /** A further empty database on the same cluster, by name. */
  createDatabase(name: string): string;
  stop(): void;
}

/** Where initdb and pg_ctl are, or null. */
export function postgresBinDir(): string | null {
  const configured = process.env.FIGUREWATCH_PG_BIN;
  if (configured) return existsSync(path.join(configured, 'initdb')) ? configured : null;
  return BIN_DIRS.find((dir) => existsSync(path.join(dir, 'initdb'))) ?? null;
}

/**
 * The reason the PostgreSQL tests are skipped, or undefined when they can run. With
 * FIGUREWATCH_REQUIRE_POSTGRES=1 a missing server throws instead: CI must not skip them.
 */
export function postgresSkipReason(): string | undefined {
  if (postgresBinDir()) return undefined;
  const reason = `PostgreSQL binaries (initdb, pg_ctl) not found in ${BIN_DIRS.join(', ')}: install the Debian package postgresql, or set FIGUREWATCH_PG_BIN`;
  if (process.env.FIGUREWATCH_REQUIRE_POSTGRES === '1') throw new Error(`FIGUREWATCH_REQUIRE_POSTGRES=1 but ${reason}`);
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as the `postgres` user when this process is root. */
function pgRun(bin: string, args: string[]): string {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
}

/** A folder for the server's files, owned by the user that runs it. */
function serverFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

/**
 * An initialised, never started data folder, made once and copied for each cluster: initdb is
 * most of a start's CPU, and the test files starting clusters run beside timing-sensitive ones.
 * Kept in the temp folder under a name that says which binaries made it.
 */
function templateData(bin: string): string {
  const template = path.join(tmpdir(), `figurewatch-pg-template-${bin.replace(/[^a-z0-9]+/gi, '-')}`);
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const dir = serverFolder('figurewatch-pg-init-');
  const data = path.join(dir, 'data');
  pgRun(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  try {
    // Another test process may have made it meanwhile; either copy is good.
    renameSync(data, template);
  } catch {
    // Kept theirs.
  }
  rmSync(dir, { recursive: true, force: true });
  return template;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresSkipReason() ?? 'no PostgreSQL');
  const template = templateData(bin);
  const dir = serverFolder('figurewatch-pg-');
  const data = path.join(dir, 'data');
  const port = await freePort();
  pgRun('/bin/cp', ['-a', template, data]);
  // Loopback only, its socket in the temp folder, and the durability a throwaway cluster can skip.
  writeFileSync(
    path.join(dir, 'extra.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 100',
      'shared_buffers = 32MB',
      '',
    ].join('\n'),
  );
  pgRun('/bin/sh', ['-c', `cat ${path.join(dir, 'extra.conf')} >> ${path.join(data, 'postgresql.conf')}`]);
  pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      pgRun(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already down; the folder goes anyway.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies leaves no server behind.
  process.once('exit', stop);
  const createDatabase = (name: string): string => {
    pgRun(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  return { url: createDatabase('figurewatch_test'), port, createDatabase, stop };
}
