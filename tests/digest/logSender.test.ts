import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { OutboxDigest } from '../../src/digest/channels/channel.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { createLogger } from '../../src/log/logger.js';

function captured(pretty: boolean): { logger: ReturnType<typeof createLogger>; output: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'info', pretty, destination }), output: () => chunks.join('') };
}

const message: OutboxDigest = {
  id: 7,
  createdAt: '2025-01-05T00:00:00Z',
  data: null,
  rendered: {
    subject: 'figurewatch: DPRK troops in Russia: 11,000',
    text: 'WHERE EACH FIGURE STANDS\n\nDPRK troops in Russia   11,000\n  NIS, 4 Jan 2025',
    html: '',
  },
};

describe('logChannel', () => {
  it('prints the digest as its own lines on a terminal', async () => {
    const { logger, output } = captured(true);
    await logChannel(logger).send(message);
    const text = output();
    assert.match(text, /^ {8}WHERE EACH FIGURE STANDS$/m);
    assert.match(text, /^ {8}DPRK troops in Russia {3}11,000$/m);
    assert.doesNotMatch(text, /\\n/, 'no escaped newlines');
  });

  it('writes one JSON line elsewhere, the digest a field of it', async () => {
    const { logger, output } = captured(false);
    await logChannel(logger).send(message);
    const lines = output().trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as { msg: string; outboxId: number; digest: string };
    assert.deepEqual([line.msg, line.outboxId, line.digest], ['digest', 7, message.rendered.text]);
  });
});
