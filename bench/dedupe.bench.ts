/**
 * Near-duplicate look-up cost as the store grows: one store filled to 1,000, 10,000 and 100,000
 * fingerprints; at each size, the mean time of 2,000 look-ups (new texts and copies of stored ones),
 * median of 7 rounds.
 *   npm run bench:dedupe
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { identify } from '../src/dedupe/findOriginal.js';
import { SIGNATURE_LENGTH, signatureOf } from '../src/dedupe/minhash.js';
import { openSqliteStore } from '../src/store/sqliteStore.js';
import { seedArticles } from '../tests/support/corpus.js';
import { TEXT_VARIANTS } from '../tests/support/variants.js';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-dedupe-bench-'));
const store = openSqliteStore(path.join(dir, 'bench.db'));
let seed = 12345;
const random = (): number => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed;
};
/** A stored article's fingerprint: distinct texts have unrelated MinHash values. */
const randomSignature = (): Uint32Array => Uint32Array.from({ length: SIGNATURE_LENGTH }, random);

let stored = 0;
function fillTo(n: number): void {
  const tx = store.beginCycle('2025-07-01T00:00:00.000Z');
  for (; stored < n; stored++) {
    tx.addArticle({ canonicalUrl: `https://example.org/${stored}`, guid: null, url: `https://example.org/${stored}`, feedUrl: null, feedName: null,
      title: `a${stored}`, publishedAt: null, textSource: 'feed', textHash: `h${stored}`, text: '', duplicateOf: null, fingerprint: randomSignature(), claims: [] });
  }
  tx.commit({ feeds: [], figureUpdates: [], estimates: [], digest: null });
}

// The seed articles are stored too, so that copies of them have an original to find.
const seeds = seedArticles();
const tx = store.beginCycle('2025-07-01T00:00:00.000Z');
for (const s of seeds) {
  const id = identify(s.text, store);
  tx.addArticle({ canonicalUrl: null, guid: null, url: s.doc, feedUrl: null, feedName: null, title: s.doc, publishedAt: null, textSource: 'file',
    textHash: id.textHash, text: s.text, duplicateOf: null, fingerprint: id.fingerprint, claims: [] });
}
tx.commit({ feeds: [], figureUpdates: [], estimates: [], digest: null });
const copies = seeds.flatMap((s) => Object.values(TEXT_VARIANTS).map((alter) => signatureOf(alter(s.text))!));

console.log('near-duplicate look-up (SQLite band index, 25 bands x 4 rows)');
const results: number[] = [];
for (const size of [1_000, 10_000, 100_000]) {
  fillTo(size);
  const probes = Array.from({ length: 2_000 }, (_, i) => (i % 10 === 0 ? copies[i % copies.length]! : randomSignature()));
  for (const p of probes.slice(0, 500)) store.nearDuplicateOf(p); // warm-up
  let found = 0;
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    found = 0;
    const started = process.hrtime.bigint();
    for (const p of probes) if (store.nearDuplicateOf(p)) found++;
    rounds.push(Number(process.hrtime.bigint() - started) / 1e3 / probes.length);
  }
  const microseconds = rounds.sort((a, b) => a - b)[3]!;
  results.push(microseconds);
  console.log(`  ${size.toLocaleString('en-US').padStart(7)} stored: ${microseconds.toFixed(1)} µs per look-up, median of 7 rounds (${found} of ${probes.length} probes found an original)`);
}
console.log(`  100,000 vs 1,000: ${(results[2]! / results[0]!).toFixed(2)}x   (bar: <= 2x, and < 1 ms)`);
const text = seeds[0]!.text;
const started = process.hrtime.bigint();
for (let i = 0; i < 500; i++) signatureOf(text);
console.log(`  fingerprinting one article (${text.length} chars): ${(Number(process.hrtime.bigint() - started) / 1e3 / 500).toFixed(0)} µs`);
store.close();
rmSync(dir, { recursive: true, force: true });
