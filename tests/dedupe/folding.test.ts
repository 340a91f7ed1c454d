import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { canonicalUrl } from '../../src/dedupe/canonicalUrl.js';
import { identify } from '../../src/dedupe/findOriginal.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { seedArticles } from '../support/corpus.js';
import { TEXT_VARIANTS, URL_VARIANTS } from '../support/variants.js';

const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-fold-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const FEED = 'https://www.example.org/rss';

/** A store holding one original article, as the cycle would have written it. */
async function storeWith(doc: string, text: string, url: string): Promise<SqliteStore> {
  const store = openSqliteStore(path.join(dir, `${doc}-${Math.random().toString(36).slice(2)}.db`));
  const identity = await identify(text, store);
  await store.transaction((tx) =>
    tx.insertArticle('2025-07-01T00:00:00.000Z', {
      canonicalUrl: canonicalUrl(url),
      guid: doc,
      url,
      feedUrl: FEED,
      feedName: 'Wire',
      title: doc,
      publishedAt: null,
      textSource: 'page',
      textHash: identity.textHash,
      text,
      duplicateOf: null,
      fingerprint: identity.fingerprint,
      claims: [],
      publishedAdjustedFrom: null,
      extractProblem: null,
      page: null,
    }),
  );
  return store;
}

/** Would the pipeline fold this item into the stored original? By URL before fetching, else by text. */
async function folds(store: SqliteStore, url: string, text: string): Promise<boolean> {
  return (
    (await store.hasItem(FEED, { guid: null, url: canonicalUrl(url) })) ||
    (await identify(text, store)).original !== null
  );
}

describe('folding copies into their originals (a fixture set of pairs)', () => {
  const seeds = seedArticles();
  const urlOf = (doc: string): string => `https://www.example.org/news/${doc.replace('.txt', '.html')}`;
  const pairs: Array<{ name: string; original: number; url: string; text: string; copy: boolean }> = [];
  seeds.forEach((seed, i) => {
    for (const [name, alter] of Object.entries(TEXT_VARIANTS)) {
      pairs.push({
        name: `${seed.doc}: ${name}`,
        original: i,
        url: `https://aggregator.example/${i}/${name.replace(/\W+/g, '-')}`,
        text: alter(seed.text),
        copy: true,
      });
    }
    for (const [name, alter] of Object.entries(URL_VARIANTS)) {
      pairs.push({
        name: `${seed.doc}: ${name}`,
        original: i,
        url: alter(urlOf(seed.doc)),
        text: seed.text,
        copy: true,
      });
    }
    seeds.forEach((other, j) => {
      if (j === i) return;
      pairs.push({
        name: `${seed.doc} vs ${other.doc}`,
        original: i,
        url: urlOf(other.doc),
        text: other.text,
        copy: false,
      });
      pairs.push({
        name: `${seed.doc} vs ${other.doc} with caption`,
        original: i,
        url: `https://aggregator.example/x/${j}`,
        text: TEXT_VARIANTS['caption added']!(other.text),
        copy: false,
      });
    });
  });

  it('has at least 50 pairs, copies and different articles both', () => {
    assert.ok(pairs.length >= 50, `${pairs.length} pairs`);
    assert.ok(pairs.filter((p) => p.copy).length >= 25 && pairs.filter((p) => !p.copy).length >= 25);
  });

  it('folds every copy and nothing else: precision and recall 1.0', async () => {
    const stores = await Promise.all(seeds.map((s) => storeWith(s.doc, s.text, urlOf(s.doc))));
    let tp = 0,
      fp = 0,
      fn = 0;
    const wrong: string[] = [];
    for (const p of pairs) {
      const folded = await folds(stores[p.original]!, p.url, p.text);
      if (folded && p.copy) tp++;
      else if (folded) {
        fp++;
        wrong.push(`false fold: ${p.name}`);
      } else if (p.copy) {
        fn++;
        wrong.push(`missed copy: ${p.name}`);
      }
    }
    for (const s of stores) await s.close();
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    assert.deepEqual(wrong, []);
    assert.deepEqual({ precision, recall }, { precision: 1, recall: 1 }, `${pairs.length} pairs`);
  });

  it('keeps apart two different articles on the same event (seeds 000 and 004 both report 6,000 workers)', async () => {
    const a = seeds.find((s) => s.doc.startsWith('000'))!;
    const b = seeds.find((s) => s.doc.startsWith('004'))!;
    const store = await storeWith(a.doc, a.text, urlOf(a.doc));
    assert.equal((await identify(b.text, store)).original, null);
    await store.close();
  });
});
