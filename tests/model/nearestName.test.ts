import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, nearestName } from '../../src/model/nearestName.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and a swap of neighbours as one edit each', () => {
    assert.equal(editDistance('feeds', 'feeds'), 0);
    assert.equal(editDistance('feed', 'feeds'), 1);
    assert.equal(editDistance('hots', 'host'), 1, 'a swap');
    assert.equal(editDistance('timout', 'timeout'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });
});

describe('nearestName', () => {
  const top = ['schedule', 'timezone', 'store', 'topics', 'feeds', 'fetch', 'mail', 'web', 'log'];
  it('names the key a typo most likely meant, case aside', () => {
    assert.equal(nearestName('feed', top), 'feeds');
    assert.equal(nearestName('Feeds', top), 'feeds');
    assert.equal(nearestName('shedule', top), 'schedule');
    assert.equal(nearestName('hots', ['host', 'port', 'secure', 'user', 'from', 'to']), 'host');
    assert.equal(nearestName('timeoutMS', ['timeoutMs', 'connectTimeoutMs']), 'timeoutMs');
  });
  it('names nothing when no name is near: a short or unrelated word is not near everything', () => {
    assert.equal(nearestName('colour', top), null);
    assert.equal(nearestName('password', ['host', 'port', 'secure', 'user', 'from', 'to']), null);
    assert.equal(nearestName('x', top), null);
    assert.equal(nearestName('feeds', []), null);
  });
});
