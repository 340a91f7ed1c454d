/**
 * The one use case: articles from a source (the feeds, saved pages and URL lists, or the store
 * itself) are read and extracted outside any transaction, committed in steps, and the changes they
 * cause reported in a digest. `once`, `run`, `backfill` and `reextract` are this with their source,
 * so they share the HTTP limits, run records, commits and digests.
 */
import { hostname } from 'node:os';
import type { ArticleReading } from '../articles/fetchArticle.js';
import type { Config } from '../config/schema.js';
import type { Delivery } from '../digest/deliver.js';
import { assembleDigest, composeDigest, digestSettings, queueSummary } from '../digest/outbox.js';
import type { Digest } from '../digest/renderDigest.js';
import type { Topic } from '../extract/topic.js';
import { alertThresholds } from '../extract/topicLabels.js';
import { type HttpClient, httpClientOf } from '../http/client.js';
import type { HttpFetch } from '../http/fetch.js';
import type { Logger } from '../log/logger.js';
import type { Change, Correction } from '../model/change.js';
import type { ContentProcessor } from '../sandbox/contentPool.js';
import type { Store, StoreOps } from '../store/port.js';
import { type CommitInput, commitArticles } from './commit.js';
import { type ArticleRevision, reviseArticles } from './revise.js';
import { type FeedsSource, feedsSource } from './sources/feeds.js';
import { type SavedSource, savedSource } from './sources/saved.js';
import { type StoredSource, storedSource } from './sources/stored.js';

/** Everything the pipeline touches, passed in so that a test can hand in a temp store, a local server and a fixed clock. */
export interface PipelineDeps {
  store: Store;
  /** The network; every request goes through one client built from `config.fetch` on it. */
  http: HttpFetch;
  logger: Logger;
  clock: () => Date;
  config: Config;
  topics: readonly Topic[];
  /** Reads pages and extracts claims (worker threads with limits, or inline in tests). */
  content: ContentProcessor;
  /** The channels digests go out on (mail or the log, webhooks). */
  delivery: Delivery;
  /** The daemon shutting down: no new article is started, what is read is kept. */
  signal?: AbortSignal;
  /** Who this process is among workers sharing a store (leases and heartbeats name it); host/pid by default. */
  worker?: string;
}

/** Where the articles come from. */
export type IngestSource = FeedsSource | SavedSource | StoredSource;

export interface IngestOptions {
  /** Saved and stored sources: send one summary digest at the end (the feeds always report). */
  sendDigest?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Stops a backfill or reextract (SIGINT): what is read is committed, the rest left for the next run. */
  signal?: AbortSignal;
}

export interface IngestReport {
  runId: number;
  source: IngestSource['kind'];
  feedsPolled: number;
  feedsFailed: number;
  feedsSkipped: number;
  /** Feeds with new items left for the next cycle (the per-feed cap, or the cycle's deadline). */
  feedsUnfinished: number;
  /** Items the source offered (saved: every file and URL listed). */
  found: number;
  /** Items already stored, or outside the dates asked for. */
  skipped: number;
  itemsNew: number;
  articles: number;
  duplicates: number;
  claims: number;
  /** Pages read again: retries of failed pages and re-reads of young ones for edits. */
  pagesRead: number;
  /** Re-extraction: claims added, withdrawn and brought back; texts again over budget. */
  added: number;
  withdrawn: number;
  reinstated: number;
  unread: number;
  changes: Change[];
  corrections: Correction[];
  /** Stopped before the end (a signal, or a limit): running it again goes on. */
  interrupted: boolean;
  digest: Digest | null;
  /** A summary digest was delivered on every channel (saved and stored sources). */
  digestSent: boolean;
  delivered: number;
  /** Digest deliveries that failed this time; they stay in the outbox. */
  undelivered: number;
}

export class CycleAbandoned extends Error {
  constructor() {
    super('cycle cut short on shutdown: what it finished is stored, the rest is read at the next start');
    this.name = 'CycleAbandoned';
  }
}

/** What the parts of one ingest share: the client and its limits, the time, the report, and the first store failure. */
export interface IngestRun {
  deps: PipelineDeps;
  options: IngestOptions;
  at: string;
  now: Date;
  http: HttpClient;
  reading: ArticleReading;
  thresholds: ReadonlyMap<string, number>;
  report: IngestReport;
  /** A store failure stops the run: every later write would fail the same way. */
  failure: unknown;
  /** No new article is started: shutdown, interruption, a store failure, or the cycle's deadline. */
  stopped: () => boolean;
  /** Commits read articles (and a feed's state); tallies the result; a failure is kept in `failure`. */
  commit: (input: Omit<CommitInput, 'at' | 'alertThresholds'>) => Promise<void>;
  /** Applies revised articles in one transaction (edited pages, re-extraction), with what else `alsoWrite` writes. */
  revise: (
    revisions: readonly ArticleRevision[],
    withdrawReason: string,
    alsoWrite?: (tx: StoreOps) => Promise<void>,
  ) => Promise<void>;
}

