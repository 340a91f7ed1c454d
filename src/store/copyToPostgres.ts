/**
 * `figurewatch migrate`: an existing SQLite store copied into an empty PostgreSQL database, rows
 * and ids as they are (articles, claims with their rejections, changes, digests and their
 * deliveries, feeds, runs), in one PostgreSQL transaction: a failure leaves the database empty.
 */
import Database from 'better-sqlite3';
import { StoreOpenError } from './errors.js';
import type { Query } from './postgres/db.js';
import { openPostgresStore } from './postgres/pgStore.js';
import { redactUrl } from './postgres/url.js';
import { MIGRATIONS } from './sqlite/migrations.js';

/** Tables in an order that keeps every reference pointing at a row already copied. */
const TABLES = ['feeds', 'articles', 'article_bands', 'claims', 'outbox', 'deliveries', 'changes', 'runs'] as const;
const WITH_IDS = ['articles', 'claims', 'outbox', 'changes', 'runs'] as const;
const ROWS_PER_INSERT = 500;

export type CopyCounts = Record<(typeof TABLES)[number], number>;

export async function copySqliteToPostgres(
  from: string,
  to: string,
  options: { password?: string | undefined } = {},
): Promise<CopyCounts> {
  let source: Database.Database;
  try {
    source = new Database(from, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StoreOpenError(
      `Cannot open the SQLite store ${from}: ${(err as Error).message}. Check the path given to --from`,
    );
  }
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version !== MIGRATIONS.length) {
      throw new StoreOpenError(
        `The SQLite store ${from} has schema version ${version}, this figurewatch copies version ${MIGRATIONS.length}: run figurewatch once on it (store.path) first, to update it`,
      );
    }
    const target = await openPostgresStore(to, { password: options.password });
    try {
      return await target.withClient(async (q) => {
        const [existing] = await q<{ n: number }>(
          'SELECT (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM runs) + (SELECT COUNT(*) FROM feeds) AS n',
        );
        if ((existing?.n ?? 0) > 0) {
          throw new StoreOpenError(
            `The database ${redactUrl(to)} already holds a figurewatch store: copy into an empty database (createdb a new one)`,
          );
        }
        await q('BEGIN');
        try {
          const counts = {} as CopyCounts;
          for (const table of TABLES) counts[table] = await copyTable(source, q, table);
          for (const table of WITH_IDS)
            await q(
              `SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE((SELECT MAX(id) FROM ${table}), 0) + 1, false)`,
            );
          await q('COMMIT');
          return counts;
        } catch (err) {
          await q('ROLLBACK');
          throw err;
        }
      });
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

/** One table's rows, in the columns both stores have (SQLite keeps a few the PostgreSQL schema dropped). */
async function copyTable(source: Database.Database, q: Query, table: string): Promise<number> {
  const targetColumns = new Map(
    (
      await q<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema()',
        [table],
      )
    ).map((c) => [c.column_name, c.data_type]),
  );
  const columns = (source.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((name) => targetColumns.has(name));
  const order =
    table === 'article_bands'
      ? 'article_id, band_key'
      : table === 'feeds'
        ? 'url'
        : table === 'deliveries'
          ? 'digest_id, channel'
          : 'id';
  const rows = source
    .prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${order}`)
    .raw()
    .all() as unknown[][];
  const booleans = columns.map((name) => targetColumns.get(name) === 'boolean');
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const batch = rows.slice(start, start + ROWS_PER_INSERT);
    const values = batch.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
    const params = batch.flatMap((row) => row.map((value, i) => (booleans[i] ? value === 1 : value)));
    await q(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, params);
  }
  return rows.length;
}
