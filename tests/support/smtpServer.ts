import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpFixture {
  port: number;
  received: ParsedMail[];
  /** While true, every message is refused with 451 (a temporary failure). */
  refusing: boolean;
  close: () => Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that parses and keeps every message it accepts. */
export async function startSmtpServer(credentials?: { user: string; pass: string }): Promise<SmtpFixture> {
  const fixture = { port: 0, received: [] as ParsedMail[], refusing: false, close: async () => {} };
  const server = new SMTPServer({
    authOptional: !credentials,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      if (fixture.refusing) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream).then((mail) => {
        fixture.received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.port = (server.server.address() as AddressInfo).port;
  fixture.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fixture;
}
