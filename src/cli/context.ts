import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { LevelWithSilent } from 'pino';
import { UserError } from '../config/errors.js';
import { configPathFrom, type LoadedConfig, loadConfig, loadTopic, topicFromOption } from '../config/load.js';
import { acquireStoreLock, type StoreLock } from '../daemon/storeLock.js';
import type { Channel } from '../digest/channels/channel.js';
import { logChannel } from '../digest/channels/log.js';
import { smtpChannel } from '../digest/channels/smtp.js';
import { webhookChannel } from '../digest/channels/webhook.js';
import { Delivery } from '../digest/deliver.js';
import type { Topic } from '../extract/topic.js';
import { httpClientOf } from '../http/client.js';
import { fetchUrl } from '../http/fetch.js';
import { createLogger, type Logger } from '../log/logger.js';
import type { PipelineDeps } from '../pipeline/ingest.js';
import { type ContentProcessor, contentPool, defaultThreads, inlineContent } from '../sandbox/contentPool.js';
import { StoreOpenError } from '../store/errors.js';
import { openStore } from '../store/openStore.js';
import type { Store } from '../store/port.js';
import { redactUrl } from '../store/postgres/url.js';
import type { GlobalOptions } from './globals.js';

export interface Context extends PipelineDeps {
  loaded: LoadedConfig;
  store: Store;
  /** The SQLite file, or the PostgreSQL URL without its password: what messages name. */
  storePath: string;
  /** Who this process is among the workers sharing a PostgreSQL store (host/pid). */
  worker: string;
  /** Held by commands that write (run, once, backfill, reextract) on SQLite: one writer per store. PostgreSQL needs none. */
  lock: StoreLock | null;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** Take the store's lock as this command (waiting a few seconds for another to finish). */
  lockAs?: string;
  /** Read without writing: a store on a read-only disk still answers. */
  readOnly?: boolean;
  /** Read pages and texts from strangers in worker threads with limits (commands that fetch and extract). */
  workers?: boolean;
  /** The command polls the config's feeds: a config without any is a problem to fix, not an empty cycle. */
  needsFeeds?: boolean;
}

export function loggerFor(globals: GlobalOptions, configured: LevelWithSilent = 'info'): Logger {
  return createLogger({ level: (globals.logLevel as LevelWithSilent | undefined) ?? configured });
}

/** Mail (or the log when no mail server is configured), then each webhook. */
export function channelsFor(loaded: LoadedConfig, logger: Logger): Channel[] {
  const { config } = loaded;
  const primary = config.mail
    ? smtpChannel(config.mail, loaded.smtpPassword, config.fetch.timeoutMs)
    : logChannel(logger);
  const http = httpClientOf(config, fetchUrl);
  return [primary, ...config.webhooks.map((hook) => webhookChannel(hook, http, loaded.webhookSecret))];
}

/** How long a command waits for another writer (a `once` finishing, say) before naming it. */
const LOCK_WAIT_MS = 5_000;

/**
 * Config, logger, store, sender and content reader for the commands that run cycles or read the
 * store. A command named in `lockAs` takes the store's lock first, so two writers never share a store.
 */
export async function openContext(globals: GlobalOptions, options: ContextOptions = {}): Promise<Context> {
  const loaded = loadConfig(configPathFrom(globals.config, process.env));
  if (options.needsFeeds && loaded.config.feeds.length === 0) {
    throw new UserError(
      `${loaded.path} lists no feed: add at least one under feeds: (a name and a url each; see config/example-local.yaml)`,
    );
  }
  const logger = loggerFor(globals, loaded.config.log.level);
  const postgresUrl = loaded.config.store.url;
  const storePath = postgresUrl ? redactUrl(postgresUrl) : path.resolve(loaded.config.store.path);
  const readOnly = options.readOnly === true && (postgresUrl !== undefined || existsSync(storePath));
  if (!readOnly && !postgresUrl) {
    try {
      mkdirSync(path.dirname(storePath), { recursive: true });
    } catch (err) {
      throw new UserError(
        `Cannot create the folder ${path.dirname(storePath)} for the store (${(err as NodeJS.ErrnoException).code}): make it writable, or set store.path in ${loaded.path} to a writable place`,
      );
    }
  }
  // Workers sharing PostgreSQL divide the feeds by leases; the lock file is SQLite's single writer.
  const lock =
    options.lockAs && !postgresUrl ? await acquireStoreLock(storePath, options.lockAs, { waitMs: LOCK_WAIT_MS }) : null;
  let store: Store;
  try {
    store = await openStore(loaded.config, { readOnly });
  } catch (err) {
    lock?.release();
    throw err instanceof StoreOpenError ? new UserError(err.message) : err;
  }
  const { extract } = loaded.config;
  const content: ContentProcessor = options.workers
    ? contentPool(loaded.topics, {
        threads: extract.threads ?? defaultThreads(),
        timeBudgetMs: extract.timeBudgetMs,
        maxHeapMb: extract.maxHeapMb,
      })
    : inlineContent(loaded.topics);
  logger.debug(
    {
      config: loaded.path,
      store: storePath,
      mail: loaded.config.mail ? loaded.config.mail.host : 'log only',
      webhooks: loaded.config.webhooks.length,
    },
    'configuration loaded',
  );
  return {
    loaded,
    config: loaded.config,
    topics: loaded.topics,
    store,
    logger,
    http: fetchUrl,
    clock: () => new Date(),
    delivery: new Delivery(channelsFor(loaded, logger)),
    content,
    storePath,
    worker: `${hostname()}/${process.pid}`,
    lock,
    close: async () => {
      await store.close();
      await content.close();
      lock?.release();
    },
  };
}

/** A topic by name from the config's folder or by a file's path, or the config's first topic; works without a config file. */
export function topicFor(globals: GlobalOptions, name: string | undefined): Topic {
  const configPath = configPathFrom(globals.config, process.env);
  if (name) return topicFromOption(path.dirname(configPath), name);
  try {
    return loadConfig(configPath).topics[0]!;
  } catch {
    return loadTopic(path.dirname(configPath), 'dprk-russia');
  }
}
