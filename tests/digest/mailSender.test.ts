import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { mailSender } from '../../src/digest/mailSender.js';

describe('mailSender against a real SMTP server on 127.0.0.1', () => {
  const received: ParsedMail[] = [];
  let refuse = false;
  let server: SMTPServer;
  let port = 0;

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'fw' && auth.password === 's3cret') callback(null, { user: 'fw' });
        else callback(new Error('bad credentials'));
      },
      onData(stream, _session, callback) {
        if (refuse) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })));
          return;
        }
        simpleParser(stream).then((mail) => { received.push(mail); callback(); }, callback);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const mail = (p: number) => ({ host: '127.0.0.1', port: p, secure: false, user: 'fw', from: 'figurewatch@localhost', to: ['a@example.org', 'b@example.org'] });

  it('delivers the digest to every recipient, authenticating with the password from the environment', async () => {
    await mailSender(mail(port), 's3cret', 3000).send({ id: 7, createdAt: '', subject: 'figurewatch: 1 change', text: 'Body text', html: null, attempts: 0 });
    assert.equal(received.length, 1);
    assert.equal(received[0]!.subject, 'figurewatch: 1 change');
    assert.equal(received[0]!.text?.trim(), 'Body text');
    assert.equal(received[0]!.headers.get('x-figurewatch-outbox-id'), '7');
    const to = received[0]!.to;
    assert.deepEqual((Array.isArray(to) ? to : [to]).flatMap((t) => t?.value.map((v) => v.address)), ['a@example.org', 'b@example.org']);
  });

  it('says what failed and how to fix it, without the password', async () => {
    await assert.rejects(mailSender(mail(port), 'wrong', 3000).send({ id: 1, createdAt: '', subject: 's', text: 't', html: null, attempts: 0 }),
      (e: Error) => /SMTP 127\.0\.0\.1:\d+ did not accept the digest \(EAUTH/.test(e.message) && !e.message.includes('wrong'));
    refuse = true;
    await assert.rejects(mailSender(mail(port), 's3cret', 3000).send({ id: 2, createdAt: '', subject: 's', text: 't', html: null, attempts: 0 }),
      (e: Error) => /550/.test(e.message));
    refuse = false;
  });
});