function emptyReport(runId: number, source: IngestSource['kind']): IngestReport {
  return {
    runId,
    source,
    feedsPolled: 0,
    feedsFailed: 0,
    feedsSkipped: 0,
    feedsUnfinished: 0,
    found: 0,
    skipped: 0,
    itemsNew: 0,
    articles: 0,
    duplicates: 0,
    claims: 0,
    pagesRead: 0,
    added: 0,
    withdrawn: 0,
    reinstated: 0,
    unread: 0,
    changes: [],
    corrections: [],
    interrupted: false,
    digest: null,
    digestSent: false,
    delivered: 0,
    undelivered: 0,
  };
}

/** How pages are read: the client, the content pool, and when failed and young pages are read again. */
export function articleReadingOf(config: Config, http: HttpClient, content: ContentProcessor): ArticleReading {
  return {
    http,
    content,
    pages: {
      retryForMs: config.pages.retryForHours * 3_600_000,
      retryBaseMs: config.retry.feedBaseMs,
      recheckForMs: config.pages.recheckForHours * 3_600_000,
      recheckEveryMs: config.pages.recheckEveryMinutes * 60_000,
    },
  };
}

/** This process among the workers sharing a store. */
export function workerOf(deps: Pick<PipelineDeps, 'worker'>): string {
  return deps.worker ?? `${hostname()}/${process.pid}`;
}

const RUN_KINDS: Record<IngestSource['kind'], string> = { feeds: 'cycle', saved: 'backfill', stored: 'reextract' };

export async function runIngest(
  deps: PipelineDeps,
  source: IngestSource,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const { store, logger, config } = deps;
  const started = deps.clock();
  const startedMs = performance.now();
  const signal = options.signal ?? deps.signal;
  let runId: number | null = null;
  try {
    runId = await store.startRun(RUN_KINDS[source.kind], started.toISOString());
    const http = httpClientOf(config, deps.http, signal);
    const report = emptyReport(runId, source.kind);
    const run: IngestRun = {
      deps,
      options,
      at: started.toISOString(),
      now: started,
      http,
      reading: articleReadingOf(config, http, deps.content),
      thresholds: alertThresholds(deps.topics),
      report,
      failure: undefined,
      stopped: () =>
        signal?.aborted === true ||
        run.failure !== undefined ||
        (source.kind === 'feeds' && performance.now() - startedMs > config.cycle.deadlineMs),
      commit: async (input) => {
        if (run.failure !== undefined) return;
        try {
          const result = await commitArticles(store, {
            ...input,
            at: deps.clock().toISOString(),
            alertThresholds: run.thresholds,
          });
          report.articles += result.articles;
          report.duplicates += result.duplicates;
          report.claims += result.claims;
          report.changes.push(...result.changes);
        } catch (err) {
          run.failure = err;
        }
      },
      revise: async (revisions, withdrawReason, alsoWrite) => {
        if (run.failure !== undefined) return;
        try {
          const revised = await store.transaction(async (tx) => {
            await alsoWrite?.(tx);
            if (revisions.length === 0) return { added: 0, withdrawn: 0, reinstated: 0, changes: [], corrections: [] };
            const result = await reviseArticles(tx, run.at, revisions, {
              withdrawReason,
              alertThresholds: run.thresholds,
            });
            // Re-extraction reports in its summary; an edited page's changes go into the next digest.
            await tx.insertChanges(
              run.at,
              [
                ...result.changes.map((change) => ({ kind: 'figure' as const, change })),
                ...result.corrections.map((correction) => ({ kind: 'correction' as const, correction })),
              ],
              source.kind === 'feeds',
            );
            return result;
          });
          report.added += revised.added;
          report.withdrawn += revised.withdrawn;
          report.reinstated += revised.reinstated;
          report.changes.push(...revised.changes);
          report.corrections.push(...revised.corrections);
        } catch (err) {
          run.failure = err;
        }
      },
    };
    logger.info({ runId, source: source.kind }, `${RUN_KINDS[source.kind]} started`);
    if (source.kind === 'feeds') await feedsSource(run, source);
    else if (source.kind === 'saved') await savedSource(run, source);
    else await storedSource(run);
    if (run.failure !== undefined) throw run.failure;
    await digestAndDeliver(run, source);
    await store.finishRun(runId, deps.clock().toISOString(), {
      outcome: report.interrupted ? 'abandoned' : 'ok',
      itemsNew: report.itemsNew,
      articles: report.articles,
      claims: report.claims,
      changes: report.changes.length,
      feedsFailed: report.feedsFailed,
      error: null,
    });
    logger.info(
      {
        runId,
        source: source.kind,
        ms: deps.clock().getTime() - started.getTime(),
        feedsPolled: report.feedsPolled,
        feedsFailed: report.feedsFailed,
        feedsSkipped: report.feedsSkipped,
        feedsUnfinished: report.feedsUnfinished,
        itemsNew: report.itemsNew,
        articles: report.articles,
        duplicates: report.duplicates,
        claims: report.claims,
        pagesRead: report.pagesRead,
        added: report.added,
        withdrawn: report.withdrawn,
        changes: report.changes.length,
        corrections: report.corrections.length,
        delivered: report.delivered,
        interrupted: report.interrupted,
        // A daemon runs for months: its memory belongs in the one line each cycle leaves.
        rssMb: Math.round(process.memoryUsage.rss() / 1048576),
        heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
      },
      `${RUN_KINDS[source.kind]} finished`,
    );
    return report;
  } catch (err) {
    const message = store.explainFailure(err) ?? (err as Error).message;
    try {
      if (runId !== null) {
        await store.finishRun(runId, deps.clock().toISOString(), {
          outcome: err instanceof CycleAbandoned ? 'abandoned' : 'failed',
          itemsNew: 0,
          articles: 0,
          claims: 0,
          changes: 0,
          feedsFailed: 0,
          error: message,
        });
      }
    } catch {
      // The store itself is failing; the error below says so.
    }
    if (err instanceof CycleAbandoned) logger.warn({ runId }, err.message);
    else
      logger.error(
        { runId, err: message, code: (err as { code?: unknown }).code },
        `${RUN_KINDS[source.kind]} failed; what it committed before is kept, the next run goes on from there`,
      );
    throw err;
  }
}

