/**
 * Requests with at most `global` in flight overall and `perHost` per host, so that fifty feeds on
 * one site do not hammer it while other hosts wait. Each host keeps its own queue and hosts take
 * turns, so a busy host never holds back the others. Tasks may be added at any time (a feed's
 * articles join as soon as the feed is read).
 */
export class RequestLimiter {
  private readonly queues = new Map<string, Array<() => void>>();
  private readonly running = new Map<string, number>();
  private inFlight = 0;

  constructor(private readonly limits: { global: number; perHost: number }) {}

  run<R>(host: string, task: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const start = (): void => {
        this.inFlight++;
        this.running.set(host, (this.running.get(host) ?? 0) + 1);
        let settled: Promise<R>;
        try {
          settled = task();
        } catch (err) {
          settled = Promise.reject(err);
        }
        settled.then(resolve, reject).finally(() => {
          this.inFlight--;
          const left = this.running.get(host)! - 1;
          if (left === 0) this.running.delete(host);
          else this.running.set(host, left);
          this.startMore();
        });
      };
      const queue = this.queues.get(host) ?? [];
      queue.push(start);
      this.queues.set(host, queue);
      this.startMore();
    });
  }

  private startMore(): void {
    let started = true;
    // One task per host per round: hosts take turns for free slots.
    while (started && this.inFlight < this.limits.global) {
      started = false;
      for (const [host, queue] of this.queues) {
        if (this.inFlight >= this.limits.global) return;
        if ((this.running.get(host) ?? 0) >= this.limits.perHost) continue;
        const next = queue.shift();
        if (queue.length === 0) this.queues.delete(host);
        if (next) {
          next();
          started = true;
        }
      }
    }
  }
}

/** Runs a known list of tasks through a RequestLimiter; results in the order of the items. */
export async function runPerHost<T, R>(
  items: readonly T[],
  hostOf: (item: T) => string,
  limits: { global: number; perHost: number },
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limiter = new RequestLimiter(limits);
  return Promise.all(items.map((item, index) => limiter.run(hostOf(item), () => task(item, index))));
}

/** The host a URL names, or the whole string when it is not a URL (so bad links still run, alone). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
