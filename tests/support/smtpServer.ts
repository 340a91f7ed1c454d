import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpFixture {
  port: number;
  received: ParsedMail[];
  /** While true, every message is refused with 451 (a temporary failure). */
  refusing: boolean;
  /**
   * A fault for the next messages: 'hang' never answers the message (the client times out),
   * 'drop' cuts the connection mid-message, 'slow-ack' keeps the message but answers it only
   * after ackDelayMs (a client killed meanwhile never learns that it was delivered).
   */
  fault: 'hang' | 'drop' | 'slow-ack' | null;
  ackDelayMs: number;
  /** Messages kept but not yet acknowledged (slow-ack). */
  unacked: number;
  /** Messages kept whose sender was gone when they were acknowledged: it never learned they were delivered. */
  ackLost: number;
  /** Messages whose data arrived but are not yet parsed and kept in `received`. */
  parsing: number;
  close: () => Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that parses and keeps every message it accepts. */
export async function startSmtpServer(credentials?: { user: string; pass: string }): Promise<SmtpFixture> {
  const fixture: SmtpFixture = {
    port: 0,
    received: [],
    refusing: false,
    fault: null,
    ackDelayMs: 1000,
    unacked: 0,
    ackLost: 0,
    parsing: 0,
    close: async () => {},
  };
  const sockets = new Set<Socket>();
  /** Parses a message and keeps it in `received`, counted in `parsing` until then. */
  const kept = async (stream: Readable): Promise<ParsedMail> => {
    fixture.parsing++;
    try {
      const mail = await simpleParser(stream);
      fixture.received.push(mail);
      return mail;
    } finally {
      fixture.parsing--;
    }
  };
  const byPort = new Map<number, Socket>();
  const accept = (session: { remotePort: number }, callback: (err?: Error | null) => void): void => {
    const socket = byPort.get(session.remotePort);
    if (!socket || socket.destroyed || !socket.writable) fixture.ackLost++;
    callback();
  };
  const server = new SMTPServer({
    authOptional: !credentials,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      if (fixture.fault === 'hang') {
        stream.resume();
        return;
      }
      if (fixture.fault === 'drop') {
        stream.once('data', () => {
          for (const s of sockets) s.destroy();
        });
        stream.resume();
        return;
      }
      if (fixture.fault === 'slow-ack') {
        kept(stream).then(() => {
          fixture.unacked++;
          setTimeout(() => {
            fixture.unacked--;
            accept(session, callback);
          }, fixture.ackDelayMs);
        }, callback);
        return;
      }
      if (fixture.refusing) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      kept(stream).then(() => accept(session, callback), callback);
    },
  });
  // Clients that die mid-session (killed daemons, dropped connections) are expected here.
  server.on('error', () => {});
  server.server.on('connection', (s: Socket) => {
    sockets.add(s);
    if (s.remotePort) byPort.set(s.remotePort, s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.port = (server.server.address() as AddressInfo).port;
  fixture.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fixture;
}
