/**
 * The store a config asks for: PostgreSQL when store.url is set (several workers share it), else
 * the SQLite file at store.path (one writer, guarded by its lock file in cli/context.ts).
 */
import type { Config } from '../config/schema.js';
import type { Store } from './port.js';
import { openSqliteStore } from './sqlite/sqliteStore.js';

export type StoreKind = 'sqlite' | 'postgres';

export function storeKindOf(config: Pick<Config, 'store'>): StoreKind {
  return config.store.url ? 'postgres' : 'sqlite';
}

export async function openStore(
  config: Pick<Config, 'store'>,
  options: { readOnly?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<Store> {
  const env = options.env ?? process.env;
  if (config.store.url) {
    // Loaded only for PostgreSQL: a SQLite worker starts without the `pg` package (start-up time counts).
    const { openPostgresStore } = await import('./postgres/pgStore.js');
    return openPostgresStore(config.store.url, {
      password: env.FIGUREWATCH_DB_PASSWORD || undefined,
      readOnly: options.readOnly === true,
    });
  }
  return openSqliteStore(config.store.path, { readOnly: options.readOnly === true });
}
