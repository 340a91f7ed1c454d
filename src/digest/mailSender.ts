import nodemailer from 'nodemailer';
import type { Config } from '../config/schema.js';
import type { DigestSender } from './deliver.js';

type MailConfig = NonNullable<Config['mail']>;

/** Digests by SMTP through nodemailer; the password comes from the environment, never the config file. */
export function mailSender(mail: MailConfig, password: string | undefined, timeoutMs: number): DigestSender {
  const transport = nodemailer.createTransport({
    host: mail.host,
    port: mail.port,
    secure: mail.secure,
    auth: mail.user ? { user: mail.user, pass: password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    name: `smtp ${mail.host}:${mail.port}`,
    async send(message) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: message.subject,
          text: message.text,
          ...(message.html ? { html: message.html } : {}),
          headers: { 'X-Figurewatch-Outbox-Id': String(message.id) },
        });
      } catch (err) {
        const e = err as Error & { code?: string; responseCode?: number; command?: string };
        const detail = [e.code, e.responseCode, e.command].filter((x) => x !== undefined).join(' ');
        throw new Error(`SMTP ${mail.host}:${mail.port} did not accept the digest${detail ? ` (${detail})` : ''}: ${e.message}. Check mail.host/port and FIGUREWATCH_SMTP_PASSWORD`);
      }
    },
  };
}