/**
 * The digest: a cycle puts every change not yet reported into one (changes kept by a backfill or
 * reextract are for the record); a backfill or reextract sends one summary when asked. Then every
 * digest due is delivered, on every channel.
 */
async function digestAndDeliver(run: IngestRun, source: IngestSource): Promise<void> {
  const { deps, report } = run;
  const { store, logger, delivery } = deps;
  if (source.kind === 'feeds') {
    const assembled = await assembleDigest(
      store,
      digestSettings(deps),
      deps.clock().toISOString(),
      delivery.channelIds,
    );
    report.digest = assembled?.digest ?? null;
    if (deps.signal?.aborted) throw new CycleAbandoned();
  } else if (run.options.sendDigest && !report.interrupted) {
    // Composed and queued in one transaction, as a cycle's digest is: the ledger is read in two steps
    // (its estimates, then the claims shown in full), and another worker's commit between them
    // (a claim rejected by its re-extraction) would leave the two telling different standings.
    const summary = await store.transaction(async (tx) => {
      const composed = await composeDigest(tx, digestSettings(deps, `figurewatch ${RUN_KINDS[source.kind]}`), {
        changes: report.changes,
        corrections: report.corrections,
      });
      return (
        composed && {
          ...composed,
          id: await queueSummary(tx, deps.clock().toISOString(), composed, delivery.channelIds),
        }
      );
    });
    if (summary) {
      const { id } = summary;
      report.digest = summary.digest;
      const delivered = await delivery.deliver(store, logger, deps.clock, deps.config.retry.digestBaseMs);
      report.delivered = delivered.sent;
      report.undelivered = delivered.failed;
      report.digestSent = (await store.digest(id))?.deliveries.every((d) => d.sentAt !== null) ?? false;
      return;
    }
  }
  if (source.kind !== 'feeds') return;
  const delivered = await delivery.deliver(store, logger, deps.clock, deps.config.retry.digestBaseMs, {
    worker: workerOf(deps),
    leaseMs: deps.config.store.leaseMs,
  });
  report.delivered = delivered.sent;
  report.undelivered = delivered.failed;
}

/**
 * One poll of every due feed: what `once` and each of the daemon's cycles run. `tick` is the
 * schedule tick the cycle belongs to (the daemon's; `once` uses its start): workers sharing a
 * store poll each feed once per tick.
 */
export function runCycle(deps: PipelineDeps, options: { force?: boolean; tick?: Date } = {}): Promise<IngestReport> {
  return runIngest(deps, {
    kind: 'feeds',
    force: options.force ?? false,
    ...(options.tick ? { tick: options.tick.toISOString() } : {}),
  });
}
