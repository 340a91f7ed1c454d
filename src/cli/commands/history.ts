import { UserError } from '../../config/errors.js';
import { metricLabels } from '../../extract/topicLabels.js';
import { formatFigure } from '../../model/claim.js';
import { nearestName } from '../../model/nearestName.js';
import { dayLabel } from '../../model/time.js';
import { type HistoryEntry, historyView } from '../../queries/estimates.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { formatTable, truncate } from '../table.js';

function historyRows(entries: readonly HistoryEntry[]): string[][] {
  return entries.map((c) => [
    String(c.claimId),
    dayLabel(c.at),
    `${c.rejected ? '✗ ' : c.current ? '▶ ' : ''}${formatFigure(c)}${c.rejected ? ` (rejected${c.rejected.reason ? `: ${truncate(c.rejected.reason, 30)}` : ''})` : ''}`,
    `${c.status}, ${c.scope}`,
    truncate(c.attribution ?? '—', 20),
    truncate(c.publisher, 18),
    truncate(c.when ?? '—', 16),
    truncate(c.url || c.title, 40),
  ]);
}

const HISTORY_HEADERS = ['claim', 'date', 'figure', 'status, scope', 'said by', 'outlet', 'refers to', 'article'];

export async function historyCommand(
  metric: string,
  opts: { bySource?: boolean; json?: boolean },
  globals: GlobalOptions,
): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const labels = metricLabels(ctx.topics);
    if (!labels.has(metric)) {
      const near = nearestName(metric, labels.keys());
      throw new UserError(
        `"${metric}" is not a tracked metric; ${near ? `did you mean "${near}"?` : `the topics track: ${[...labels.keys()].join(', ')}`}`,
      );
    }
    const entries = historyView(await ctx.store.ledger([metric]), metric, ctx.config.estimates.bandWindowDays);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ metric, label: labels.get(metric), claims: entries }, null, 2) + '\n');
      return;
    }
    const out: string[] = [
      `${labels.get(metric)} (${metric}): ${entries.length} claim${entries.length === 1 ? '' : 's'}; ▶ the current estimate, ✗ rejected; dates UTC`,
    ];
    if (entries.length === 0) out.push('No figure stored yet.');
    else if (!opts.bySource) out.push(formatTable(HISTORY_HEADERS, historyRows(entries)));
    else {
      const bySource = new Map<string, HistoryEntry[]>();
      for (const c of entries) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
      for (const [source, list] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
        out.push('', `${source}:`, formatTable(HISTORY_HEADERS, historyRows(list)));
      }
    }
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}
