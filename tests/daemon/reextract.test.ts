import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { loadTopic } from '../../src/config/load.js';
import { type Config, validateConfig } from '../../src/config/schema.js';
import { identify } from '../../src/dedupe/findOriginal.js';
import type { Channel } from '../../src/digest/channels/channel.js';
import { Delivery } from '../../src/digest/deliver.js';
import type { Topic } from '../../src/extract/topic.js';
import { fetchUrl } from '../../src/http/fetch.js';
import type { Claim } from '../../src/model/claim.js';
import { type IngestOptions, type IngestReport, type PipelineDeps, runIngest } from '../../src/pipeline/ingest.js';
import { rejectClaim } from '../../src/pipeline/reject.js';
import { claimDelta, WITHDRAWN_BY_REEXTRACTION } from '../../src/pipeline/revise.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import type { ArticleClaim, Store } from '../../src/store/port.js';
import { openPostgresStore } from '../../src/store/postgres/pgStore.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { recordingChannel } from '../support/channels.js';
import { estimatesIn } from '../support/claims.js';
import { articlePage, SEED_PUBLISHED, seedArticles } from '../support/corpus.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { postgresSkipReason, startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { storeSnapshot } from '../support/storeSnapshot.js';
import { TEXT_VARIANTS } from '../support/variants.js';

const base: Claim = {
  metric: 'killed',
  low: 600,
  high: 600,
  qualifier: 'approx',
  status: 'actual',
  scope: 'total',
  attribution: 'NIS',
  when: null,
  quote: 'about 600 were killed',
};

function stored(c: Claim, id: number, rejected: string | null = null): ArticleClaim {
  return {
    ...c,
    id,
    rejectedAt: rejected ? '2025-07-01T00:00:00Z' : null,
    rejectReason: rejected,
    rejectedBy: rejected === null ? null : rejected === WITHDRAWN_BY_REEXTRACTION ? 'figurewatch' : 'user',
  };
}

describe('claimDelta', () => {
  it('keeps what is found again, adds what is new, withdraws what is gone', () => {
    const gone: Claim = { ...base, metric: 'captured', low: 2, high: 2, quote: 'two were captured' };
    const added: Claim = { ...base, low: 700, high: 700, quote: 'about 700 were killed' };
    assert.deepEqual(claimDelta([stored(base, 1), stored(gone, 2)], [base, added]), {
      added: [added],
      withdrawn: [2],
      reinstated: [],
    });
  });

  it('a changed field (the attribution) is a different claim', () => {
    const reread = { ...base, attribution: 'JCS' };
    assert.deepEqual(claimDelta([stored(base, 1)], [reread]), { added: [reread], withdrawn: [1], reinstated: [] });
  });

  it('brings back what an earlier re-extraction withdrew, but never what the user rejected', () => {
    const userRejected = { ...base, low: 1, high: 1, quote: 'one' };
    assert.deepEqual(
      claimDelta(
        [stored(base, 1, WITHDRAWN_BY_REEXTRACTION), stored(userRejected, 2, 'wrong figure')],
        [base, userRejected],
      ),
      { added: [], withdrawn: [], reinstated: [1] },
    );
  });

  it('the same figure stated twice in one article is two claims', () => {
    assert.deepEqual(claimDelta([stored(base, 1)], [base, base]), { added: [base], withdrawn: [], reinstated: [] });
  });
});

