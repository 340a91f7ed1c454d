import path from 'node:path';
import { UserError } from '../../config/errors.js';
import { acquireStoreLock } from '../../daemon/storeLock.js';
import { StoreOpenError } from '../../store/errors.js';
import { postgresProblem, redactUrl } from '../../store/postgres/url.js';

/** Copies a SQLite store into an empty PostgreSQL database; the SQLite file is only read, under its lock. */
export async function migrateCommand(opts: { from: string; to: string }): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(opts.to))
    throw new UserError(`--to ${redactUrl(opts.to)} is not a PostgreSQL URL: pass postgres://user@host:5432/database`);
  const from = path.resolve(opts.from);
  // No daemon may write the file while it is copied.
  const lock = await acquireStoreLock(from, 'migrate', { waitMs: 5_000 });
  try {
    // Loaded here: the other commands on a SQLite store never load the `pg` package.
    const { copySqliteToPostgres } = await import('../../store/copyToPostgres.js');
    const counts = await copySqliteToPostgres(from, opts.to, {
      password: process.env.FIGUREWATCH_DB_PASSWORD || undefined,
    });
    process.stdout.write(
      `copied ${from} to ${redactUrl(opts.to)}: ${Object.entries(counts)
        .map(([table, n]) => `${n} ${table}`)
        .join(', ')}\nset store.url to it in the config (and drop store.path) to run the workers on it\n`,
    );
  } catch (err) {
    if (err instanceof StoreOpenError) throw new UserError(err.message);
    const problem = postgresProblem(err, opts.to);
    if (problem) throw new UserError(`the copy failed and left ${redactUrl(opts.to)} as it was: ${problem}`);
    throw err;
  } finally {
    lock.release();
  }
}
