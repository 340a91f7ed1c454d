import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { BandIndex } from '../../src/store/sqlite/bandIndex.js';

/** The same pairs in a real SQLite table, asked the query the index stands in for. */
function tableOf(pairs: ReadonlyArray<readonly [number, number]>): (bands: number[], limit: number) => number[] {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE article_bands (band_key INTEGER NOT NULL, article_id INTEGER NOT NULL, PRIMARY KEY (band_key, article_id)) WITHOUT ROWID',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO article_bands VALUES (?, ?)');
  for (const [key, id] of pairs) insert.run(key, id);
  return (bands, limit) =>
    db
      .prepare(
        `SELECT DISTINCT article_id FROM article_bands WHERE band_key IN (${bands.map(() => '?').join(', ')}) LIMIT ?`,
      )
      .pluck()
      .all(...bands, limit) as number[];
}

/** Pairs in the table's order: band key, then article id. */
const sorted = (pairs: Array<[number, number]>): Array<[number, number]> =>
  [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);

describe('BandIndex', () => {
  it('gives the articles of any of the keys, in the order and up to the limit the table gives them', () => {
    const pairs: Array<[number, number]> = [];
    for (let id = 1; id <= 300; id++) for (let b = 0; b < 4; b++) pairs.push([((id * 7 + b * 13) % 50) - 25, id]);
    const index = new BandIndex(sorted(pairs), pairs.length);
    const table = tableOf(pairs);
    for (const bands of [[-25], [3, -7, 3, 24], [100], [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
      for (const limit of [1, 5, 200])
        assert.deepEqual(
          index.articleIds(bands, limit),
          bands.length ? table(bands, limit) : [],
          `${bands} / ${limit}`,
        );
  });

  it('holds what this connection adds and replaces, before and after the additions are merged in', () => {
    const start: Array<[number, number]> = [
      [5, 1],
      [5, 2],
      [9, 2],
      [-3, 3],
    ];
    const index = new BandIndex(sorted(start), start.length);
    index.add(5, 4);
    index.add(7, 4);
    assert.deepEqual(index.articleIds([5, 7], 10), [1, 2, 4]);
    // Article 2's bands replaced: its old pairs go, its new ones count.
    index.remove(2);
    index.add(8, 2);
    assert.deepEqual(index.articleIds([5, 9], 10), [1, 4]);
    assert.deepEqual(index.articleIds([8], 10), [2]);
    // Enough additions to merge them into the sorted arrays: the answers stay the same.
    for (let id = 100; id < 5200; id++) index.add(id % 97, id);
    assert.deepEqual(index.articleIds([5, 9], 3), [1, 4, 102]);
    assert.deepEqual(index.articleIds([8], 2), [2, 105]);
    assert.deepEqual(index.articleIds([-3], 10), [3]);
  });

  it('stops at the count it was sized for', () => {
    const index = new BandIndex(
      sorted([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
      2,
    );
    assert.equal(index.size, 2);
    assert.deepEqual(index.articleIds([1, 2, 3], 10), [1, 2]);
  });
});
