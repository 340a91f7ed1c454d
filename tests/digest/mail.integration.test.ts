import assert from 'node:assert/strict';
import { inlineContent } from '../../src/sandbox/contentPool.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTopic } from '../../src/config/load.js';
import { validateConfig } from '../../src/config/schema.js';
import { runCycle, type CycleDeps } from '../../src/daemon/cycle.js';
import { mailSender } from '../../src/digest/mailSender.js';
import { fetchUrl } from '../../src/http/fetch.js';
import { openSqliteStore } from '../../src/store/sqliteStore.js';
import { articlePage, rssFeed, seedArticles } from '../support/corpus.js';
import { send, startFixtureServer, type FixtureServer } from '../support/fixtureServer.js';
import { memoryLogger } from '../support/logger.js';
import { CONFIG_DIR } from '../support/paths.js';
import { startSmtpServer, type SmtpFixture } from '../support/smtpServer.js';

describe('digests by e-mail through a real SMTP server', () => {
  let web: FixtureServer;
  let smtp: SmtpFixture;
  let dir: string;
  const seeds = seedArticles();
  const hostile = '<script>alert("x")</script> N. Korea & Russia';

  before(async () => {
    web = await startFixtureServer();
    smtp = await startSmtpServer();
    seeds.forEach((s, i) => web.routes.set(`/a/${i}.html`, send(articlePage(s, new Date(Date.UTC(2025, 5, 1 + i)).toISOString()), 'text/html')));
    web.routes.set("/feed.xml", send(rssFeed("Wire", seeds.map((_, i) => ({
      title: i === 2 ? hostile : `Story ${i}`, link: web.url(`/a/${i}.html`), guid: `g${i}`,
      pubDate: new Date(Date.UTC(2025, 5, 1 + i)).toUTCString(), description: 'Summary.',
    }))), 'application/rss+xml'));
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
    const deps: CycleDeps = {
      store, http: fetchUrl, logger: log.logger, clock: () => clock.now, config: checked.value,
      topics: [loadTopic(CONFIG_DIR, 'dprk-russia')], content: inlineContent([loadTopic(CONFIG_DIR, 'dprk-russia')]), sender: mailSender(checked.value.mail!, undefined, 3000),
    };
    try {
      smtp.refusing = true;
      const first = await runCycle(deps);
      assert.ok(first.digest);
      assert.equal(first.delivered, 0);
      assert.equal(smtp.received.length, 0);
      assert.equal(store.pendingOutbox().length, 1, 'the refused digest stays in the outbox');
      assert.ok(log.lines().some((l) => l.msg === 'digest delivery failed; it stays in the outbox and is retried later' && /451/.test(String(l.err))));

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
      assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; N. Korea &amp; Russia'), 'the title arrives escaped');

      clock.now = new Date(clock.now.getTime() + 60 * 60_000);
      const again = await runCycle(deps);
      assert.equal(again.digest, null);
      assert.equal(smtp.received.length, 1, 'nothing new, nothing sent');
    } finally {
      store.close();
    }
  });
});
