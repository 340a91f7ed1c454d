import type { Logger } from '../log/logger.js';
import type { OutboxMessage, Store } from '../store/store.js';

/** One way of delivering a digest (the log now; SMTP joins behind the same shape). */
export interface DigestSender {
  readonly name: string;
  send(message: OutboxMessage): Promise<void>;
}

/** Digests written to the log: the delivery used when no mail server is configured. */
export function logSender(logger: Logger): DigestSender {
  return {
    name: 'log',
    async send(message) {
      logger.info({ outboxId: message.id, subject: message.subject, digest: message.text }, 'digest');
    },
  };
}

const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;

/** Wait before the next attempt at a digest that failed `attempts` times: 1 min, doubling, at most an hour. */
export function retryDelayMs(attempts: number, baseMs = RETRY_BASE_MS): number {
  return Math.min(RETRY_MAX_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Digests sent whose "sent" mark could not be written (disk full, read-only store): remembered
 * for the life of the process so they are marked later, not sent again.
 */
const sentUnmarked = new WeakMap<Store, Map<number, string>>();

/**
 * Sends every undelivered digest that is due. A failure is logged and the digest stays, to be
 * retried with backoff on later cycles; a digest is marked sent only after its sender returned,
 * so a process killed in between sends it again once at most, never loses it.
 */
export async function deliverOutbox(store: Store, sender: DigestSender, logger: Logger, now: () => Date, retryBaseMs = RETRY_BASE_MS): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  const unmarked = sentUnmarked.get(store) ?? new Map<number, string>();
  sentUnmarked.set(store, unmarked);
  for (const [id, at] of unmarked) {
    store.markSent(id, at);
    unmarked.delete(id);
  }
  for (const message of store.pendingOutbox(now().toISOString())) {
    try {
      await sender.send(message);
    } catch (err) {
      failed++;
      const error = (err as Error).message;
      const attempts = message.attempts + 1;
      const nextAttemptAt = new Date(now().getTime() + retryDelayMs(attempts, retryBaseMs)).toISOString();
      store.markAttemptFailed(message.id, error, now().toISOString(), nextAttemptAt);
      logger.error({ outboxId: message.id, sender: sender.name, attempts, nextAttemptAt, err: error }, 'digest delivery failed; it stays in the outbox and is retried later');
      continue;
    }
    sent++;
    const at = now().toISOString();
    unmarked.set(message.id, at);
    store.markSent(message.id, at);
    unmarked.delete(message.id);
  }
  return { sent, failed };
}

/**
 * A digest that belongs to no cycle (a backfill's or re-extraction's summary): put in the outbox
 * first, so that a failed send is retried by the daemon rather than lost, then delivered.
 */
export async function sendSummaryDigest(store: Store, sender: DigestSender, logger: Logger, now: () => Date, digest: { subject: string; text: string; html: string | null; data: string | null }): Promise<boolean> {
  const id = store.queueDigest(now().toISOString(), digest);
  await deliverOutbox(store, sender, logger, now);
  return !store.pendingOutbox().some((m) => m.id === id);
}
