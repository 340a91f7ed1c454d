import type { Logger } from '../../log/logger.js';
import { type Channel, PRIMARY_CHANNEL } from './channel.js';

/** Digests written to the log: the delivery used when no mail server is configured. */
export function logChannel(logger: Logger): Channel {
  return {
    id: PRIMARY_CHANNEL,
    name: 'log',
    async send(digest) {
      logger.info({ outboxId: digest.id, subject: digest.rendered.subject, digest: digest.rendered.text }, 'digest');
    },
  };
}
