/**
 * Delivery of the outbox, channel by channel: each digest is sent once on each channel it is due
 * on, a failure on one channel never repeats another's message, and a refusal for good is marked
 * and not tried again.
 */
import type { Logger } from '../log/logger.js';
import type { PendingDelivery, Store } from '../store/port.js';
import { type Channel, DeliveryError, type OutboxDigest } from './channels/channel.js';
import { dataOf, renderedDigest } from './outbox.js';

const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 60 * 60_000;

/** Wait before the next attempt at a digest that failed `attempts` times: 1 min, doubling, at most an hour. */
export function retryDelayMs(attempts: number, baseMs = RETRY_BASE_MS): number {
  return Math.min(RETRY_MAX_MS, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * The channels a process delivers on, and what it sent but could not mark as sent (disk full,
 * read-only store): those are marked later, never sent again, for the life of the process.
 */
export class Delivery {
  private readonly sentUnmarked = new Map<string, { digestId: number; channel: string; at: string }>();

  constructor(readonly channels: readonly Channel[]) {}

  /** The channel ids a new digest is due on. */
  get channelIds(): string[] {
    return [...new Set(this.channels.map((c) => c.id))];
  }

  /**
   * Sends every digest that is due, channel by channel. A digest is marked sent only after its
   * channel returned, so a process killed in between sends it again once at most, never loses it.
   */
  async deliver(
    store: Store,
    logger: Logger,
    now: () => Date,
    retryBaseMs = RETRY_BASE_MS,
    lease?: { worker: string; leaseMs: number },
  ): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const [key, { digestId, channel, at }] of this.sentUnmarked) {
      await store.markDelivered(digestId, channel, at);
      this.sentUnmarked.delete(key);
    }
    const byId = new Map(this.channels.map((c) => [c.id, c]));
    // Workers sharing a store lease one delivery at a time (its lease then covers one send), so
    // that one of them sends each digest on each channel; a worker killed between sending and
    // marking leaves the lease to run out, and the digest is sent again. One process takes all.
    const passStart = now().toISOString();
    const shared = lease !== undefined && store.sharedByWorkers;
    const next = async (): Promise<PendingDelivery[]> => {
      if (!lease || !shared) return store.pendingDeliveries([...byId.keys()], passStart);
      const at = now();
      return store.leaseDeliveries({
        channels: [...byId.keys()],
        now: at.toISOString(),
        worker: lease.worker,
        until: new Date(at.getTime() + lease.leaseMs).toISOString(),
        limit: 1,
        attemptedBefore: passStart,
      });
    };
    for (let batch = await next(); batch.length > 0; batch = shared ? await next() : []) {
      for (const due of batch) {
        const channel = byId.get(due.channel)!;
        const digest: OutboxDigest = {
          id: due.digest.id,
          createdAt: due.digest.createdAt,
          data: dataOf(due.digest),
          rendered: renderedDigest(due.digest),
        };
        try {
          await channel.send(digest);
        } catch (err) {
          failed++;
          const error = err instanceof Error ? err.message : String(err);
          const permanent = err instanceof DeliveryError && err.permanent;
          const attempts = due.attempts + 1;
          const nextAttemptAt = permanent
            ? null
            : new Date(now().getTime() + retryDelayMs(attempts, retryBaseMs)).toISOString();
          await store.markDeliveryFailed(due.digest.id, due.channel, now().toISOString(), error, nextAttemptAt);
          if (permanent)
            logger.error(
              { outboxId: due.digest.id, channel: channel.name, attempts, err: error },
              'digest refused for good on this channel; it is not tried again there (the other channels are not affected)',
            );
          else
            logger.error(
              { outboxId: due.digest.id, channel: channel.name, attempts, nextAttemptAt, err: error },
              'digest delivery failed; it stays in the outbox and is retried later',
            );
          continue;
        }
        sent++;
        const at = now().toISOString();
        const key = `${due.digest.id}|${due.channel}`;
        this.sentUnmarked.set(key, { digestId: due.digest.id, channel: due.channel, at });
        try {
          await store.markDelivered(due.digest.id, due.channel, at);
        } catch (err) {
          logger.warn(
            { outboxId: due.digest.id, channel: channel.name, err: (err as Error).message },
            'digest sent but not yet marked sent: it is marked once the store takes writes again (sent once more only if figurewatch stops first)',
          );
          throw err;
        }
        this.sentUnmarked.delete(key);
      }
    }
    return { sent, failed };
  }
}
