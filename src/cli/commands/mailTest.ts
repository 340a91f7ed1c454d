import { UserError } from '../../config/errors.js';
import { MailSettingsError, smtpChannel } from '../../digest/channels/smtp.js';
import { openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';

export async function mailTestCommand(globals: GlobalOptions): Promise<void> {
  const ctx = await openContext(globals, { readOnly: true });
  try {
    const { mail } = ctx.config;
    if (!mail)
      throw new UserError(
        `${ctx.loaded.path} has no mail section: add host, port, from and to (see README) to send digests by e-mail`,
      );
    const at = ctx.clock().toISOString();
    const text = `This is a test message from figurewatch, sent ${at}. Digests will arrive like this one.\n`;
    await smtpChannel(mail, ctx.loaded.smtpPassword, ctx.config.fetch.timeoutMs).send({
      id: 0,
      createdAt: at,
      data: null,
      rendered: { subject: 'figurewatch: test message', text, html: '' },
    });
    process.stdout.write(`Test message sent to ${mail.to.join(', ')} through ${mail.host}:${mail.port}.\n`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // A wrong setting is the user's to fix (exit 2); a server that refuses or is down is a failure (exit 1).
    throw new UserError((err as Error).message, err instanceof MailSettingsError ? 2 : 1);
  } finally {
    await ctx.close();
  }
}
