import { onStopSignal } from './stopSignals.js';

const LOG_EVERY = 500;

/**
 * The first SIGINT/SIGTERM aborts the signal instead of killing the process, so the batch in hand
 * is committed; a second one exits at once (the uncommitted batch is redone by the next run).
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const dispose = onStopSignal((signal) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    process.stderr.write(
      `\nfigurewatch: ${signal}: finishing the articles in hand, then stopping (again to stop at once)\n`,
    );
    controller.abort();
  });
  return { signal: controller.signal, dispose };
}

/** A progress bar on a terminal; otherwise a log line every LOG_EVERY articles. */
export function progressReporter(
  log: (done: number, total: number, rate: number) => void,
): (done: number, total: number) => void {
  const started = Date.now();
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    if (tty) {
      if (Date.now() - last < 100 && done < total) return;
      last = Date.now();
      const width = 30;
      const filled = Math.round((done / Math.max(1, total)) * width);
      const left = rate > 0 ? Math.round((total - done) / rate) : 0;
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} articles, ${rate.toFixed(0)}/s, ${left}s left `,
      );
      if (done === total) process.stderr.write('\n');
    } else if (done % LOG_EVERY === 0 || done === total) {
      log(done, total, rate);
    }
  };
}
