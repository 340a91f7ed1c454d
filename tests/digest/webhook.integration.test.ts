import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { type Config, validateConfig } from '../../src/config/schema.js';
import type { Channel } from '../../src/digest/channels/channel.js';
import { logChannel } from '../../src/digest/channels/log.js';
import { smtpChannel, smtpRefusalIsPermanent } from '../../src/digest/channels/smtp.js';
import {
  webhookChannel,
  webhookPayload,
  webhookRefusalIsPermanent,
  webhookSignature,
} from '../../src/digest/channels/webhook.js';
import { Delivery } from '../../src/digest/deliver.js';
import type { WebhookBody } from '../../src/digest/webhookBody.js';
import { httpClientOf } from '../../src/http/client.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { type PipelineDeps, runCycle } from '../../src/pipeline/ingest.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { rssFeed, serveSeedFeed } from '../support/corpus.js';
import { type FixtureServer, send, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { startSmtpServer } from '../support/smtpServer.js';

const SECRET = 'a-test-secret';

/** A receiver on 127.0.0.1 that answers with the statuses given, in turn (the last one repeats), and keeps every body. */
function receiver(
  server: FixtureServer,
  pathname: string,
  statuses: number[],
): Array<{ body: Buffer; headers: http.IncomingHttpHeaders }> {
  const received: Array<{ body: Buffer; headers: http.IncomingHttpHeaders }> = [];
  server.routes.set(pathname, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ body: Buffer.concat(chunks), headers: req.headers });
    res.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)]!).end();
  });
  return received;
}

