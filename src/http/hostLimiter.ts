/**
 * Runs tasks with at most `global` in flight overall and `perHost` per host, so that fifty feeds
 * on one site do not hammer it while other hosts wait. Each host keeps its own queue, so a busy
 * host never holds back the others.
 */
export async function runPerHost<T, R>(
  items: readonly T[],
  hostOf: (item: T) => string,
  limits: { global: number; perHost: number },
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const queues = new Map<string, number[]>();
  items.forEach((item, index) => {
    const host = hostOf(item);
    const queue = queues.get(host) ?? [];
    queue.push(index);
    queues.set(host, queue);
  });
  const running = new Map<string, number>();
  let inFlight = 0;
  let remaining = items.length;
  if (remaining === 0) return results;

  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const startMore = (): void => {
      for (const [host, queue] of queues) {
        if (inFlight >= limits.global) return;
        while (queue.length > 0 && inFlight < limits.global && (running.get(host) ?? 0) < limits.perHost) {
          const index = queue.shift()!;
          inFlight++;
          running.set(host, (running.get(host) ?? 0) + 1);
          task(items[index]!, index).then((result) => {
            results[index] = result;
            inFlight--;
            running.set(host, running.get(host)! - 1);
            remaining--;
            if (remaining === 0) resolve(results);
            else if (!failed) startMore();
          }, (err: unknown) => {
            failed = true;
            reject(err);
          });
        }
        if (queue.length === 0) queues.delete(host);
      }
    };
    startMore();
  });
}

/** The host a URL names, or the whole string when it is not a URL (so bad links still run, alone). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}
