import type { Channel, OutboxDigest } from '../../src/digest/channels/channel.js';

/** The primary channel, keeping what it is sent for assertions. */
export function recordingChannel(): Channel & { sent: OutboxDigest[] } {
  const sent: OutboxDigest[] = [];
  return {
    id: 'primary',
    name: 'recording',
    sent,
    async send(m) {
      sent.push(m);
    },
  };
}
