import path from 'node:path';
import { UserError } from '../../config/errors.js';
import { timeWindow } from '../../model/time.js';
import { runIngest } from '../../pipeline/ingest.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { pathKind } from '../pathKind.js';
import { interruptSignal, progressReporter } from '../progress.js';

export interface BackfillFlags {
  dir?: string;
  urls?: string;
  feeds?: boolean;
  since?: string;
  until?: string;
  sendDigest?: boolean;
}

/** A source given by path must be there before a run starts: a typo is a usage error, not a run to resume. */
function sourceMustExist(flag: '--dir' | '--urls', given: string): void {
  const at = path.resolve(given);
  const kind = pathKind(at);
  const wanted = flag === '--dir' ? 'folder' : 'file';
  if (kind === wanted) return;
  const fix =
    flag === '--dir'
      ? 'give the folder of saved articles (.html, .htm, .txt)'
      : 'give a file of article URLs, one per line';
  throw new UserError(
    `${flag} ${given}: ${kind === 'missing' ? `the ${wanted} ${at} does not exist` : `${at} is not a ${wanted}`}: ${fix}`,
  );
}

export async function backfillCommand(flags: BackfillFlags, globals: GlobalOptions): Promise<void> {
  const window = timeWindow(flags.since, flags.until);
  if ('problem' in window) throw new UserError(window.problem);
  if (flags.dir !== undefined) sourceMustExist('--dir', flags.dir);
  if (flags.urls !== undefined) sourceMustExist('--urls', flags.urls);
  const { since, until } = window;
  const ctx = await openContext(globals, {
    lockAs: 'backfill',
    workers: true,
    needsFeeds: flags.feeds === true || (!flags.dir && !flags.urls),
  });
  const interrupt = interruptSignal();
  try {
    const report = await runIngest(
      ctx,
      {
        kind: 'saved',
        ...(flags.dir ? { dir: flags.dir } : {}),
        ...(flags.urls ? { urlsFile: flags.urls } : {}),
        feeds: flags.feeds ?? false,
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
      },
      {
        signal: interrupt.signal,
        sendDigest: flags.sendDigest ?? false,
        onProgress: progressReporter((done, total, rate) =>
          ctx.logger.info({ done, total, rate: Math.round(rate) }, 'backfill progress'),
        ),
      },
    );
    process.stdout.write(
      `Backfill: ${report.articles} articles stored (${report.duplicates} copies of others), ${report.claims} claims, ` +
        `${report.changes.length} changes to the history; ${report.skipped} already stored.` +
        (report.interrupted ? ' Interrupted: run the same command again to resume.' : '') +
        `${flags.sendDigest && !report.interrupted ? (report.digestSent ? ' Summary digest sent.' : ' No summary digest sent.') : ''}\n`,
    );
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `backfill stopped: ${(err as Error).message}. What it committed is kept; run it again to resume`,
      1,
    );
  } finally {
    interrupt.dispose();
    await ctx.close();
  }
}
