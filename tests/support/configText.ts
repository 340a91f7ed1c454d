/**
 * The end of a config file for the kill-and-restart harnesses: retries a second apart (so a killed
 * run's feeds and digests come back within the run), digests to the loopback SMTP server when there
 * is one, and the log level.
 */
export function fastRetryMailLogLines(options: { smtpPort?: number; logLevel: string }): string[] {
  return [
    'retry:',
    '  feedBaseMs: 1000',
    '  digestBaseMs: 1000',
    ...(options.smtpPort === undefined
      ? []
      : [
          'mail:',
          '  host: 127.0.0.1',
          `  port: ${options.smtpPort}`,
          '  from: figurewatch@localhost',
          '  to: [analyst@example.org]',
        ]),
    'log:',
    `  level: ${options.logLevel}`,
  ];
}
