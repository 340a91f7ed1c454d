import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { logSender } from '../../src/digest/deliver.js';
import { createLogger } from '../../src/log/logger.js';

function captured(pretty: boolean): { logger: ReturnType<typeof createLogger>; output: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk.toString()); done(); } });
  return { logger: createLogger({ level: 'info', pretty, destination }), output: () => chunks.join('') };
}

const message = { id: 7, subject: 'figurewatch: DPRK troops in Russia: 11,000', text: 'WHERE EACH FIGURE STANDS\n\nDPRK troops in Russia   11,000\n  NIS, 4 Jan 2025', html: null, attempts: 0, createdAt: '2025-01-05T00:00:00Z' };

describe('logSender', () => {
  it('prints the digest as its own lines on a terminal', async () => {
    const { logger, output } = captured(true);
    await logSender(logger).send(message);
    const text = output();
    assert.match(text, /^ {8}WHERE EACH FIGURE STANDS$/m);
    assert.match(text, /^ {8}DPRK troops in Russia {3}11,000$/m);
    assert.doesNotMatch(text, /\\n/, 'no escaped newlines');
  });

  it('writes one JSON line elsewhere, the digest a field of it', async () => {
    const { logger, output } = captured(false);
    await logSender(logger).send(message);
    const lines = output().trim().split('\n');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as { msg: string; outboxId: number; digest: string };
    assert.deepEqual([line.msg, line.outboxId, line.digest], ['digest', 7, message.text]);
  });
});
