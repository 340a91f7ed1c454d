import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OutboxDigest } from '../../src/digest/channels/channel.js';
import { smtpChannel } from '../../src/digest/channels/smtp.js';
import { type SmtpFixture, startSmtpServer } from '../support/smtpServer.js';

describe('smtpChannel against a real SMTP server on 127.0.0.1', () => {
  let smtp: SmtpFixture;
  before(async () => {
    smtp = await startSmtpServer({ user: 'fw', pass: 's3cret' });
  });
  after(() => smtp.close());

  const digest = (id: number, subject: string, text: string, html: string): OutboxDigest => ({
    id,
    createdAt: '',
    data: null,
    rendered: { subject, text, html },
  });
  const mail = (port: number) => ({
    host: '127.0.0.1',
    port,
    secure: false,
    user: 'fw',
    from: 'figurewatch@localhost',
    to: ['a@example.org', 'b@example.org'],
  });

  it('delivers the digest to every recipient, authenticating with the password from the environment', async () => {
    await smtpChannel(mail(smtp.port), 's3cret', 3000).send(
      digest(7, 'figurewatch: 1 change', 'Body text', '<p>Body <b>html</b></p>'),
    );
    assert.equal(smtp.received.length, 1);
    const got = smtp.received[0]!;
    assert.equal(got.subject, 'figurewatch: 1 change');
    assert.equal(got.text?.trim(), 'Body text');
    assert.match(String(got.html), /<b>html<\/b>/);
    assert.equal(got.headers.get('x-figurewatch-outbox-id'), '7');
    const to = got.to;
    assert.deepEqual(
      (Array.isArray(to) ? to : [to]).flatMap((t) => t?.value.map((v) => v.address)),
      ['a@example.org', 'b@example.org'],
    );
  });

  it('says what failed and how to fix it, without the password', async () => {
    await assert.rejects(
      smtpChannel(mail(smtp.port), 'wrong', 3000).send(digest(1, 's', 't', '')),
      (e: Error) =>
        /SMTP 127\.0\.0\.1:\d+ did not accept the digest \(EAUTH/.test(e.message) && !e.message.includes('wrong'),
    );
    smtp.refusing = true;
    await assert.rejects(smtpChannel(mail(smtp.port), 's3cret', 3000).send(digest(2, 's', 't', '')), (e: Error) =>
      /451/.test(e.message),
    );
    smtp.refusing = false;
  });
});
