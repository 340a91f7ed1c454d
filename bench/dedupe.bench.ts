/**
 * Dedupe cost as the store grows: one store filled with realistic rows (distinct ~3 KB articles,
 * their text, hash and fingerprint) to 1,000, 10,000 and 100,000 originals. At each size, per
 * article, over fresh probes every round (a tenth of them altered copies of stored articles, so
 * the look-ups never hit pages a previous round warmed): the look-up alone (text hash, band index,
 * similarity), the fingerprint alone, and the whole decision `identify()` makes.
 *   npm run bench:dedupe
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { textHashOfComparable } from '../src/dedupe/canonicalUrl.js';
import { identify, nearestCopy } from '../src/dedupe/findOriginal.js';
import { bandKeys, signatureOfComparable } from '../src/dedupe/minhash.js';
import { comparableText } from '../src/dedupe/words.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import { TEXT_VARIANTS } from '../tests/support/variants.js';
import { distinctArticleText } from './syntheticArticles.js';

const SIZES = [1_000, 10_000, 100_000];
const PROBES = 1_000;
const ROUNDS = 5;

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-dedupe-bench-'));
const storeFile = path.join(dir, 'bench.db');
const store = openSqliteStore(storeFile);

interface Keys {
  textHash: string;
  fingerprint: { signature: Uint32Array; bands: number[] } | null;
}
function keysOf(text: string): Keys {
  const comparable = comparableText(text);
  const signature = signatureOfComparable(comparable);
  return {
    textHash: textHashOfComparable(comparable),
    fingerprint: signature ? { signature, bands: bandKeys(signature) } : null,
  };
}

let stored = 0;
async function fillTo(n: number): Promise<void> {
  while (stored < n) {
    // Batches of a thousand: a backfill commits in batches too.
    await store.transaction(async (tx) => {
      for (const end = Math.min(n, stored + 1_000); stored < end; stored++) {
        const text = distinctArticleText(stored);
        const keys = keysOf(text);
        await tx.insertArticle('2025-07-01T00:00:00.000Z', {
          canonicalUrl: `https://example.org/story/${stored}`,
          guid: null,
          url: `https://example.org/story/${stored}`,
          feedUrl: 'https://example.org/feed.xml',
          feedName: 'Example',
          title: text.slice(0, text.indexOf('\n')),
          publishedAt: '2025-07-01T00:00:00.000Z',
          textSource: 'page',
          textHash: keys.textHash,
          text,
          duplicateOf: null,
          fingerprint: keys.fingerprint,
          claims: [],
          publishedAdjustedFrom: null,
          extractProblem: null,
          page: null,
        });
      }
    });
  }
}

const variants = Object.values(TEXT_VARIANTS);
let probeSerial = 0;
/** Fresh probes: new articles never stored, and every tenth an altered copy of a stored one. */
function probes(storedCount: number): string[] {
  return Array.from({ length: PROBES }, (_, i) => {
    probeSerial++;
    return i % 10 === 0
      ? variants[probeSerial % variants.length]!(distinctArticleText((probeSerial * 7919) % storedCount))
      : distinctArticleText(10_000_000 + probeSerial);
  });
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const micros = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e3;

console.log(`dedupe benchmark: realistic rows (~3 KB articles), ${PROBES} fresh probes per round, median of ${ROUNDS}`);
const results: Array<{
  size: number;
  lookup: number;
  lookupFresh: number;
  lookupCopy: number;
  fingerprint: number;
  whole: number;
}> = [];
for (const size of SIZES) {
  const filling = process.hrtime.bigint();
  await fillTo(size);
  const fillSeconds = micros(filling) / 1e6;
  const lookup: number[] = [];
  const lookupFresh: number[] = [];
  const lookupCopy: number[] = [];
  const fingerprint: number[] = [];
  const whole: number[] = [];
  let found = 0;
  let copies = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const texts = probes(size);
    copies = texts.length / 10;
    // The fingerprint alone.
    let started = process.hrtime.bigint();
    const keys = texts.map(keysOf);
    fingerprint.push(micros(started) / texts.length);
    // The look-up alone, with the keys already made: what grows with the store.
    // New articles (nine in ten) and copies apart: a copy's look-up must read its original from disk.
    const spent = { fresh: 0, copy: 0 };
    for (const [i, k] of keys.entries()) {
      const one = process.hrtime.bigint();
      if ((await store.articleIdByTextHash(k.textHash)) === null && k.fingerprint)
        nearestCopy(k.fingerprint.signature, await store.articlesByBands(k.fingerprint.bands, 200));
      spent[i % 10 === 0 ? 'copy' : 'fresh'] += micros(one);
    }
    lookup.push((spent.fresh + spent.copy) / texts.length);
    lookupFresh.push(spent.fresh / (texts.length - copies));
    lookupCopy.push(spent.copy / copies);
    // The whole decision, on another fresh set.
    const others = probes(size);
    found = 0;
    started = process.hrtime.bigint();
    for (const t of others) if ((await identify(t, store)).original) found++;
    whole.push(micros(started) / others.length);
  }
  const row = {
    size,
    lookup: median(lookup),
    lookupFresh: median(lookupFresh),
    lookupCopy: median(lookupCopy),
    fingerprint: median(fingerprint),
    whole: median(whole),
  };
  results.push(row);
  console.log(
    `  ${size.toLocaleString('en-US').padStart(7)} stored: look-up ${row.lookup.toFixed(1)} µs (new article ${row.lookupFresh.toFixed(1)}, copy ${row.lookupCopy.toFixed(1)}), fingerprint ${row.fingerprint.toFixed(1)} µs, whole decision ${row.whole.toFixed(1)} µs per article; ${found} of ${copies} copies found   (filled in ${fillSeconds.toFixed(1)} s)`,
  );
}
const first = results[0]!;
const last = results.at(-1)!;
console.log(
  `  look-up, 100,000 vs 1,000 stored:   ${(last.lookup / first.lookup).toFixed(2)}x   (bar: <= 1.5x); new articles ${(last.lookupFresh / first.lookupFresh).toFixed(2)}x, copies ${(last.lookupCopy / first.lookupCopy).toFixed(2)}x`,
);
// The floor: the least an exact-copy key costs, a SHA-256 of the raw text with no folding or splitting.
const floorTexts = probes(SIZES[0]!);
for (const t of floorTexts) createHash('sha256').update(t).digest('hex');
const floorStarted = process.hrtime.bigint();
for (const t of floorTexts) createHash('sha256').update(t).digest('hex');
const floor = micros(floorStarted) / floorTexts.length;
console.log(
  `  floor: SHA-256 of the raw text ${floor.toFixed(1)} µs per article; the fingerprint at 100,000 stored costs ${(last.fingerprint / floor).toFixed(1)}x it`,
);
console.log(`  whole decision at 100,000 stored:   ${last.whole.toFixed(0)} µs   (bar: < 200 µs)`);
console.log(`  whole decision, 100,000 vs 1,000:   ${(last.whole / first.whole).toFixed(2)}x`);
await store.close();
rmSync(dir, { recursive: true, force: true });
