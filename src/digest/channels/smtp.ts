import nodemailer from 'nodemailer';
import type { Config } from '../../config/schema.js';
import { type Channel, DeliveryError, PRIMARY_CHANNEL } from './channel.js';

type MailConfig = NonNullable<Config['mail']>;

/** SMTP's answer to a refused message: a 5xx is a refusal for good, anything else may pass. */
export function smtpRefusalIsPermanent(err: { responseCode?: number; code?: string }): boolean {
  return err.responseCode !== undefined && err.responseCode >= 500 && err.responseCode < 600;
}

/**
 * A setting in the config's mail section is wrong, not the server's mood: retrying will not help
 * until the config changes (the digest is still kept and retried, so it goes once it is fixed).
 */
export class MailSettingsError extends DeliveryError {
  constructor(message: string) {
    super(message, false);
    this.name = 'MailSettingsError';
  }
}

/** OpenSSL's codes when a TLS client reads a plain-text greeting ("220 ..."): TLS from the start on a STARTTLS port. */
const PLAIN_TEXT_SERVER = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

/** Digests by SMTP through nodemailer; the password comes from the environment, never the config file. */
export function smtpChannel(mail: MailConfig, password: string | undefined, timeoutMs: number): Channel {
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
    id: PRIMARY_CHANNEL,
    name: `smtp ${mail.host}:${mail.port}`,
    async send(digest) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: digest.rendered.subject,
          text: digest.rendered.text,
          ...(digest.rendered.html ? { html: digest.rendered.html } : {}),
          headers: { 'X-Figurewatch-Outbox-Id': String(digest.id) },
        });
      } catch (err) {
        const e = err as Error & { code?: string; originalCode?: string; responseCode?: number; command?: string };
        if (mail.secure && PLAIN_TEXT_SERVER.has(e.originalCode ?? ''))
          throw new MailSettingsError(
            `The SMTP server at ${mail.host}:${mail.port} does not speak TLS on connect; set mail.secure: false (STARTTLS on 587/25) or use port 465`,
          );
        const detail = [e.code, e.responseCode, e.command].filter((x) => x !== undefined).join(' ');
        throw new DeliveryError(
          `SMTP ${mail.host}:${mail.port} did not accept the digest${detail ? ` (${detail})` : ''}: ${e.message}. Check mail.host/port and FIGUREWATCH_SMTP_PASSWORD`,
          smtpRefusalIsPermanent(e),
        );
      }
    },
  };
}
