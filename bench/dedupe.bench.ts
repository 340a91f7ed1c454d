/**
 * Dedupe look-up cost as the store grows: one store filled to 1,000, 10,000 and 100,000
 * fingerprints. At each size, per article (median of 7 rounds over 1,000 texts, a tenth of them
 * copies of stored articles): the whole decision `identify()` makes (text hash, fingerprint,
 * exact and near look-ups), and the band-index look-up alone.
 *   npm run bench:dedupe
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { identify, nearestCopy } from '../src/dedupe/findOriginal.js';
import { bandKeys, SIGNATURE_LENGTH, signatureOf } from '../src/dedupe/minhash.js';
import { openSqliteStore } from '../src/store/sqlite/sqliteStore.js';
import { seedArticles } from '../tests/support/corpus.js';
import { TEXT_VARIANTS } from '../tests/support/variants.js';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-dedupe-bench-'));
const store = openSqliteStore(path.join(dir, 'bench.db'));
let seed = 12345;
const random = (): number => {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
};
/** A stored article's fingerprint: distinct texts have unrelated MinHash values. */
const randomSignature = (): Uint32Array => Uint32Array.from({ length: SIGNATURE_LENGTH }, random);
const fingerprintOf = (signature: Uint32Array): { signature: Uint32Array; bands: number[] } => ({
  signature,
  bands: bandKeys(signature),
});
/** Candidates the dedupe core looks at for one text (MAX_CANDIDATES in src/dedupe/findOriginal.ts). */
const CANDIDATES = 200;
/** The band-index look-up alone: candidates sharing a band, and the most similar of them. */
const nearDuplicateOf = async (signature: Uint32Array): Promise<{ articleId: number; similarity: number } | null> =>
  nearestCopy(signature, await store.articlesByBands(bandKeys(signature), CANDIDATES));

let stored = 0;
async function fillTo(n: number): Promise<void> {
  await store.transaction(async (tx) => {
    for (; stored < n; stored++) {
      await tx.insertArticle('2025-07-01T00:00:00.000Z', {
        canonicalUrl: `https://example.org/${stored}`,
        guid: null,
        url: `https://example.org/${stored}`,
        feedUrl: null,
        feedName: null,
        title: `a${stored}`,
        publishedAt: null,
        textSource: 'feed',
        textHash: `h${stored}`,
        text: '',
        duplicateOf: null,
        fingerprint: fingerprintOf(randomSignature()),
        claims: [],
        publishedAdjustedFrom: null,
        extractProblem: null,
        page: null,
      });
    }
  });
}

// The seed articles are stored too, so that copies of them have an original to find.
const seeds = seedArticles();
await store.transaction(async (tx) => {
  for (const s of seeds) {
    const id = await identify(s.text, tx);
    await tx.insertArticle('2025-07-01T00:00:00.000Z', {
      canonicalUrl: null,
      guid: null,
      url: s.doc,
      feedUrl: null,
      feedName: null,
      title: s.doc,
      publishedAt: null,
      textSource: 'file',
      textHash: id.textHash,
      text: s.text,
      duplicateOf: null,
      fingerprint: id.fingerprint,
      claims: [],
      publishedAdjustedFrom: null,
      extractProblem: null,
      page: null,
    });
  }
});
const copyTexts = seeds.flatMap((s) => Object.values(TEXT_VARIANTS).map((alter) => alter(s.text)));
const copies = copyTexts.map((t) => signatureOf(t)!);
/** New articles: sentences of the seeds in an order no stored article has. */
const pool = seeds.flatMap((s) => s.text.split(/(?<=[.!?])\s+/).filter((t) => t.length > 40));
const newText = (n: number): string =>
  Array.from({ length: 12 }, (_, k) => pool[(n * 7919 + k * 104729) % pool.length]!).join(' ') + ` Story ${n}.`;
const probeTexts = Array.from({ length: 1_000 }, (_, i) =>
  i % 10 === 0 ? copyTexts[i % copyTexts.length]! : newText(i),
);

async function median(run: () => Promise<void>, rounds = 7): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

console.log('dedupe look-up per article (SQLite band index, 25 bands x 4 rows)');
const perArticle: number[] = [];
const indexOnly: number[] = [];
for (const size of [1_000, 10_000, 100_000]) {
  await fillTo(size);
  const probes = Array.from({ length: 2_000 }, (_, i) =>
    i % 10 === 0 ? copies[i % copies.length]! : randomSignature(),
  );
  for (const p of probes.slice(0, 500)) await nearDuplicateOf(p); // warm-up
  let found = 0;
  const whole =
    (await median(async () => {
      found = 0;
      for (const t of probeTexts) if ((await identify(t, store)).original) found++;
    })) / probeTexts.length;
  const index =
    (await median(async () => {
      for (const p of probes) await nearDuplicateOf(p);
    })) / probes.length;
  perArticle.push(whole);
  indexOnly.push(index);
  console.log(
    `  ${size.toLocaleString('en-US').padStart(7)} stored: ${whole.toFixed(0)} µs per article (${found} of ${probeTexts.length} found their original); band index alone ${index.toFixed(1)} µs`,
  );
}
console.log(
  `  100,000 vs 1,000, per article: ${(perArticle[2]! / perArticle[0]!).toFixed(2)}x   (bar: <= 2x, and < 1 ms)`,
);
console.log(`  100,000 vs 1,000, band index alone: ${(indexOnly[2]! / indexOnly[0]!).toFixed(2)}x`);
const text = seeds[0]!.text;
const started = process.hrtime.bigint();
for (let i = 0; i < 500; i++) signatureOf(text);
console.log(
  `  fingerprinting one article (${text.length} chars): ${(Number(process.hrtime.bigint() - started) / 1e3 / 500).toFixed(0)} µs`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