describe('reextract', () => {
  let dir: string;
  let pages: string;
  let fullTopic: Topic;
  let withoutShells: Topic;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-reextract-'));
    pages = path.join(dir, 'saved');
    mkdirSync(pages);
    for (const s of seedArticles())
      writeFileSync(path.join(pages, s.doc.replace('.txt', '.html')), articlePage(s, SEED_PUBLISHED[s.doc]!));
    fullTopic = loadTopic(CONFIG_DIR, 'dprk-russia');
    // A topic edited by its owner: the shells metric dropped.
    const spec = parse(readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml'), 'utf8')) as {
      metrics: Record<string, unknown>;
      combined: Array<{ as: string }>;
    };
    delete spec.metrics.shells_supplied;
    spec.combined = spec.combined.filter((c) => c.as !== 'shells_supplied');
    mkdirSync(path.join(dir, 'edited', 'topics'), { recursive: true });
    writeFileSync(path.join(dir, 'edited', 'topics', 'dprk-russia.yaml'), stringify(spec));
    withoutShells = loadTopic(path.join(dir, 'edited'), 'dprk-russia');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  function config(): Config {
    const checked = validateConfig({
      feeds: [],
      store: { path: path.join(dir, 'unused.db') },
      estimates: { bandWindowDays: 90 },
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    return checked.value;
  }

  async function backfilled(name: string): Promise<SqliteStore> {
    return backfilledInto(openSqliteStore(path.join(dir, `${name}.db`)));
  }

  async function backfilledInto<S extends Store>(store: S): Promise<S> {
    await runIngest(
      {
        store,
        http: fetchUrl,
        logger: memoryLogger().logger,
        clock: () => new Date('2025-07-01T12:00:00Z'),
        config: config(),
        topics: [fullTopic],
        content: inlineContent([fullTopic]),
        delivery: new Delivery([recordingChannel()]),
      },
      { kind: 'saved', dir: pages },
    );
    return store;
  }

  function deps(store: Store, topic: Topic, sender: Channel = recordingChannel()): PipelineDeps {
    return {
      store,
      http: fetchUrl,
      logger: memoryLogger().logger,
      clock: () => new Date('2025-08-01T12:00:00Z'),
      topics: [topic],
      content: inlineContent([topic]),
      delivery: new Delivery([sender]),
      config: config(),
    };
  }

  /** A re-extraction: the ingest use case with the stored articles as its source. */
  function runReextract(d: PipelineDeps, options: IngestOptions = {}): Promise<IngestReport> {
    return runIngest(d, { kind: 'stored' }, options);
  }

  it('with the extractor and topics unchanged, changes nothing and reports nothing', async () => {
    const store = await backfilled('unchanged');
    try {
      const before = await storeSnapshot(store);
      const sender = recordingChannel();
      const report = await runReextract(deps(store, fullTopic, sender), { sendDigest: true });
      assert.deepEqual([report.articles, report.added, report.withdrawn, report.reinstated], [5, 0, 0, 0]);
      assert.deepEqual([report.changes, report.corrections], [[], []]);
      assert.deepEqual(await storeSnapshot(store), before, 'the claims and estimates are what the backfill built');
      assert.equal(sender.sent.length, 0, 'no differences: no digest');
    } finally {
      await store.close();
    }
  });

  it('renews fingerprints of an earlier scheme, so near copies of older articles are found again', async () => {
    const store = await backfilled('fingerprints');
    try {
      const [first] = await store.originalArticleIds();
      const text = (await store.articleText(first!))!;
      // As an older figurewatch stored it: 100 values, which the current scheme never matches.
      const old = Uint32Array.from({ length: 100 }, (_, i) => i);
      await store.transaction((tx) => tx.setFingerprint(first!, { signature: old, bands: [1, 2, 3] }));
      const copy = TEXT_VARIANTS['caption added']!(text);
      assert.equal((await identify(copy, store)).original, null, 'not found under the old fingerprint');
      await runReextract(deps(store, fullTopic));
      assert.equal((await identify(copy, store)).original?.articleId, first, 'found once reextract renewed it');
    } finally {
      await store.close();
    }
  });

  it('interrupted, withdraws nothing, but keeps the fingerprints it renewed', async () => {
    const store = await backfilled('interrupted');
    try {
      const [first] = await store.originalArticleIds();
      const copy = TEXT_VARIANTS['caption added']!((await store.articleText(first!))!);
      await store.transaction((tx) =>
        tx.setFingerprint(first!, { signature: Uint32Array.from({ length: 100 }, (_, i) => i), bands: [1, 2, 3] }),
      );
      const before = await storeSnapshot(store);
      const stop = new AbortController();
      // The topic without shells would withdraw their claims, had the run read every article.
      const report = await runReextract(deps(store, withoutShells), {
        signal: stop.signal,
        onProgress: (done) => {
          if (done === 2) stop.abort();
        },
      });
      assert.equal(report.interrupted, true);
      assert.equal(report.articles, 2);
      assert.deepEqual([report.added, report.withdrawn, report.reinstated], [0, 0, 0]);
      assert.deepEqual(await storeSnapshot(store), before, 'no claim withdrawn or added');
      assert.equal(
        (await identify(copy, store)).original?.articleId,
        first,
        'the first article read has its new fingerprint',
      );
    } finally {
      await store.close();
    }
  });

  it('clears the problem of an article once read within budget, its claims unchanged', async () => {
    const store = await backfilled('problem');
    try {
      const [first] = await store.originalArticleIds();
      await store.transaction((tx) => tx.setExtractProblem(first!, 'over its time budget'));
      assert.equal(await store.articlesAwaitingExtraction(), 1);
      const report = await runReextract(deps(store, fullTopic));
      assert.deepEqual([report.articles, report.unread, report.added, report.withdrawn], [5, 0, 0, 0]);
      assert.equal(await store.articlesAwaitingExtraction(), 0);
    } finally {
      await store.close();
    }
  });

  it('after a topic dropped a metric, withdraws its claims and estimate; restored, brings them back', async () => {
    const store = await backfilled('edited');
    const original = await storeSnapshot(store);
    try {
      const sender = recordingChannel();
      const dropped = await runReextract(deps(store, withoutShells, sender), { sendDigest: true });
      assert.ok(dropped.withdrawn > 0);
      assert.equal(dropped.added, 0);
      assert.equal((await estimatesIn(store)).has('shells_supplied'), false, 'the metric has no estimate now');
      assert.ok(
        (await store.ledger(['shells_supplied'])).every((c) => c.rejected?.reason === WITHDRAWN_BY_REEXTRACTION),
        'withdrawn, never deleted',
      );
      assert.ok(
        dropped.changes.some(
          (c) =>
            c.metric === 'shells_supplied' &&
            c.kind === 'estimate' &&
            c.figure === null &&
            c.previous?.low === 10_000_000 &&
            c.cause === WITHDRAWN_BY_REEXTRACTION,
        ),
        JSON.stringify(dropped.changes),
      );
      assert.ok(
        dropped.corrections.some((c) => c.metric === 'shells_supplied' && /figure 10,000,000 withdrawn/.test(c.line)),
        JSON.stringify(dropped.corrections),
      );
      assert.ok(
        [...dropped.changes, ...dropped.corrections].every((c) => c.metric === 'shells_supplied'),
        'only the dropped metric differs',
      );
      assert.equal(sender.sent.length, 1);
      assert.match(
        sender.sent[0]!.rendered.subject,
        /^figurewatch reextract: shells_supplied at least 10,000,000 → none/,
      );

      const restored = await runReextract(deps(store, fullTopic, sender), { sendDigest: true });
      assert.equal(restored.reinstated, dropped.withdrawn);
      assert.equal(restored.added, 0);
      assert.ok(
        restored.changes.some(
          (c) => c.metric === 'shells_supplied' && c.kind === 'estimate' && c.figure?.low === 10_000_000,
        ),
      );
      assert.deepEqual(await storeSnapshot(store), original, 'back to what it was');
      assert.equal(sender.sent.length, 2);
      assert.match(
        sender.sent[1]!.rendered.subject,
        /^figurewatch reextract: DPRK artillery shells supplied to Russia: at least 10,000,000/,
      );
    } finally {
      await store.close();
    }
  });

  it('never brings back a claim the user rejected', async () => {
    const store = await backfilled('rejected');
    try {
      const killed = (await store.ledger(['killed']))[0]!;
      assert.equal((await rejectClaim(store, killed.id, 'misread', '2025-07-02T00:00:00Z')).kind, 'rejected');
      const before = await storeSnapshot(store);
      const report = await runReextract(deps(store, fullTopic));
      assert.deepEqual(
        [report.added, report.withdrawn, report.reinstated, report.changes, report.corrections],
        [0, 0, 0, [], []],
        'reject then reextract: nothing to report',
      );
      assert.equal((await store.ledger(['killed']))[0]!.rejected?.reason, 'misread');
      assert.deepEqual(await storeSnapshot(store), before);
    } finally {
      await store.close();
    }
  });

  describe('on PostgreSQL', { skip: postgresSkipReason() }, () => {
    let server: TestPostgres;
    before(async () => {
      server = await startTestPostgres();
    });
    after(() => server?.stop());

    it('withdraws and brings back what it does on SQLite, and leaves the same claims', async () => {
      const sqlite = await backfilled('twin');
      const postgres = await backfilledInto(await openPostgresStore(server.createDatabase('reextract')));
      const outcome = (r: IngestReport) => [r.articles, r.added, r.withdrawn, r.reinstated, r.changes, r.corrections];
      try {
        for (const topic of [withoutShells, fullTopic]) {
          const onSqlite = await runReextract(deps(sqlite, topic));
          const onPostgres = await runReextract(deps(postgres, topic));
          assert.deepEqual(outcome(onPostgres), outcome(onSqlite));
          assert.deepEqual(await storeSnapshot(postgres), await storeSnapshot(sqlite));
        }
      } finally {
        await Promise.all([sqlite.close(), postgres.close()]);
      }
    });
  });
});
