import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayChanges } from '../../src/diff/replay.js';
import type { ClaimSighting } from '../../src/store/store.js';
import { claim } from '../support/claims.js';

let nextId = 1;
function sighting(fields: Parameters<typeof claim>[0], publishedAt: string, fetchedAt: string, title = 'A'): ClaimSighting {
  const record = { ...claim(fields), id: nextId++, articleId: 1, articleTitle: title, articleUrl: `https://example.org/${title}`, feedName: 'Wire', publishedAt, fetchedAt, rejectedAt: null, rejectReason: null };
  return { record, title, url: record.articleUrl, feedName: 'Wire', publishedAt, fetchedAt };
}

describe('replayChanges', () => {
  const sightings = [
    sighting({ metric: 'troops_deployed', low: 11000 }, '2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', 'old'),
    sighting({ metric: 'troops_deployed', low: 11000 }, '2025-02-01T00:00:00Z', '2025-02-02T00:00:00Z', 'repeat'),
    sighting({ metric: 'troops_deployed', low: 12000 }, '2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z', 'new'),
  ];

  it('reports what was read since the date, against everything read before it', () => {
    const changes = replayChanges(sightings, new Date('2025-02-01T00:00:00Z'));
    assert.deepEqual(changes.map((c) => [c.kind, c.claim.low, c.previous?.low ?? null, c.source.title]), [['estimate', 12000, 11000, 'new']]);
  });

  it('reports everything from the start when no date is given, and is pure', () => {
    assert.deepEqual(replayChanges(sightings, new Date(0)).map((c) => c.claim.low), [11000, 12000]);
    assert.deepEqual(replayChanges(sightings, new Date(0)), replayChanges([...sightings].reverse(), new Date(0)));
  });
});
