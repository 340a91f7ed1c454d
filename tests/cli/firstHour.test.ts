/**
 * A newcomer's first mistakes (issue 20): each gets one line naming the thing and the fix, with no
 * stack trace and no output after it; and relative paths in a config start at its folder.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { figurewatch, type Run } from '../support/cli.js';
import { CONFIG_DIR, CORPUS_DIR } from '../support/paths.js';
import { startSmtpServer } from '../support/smtpServer.js';

/** The whole of stderr is this one line. */
function saysOnly(run: Run, line: string): void {
  assert.equal(run.stderr, `figurewatch: ${line}\n`);
  assert.equal(run.stdout, '', 'nothing follows the message');
}

describe("a newcomer's first hour", () => {
  let dir: string;
  let config: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-first-hour-'));
    cpSync(path.join(CONFIG_DIR, 'topics'), path.join(dir, 'config', 'topics'), { recursive: true });
    config = path.join(dir, 'config', 'figurewatch.yaml');
    writeFileSync(config, 'store:\n  path: ../state/fw.db\nfeeds: []\nlog:\n  level: warn\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an unknown config key names the key it most likely meant, at any depth', async () => {
    const bad = path.join(dir, 'config', 'typos.yaml');
    writeFileSync(
      bad,
      'feed: []\nmail:\n  hots: 127.0.0.1\n  from: fw@example.org\n  to: [analyst@example.org]\ncolour: blue\n',
    );
    const run = await figurewatch(['status', '--config', bad]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      [
        `figurewatch: Config file ${bad} has 3 problem(s):`,
        '  - mail.hots: unknown key; did you mean "host"?',
        '  - feed: unknown key; did you mean "feeds"?',
        '  - colour: unknown key; the top level takes schedule, timezone, shutdownGraceMs, store, topics, feeds, fetch, cycle, pages, estimates, extract, mail, web, webhooks, retry, log',
        '',
      ].join('\n'),
    );
  });

  it('digest --html into a folder that does not exist: one line, exit 2, before the store is read', async () => {
    const run = await figurewatch(['digest', '--preview', '--html', '/no/such/dir/x.html', '--config', config]);
    assert.equal(run.code, 2);
    saysOnly(
      run,
      '--html /no/such/dir/x.html: the folder /no/such/dir does not exist: create it, or write the file elsewhere',
    );
    assert.ok(!existsSync(path.join(dir, 'state')), 'no store opened for a command that cannot finish');
  });

  it('backfill --dir or --urls that is not there: one line, exit 2, nothing to resume', async () => {
    const missing = path.join(dir, 'nonexistent');
    const noDir = await figurewatch(['backfill', '--dir', missing, '--config', config]);
    assert.equal(noDir.code, 2);
    saysOnly(
      noDir,
      `--dir ${missing}: the folder ${missing} does not exist: give the folder of saved articles (.html, .htm, .txt)`,
    );
    const aFile = await figurewatch(['backfill', '--dir', config, '--config', config]);
    assert.equal(aFile.code, 2);
    saysOnly(
      aFile,
      `--dir ${config}: ${config} is not a folder: give the folder of saved articles (.html, .htm, .txt)`,
    );
    const noList = await figurewatch(['backfill', '--urls', missing, '--config', config]);
    assert.equal(noList.code, 2);
    saysOnly(
      noList,
      `--urls ${missing}: the file ${missing} does not exist: give a file of article URLs, one per line`,
    );
  });

  it('extract of a file that does not exist: the message alone, no "0 claims" after it, exit 1', async () => {
    for (const format of ['table', 'json']) {
      const run = await figurewatch(['extract', '--format', format, 'missing.txt', '--config', config], { cwd: dir });
      assert.equal(run.code, 1);
      saysOnly(run, 'missing.txt does not exist: check the path');
    }
  });

  it('--topic takes a topic file by its path as well as a topic by name, and names a missing one', async () => {
    const file = path.join(CORPUS_DIR, '003_74e7166735daae4e.txt');
    const topicFile = path.join(dir, 'my-topic.yaml');
    writeFileSync(topicFile, readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml')));
    for (const topic of [topicFile, 'my-topic.yaml', 'dprk-russia']) {
      const run = await figurewatch(['extract', '--topic', topic, file, '--config', config], { cwd: dir });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^003_74e7166735daae4e\.txt: 4 claims$/m, topic);
    }
    const missing = await figurewatch(['extract', '--topic', 'path.yaml', file, '--config', config], { cwd: dir });
    assert.equal(missing.code, 2);
    saysOnly(
      missing,
      `--topic path.yaml: the topic file ${path.join(dir, 'path.yaml')} does not exist: check the path, or name a topic (dprk-russia)`,
    );
    const typo = await figurewatch(['eval', CORPUS_DIR, '--topic', 'dprk-rusia', '--config', config]);
    assert.equal(typo.code, 2);
    saysOnly(
      typo,
      `--topic dprk-rusia: no such topic in ${path.join(dir, 'config', 'topics')} or the shipped topics: did you mean "dprk-russia"?`,
    );
  });

  it('mail-test with secure: true against a plain SMTP port: names the server and the two fixes, exit 2', async () => {
    const smtp = await startSmtpServer();
    try {
      const mail = path.join(dir, 'config', 'tls.yaml');
      writeFileSync(
        mail,
        `store:\n  path: ../mail-state/mail.db\nmail:\n  host: 127.0.0.1\n  port: ${smtp.port}\n  secure: true\n  from: fw@localhost\n  to: [analyst@example.org]\n`,
      );
      const run = await figurewatch(['mail-test', '--config', mail]);
      assert.equal(run.code, 2);
      saysOnly(
        run,
        `The SMTP server at 127.0.0.1:${smtp.port} does not speak TLS on connect; set mail.secure: false (STARTTLS on 587/25) or use port 465`,
      );
      assert.equal(smtp.received.length, 0);
    } finally {
      await smtp.close();
    }
  });

  it("a subcommand's --help lists the global options too", async () => {
    for (const command of ['once', 'backfill', 'digest', 'extract', 'status']) {
      const help = await figurewatch([command, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Global Options:$/m, command);
      assert.match(help.stdout, /-c, --config <path>/, command);
      assert.match(help.stdout, /--log-level <level>/, command);
    }
  });

  it('relative paths in a config start at its folder: store and topics, from any working directory', async () => {
    const cfg = path.join(dir, 'elsewhere', 'cfg');
    mkdirSync(path.join(cfg, 'topics'), { recursive: true });
    writeFileSync(
      path.join(cfg, 'topics', 'local-only.yaml'),
      readFileSync(path.join(CONFIG_DIR, 'topics', 'dprk-russia.yaml'), 'utf8')
        .replace(/^name: .*$/m, 'name: local-only')
        .replace(/^title: .*$/m, 'title: Local topic'),
    );
    writeFileSync(path.join(cfg, 'local.yaml'), 'store:\n  path: state/local.db\ntopics: [local-only]\nfeeds: []\n');
    const cwd = path.join(dir, 'somewhere-else');
    mkdirSync(cwd);
    const run = await figurewatch(['status', '--json', '--config', path.join(cfg, 'local.yaml')], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(
      existsSync(path.join(cfg, 'state', 'local.db')),
      "the store is beside the config, in the config's state/",
    );
    assert.ok(!existsSync(path.join(cwd, 'state')), 'nothing in the working directory');
    const relative = await figurewatch(['status', '--config', path.join('..', 'elsewhere', 'cfg', 'local.yaml')], {
      cwd,
    });
    assert.equal(relative.code, 0, relative.stderr);
    assert.ok(!existsSync(path.join(cwd, 'state')));
  });

  it('backfill --dir on texts: a headline line is the title, the date comes from the text or its name before the mtime', async () => {
    const texts = path.join(dir, 'texts');
    mkdirSync(texts);
    const copiedToday = new Date();
    const write = (name: string, text: string): void => {
      writeFileSync(path.join(texts, name), text);
      utimesSync(path.join(texts, name), copiedToday, copiedToday);
    };
    write(
      '2025-01-04-yonhap.txt',
      'North Korea sends more troops to Russia\n\nNorth Korea has sent about 3,000 more troops to Russia, the NIS said.\n',
    );
    write(
      'note.txt',
      'Date: 2025-02-10\nSpy agency raises its count\n\nNorth Korea has sent about 11,000 troops to Russia, the NIS said.\n',
    );
    write(
      '20250301_wire.txt',
      '---\ntitle: "Seoul: 12,000 in Kursk"\ndate: 2025-03-15\n---\nNorth Korea has deployed 12,000 troops to Russia, the NIS said.\n',
    );
    write('undated.txt', 'North Korea has sent 14,000 troops to Russia, the NIS said.\n');
    const backfill = await figurewatch(['backfill', '--dir', texts, '--config', config]);
    assert.equal(backfill.code, 0, backfill.stderr);
    const history = await figurewatch(['history', 'troops_deployed', '--json', '--config', config]);
    const { claims } = JSON.parse(history.stdout) as {
      claims: Array<{ low: number; at: string; title: string; quote: string }>;
    };
    assert.deepEqual(
      claims.map((c) => [c.low, c.at.slice(0, 10), c.title]),
      [
        [3000, '2025-01-04', 'North Korea sends more troops to Russia'],
        [11000, '2025-02-10', 'Spy agency raises its count'],
        [12000, '2025-03-15', 'Seoul: 12,000 in Kursk'],
        [14000, copiedToday.toISOString().slice(0, 10), 'undated.txt'],
      ],
    );
    assert.equal(claims[0]!.quote, 'North Korea has sent about 3,000 more troops to Russia, the NIS said.');
    const typo = await figurewatch(['history', 'troop_deployed', '--config', config]);
    assert.equal(typo.code, 2);
    saysOnly(typo, '"troop_deployed" is not a tracked metric; did you mean "troops_deployed"?');
  });
});
