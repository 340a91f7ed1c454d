import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayLabel, publicationTime, timeWindow } from '../../src/model/time.js';

describe('timeWindow', () => {
  it('takes a bare --until day whole, to its last millisecond', () => {
    const w = timeWindow('2025-01-01', '2025-01-31');
    assert.ok(!('problem' in w));
    assert.equal(w.since?.toISOString(), '2025-01-01T00:00:00.000Z');
    assert.equal(w.until?.toISOString(), '2025-01-31T23:59:59.999Z');
  });

  it('keeps a given time as it is', () => {
    const w = timeWindow(undefined, '2025-01-31T12:00:00Z');
    assert.deepEqual(w, { until: new Date('2025-01-31T12:00:00Z') });
  });

  it('refuses a window that ends before it starts, and a word that is not a date', () => {
    assert.deepEqual(timeWindow('2025-02-01', '2025-01-01'), {
      problem: '--since 2025-02-01 is after --until 2025-01-01: nothing lies between them; swap them',
    });
    assert.match(
      (timeWindow('last spring', undefined) as { problem: string }).problem,
      /^--since "last spring" is not a date/,
    );
    assert.deepEqual(
      timeWindow('2025-01-31', '2025-01-31'),
      { since: new Date('2025-01-31T00:00:00Z'), until: new Date('2025-01-31T23:59:59.999Z') },
      'one whole day',
    );
  });
});

describe('publicationTime', () => {
  const fetchedAt = new Date('2025-06-01T00:00:00Z');
  it('keeps a plausible time, takes the fetch time for a future one, and calls a pre-1990 one unknown', () => {
    assert.equal(publicationTime('2025-05-31T10:00:00Z', fetchedAt).publishedAt, '2025-05-31T10:00:00.000Z');
    const future = publicationTime('2031-01-01T00:00:00Z', fetchedAt);
    assert.equal(future.publishedAt, fetchedAt.toISOString());
    assert.equal(future.adjustedFrom, '2031-01-01T00:00:00Z');
    assert.deepEqual(
      publicationTime('1970-01-01T00:00:00Z', fetchedAt),
      { publishedAt: null, adjustedFrom: '1970-01-01T00:00:00Z' },
      'an epoch date is unknown',
    );
  });

  it('labels days as a reader writes them', () => {
    assert.equal(dayLabel('2025-01-04T09:00:00Z'), '4 Jan 2025');
  });
});
