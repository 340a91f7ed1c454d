import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { postgresSkipReason } from '../support/postgres.js';
import { describeWorkersChaos, runWorkersChaos, workersChaosPassed } from './harness.js';

// In its own folder, so that the test runner starts it last, not beside the single-process chaos
// run or the time-budget tests: on 2 cores each would stretch the other's timings.
describe('several workers on PostgreSQL under kills (short; npm run chaos:pg for the long run)', {
  skip: postgresSkipReason(),
}, () => {
  it('3 workers, 300 feeds, SIGKILLs: every figure stored once and in one digest, no feed polled twice in a tick', async () => {
    const result = await runWorkersChaos({ seconds: 25 });
    const report = describeWorkersChaos(result);
    console.log(report);
    assert.equal(result.lostFromStore, 0, report);
    assert.equal(result.storedTwice, 0, report);
    assert.equal(result.lostFromDigests, 0, report);
    assert.equal(result.inTwoDigests, 0, report);
    assert.ok(result.repeats <= result.killsBetweenSendAndMark, report);
    assert.equal(result.polledTwiceInATick, 0, report);
    assert.ok(result.longestGapMs <= result.gapBarMs, report);
    assert.ok(workersChaosPassed(result), report);
  });
});
