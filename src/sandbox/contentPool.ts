import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PageText } from '../articles/mainText.js';
import { mainText } from '../articles/mainText.js';
import type { Topic } from '../extract/topic.js';
import { type ContentResult, type ContentTask, claimsOf, type TopicClaim } from './contentTasks.js';

/** Why a document was not read: over its time budget, over the heap limit, or its reader failed. */
export type RejectReason = 'time' | 'memory' | 'crashed';

export class ContentRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
    this.name = 'ContentRejected';
  }
}

/** Reads pages and texts from strangers: main text of a page, claims of a text. */
export interface ContentProcessor {
  mainText(html: string): Promise<PageText>;
  /** Rejects with ContentRejected when the document is over budget. */
  claims(text: string): Promise<TopicClaim[]>;
  close(): Promise<void>;
}

/** In this thread, without limits: for tests and one-off commands over the user's own files. */
export function inlineContent(topics: readonly Topic[]): ContentProcessor {
  return {
    mainText: async (html) => mainText(html),
    claims: async (text) => claimsOf(text, topics),
    close: async () => {},
  };
}

export interface ContentPoolOptions {
  /** Worker threads; each reads one document at a time. */
  threads: number;
  /** Longest a document may take; past it, its thread is stopped and the document rejected. */
  timeBudgetMs: number;
  /** Heap limit of each thread; a document that needs more is rejected, the process carries on. */
  maxHeapMb: number;
  /** The worker module (tests hand in one whose rules are slow on purpose). */
  workerUrl?: URL;
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Worker threads with a heap limit and a time budget per document: a page that would take
 * minutes or gigabytes (a bug in a rule, a hostile page) costs one thread, which is replaced,
 * and never the process. The threads also let reading use every core.
 */
export function contentPool(topics: readonly Topic[], options: ContentPoolOptions): ContentProcessor {
  const pool = new Piscina<ContentTask, ContentResult>({
    filename: (options.workerUrl ?? new URL('./contentWorker.js', import.meta.url)).href,
    minThreads: 1,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    // A small young generation: pages make short-lived garbage, which a larger nursery only lets pile up in RSS.
    resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, maxYoungGenerationSizeMb: 4 },
    workerData: { topics: topics.map((t) => t.spec) },
  });
  // Tasks wait here, not in the pool's queue, so that a document's time budget starts when a
  // thread starts reading it rather than when it was queued.
  let free = options.threads;
  const waiting: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  const run = async (task: ContentTask): Promise<ContentResult> => {
    await acquire();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeBudgetMs);
    try {
      return await pool.run(task, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new ContentRejected('time', `not read within ${options.timeBudgetMs} ms (extract.timeBudgetMs)`);
      }
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new ContentRejected('memory', `needed more than ${options.maxHeapMb} MB to read (extract.maxHeapMb)`);
      }
      throw new ContentRejected('crashed', `its reader failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
      release();
    }
  };
  return {
    mainText: async (html) => {
      const result = await run({ op: 'mainText', html });
      if (result.op !== 'mainText') throw new ContentRejected('crashed', 'the reader answered the wrong question');
      return result.page;
    },
    claims: async (text) => {
      const result = await run({ op: 'claims', text });
      if (result.op !== 'claims') throw new ContentRejected('crashed', 'the reader answered the wrong question');
      return result.claims;
    },
    close: () => pool.destroy(),
  };
}
