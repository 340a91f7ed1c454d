import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { smtpChannel } from '../../src/digest/channels/smtp.js';
import { Delivery } from '../../src/digest/deliver.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { type PipelineDeps, runCycle } from '../../src/pipeline/ingest.js';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { openSqliteStore } from '../../src/store/sqlite/sqliteStore.js';
import { serveSeedFeed } from '../support/corpus.js';
import { type FixtureServer, startFixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { type SmtpFixture, startSmtpServer } from '../support/smtpServer.js';

describe('digests by e-mail through a real SMTP server', () => {
  let web: FixtureServer;
  let smtp: SmtpFixture;
  let dir: string;
  const hostile = '<script>alert("x")</script> N. Korea & Russia';

  before(async () => {
    web = await startFixtureServer();
    smtp = await startSmtpServer();
    serveSeedFeed(web, { title: (i) => (i === 2 ? hostile : `Story ${i}`) });
    dir = mkdtempSync(path.join(tmpdir(), 'figurewatch-mail-'));
  });
  after(async () => {
    await web.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mails one digest with text and HTML parts, escapes feed text, retries a refused send once accepted, and sends nothing the second time', async () => {
    const checked = validateConfig({
      feeds: [{ name: 'Wire', url: web.url('/feed.xml') }],
      fetch: { allowPrivateNetworks: true },
      mail: { host: '127.0.0.1', port: smtp.port, from: 'figurewatch@localhost', to: ['analyst@example.org'] },
    });
    assert.ok(checked.ok);
    const store = openSqliteStore(path.join(dir, 'mail.db'));
    const log = memoryLogger();
    const clock = { now: new Date('2025-07-01T00:00:00Z') };
    const deps: PipelineDeps = {
      store,
      http: fetchUrl,
      logger: log.logger,
      clock: () => clock.now,
      config: checked.value,
      topics: [loadTopic(CONFIG_DIR, 'dprk-russia')],
      content: inlineContent([loadTopic(CONFIG_DIR, 'dprk-russia')]),
      delivery: new Delivery([smtpChannel(checked.value.mail!, undefined, 3000)]),
    };
    try {
      smtp.refusing = true;
      const first = await runCycle(deps);
      assert.ok(first.digest);
      assert.equal(first.delivered, 0);
      assert.equal(smtp.received.length, 0);
      assert.equal(
        (await store.pendingDeliveries(deps.delivery.channelIds)).length,
        1,
        'the refused digest stays in the outbox',
      );
      assert.ok(
        log
          .lines()
          .some(
            (l) =>
              l.msg === 'digest delivery failed; it stays in the outbox and is retried later' &&
              /451/.test(String(l.err)),
          ),
      );

      smtp.refusing = false;
      const tooSoon = await runCycle(deps);
      assert.equal(tooSoon.delivered, 0, 'not retried before its backoff');
      clock.now = new Date(clock.now.getTime() + 2 * 60_000);
      const retried = await runCycle(deps);
      assert.equal(retried.delivered, 1);
      assert.equal(smtp.received.length, 1, 'delivered exactly once');

      const mail = smtp.received[0]!;
      const html = String(mail.html);
      assert.equal(mail.subject, first.digest.subject);
      assert.match(mail.subject ?? '', /^figurewatch: DPRK troops in Russia: 11,000 \(\+\d+ more\)$/);
      assert.match(mail.text ?? '', /^DPRK troops in Russia +11,000$/m, 'where the figure stands');
      assert.match(mail.text ?? '', /«11,000»/, 'the figure marked in its sentence');
      assert.match(html, /<mark style="[^"]+">11,000<\/mark>/);
      assert.ok((mail.text ?? '').includes(web.url('/a/2.html')));
      assert.match(html, /<a style="[^"]+" href="http:\/\/127\.0\.0\.1:\d+\/a\/2\.html">/);
      assert.ok(!html.includes('<script>'), 'no live script from a feed title');
      assert.ok(
        html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; N. Korea &amp; Russia'),
        'the title arrives escaped',
      );

      clock.now = new Date(clock.now.getTime() + 60 * 60_000);
      const again = await runCycle(deps);
      assert.equal(again.digest, null);
      assert.equal(smtp.received.length, 1, 'nothing new, nothing sent');
    } finally {
      await store.close();
    }
  });
});
