import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../config/errors.js';
import { dataOf, digestSettings, nextDigest, renderedDigest } from '../../digest/outbox.js';
import type { Digest } from '../../digest/renderDigest.js';
import type { StoredDigest } from '../../store/port.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { pathKind } from '../pathKind.js';

/** Where a stored digest went: "sent", or channel by channel. */
function deliveryLine(d: StoredDigest): string {
  if (d.deliveries.length === 0) return 'on no channel';
  if (d.deliveries.every((x) => x.sentAt)) return 'sent';
  return d.deliveries
    .map(
      (x) =>
        `${x.channel === 'primary' ? 'mail/log' : x.channel}: ${x.sentAt ? 'sent' : x.failedAt ? `refused for good (${x.lastError ?? ''})` : `not sent yet${x.attempts ? ` (${x.attempts} attempts)` : ''}`}`,
    )
    .join('; ');
}

/** Checked before the store is read, so a mistyped path stops the command whatever digest there is. */
function htmlFolderMustExist(file: string): void {
  const folder = path.dirname(path.resolve(file));
  const kind = pathKind(folder);
  if (kind === 'folder') return;
  throw new UserError(
    kind === 'missing'
      ? `--html ${file}: the folder ${folder} does not exist: create it, or write the file elsewhere`
      : `--html ${file}: ${folder} is not a folder: write the file elsewhere`,
  );
}

export async function digestCommand(
  opts: { preview?: boolean; last?: boolean; show?: string; html?: string; json?: boolean },
  globals: GlobalOptions,
): Promise<void> {
  if ([opts.preview, opts.last, opts.show !== undefined].filter(Boolean).length !== 1) {
    throw new UserError(
      'figurewatch digest needs one of --preview (the next digest, exactly as a cycle would send it), --last, or --show ID (a digest as it was sent)',
    );
  }
  if (opts.html !== undefined) htmlFolderMustExist(opts.html);
  const ctx = await openContext({ ...globals, logLevel: globals.logLevel ?? 'warn' }, { readOnly: true });
  try {
    let found: { digest: Digest; data: string | null; heading: string };
    if (opts.preview) {
      const next = await nextDigest(ctx.store, digestSettings(ctx));
      if (!next) {
        const [last] = await ctx.store.digests(1);
        process.stdout.write(
          `Nothing new to send.${last ? ` The last digest (${last.id}, ${last.createdAt.slice(0, 10)}) is shown by figurewatch digest --last.` : ''}\n`,
        );
        return;
      }
      found = {
        digest: next.digest,
        data: JSON.stringify(next.data),
        heading: 'The next digest, as a cycle would send it',
      };
    } else {
      const stored = opts.last ? ((await ctx.store.digests(1))[0] ?? null) : await ctx.store.digest(Number(opts.show));
      if (!stored)
        throw new UserError(
          opts.last
            ? 'No digest has been assembled yet'
            : `There is no digest ${opts.show}: figurewatch digest --last shows the newest`,
        );
      found = {
        digest: renderedDigest(stored),
        data: dataOf(stored) ? stored.data : null,
        heading: `Digest ${stored.id}, assembled ${stored.createdAt.slice(0, 16).replace('T', ' ')} UTC, ${deliveryLine(stored)}`,
      };
    }
    if (opts.json) {
      process.stdout.write(`${found.data ?? 'null'}\n`);
      return;
    }
    if (opts.html) {
      try {
        writeFileSync(opts.html, found.digest.html);
      } catch (err) {
        throw new UserError(
          `Cannot write ${opts.html} (${(err as NodeJS.ErrnoException).code}): check that its folder exists and is writable`,
        );
      }
      process.stdout.write(`${found.digest.subject}\nHTML written to ${opts.html}\n`);
      return;
    }
    process.stdout.write(`${found.heading}\nSubject: ${found.digest.subject}\n\n${found.digest.text}`);
  } finally {
    await ctx.close();
  }
}
