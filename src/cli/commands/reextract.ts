import { UserError } from '../../config/errors.js';
import { changeHeadline } from '../../digest/renderDigest.js';
import { metricLabels } from '../../extract/topicLabels.js';
import { runIngest } from '../../pipeline/ingest.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { progressReporter } from '../progress.js';

export async function reextractCommand(flags: { sendDigest?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { lockAs: 'reextract', workers: true });
  try {
    const report = await runIngest(
      ctx,
      { kind: 'stored' },
      {
        sendDigest: flags.sendDigest ?? false,
        onProgress: progressReporter((done, total, rate) =>
          ctx.logger.info({ done, total, rate: Math.round(rate) }, 'reextract progress'),
        ),
      },
    );
    const labels = metricLabels(ctx.topics);
    const lines = [
      `Re-extracted ${report.found} articles: ${report.added} claims added, ${report.withdrawn} withdrawn, ${report.reinstated} reinstated.`,
    ];
    if (report.changes.length === 0 && report.corrections.length === 0) lines.push('No figure or estimate changed.');
    for (const c of report.changes)
      lines.push(
        `  + ${labels.get(c.metric) ?? c.metric}: ${changeHeadline({ ...c, support: null })}${c.figure ? ` — ${c.figure.title}` : ''}`,
      );
    for (const c of report.corrections) lines.push(`  ✎ ${labels.get(c.metric) ?? c.metric}: ${c.line}`);
    if (flags.sendDigest && (report.changes.length > 0 || report.corrections.length > 0))
      lines.push(
        report.digestSent ? 'Digest sent.' : 'Digest not sent yet: it stays in the outbox and the daemon retries it.',
      );
    process.stdout.write(lines.join('\n') + '\n');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `reextract failed and changed no claim (near-copy fingerprints renewed before the failure are kept): ${(err as Error).message}`,
      1,
    );
  } finally {
    await ctx.close();
  }
}
