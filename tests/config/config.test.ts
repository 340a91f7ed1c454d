import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { UserError } from '../../src/config/errors.js';
import { configPathFrom, loadConfig, loadTopic } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { repoPath } from '../support/paths.js';

describe('validateConfig', () => {
  it('fills every default from an empty file', () => {
    const checked = validateConfig(null);
    assert.ok(checked.ok);
    assert.equal(checked.value.schedule, '*/30 * * * *');
    assert.equal(checked.value.store.path, 'state/figurewatch.db');
    assert.deepEqual(checked.value.topics, ['dprk-russia']);
    assert.equal(checked.value.fetch.allowPrivateNetworks, false);
    assert.equal(checked.value.mail, undefined, 'no mail: digests go to the log');
  });

  it('reports every problem at once, each naming its key and what is expected', () => {
    const checked = validateConfig({
      schedule: 'every tuesday',
      timezone: 'Mars/Olympus',
      feeds: [{ name: 'A', url: 'ftp://example.org/feed' }, { url: 'https://example.org/rss' }],
      fetch: { timeoutMs: 'soon' },
      mail: { host: 'smtp.example.org', from: 'fw@example.org', to: ['not-an-address'], password: 'hunter2' },
      colour: 'blue',
    });
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    const text = checked.problems.join('\n');
    assert.match(text, /^schedule: expected a cron expression/m);
    assert.match(text, /^timezone: expected an IANA time zone/m);
    assert.match(text, /^feeds\.0\.url: expected an http:\/\/ or https:\/\/ URL/m);
    assert.match(text, /^feeds\.1\.name: /m);
    assert.match(text, /^fetch\.timeoutMs: /m);
    assert.match(text, /^mail\.to\.0: expected an e-mail address/m);
    assert.match(
      text,
      /^mail\.password: unknown key; mail takes host, port, secure, user, from, to$/m,
      'a password in the file is refused: it belongs in the environment',
    );
    assert.match(text, /^colour: unknown key; the top level takes schedule, timezone, /m);
    assert.ok(!text.includes('hunter2'), 'the secret is never echoed');
  });
  it('names the key an unknown one most likely meant, at any depth, and not the meant one as missing too', () => {
    const checked = validateConfig({
      feed: [],
      mail: { hots: 'smtp.example.org', from: 'fw@example.org', to: ['a@example.org'] },
      fetch: { timeoutMS: 5000 },
      webhooks: [{ url: 'https://example.org/hook', fromat: 'slack' }],
    });
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    assert.deepEqual([...checked.problems].sort(), [
      'feed: unknown key; did you mean "feeds"?',
      'fetch.timeoutMS: unknown key; did you mean "timeoutMs"?',
      'mail.hots: unknown key; did you mean "host"?',
      'webhooks.0.fromat: unknown key; did you mean "format"?',
    ]);
    const wrongValue = validateConfig({ mail: { host: 5, hots: 'x', from: 'fw@example.org', to: ['a@example.org'] } });
    assert.ok(
      !wrongValue.ok && wrongValue.problems.some((p) => p.startsWith('mail.host: ')),
      'a wrong value is still said',
    );
  });

  it('in a topic file too', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-topic-keys-'));
    try {
      mkdirSync(path.join(dir, 'topics'));
      writeFileSync(
        path.join(dir, 'topics', 'fish.yaml'),
        'name: fish\ntitle: Fishing\nactor: [China]\ndestination: [sea]\nmetrics:\n  boats:\n    label: Boats\n    noun: [boats]\n',
      );
      assert.throws(
        () => loadTopic(dir, 'fish'),
        (e: unknown) =>
          e instanceof UserError &&
          /fish\.yaml has 1 problem\(s\):\n {2}- metrics\.boats\.noun: unknown key; did you mean "nouns"\?$/.test(
            e.message,
          ) &&
          !/metrics\.boats\.nouns:/.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads every shipped config file', () => {
    for (const name of readdirSync(repoPath('config')).filter((f) => f.endsWith('.yaml'))) {
      assert.doesNotThrow(() => loadConfig(repoPath('config', name), {}), name);
    }
  });

  it('loads the shipped config and its topic', () => {
    const loaded = loadConfig(repoPath('config', 'figurewatch.yaml'), {});
    assert.ok(loaded.config.feeds.length >= 3);
    assert.equal(loaded.topics[0]!.name, 'dprk-russia');
    assert.equal(loaded.smtpPassword, undefined);
  });

  it("resolves relative paths (store, topics/) against the config file's folder, not the working directory", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-paths-'));
    try {
      mkdirSync(path.join(dir, 'cfg', 'topics'), { recursive: true });
      writeFileSync(
        path.join(dir, 'cfg', 'topics', 'dprk-russia.yaml'),
        readFileSync(repoPath('config', 'topics', 'dprk-russia.yaml')),
      );
      writeFileSync(path.join(dir, 'cfg', 'local.yaml'), 'store:\n  path: ../state/local.db\n');
      assert.equal(
        loadConfig(path.join(dir, 'cfg', 'local.yaml'), {}).config.store.path,
        path.join(dir, 'state', 'local.db'),
      );
      writeFileSync(path.join(dir, 'cfg', 'bare.yaml'), 'feeds: []\n');
      assert.equal(
        loadConfig(path.join(dir, 'cfg', 'bare.yaml'), {}).config.store.path,
        path.join(dir, 'cfg', 'state', 'figurewatch.db'),
        'the default too',
      );
      writeFileSync(path.join(dir, 'cfg', 'abs.yaml'), `store:\n  path: ${path.join(dir, 'elsewhere.db')}\n`);
      assert.equal(loadConfig(path.join(dir, 'cfg', 'abs.yaml'), {}).config.store.path, path.join(dir, 'elsewhere.db'));
      assert.equal(
        loadConfig(repoPath('config', 'figurewatch.yaml'), {}).config.store.path,
        repoPath('state', 'figurewatch.db'),
        'the shipped config keeps state/ in the repository',
      );
      // The config's own topics/ folder, not the working directory's: local-only is nowhere else.
      writeFileSync(
        path.join(dir, 'cfg', 'topics', 'local-only.yaml'),
        readFileSync(repoPath('config', 'topics', 'dprk-russia.yaml'), 'utf8').replace(
          /^name: .*$/m,
          'name: local-only',
        ),
      );
      writeFileSync(path.join(dir, 'cfg', 'own-topic.yaml'), 'topics: [local-only]\n');
      assert.equal(loadConfig(path.join(dir, 'cfg', 'own-topic.yaml'), {}).topics[0]!.name, 'local-only');
      writeFileSync(path.join(dir, 'cfg', 'typo.yaml'), 'topics: [local-onyl]\n');
      assert.throws(
        () => loadConfig(path.join(dir, 'cfg', 'typo.yaml'), {}),
        (e: unknown) =>
          e instanceof UserError &&
          e.message ===
            `Topic file ${path.join(dir, 'cfg', 'topics', 'local-onyl.yaml')} does not exist: create it, or remove the topic from the config's topics list; did you mean "local-only"?`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes the SMTP password from the environment only', () => {
    const loaded = loadConfig(repoPath('config', 'example-local.yaml'), { FIGUREWATCH_SMTP_PASSWORD: 's3cret' });
    assert.equal(loaded.smtpPassword, 's3cret');
  });

  it('picks --config over FIGUREWATCH_CONFIG over the default', () => {
    assert.equal(configPathFrom('a.yaml', { FIGUREWATCH_CONFIG: 'b.yaml' }), path.resolve('a.yaml'));
    assert.equal(configPathFrom(undefined, { FIGUREWATCH_CONFIG: 'b.yaml' }), path.resolve('b.yaml'));
    assert.equal(configPathFrom(undefined, {}), path.resolve('config/figurewatch.yaml'));
  });

  it('names the file and the fix for a missing file, bad YAML, bad values and a bad topic', () => {
    assert.throws(
      () => loadConfig(path.join(dir, 'absent.yaml')),
      (e: unknown) =>
        e instanceof UserError && /absent\.yaml does not exist: create it .* or pass --config PATH/.test(e.message),
    );
    writeFileSync(path.join(dir, 'broken.yaml'), 'feeds:\n  - name: A\n   url: x\n');
    assert.throws(
      () => loadConfig(path.join(dir, 'broken.yaml')),
      (e: unknown) => e instanceof UserError && /broken\.yaml is not valid YAML at line \d/.test(e.message),
    );
    writeFileSync(path.join(dir, 'bad.yaml'), 'schedule: nope\nfeeds: []\n');
    assert.throws(
      () => loadConfig(path.join(dir, 'bad.yaml')),
      (e: unknown) =>
        e instanceof UserError &&
        /bad\.yaml has 1 problem\(s\):\n {2}- schedule: expected a cron expression/.test(e.message),
    );
    mkdirSync(path.join(dir, 'topics'));
    writeFileSync(
      path.join(dir, 'topics', 'fish.yaml'),
      'name: fish\ntitle: Fishing\nactor: [China]\ndestination: [sea]\nmetrics: {}\ncombined: [{parts: [a, b], as: a}]\n',
    );
    writeFileSync(path.join(dir, 'twice.yaml'), 'topics: [dprk-russia, dprk-russia]\n');
    assert.throws(
      () => loadConfig(path.join(dir, 'twice.yaml')),
      (e: unknown) => e instanceof UserError && /both define the metric "troops_deployed"/.test(e.message),
    );
    writeFileSync(path.join(dir, 'fish.yaml'), 'topics: [fish]\n');
    assert.throws(
      () => loadConfig(path.join(dir, 'fish.yaml')),
      (e: unknown) =>
        e instanceof UserError &&
        /fish\.yaml has \d problem\(s\)/.test(e.message) &&
        /metrics: expected at least one metric/.test(e.message) &&
        /combined\.0: names metric "a"/.test(e.message),
    );
  });
});
