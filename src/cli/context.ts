import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { acquireStoreLock, type StoreLock } from '../daemon/storeLock.js';
import type { LevelWithSilent } from 'pino';
import { configPathFrom, loadConfig, loadTopic, type LoadedConfig } from '../config/load.js';
import type { CycleDeps } from '../daemon/cycle.js';
import { logSender, type DigestSender } from '../digest/deliver.js';
import { mailSender } from '../digest/mailSender.js';
import type { Topic } from '../extract/topic.js';
import { fetchUrl } from '../http/fetch.js';
import { createLogger, type Logger } from '../log/logger.js';
import { openSqliteStore, type SqliteStore } from '../store/sqliteStore.js';
import type { GlobalOptions } from './program.js';

export interface Context extends CycleDeps {
  loaded: LoadedConfig;
  store: SqliteStore;
  storePath: string;
  /** Held by commands that write (run, once, backfill, reextract): one writer per store. */
  lock: StoreLock | null;
  close(): void;
}

export function loggerFor(globals: GlobalOptions, configured: LevelWithSilent = 'info'): Logger {
  return createLogger({ level: (globals.logLevel as LevelWithSilent | undefined) ?? configured });
}

function senderFor(loaded: LoadedConfig, logger: Logger): DigestSender {
  const mail = loaded.config.mail;
  if (!mail) return logSender(logger);
  return mailSender(mail, loaded.smtpPassword, loaded.config.fetch.timeoutMs);
}

/**
 * Config, logger, store and sender for the commands that run cycles or read the store. A
 * command named in `lockAs` takes the store's lock first, so two writers never share a store.
 */
export function openContext(globals: GlobalOptions, lockAs?: string): Context {
  const loaded = loadConfig(configPathFrom(globals.config, process.env));
  const logger = loggerFor(globals, loaded.config.log.level);
  const storePath = path.resolve(loaded.config.store.path);
  mkdirSync(path.dirname(storePath), { recursive: true });
  const lock = lockAs ? acquireStoreLock(storePath, lockAs) : null;
  let store: SqliteStore;
  try {
    store = openSqliteStore(storePath);
  } catch (err) {
    lock?.release();
    throw err;
  }
  logger.debug({ config: loaded.path, store: loaded.config.store.path, mail: loaded.config.mail ? loaded.config.mail.host : 'log only' }, 'configuration loaded');
  return {
    loaded,
    config: loaded.config,
    topics: loaded.topics,
    store,
    logger,
    http: fetchUrl,
    clock: () => new Date(),
    sender: senderFor(loaded, logger),
    storePath,
    lock,
    close: () => {
      store.close();
      lock?.release();
    },
  };
}

/** A topic by name from the config's folder, or the config's first topic; works without a config file. */
export function topicFor(globals: GlobalOptions, name: string | undefined): Topic {
  const configPath = configPathFrom(globals.config, process.env);
  if (name) return loadTopic(path.dirname(configPath), name);
  try {
    return loadConfig(configPath).topics[0]!;
  } catch {
    return loadTopic(path.dirname(configPath), 'dprk-russia');
  }
}
