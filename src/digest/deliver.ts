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

/**
 * Sends every undelivered digest in the outbox. A failure is logged and kept for the next
 * cycle; a digest is marked sent only after its sender returned.
 */
export async function deliverOutbox(store: Store, sender: DigestSender, logger: Logger, now: () => Date): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const message of store.pendingOutbox()) {
    try {
      await sender.send(message);
      store.markSent(message.id, now().toISOString());
      sent++;
    } catch (err) {
      failed++;
      const error = (err as Error).message;
      store.markAttemptFailed(message.id, error, now().toISOString());
      logger.error({ outboxId: message.id, sender: sender.name, attempts: message.attempts + 1, err: error }, 'digest delivery failed; it stays in the outbox and is retried next cycle');
    }
  }
  return { sent, failed };
}
