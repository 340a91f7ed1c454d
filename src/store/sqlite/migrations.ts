/** Schema changes, applied in order at start-up; the position in this list is the version (PRAGMA user_version). */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_success_at TEXT,
    last_error_at TEXT,
    last_error_kind TEXT,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    failing_since TEXT,
    next_try_at TEXT
  );
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    canonical_url TEXT,
    guid TEXT,
    url TEXT NOT NULL,
    feed_url TEXT,
    feed_name TEXT,
    title TEXT NOT NULL,
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    text_source TEXT NOT NULL CHECK (text_source IN ('page', 'feed', 'file')),
    text_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES articles(id)
  );
  CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
  CREATE INDEX articles_guid ON articles(feed_url, guid);
  CREATE INDEX articles_text_hash ON articles(text_hash);
  CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    topic TEXT NOT NULL,
    metric TEXT NOT NULL,
    low INTEGER NOT NULL,
    high INTEGER NOT NULL,
    qualifier TEXT NOT NULL,
    status TEXT NOT NULL,
    scope TEXT NOT NULL,
    attribution TEXT,
    when_text TEXT,
    quote TEXT NOT NULL,
    rejected_at TEXT,
    reject_reason TEXT
  );
  CREATE INDEX claims_article ON claims(article_id);
  CREATE INDEX claims_metric ON claims(metric, low, high);
  CREATE TABLE figures (
    metric TEXT NOT NULL,
    low INTEGER NOT NULL,
    high INTEGER NOT NULL,
    first_claim_id INTEGER NOT NULL REFERENCES claims(id),
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT,
    source_count INTEGER NOT NULL,
    PRIMARY KEY (metric, low, high)
  );
  CREATE TABLE estimates (
    metric TEXT PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    low INTEGER NOT NULL,
    high INTEGER NOT NULL,
    qualifier TEXT NOT NULL,
    attribution TEXT,
    as_of TEXT,
    since TEXT NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_error TEXT,
    sent_at TEXT
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT,
    items_new INTEGER,
    articles INTEGER,
    claims INTEGER,
    changes INTEGER,
    feeds_failed INTEGER,
    error TEXT
  );
  `,
  // 2: remember that a failing feed was named in a digest, so it is named once, and again on recovery.
  `ALTER TABLE feeds ADD COLUMN failure_notified_at TEXT;`,
  // 3: near-duplicate fingerprints (MinHash) and their LSH band keys, looked up by index.
  `
  ALTER TABLE articles ADD COLUMN fingerprint BLOB;
  CREATE TABLE article_bands (
    band_key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (band_key, article_id)
  ) WITHOUT ROWID;
  CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
  `,
  // 4: a digest that failed to send waits before its next attempt.
  `ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;`,
  // 5: feeds commit one by one: changes wait as data until a digest is assembled; pages failed
  // or young are read again; times that cannot be true are flagged; unread texts are marked.
  `
  CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    notify INTEGER NOT NULL DEFAULT 1,
    digest_id INTEGER REFERENCES outbox(id)
  );
  CREATE INDEX changes_undigested ON changes(id) WHERE notify = 1 AND digest_id IS NULL;
  ALTER TABLE articles ADD COLUMN published_adjusted_from TEXT;
  ALTER TABLE articles ADD COLUMN extract_problem TEXT;
  ALTER TABLE articles ADD COLUMN page_status TEXT;
  ALTER TABLE articles ADD COLUMN page_etag TEXT;
  ALTER TABLE articles ADD COLUMN page_last_modified TEXT;
  ALTER TABLE articles ADD COLUMN page_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE articles ADD COLUMN page_next_try_at TEXT;
  ALTER TABLE articles ADD COLUMN page_checked_at TEXT;
  CREATE INDEX articles_page_due ON articles(page_next_try_at) WHERE page_next_try_at IS NOT NULL;
  `,
  // 6: estimates follow the newest report (a pure rule over the claims, no stored state); who
  // rejected a claim; the number as written; digests kept as data as well as rendered.
  `
  ALTER TABLE claims ADD COLUMN rejected_by TEXT;
  UPDATE claims SET rejected_by = CASE WHEN reject_reason IN ('no longer extracted (reextract)', 'no longer in the article (edited)')
    THEN 'figurewatch' ELSE 'user' END WHERE rejected_at IS NOT NULL;
  ALTER TABLE claims ADD COLUMN figure_text TEXT;
  ALTER TABLE outbox ADD COLUMN data TEXT;
  DROP TABLE estimates;
  DROP TABLE figures;
  CREATE INDEX claims_user_rejected ON claims(metric, low, high) WHERE rejected_by = 'user';
  `,
  // 7: digests are delivered channel by channel (mail or the log, webhooks), each with its own
  // attempts and a permanent failure; runs say what ran.
  `
  CREATE TABLE deliveries (
    digest_id INTEGER NOT NULL REFERENCES outbox(id),
    channel TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    last_error TEXT,
    next_attempt_at TEXT,
    sent_at TEXT,
    failed_at TEXT,
    PRIMARY KEY (digest_id, channel)
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_pending ON deliveries(channel, digest_id) WHERE sent_at IS NULL AND failed_at IS NULL;
  INSERT INTO deliveries (digest_id, channel, attempts, last_attempt_at, last_error, next_attempt_at, sent_at)
    SELECT id, 'primary', attempts, last_attempt_at, last_error, next_attempt_at, sent_at FROM outbox;
  ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'cycle';
  `,
  // 8: an article's band keys found by its id: a new fingerprint (reextract, an edited page) deletes
  // the old keys, which the table's key (band first) made a scan of every article's keys each time.
  `CREATE INDEX article_bands_article ON article_bands(article_id);`,
  // 9: a claim keeps its article's time, so that the newest claim of a kind (an estimate, asked twice
  // per metric at every commit) is one step down an index, not a sort of every claim of the metric
  // joined to its article. An article's time is written once, with it, and never changes.
  `
  ALTER TABLE claims ADD COLUMN article_at TEXT;
  UPDATE claims SET article_at = (SELECT COALESCE(a.published_at, a.fetched_at) FROM articles a WHERE a.id = claims.article_id);
  CREATE INDEX claims_newest ON claims(metric, status, scope, article_at DESC, article_id DESC, id) WHERE rejected_at IS NULL;
  `,
  // 10: the pages due and the articles not read for claims are originals only: indexes of originals
  // alone, which the queries name (the planner chose the index of copies, i.e. every original).
  // Copies kept the page schedule they were stored with, and filled the old index for good.
  `
  DROP INDEX articles_page_due;
  CREATE INDEX articles_page_due ON articles(page_next_try_at, id) WHERE page_next_try_at IS NOT NULL AND duplicate_of IS NULL;
  CREATE INDEX articles_unread ON articles(id) WHERE extract_problem IS NOT NULL AND duplicate_of IS NULL;
  `,
];
