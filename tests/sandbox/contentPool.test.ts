import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { type ContentProcessor, ContentRejected, contentPool } from '../../src/sandbox/contentPool.js';
import { CONFIG_DIR } from '../support/paths.js';

const STATED = 'North Korea has sent about 11,000 troops to Russia, the NIS said.';

describe('contentPool: no document can stop the process', () => {
  let pool: ContentProcessor;
  before(() => {
    pool = contentPool([loadTopic(CONFIG_DIR, 'dprk-russia')], {
      threads: 1,
      timeBudgetMs: 1500,
      maxHeapMb: 48,
      workerUrl: new URL('../support/hostileContentWorker.js', import.meta.url),
    });
  });
  after(() => pool.close());

  it('reads claims and main text in a worker thread', async () => {
    const claims = await pool.claims(STATED);
    assert.deepEqual(
      claims.map((c) => [c.metric, c.low, c.topic]),
      [['troops_deployed', 11000, 'dprk-russia']],
    );
    assert.equal((await pool.mainText(`<article><p>${STATED}</p></article>`)).text, STATED);
  });

  it('rejects a document over its time budget, and the next document is read as usual', async () => {
    await assert.rejects(
      pool.claims(`HANG ${STATED}`),
      (err: unknown) =>
        err instanceof ContentRejected && err.reason === 'time' && /extract\.timeBudgetMs/.test(err.message),
    );
    assert.equal((await pool.claims(STATED)).length, 1, "a fresh thread took the stopped one's place");
  });

  it('rejects a document that needs more memory than a thread may have, and carries on', async () => {
    await assert.rejects(
      pool.claims(`HOG ${STATED}`),
      (err: unknown) =>
        err instanceof ContentRejected && err.reason === 'memory' && /extract\.maxHeapMb/.test(err.message),
    );
    assert.equal((await pool.claims(STATED)).length, 1);
  });

  it('gives each document its budget from the moment a thread takes it, not from when it was queued', async () => {
    // One thread, three documents of about a second each: queued together they outlast one budget, each within its own.
    const slowButFine = Array.from({ length: 3 }, () => pool.claims(`SLOW ${STATED}`));
    assert.equal((await Promise.all(slowButFine)).flat().length, 3);
  });
});
