import { type LevelWithSilent, type Logger, pino } from 'pino';
import PinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable lines instead of JSON; defaults to whether stderr is a terminal. */
  pretty?: boolean;
  /** Where to write; defaults to stderr so that stdout stays clean for command output. */
  destination?: NodeJS.WritableStream;
}

const REDACT = ['password', 'pass', '*.password', '*.pass', 'auth.pass', 'mail.password', 'config.mail.password'];

/** Multi-line text logged as a field (a digest) shown as its lines on a terminal, not one escaped string. */
export function indentedText(value: unknown): string {
  return `\n${String(value)
    .split('\n')
    .map((line) => `    ${line}`.trimEnd())
    .join('\n')}`;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const base = { level: options.level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined };
  if (pretty) {
    return pino(
      base,
      PinoPretty({
        destination: options.destination ?? 2,
        sync: true,
        colorize: options.destination === undefined,
        translateTime: 'SYS:HH:MM:ss',
        customPrettifiers: { digest: indentedText },
      }),
    );
  }
  // Synchronous writes: a daemon killed mid-cycle must not lose the lines that explain why.
  return pino(base, options.destination ?? pino.destination({ dest: 2, sync: true }));
}
