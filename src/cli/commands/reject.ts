import { UserError } from '../../config/errors.js';
import { readLock } from '../../daemon/storeLock.js';
import { formatFigure } from '../../model/claim.js';
import { dayLabel } from '../../model/time.js';
import { type RejectResult, rejectClaim } from '../../pipeline/reject.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';

export async function rejectCommand(id: string, opts: { reason?: string }, globals: GlobalOptions): Promise<void> {
  const claimId = Number(id);
  if (!Number.isInteger(claimId) || claimId <= 0)
    throw new UserError(`"${id}" is not a claim id: pass the number shown by figurewatch history METRIC`);
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' });
  try {
    let result: RejectResult;
    try {
      result = await rejectClaim(ctx.store, claimId, opts.reason ?? null, ctx.clock().toISOString());
    } catch (err) {
      // The daemon commits feed by feed; a write can wait its turn (busy_timeout) but not for ever.
      if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
        const holder = readLock(ctx.storePath);
        throw new UserError(
          `the store ${ctx.storePath} stayed busy${holder?.running ? `: figurewatch ${holder.command} (pid ${holder.pid}) is writing to it` : ''}; try again in a moment`,
        );
      }
      throw err;
    }
    if (result.kind === 'not-found')
      throw new UserError(`There is no claim ${claimId}: see the claim ids in figurewatch history METRIC`);
    if (result.kind === 'already-rejected')
      throw new UserError(
        `Claim ${claimId} was already rejected on ${result.claim.rejected?.at}${result.claim.rejected?.reason ? ` (${result.claim.rejected.reason})` : ''}`,
      );
    const { claim, before, after } = result;
    const lines = [
      `Claim ${claimId} (${claim.metric}, ${formatFigure(claim)}) rejected${opts.reason ? `: ${opts.reason}` : ''}. The figure will not be reported again.`,
    ];
    if (before?.id !== after?.id) {
      lines.push(
        after
          ? `The estimate is now ${formatFigure(after)} (claim ${after.id}, ${after.attribution ?? after.publisher}, ${dayLabel(after.at)}).`
          : 'No actual total remains: the metric has no estimate now.',
      );
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await ctx.close();
  }
}
