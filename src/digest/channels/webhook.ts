import { createHmac } from 'node:crypto';
import type { HttpClient } from '../../http/client.js';
import { withoutCredentials } from '../../model/untrusted.js';
import { webhookBody } from '../webhookBody.js';
import { type Channel, DeliveryError, type OutboxDigest } from './channel.js';

export interface WebhookConfig {
  url: string;
  format: 'json' | 'slack';
  allowPrivateNetwork: boolean;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`: what X-Figurewatch-Signature carries. */
export function webhookSignature(secret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A receiver's answer: 4xx other than 408 (timeout) and 429 (too many) refuses for good; the rest may pass. */
export function webhookRefusalIsPermanent(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** The body a receiver gets: the versioned JSON digest, or Slack's and Mattermost's {"text": ...}. */
export function webhookPayload(hook: Pick<WebhookConfig, 'format'>, digest: OutboxDigest): Buffer {
  if (hook.format === 'slack')
    return Buffer.from(JSON.stringify({ text: `*${digest.rendered.subject}*\n\n${digest.rendered.text}` }));
  if (!digest.data)
    throw new DeliveryError('this digest was kept before digests were kept as data and has no JSON form', true);
  return Buffer.from(
    JSON.stringify(
      webhookBody({ id: digest.id, createdAt: digest.createdAt, subject: digest.rendered.subject }, digest.data),
    ),
  );
}

/**
 * Digests POSTed as JSON, through the same HTTP client as every fetch (timeouts, size cap, address
 * guard); signed with FIGUREWATCH_WEBHOOK_SECRET when it is set.
 */
export function webhookChannel(hook: WebhookConfig, http: HttpClient, secret: string | undefined): Channel {
  const shown = withoutCredentials(hook.url);
  return {
    id: `webhook ${shown}`,
    name: `webhook ${shown}`,
    async send(digest) {
      const body = webhookPayload(hook, digest);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-figurewatch-delivery': String(digest.id),
        ...(secret ? { 'x-figurewatch-signature': webhookSignature(secret, body) } : {}),
      };
      const res = await http.post(hook.url, body, { headers, allowPrivateNetwork: hook.allowPrivateNetwork });
      if (res.kind === 'ok') return;
      const failure =
        res.kind === 'failed'
          ? res.failure
          : { kind: 'http-status' as const, message: `${shown} answered 304`, status: 304 };
      throw new DeliveryError(
        `webhook ${shown} did not accept the digest: ${failure.message}`,
        webhookRefusalIsPermanent(failure.status),
      );
    },
  };
}
