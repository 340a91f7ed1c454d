import { writeFileSync } from 'node:fs';
import { UserError } from '../config/errors.js';
import { metricLabels } from '../extract/topicLabels.js';

import { formatFigure } from '../model/claim.js';
import { rejectClaim, type RejectResult } from '../daemon/reject.js';
import { digestSettings, nextDigest } from '../digest/assembleDigest.js';
import { dayLabel } from '../model/time.js';
import { historyView, type HistoryEntry } from '../queries/estimates.js';
import { readLock } from '../daemon/storeLock.js';
import { openContext } from './context.js';
import type { GlobalOptions } from './program.js';
import { formatTable, truncate } from './table.js';

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

export async function historyCommand(metric: string, opts: { bySource?: boolean; json?: boolean }, globals: GlobalOptions): Promise<void> {
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    const labels = metricLabels(ctx.topics);
    if (!labels.has(metric)) {
      throw new UserError(`"${metric}" is not a tracked metric; the topics track: ${[...labels.keys()].join(', ')}`);
    }
    const entries = historyView(ctx.store.ledger([metric]), metric, ctx.config.estimates.bandWindowDays);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ metric, label: labels.get(metric), claims: entries }, null, 2) + '\n');
      return;
    }
    const out: string[] = [`${labels.get(metric)} (${metric}): ${entries.length} claim${entries.length === 1 ? '' : 's'}; ▶ the current estimate, ✗ rejected; dates UTC`];
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

export async function rejectCommand(id: string, opts: { reason?: string }, globals: GlobalOptions): Promise<void> {
  const claimId = Number(id);
  if (!Number.isInteger(claimId) || claimId <= 0) throw new UserError(`"${id}" is not a claim id: pass the number shown by figurewatch history METRIC`);
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' });
  try {
    let result: RejectResult;
    try {
      result = rejectClaim(ctx.store, claimId, opts.reason ?? null, ctx.clock().toISOString());
    } catch (err) {
      // The daemon commits feed by feed; a write can wait its turn (busy_timeout) but not for ever.
      if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
        const holder = readLock(ctx.storePath);
        throw new UserError(`the store ${ctx.storePath} stayed busy${holder?.running ? `: figurewatch ${holder.command} (pid ${holder.pid}) is writing to it` : ''}; try again in a moment`);
      }
      throw err;
    }
    if (result.kind === 'not-found') throw new UserError(`There is no claim ${claimId}: see the claim ids in figurewatch history METRIC`);
    if (result.kind === 'already-rejected') throw new UserError(`Claim ${claimId} was already rejected on ${result.claim.rejected?.at}${result.claim.rejected?.reason ? ` (${result.claim.rejected.reason})` : ''}`);
    const { claim, before, after } = result;
    const lines = [`Claim ${claimId} (${claim.metric}, ${formatFigure(claim)}) rejected${opts.reason ? `: ${opts.reason}` : ''}. The figure will not be reported again.`];
    if (before?.id !== after?.id) {
      lines.push(after
        ? `The estimate is now ${formatFigure(after)} (claim ${after.id}, ${after.attribution ?? after.publisher}, ${dayLabel(after.at)}).`
        : 'No actual total remains: the metric has no estimate now.');
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}

export async function digestCommand(opts: { preview?: boolean; last?: boolean; show?: string; html?: string; json?: boolean }, globals: GlobalOptions): Promise<void> {
  if ([opts.preview, opts.last, opts.show !== undefined].filter(Boolean).length !== 1) {
    throw new UserError('figurewatch digest needs one of --preview (the next digest, exactly as a cycle would send it), --last, or --show ID (a digest as it was sent)');
  }
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    let found: { subject: string; text: string; html: string | null; data: string | null; heading: string } | null = null;
    if (opts.preview) {
      const next = nextDigest(ctx.store, digestSettings(ctx));
      if (!next) {
        const [last] = ctx.store.digests(1);
        process.stdout.write(`Nothing new to send.${last ? ` The last digest (${last.id}, ${last.createdAt.slice(0, 10)}) is shown by figurewatch digest --last.` : ''}\n`);
        return;
      }
      found = { ...next.digest, data: JSON.stringify(next.data), heading: 'The next digest, as a cycle would send it' };
    } else {
      const stored = opts.last ? ctx.store.digests(1)[0] ?? null : ctx.store.digest(Number(opts.show));
      if (!stored) throw new UserError(opts.last ? 'No digest has been assembled yet' : `There is no digest ${opts.show}: figurewatch digest --last shows the newest`);
      found = { ...stored, heading: `Digest ${stored.id}, assembled ${stored.createdAt.slice(0, 16).replace('T', ' ')} UTC${stored.sentAt ? ', sent' : ', not sent yet'}` };
    }
    if (opts.json) {
      process.stdout.write(`${found.data ?? 'null'}\n`);
      return;
    }
    if (opts.html) {
      try {
        writeFileSync(opts.html, found.html ?? '');
      } catch (err) {
        throw new UserError(`Cannot write ${opts.html} (${(err as NodeJS.ErrnoException).code}): check that its folder exists and is writable`);
      }
      process.stdout.write(`${found.subject}\nHTML written to ${opts.html}\n`);
      return;
    }
    process.stdout.write(`${found.heading}\nSubject: ${found.subject}\n\n${found.text}`);
  } finally {
    await ctx.close();
  }
}

export async function mailTestCommand(globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { readOnly: true });
  try {
    if (!ctx.config.mail) throw new UserError(`${ctx.loaded.path} has no mail section: add host, port, from and to (see README) to send digests by e-mail`);
    const at = ctx.clock().toISOString();
    await ctx.sender.send({ id: 0, createdAt: at, attempts: 0, subject: 'figurewatch: test message',
      text: `This is a test message from figurewatch, sent ${at}. Digests will arrive like this one.\n`, html: null });
    process.stdout.write(`Test message sent to ${ctx.config.mail.to.join(', ')} through ${ctx.config.mail.host}:${ctx.config.mail.port}.\n`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError((err as Error).message, 1);
  } finally {
    await ctx.close();
  }
}