describe('digests to webhooks', () => {
  let web: FixtureServer;
  let hooks: FixtureServer;
  let dir: string;
  const topic = loadTopic(CONFIG_DIR, 'dprk-russia');

  before(async () => {
    web = await startFixtureServer();
    hooks = await startFixtureServer();
    serveSeedFeed(web);
    // A feed whose own text states a figure: read without its (loopback) pages when private addresses are refused.
    web.routes.set(
      '/short.xml',
      send(
        rssFeed('Short', [
          {
            title: 'Story',
            link: web.url('/a/0.html'),
            guid: 's0',
            pubDate: new Date(Date.UTC(2025, 5, 1)).toUTCString(),
            description: 'North Korea has sent about 11,000 troops to Russia, the NIS said.',
          },
        ]),
        'application/rss+xml',
      ),
    );
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-webhook-'));
  });
  after(async () => {
    await web.close();
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function configWith(extra: Record<string, unknown>, feedPath = '/feed.xml'): Config {
    // The pages are on loopback too: allowed for every request, unless the test says otherwise.
    const checked = validateConfig({
      feeds: [{ name: 'Wire', url: web.url(feedPath), allowPrivateNetwork: true }],
      fetch: { allowPrivateNetworks: true },
      ...extra,
    });
    if (!checked.ok) throw new Error(checked.problems.join('; '));
    return checked.value;
  }

  function depsFor(
    store: SqliteStore,
    config: Config,
    channels: Channel[],
    clock: { now: Date },
    logger = memoryLogger().logger,
  ): PipelineDeps {
    return {
      store,
      http: fetchUrl,
      logger,
      clock: () => clock.now,
      config,
      topics: [topic],
      content: inlineContent([topic]),
      delivery: new Delivery(channels),
    };
  }

  function hookChannels(config: Config, logger = memoryLogger().logger): Channel[] {
    const http = httpClientOf(config, fetchUrl);
    return [logChannel(logger), ...config.webhooks.map((h) => webhookChannel(h, http, SECRET))];
  }

  it('POSTs the versioned JSON digest, signed, once; the next cycle sends nothing again', async () => {
    const received = receiver(hooks, '/signed', [204]);
    const config = configWith({ webhooks: [{ url: hooks.url('/signed'), allowPrivateNetwork: true }] });
    const store = openSqliteStore(path.join(dir, 'signed.db'));
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    try {
      const first = await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.equal(first.delivered, 2, 'the log and the webhook');
      assert.equal(received.length, 1);
      const { body, headers } = received[0]!;
      assert.equal(headers['content-type'], 'application/json');
      assert.equal(
        headers['x-figurewatch-signature'],
        `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
        'signed over the raw body',
      );
      const json = JSON.parse(body.toString('utf8')) as WebhookBody;
      assert.equal(headers['x-figurewatch-delivery'], String(json.digestId), 'a receiver can drop a repeat by this id');
      assert.equal(json.version, 1);
      assert.match(json.subject, /^figurewatch: DPRK troops in Russia/);
      const troops = json.estimates.find((e) => e.metric === 'troops_deployed');
      assert.deepEqual(
        [troops?.current?.low, troops?.current?.text, troops?.current?.source],
        [11_000, '11,000', 'Western intelligence'],
      );
      const change = json.changes.find((c) => c.metric === 'troops_deployed' && c.kind === 'estimate');
      assert.ok(change?.new, JSON.stringify(json.changes));
      assert.match(change.new.quote, /11,000/);
      assert.match(change.new.article.url, /^http:\/\/127\.0\.0\.1:\d+\/a\/\d\.html$/);
      assert.equal(change.headline, 'First estimate: 11,000');

      clock.now = new Date('2025-07-01T01:00:00Z');
      const second = await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.equal(second.delivered, 0);
      assert.equal(received.length, 1, 'no second delivery');
    } finally {
      await store.close();
    }
  });

  it('retries a receiver that answered 500 and delivers the digest once it answers 200', async () => {
    const received = receiver(hooks, '/flaky', [500, 200]);
    const config = configWith({
      webhooks: [{ url: hooks.url('/flaky'), allowPrivateNetwork: true }],
      retry: { digestBaseMs: 60_000 },
    });
    const store = openSqliteStore(path.join(dir, 'flaky.db'));
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    try {
      const first = await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.deepEqual([first.delivered, first.undelivered], [1, 1], 'the log took it, the receiver did not');
      const [digest] = await store.digests(1);
      const hook = digest!.deliveries.find((d) => d.channel.startsWith('webhook'));
      assert.deepEqual([hook?.sentAt, hook?.failedAt, hook?.attempts], [null, null, 1]);
      assert.match(hook?.lastError ?? '', /HTTP 500/);

      clock.now = new Date('2025-07-01T00:00:30Z');
      await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.equal(received.length, 1, 'not retried before its backoff');

      clock.now = new Date('2025-07-01T00:02:00Z');
      const retried = await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.equal(retried.delivered, 1);
      assert.equal(received.length, 2);
      assert.equal(received[1]!.body.toString(), received[0]!.body.toString(), 'the same digest');

      clock.now = new Date('2025-07-01T03:00:00Z');
      await runCycle(depsFor(store, config, hookChannels(config), clock));
      assert.equal(received.length, 2, 'delivered once');
    } finally {
      await store.close();
    }
  });

  it('marks a receiver that answered 410 as failed for good, without holding back the mail', async () => {
    const received = receiver(hooks, '/gone', [410]);
    const smtp = await startSmtpServer();
    const config = configWith({
      webhooks: [{ url: hooks.url('/gone'), allowPrivateNetwork: true }],
      mail: { host: '127.0.0.1', port: smtp.port, from: 'figurewatch@localhost', to: ['analyst@example.org'] },
    });
    const store = openSqliteStore(path.join(dir, 'gone.db'));
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    const log = memoryLogger();
    const channels = (): Channel[] => [
      smtpChannel(config.mail!, undefined, 3000),
      webhookChannel(config.webhooks[0]!, httpClientOf(config, fetchUrl), undefined),
    ];
    try {
      const first = await runCycle(depsFor(store, config, channels(), clock, log.logger));
      assert.deepEqual([first.delivered, first.undelivered], [1, 1]);
      assert.equal(smtp.received.length, 1, 'the mail went out');
      assert.equal(received.length, 1);
      const [digest] = await store.digests(1);
      const hook = digest!.deliveries.find((d) => d.channel.startsWith('webhook'));
      assert.ok(hook?.failedAt, 'refused for good');
      assert.equal(hook?.nextAttemptAt, null);
      assert.ok(
        log
          .lines()
          .some(
            (l) =>
              l.msg ===
              'digest refused for good on this channel; it is not tried again there (the other channels are not affected)',
          ),
      );

      clock.now = new Date('2025-07-02T00:00:00Z');
      await runCycle(depsFor(store, config, channels(), clock, log.logger));
      assert.equal(received.length, 1, 'never tried again');
      assert.equal(smtp.received.length, 1, 'the mail is not repeated');
    } finally {
      await store.close();
      await smtp.close();
    }
  });

  it('refuses a receiver on a private address unless its config allows it, connecting to nothing', async () => {
    const received = receiver(hooks, '/private', [204]);
    // Nothing is allowed on private addresses but the feed itself: the pages and the receiver are refused.
    const config = configWith(
      { webhooks: [{ url: hooks.url('/private') }], fetch: { allowPrivateNetworks: false } },
      '/short.xml',
    );
    const store = openSqliteStore(path.join(dir, 'private.db'));
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    const log = memoryLogger();
    try {
      const first = await runCycle(depsFor(store, config, hookChannels(config, log.logger), clock, log.logger));
      assert.equal(first.undelivered, 1);
      assert.equal(received.length, 0, 'no request reached the receiver');
      assert.equal(hooks.requests.filter((r) => r.path === '/private').length, 0);
      assert.ok(
        log
          .lines()
          .some((l) =>
            /webhook .* did not accept the digest: refused http:\/\/127\.0\.0\.1:\d+\/private: 127\.0\.0\.1 is a loopback/.test(
              String(l.err),
            ),
          ),
        JSON.stringify(log.lines().filter((l) => l.err)),
      );
    } finally {
      await store.close();
    }
  });
});

describe('delivery errors', () => {
  it('counts a webhook 4xx as final, but not 408, 429, 5xx or a failed connection', () => {
    assert.equal(webhookRefusalIsPermanent(410), true);
    assert.equal(webhookRefusalIsPermanent(400), true);
    assert.equal(webhookRefusalIsPermanent(408), false);
    assert.equal(webhookRefusalIsPermanent(429), false);
    assert.equal(webhookRefusalIsPermanent(500), false);
    assert.equal(webhookRefusalIsPermanent(undefined), false);
  });

  it('counts an SMTP 5xx as final, and a 4xx as passing', () => {
    assert.equal(smtpRefusalIsPermanent({ responseCode: 550 }), true);
    assert.equal(smtpRefusalIsPermanent({ responseCode: 451 }), false);
    assert.equal(smtpRefusalIsPermanent({ code: 'ECONNECTION' }), false);
  });

  it('signs with HMAC-SHA256 in the form receivers check', () => {
    assert.equal(
      webhookSignature('key', Buffer.from('The quick brown fox jumps over the lazy dog')),
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('sends Slack and Mattermost a {"text"} body', () => {
    const body = webhookPayload(
      { format: 'slack' },
      { id: 3, createdAt: '2025-07-01T00:00:00Z', data: null, rendered: { subject: 'S', text: 'line one', html: '' } },
    );
    assert.deepEqual(JSON.parse(body.toString('utf8')), { text: '*S*\n\nline one' });
  });
});
