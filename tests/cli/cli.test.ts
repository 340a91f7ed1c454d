import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { figurewatch } from '../support/cli.js';
import { articlePage, rssFeed, seedArticles } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { CONFIG_DIR, CORPUS_DIR } from '../support/paths.js';
import { startSmtpServer } from '../support/smtpServer.js';

describe('figurewatch CLI', () => {
  let server: FixtureServer;
  let dir: string;

  before(async () => {
    server = await startFixtureServer();
    const seeds = seedArticles();
    const items = seeds.map((s, i) => ({
      title: s.text.split('\n')[0]!.trim(),
      link: server.url(`/a/${i}.html`),
      guid: s.doc,
      pubDate: new Date(Date.UTC(2025, 1, 13 + i * 30)).toUTCString(),
      description: s.text.slice(0, 200),
    }));
    server.routes.set('/feed.xml', send(rssFeed('Seed wire', items), 'application/rss+xml'));
    seeds.forEach((s, i) =>
      server.routes.set(
        `/a/${i}.html`,
        send(articlePage(s, new Date(Date.UTC(2025, 1, 13 + i * 30)).toISOString()), 'text/html'),
      ),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-cli-'));
    cpSync(path.join(CONFIG_DIR, 'topics'), path.join(dir, 'config', 'topics'), { recursive: true });
    writeFileSync(
      path.join(dir, 'config', 'figurewatch.yaml'),
      [
        'schedule: "* * * * * *"',
        'store:',
        `  path: ${path.join(dir, 'state', 'fw.db')}`,
        'feeds:',
        '  - name: Seed wire',
        `    url: ${server.url('/feed.xml')}`,
        'fetch:',
        '  timeoutMs: 3000',
        '  allowPrivateNetworks: true',
        'log:',
        '  level: info',
        '',
      ].join('\n'),
    );
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('demo: serves the example feed, runs a cycle on a temporary store and prints the digest and figures, leaving nothing', async () => {
    const run = await figurewatch(['demo'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^figurewatch demo: one cycle over 5 articles of the example feed \(http:\/\/127\.0\.0\.1:\d+\/feed\.xml\), 26 claims, \d+ changes\.$/m,
    );
    assert.match(run.stdout, /^Subject: figurewatch: DPRK troops in Russia/m);
    assert.match(run.stdout, /^DPRK troops in Russia\s+11,000\s+Western intelligence/m);
    assert.ok(!existsSync(path.join(dir, 'state', 'demo.db')), 'no store left behind');
  });

  it('explains every command and option in --help', async () => {
    const root = await figurewatch(['--help']);
    assert.equal(root.code, 0);
    for (const command of [
      'once',
      'run',
      'backfill',
      'reextract',
      'status',
      'history',
      'reject',
      'digest',
      'mail-test',
      'extract',
      'eval',
    ])
      assert.match(root.stdout, new RegExp(`^  ${command}\\b`, 'm'));
    assert.match(root.stdout, /--config <path>/);
    const extract = await figurewatch(['extract', '--help']);
    assert.match(extract.stdout, /--format <format>.*json/s);
    assert.match(extract.stdout, /--topic <name\|file>/);
  });

  it('backfills a folder of saved pages without mail, resumes, and re-extracts with no difference', async () => {
    const saved = path.join(dir, 'saved');
    mkdirSync(saved, { recursive: true });
    seedArticles().forEach((s, i) =>
      writeFileSync(
        path.join(saved, `${s.doc}.html`),
        articlePage(s, new Date(Date.UTC(2025, 1, 13 + i * 30)).toISOString()),
      ),
    );
    const config = path.join(dir, 'config', 'backfill.yaml');
    writeFileSync(
      config,
      ['store:', `  path: ${path.join(dir, 'state', 'backfill.db')}`, 'feeds: []', 'log:', '  level: info', ''].join(
        '\n',
      ),
    );
    const first = await figurewatch(['backfill', '--dir', saved, '--config', config]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^Backfill: 5 articles stored \(0 copies of others\), 26 claims, \d+ changes to the history; 0 already stored\.$/m,
    );
    assert.match(
      first.stderr,
      /"done":5,"total":5,.*"msg":"backfill progress"/,
      'a log line of progress when not on a terminal',
    );
    assert.doesNotMatch(first.stderr, /"msg":"digest"/, 'no digest by default');
    const again = await figurewatch(['backfill', '--dir', saved, '--config', config, '--send-digest']);
    assert.match(again.stdout, /0 articles stored .* 5 already stored\. No summary digest sent\./);
    const status = await figurewatch(['status', '--config', config]);
    assert.match(status.stdout, /^DPRK troops in Russia\s+11,000\s+Western intelligence\s+13 Jun 2025\s+\d+$/m);
    const reextract = await figurewatch(['reextract', '--config', config]);
    assert.equal(reextract.code, 0, reextract.stderr);
    assert.match(
      reextract.stdout,
      /^Re-extracted 5 articles: 0 claims added, 0 withdrawn, 0 reinstated\.\nNo figure or estimate changed\.$/m,
    );
    const badDate = await figurewatch(['backfill', '--dir', saved, '--since', 'last spring', '--config', config]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--since "last spring" is not a date/);
  });

  it('stops on a broken config with one line per problem and exit code 2', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'schedule: often\nfeeds:\n  - name: X\n    url: not a url\nlog:\n  level: loud\n');
    const run = await figurewatch(['once', '--config', bad]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^figurewatch: Config file .*bad\.yaml has 3 problem\(s\):$/m);
    assert.match(run.stderr, /^ {2}- schedule: expected a cron expression/m);
    assert.match(run.stderr, /^ {2}- feeds\.0\.url: expected an http:\/\/ or https:\/\/ URL$/m);
    assert.match(run.stderr, /^ {2}- log\.level: /m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for a user error');
    const missing = await figurewatch(['status', '--config', path.join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml does not exist/);
  });

  it('runs once, then status shows the estimates; a second once reports no change', async () => {
    const env = { FIGUREWATCH_CONFIG: path.join(dir, 'config', 'figurewatch.yaml') };
    const first = await figurewatch(['once'], { env, cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /"msg":"digest"/);
    assert.match(first.stderr, /DPRK troops in Russia/);
    const status = await figurewatch(['status'], { env, cwd: dir });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^figure\s+value\s+said by\s+date\s+sources$/m);
    assert.match(status.stdout, /^DPRK troops in Russia\s+11,000\s+Western intelligence\s+/m);
    assert.match(status.stdout, /^ {2}planned\s+6,000\s+/m, 'a plan is its own line, never the total');
    assert.match(status.stdout, /^Seed wire\s+\d{4}-\d\d-\d\d/m);
    const json = await figurewatch(['status', '--json'], { env, cwd: dir });
    const report = JSON.parse(json.stdout) as {
      estimates: Array<{ metric: string; current: { low: number; high: number; attribution: string | null } | null }>;
    };
    const troops = report.estimates.find((e) => e.metric === 'troops_deployed')?.current;
    assert.deepEqual(
      troops && [troops.low, troops.high, troops.attribution],
      [11_000, 11_000, 'Western intelligence'],
      'status --json carries what the table shows',
    );
    const second = await figurewatch(['once'], { env, cwd: dir });
    assert.equal(second.code, 0);
    assert.doesNotMatch(second.stderr, /"msg":"digest"/);
    assert.match(second.stderr, /no estimate changed/);
  });

  it('shows history, rejects a wrong claim, previews the digest and tests the mail settings', async () => {
    const env = { FIGUREWATCH_CONFIG: path.join(dir, 'config', 'figurewatch.yaml') };
    const history = await figurewatch(['history', 'troops_deployed'], { env, cwd: dir });
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^claim\s+date\s+figure\s+status, scope\s+said by\s+outlet\s+refers to\s+article$/m);
    const current = /^(\d+)\s+13 Jun 2025\s+▶ 11,000\s+actual, total\s+Western intelligence/m.exec(history.stdout);
    assert.ok(current, history.stdout);
    const bySource = await figurewatch(['history', 'casualties', '--by-source'], { env, cwd: dir });
    assert.match(bySource.stdout, /^UK Ministry of Defence:$/m);
    assert.match(bySource.stdout, /^NIS:$/m);
    const unknown = await figurewatch(['history', 'tanks'], { env, cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"tanks" is not a tracked metric; the topics track: troops_deployed, /);

    const preview = await figurewatch(['digest', '--preview'], { env, cwd: dir });
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(
      preview.stdout,
      /^Nothing new to send\. The last digest \(1, \d{4}-\d\d-\d\d\) is shown by figurewatch digest --last\.$/m,
      'once logged the digest',
    );
    const last = await figurewatch(['digest', '--last'], { env, cwd: dir });
    assert.match(
      last.stdout,
      /^Digest 1, assembled .* UTC, sent\nSubject: figurewatch: DPRK troops in Russia: 11,000 \(\+\d+ more\)$/m,
    );
    assert.match(last.stdout, /^WHERE EACH FIGURE STANDS$/m);
    const htmlFile = path.join(dir, 'digest.html');
    const html = await figurewatch(['digest', '--show', '1', '--html', htmlFile], { env, cwd: dir });
    assert.equal(html.code, 0, html.stderr);
    assert.match(readFileSync(htmlFile, 'utf8'), /^<!doctype html>/);
    const data = await figurewatch(['digest', '--last', '--json'], { env, cwd: dir });
    assert.equal((JSON.parse(data.stdout) as { version: number }).version, 1);
    const none = await figurewatch(['digest', '--show', '99'], { env, cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /There is no digest 99/);

    const reject = await figurewatch(['reject', current[1]!, '--reason', 'test of reject'], { env, cwd: dir });
    assert.equal(reject.code, 0, reject.stderr);
    assert.match(
      reject.stdout,
      /^Claim \d+ \(troops_deployed, 11,000\) rejected: test of reject\. The figure will not be reported again\.\nThe estimate is now 11,000 \(claim \d+, NIS, 14 May 2025\)\.$/m,
    );
    const struck = await figurewatch(['history', 'troops_deployed'], { env, cwd: dir });
    assert.match(struck.stdout, /✗ 11,000 \(rejected: test of reject\)/);
    const status = await figurewatch(['status'], { env, cwd: dir });
    assert.match(status.stdout, /^DPRK troops in Russia\s+11,000\s+NIS\s+14 May 2025/m);
    const again = await figurewatch(['reject', current[1]!], { env, cwd: dir });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already rejected/);

    const noMail = await figurewatch(['mail-test'], { env, cwd: dir });
    assert.equal(noMail.code, 2);
    assert.match(noMail.stderr, /has no mail section: add host, port, from and to/);
    const smtp = await startSmtpServer();
    try {
      const mailConfig = path.join(dir, 'config', 'mail.yaml');
      writeFileSync(
        mailConfig,
        `store:\n  path: ${path.join(dir, 'state', 'mail.db')}\nmail:\n  host: 127.0.0.1\n  port: ${smtp.port}\n  from: fw@localhost\n  to: [analyst@example.org]\n`,
      );
      const sent = await figurewatch(['mail-test', '--config', mailConfig], { cwd: dir });
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stdout, /Test message sent to analyst@example\.org/);
      assert.equal(smtp.received[0]?.subject, 'figurewatch: test message');
    } finally {
      await smtp.close();
    }
  });

  it('extracts claims as gold-file JSON, one line per input read, and names unreadable inputs', async () => {
    const file = path.join(CORPUS_DIR, '003_74e7166735daae4e.txt');
    const run = await figurewatch(['extract', '--format', 'json', file, path.join(dir, 'missing.txt')]);
    assert.equal(run.code, 1, 'an unreadable input is an error');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { doc: string; claims: unknown[] });
    assert.deepEqual(
      lines.map((l) => [l.doc, l.claims.length]),
      [['003_74e7166735daae4e.txt', 4]],
      'no result for an input that was not read',
    );
    assert.match(run.stderr, /missing\.txt does not exist: check the path/);
  });

  it('gives a clear result for empty, binary, huge, bodiless and non-UTF-8 inputs, and reads a URL', async () => {
    const bad = path.join(dir, 'bad-inputs');
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, 'empty.txt'), '');
    writeFileSync(path.join(bad, 'garbage.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
    writeFileSync(path.join(bad, 'nobody.html'), '<html><head><title>Nothing</title></head></html>');
    writeFileSync(
      path.join(bad, 'latin1.txt'),
      Buffer.from('Caf\xe9 news: North Korea has sent 13,000 troops to Russia.', 'latin1'),
    );
    const sentence = 'North Korea has sent 12,500 troops to Russia. ';
    writeFileSync(path.join(bad, 'huge.txt'), sentence.repeat(Math.ceil((50 * 1024 * 1024) / sentence.length)));
    const inputs = ['empty.txt', 'garbage.bin', 'nobody.html', 'latin1.txt', 'huge.txt'].map((f) => path.join(bad, f));
    const run = await figurewatch(['extract', '--format', 'json', ...inputs, server.url('/a/3.html')]);
    assert.equal(run.code, 1, 'the binary input is reported as an error, with no result');
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { doc: string; claims: Array<{ low: number }> });
    assert.deepEqual(
      out.map((o) => [o.doc, o.claims.map((c) => c.low)]),
      [
        ['empty.txt', []],
        ['nobody.html', []],
        ['latin1.txt', [13000]],
        ['huge.txt', [12500]],
        [server.url('/a/3.html'), [1000, 11000, 4000, 2]],
      ],
    );
    assert.match(run.stderr, /garbage\.bin is binary data, not text: no claims read/);
    assert.match(run.stderr, /huge\.txt is larger than an article can be; only its start was read/);
  });

  it('evaluates the extractor on a labelled folder', async () => {
    const run = await figurewatch(['eval', CORPUS_DIR]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Overall: precision 1\.000 {2}recall 1\.000 {2}F1 1\.000/);
    assert.match(run.stdout, /^troops_deployed\s+1\.000/m);
  });

  it('scores a held-out part with --summary without printing any of its documents', async () => {
    const labelled = mkdtempSync(path.join(tmpdir(), 'figurewatch-eval-'));
    try {
      writeFileSync(path.join(labelled, 'a.txt'), 'North Korea has sent 11,000 troops to Russia, Seoul says.\n');
      writeFileSync(path.join(labelled, 'a.labels.json'), JSON.stringify({ doc: 'a.txt', claims: [] }));
      writeFileSync(path.join(labelled, 'split.json'), JSON.stringify({ tune: [], heldout: ['a.txt'] }));
      const full = await figurewatch(['eval', labelled, '--split', 'heldout']);
      assert.match(full.stdout, /Documents with no gold claim: 1; claims made on them: 1 \(in 1 documents\)/);
      assert.match(full.stdout, /False claims:\n {2}a\.txt/);
      const summary = await figurewatch(['eval', labelled, '--split', 'heldout', '--summary']);
      assert.equal(summary.code, 0, summary.stderr);
      assert.match(summary.stdout, /F1 0\.000/);
      assert.doesNotMatch(summary.stdout, /a\.txt|11,000|Seoul/);
    } finally {
      rmSync(labelled, { recursive: true, force: true });
    }
  });

  it('runs as a daemon on its schedule and exits 0 on SIGTERM after the cycle in flight', async () => {
    const env = { FIGUREWATCH_CONFIG: path.join(dir, 'config', 'figurewatch.yaml') };
    const run = await figurewatch(['run'], {
      env,
      cwd: dir,
      until: (stderr) => (stderr.match(/"msg":"cycle finished"/g) ?? []).length >= 2,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /"msg":"daemon started"/);
    assert.match(run.stderr, /"msg":"daemon stopped"/);
  });
});
