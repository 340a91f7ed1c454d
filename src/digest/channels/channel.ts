import type { DigestData } from '../digestData.js';
import type { Digest } from '../renderDigest.js';

/** A digest as a channel receives it: its data to render, and its rendering for people (mail, log). */
export interface OutboxDigest {
  id: number;
  createdAt: string;
  /** Null for a digest assembled before digests were kept as data: `rendered` is then all there is. */
  data: DigestData | null;
  rendered: Digest;
}

/** One way a digest reaches people or systems: mail (or the log when no mail server is set), a webhook. */
export interface Channel {
  /** Stable across runs: the store keeps each digest's delivery per channel id. */
  readonly id: string;
  /** For logs and status: "smtp mail.example.org:587", "log", "webhook https://…". */
  readonly name: string;
  /** Resolves once the receiver accepted it; throws a DeliveryError otherwise. */
  send(digest: OutboxDigest): Promise<void>;
}

/** The channel every digest goes to: mail when a server is configured, else the log. */
export const PRIMARY_CHANNEL = 'primary';

/**
 * A delivery that failed. Permanent: the receiver refused it for good (an SMTP 5xx, a webhook 4xx
 * other than 408 and 429), so it is marked failed and never tried again; otherwise it is retried
 * with backoff.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
