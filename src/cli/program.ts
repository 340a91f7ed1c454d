import { Command, CommanderError, Option } from 'commander';
import { UserError } from '../config/errors.js';
import { type BackfillFlags, backfillCommand } from './commands/backfill.js';
import { demoCommand } from './commands/demo.js';
import { digestCommand } from './commands/digest.js';
import { evalCommand } from './commands/eval.js';
import { extractCommand } from './commands/extract.js';
import { historyCommand } from './commands/history.js';
import { mailTestCommand } from './commands/mailTest.js';
import { migrateCommand } from './commands/migrate.js';
import { onceCommand } from './commands/once.js';
import { reextractCommand } from './commands/reextract.js';
import { rejectCommand } from './commands/reject.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { statusCheckCommand, statusCommand } from './commands/status.js';
import type { GlobalOptions } from './globals.js';

export type { GlobalOptions };

const TOPIC_OPTION_HELP =
  "a topic's name (its file under config/topics/) or the path of a topic file (default: the config's first topic)";

function program(): Command {
  const root = new Command('figurewatch')
    .description('Watches news feeds for the figures an analyst tracks and reports when an estimate changes.')
    .version('0.1.0')
    .option('-c, --config <path>', 'config file (default: $FIGUREWATCH_CONFIG, else config/figurewatch.yaml)')
    .addOption(
      new Option('--log-level <level>', 'override log.level from the config').choices([
        'fatal',
        'error',
        'warn',
        'info',
        'debug',
        'trace',
        'silent',
      ]),
    )
    .showHelpAfterError('(run figurewatch --help for usage)')
    // Each subcommand's --help lists the global options too, since it takes them as well (inherited below).
    .configureHelp({ showGlobalOptions: true })
    // Usage errors exit 2 like every other user error; the subcommands defined below inherit this.
    .exitOverride();

  root
    .command('once')
    .description(
      'Poll every feed once, fetch new articles, extract figures, store them and log a digest of what changed.',
    )
    .option('--force', 'poll every feed now, also those waiting to retry after failures')
    .action((opts: { force?: boolean }, cmd: Command) => onceCommand(opts, cmd.optsWithGlobals<GlobalOptions>()));

  root
    .command('run')
    .description(
      "Run as a daemon: a cycle on the config's cron schedule until SIGINT or SIGTERM, then finish the cycle in flight and exit 0.",
    )
    .option('--now', 'run a first cycle at start instead of waiting for the schedule')
    .action((opts: { now?: boolean }, cmd: Command) => runCommand(opts, cmd.optsWithGlobals<GlobalOptions>()));

  root
    .command('backfill')
    .description(
      'Build the history from older articles, in publication order; resumable, and sends no e-mail unless asked.',
    )
    .option('--dir <folder>', 'saved articles (.html, .htm, .txt); the time comes from the page metadata or the file')
    .option('--urls <file>', 'a file of article URLs, one per line')
    .option('--feeds', "the configured feeds' current items (the default when no other source is given)")
    .option('--since <date>', 'only articles published on or after this date')
    .option('--until <date>', 'only articles published on or before this date')
    .option('--send-digest', 'send one summary digest at the end')
    .action((flags: BackfillFlags, cmd: Command) => backfillCommand(flags, cmd.optsWithGlobals<GlobalOptions>()));

  root
    .command('reextract')
    .description(
      'Re-run extraction over every stored article after the extractor or a topic changed; reports only the differences.',
    )
    .option('--send-digest', 'mail the differences as one digest')
    .action((flags: { sendDigest?: boolean }, cmd: Command) =>
      reextractCommand(flags, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('status')
    .description("Print the current estimate of each tracked figure, the feeds' health and the last cycle.")
    .option('--check', 'healthcheck: exit 0 when a daemon runs with a fresh heartbeat, 1 otherwise')
    .option('--json', 'print the same information as JSON, for scripts')
    .action((opts: { check?: boolean; json?: boolean }, cmd: Command) =>
      opts.check
        ? statusCheckCommand(cmd.optsWithGlobals<GlobalOptions>())
        : statusCommand(opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('history')
    .description(
      'Print the timeline of one figure: every claim with its date, value, source and article; rejected claims struck.',
    )
    .argument('<metric>', 'a metric of the topics, e.g. troops_deployed')
    .option('--by-source', 'one series per source (NIS, UK Ministry of Defence, Ukraine, ...)')
    .option('--json', 'print the claims as JSON, for scripts')
    .action((metric: string, opts: { bySource?: boolean; json?: boolean }, cmd: Command) =>
      historyCommand(metric, opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('reject')
    .description(
      'Mark a claim as a wrong extraction: it leaves the estimates and never alerts again; history shows it struck.',
    )
    .argument('<claim-id>', 'the claim number shown by history')
    .option('-r, --reason <text>', 'why it is wrong, kept with the claim')
    .action((id: string, opts: { reason?: string }, cmd: Command) =>
      rejectCommand(id, opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('digest')
    .description(
      'Show a digest without sending anything: the next one, exactly as a cycle would send it, or one already sent.',
    )
    .option('--preview', 'the next digest: every change recorded since the last one')
    .option('--last', 'the last digest assembled')
    .option('--show <id>', 'a digest from the archive, by its id')
    .option('--html <file>', 'write its HTML part to this file')
    .option('--json', 'print its data (the digest before rendering) as JSON')
    .action((opts: { preview?: boolean; last?: boolean; show?: string; html?: string; json?: boolean }, cmd: Command) =>
      digestCommand(opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('demo')
    .description(
      'A first look, with no network or config needed: serves the example feed (examples/local-feed) on loopback, runs one cycle on a temporary store, prints the digest and the figures.',
    )
    .action((_opts, cmd: Command) => demoCommand(cmd.optsWithGlobals<GlobalOptions>()));

  root
    .command('serve')
    .description(
      'Serve the read-only web page (figures, charts, claims, feeds, digests; Atom, JSON and CSV exports) until Ctrl-C.',
    )
    .option('--host <address>', 'address to listen on (default: web.host in the config, else 127.0.0.1)')
    .option('--port <port>', 'port to listen on', '8080')
    .action((opts: { host?: string; port?: string }, cmd: Command) =>
      serveCommand(opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('migrate')
    .description(
      'Copy a SQLite store (articles, claims, changes, digests, feeds, runs) into an empty PostgreSQL database, for several workers.',
    )
    .requiredOption('--from <file>', 'the SQLite store, e.g. state/figurewatch.db')
    .requiredOption(
      '--to <url>',
      'postgres://user@host:5432/database (password from FIGUREWATCH_DB_PASSWORD or the URL)',
    )
    .action((opts: { from: string; to: string }) => migrateCommand(opts));

  root
    .command('mail-test')
    .description("Send a test message with the config's mail settings (password from FIGUREWATCH_SMTP_PASSWORD).")
    .action((_opts, cmd: Command) => mailTestCommand(cmd.optsWithGlobals<GlobalOptions>()));

  root
    .command('extract')
    .description('Print the claims found in text or HTML files, or in pages at URLs (nothing is stored).')
    .argument('<inputs...>', 'files (.txt, .html) or http(s) URLs')
    .option('-t, --topic <name|file>', TOPIC_OPTION_HELP)
    .addOption(
      new Option(
        '-f, --format <format>',
        'json: one {"doc","claims"} object per input per line, as the gold files; table: for reading',
      )
        .choices(['json', 'table'])
        .default('table'),
    )
    .action((inputs: string[], opts: { topic?: string; format: 'json' | 'table' }, cmd: Command) =>
      extractCommand(inputs, opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  root
    .command('eval')
    .description(
      'Score the extractor on every *.txt with a *.labels.json beside it: precision, recall, F1, field accuracy, misses and false claims.',
    )
    .argument('<dir>', 'folder of labelled documents')
    .option('-t, --topic <name|file>', TOPIC_OPTION_HELP)
    .option('--json', 'print the report as JSON')
    .option('--split <part>', 'only the documents of this part of DIR/split.json (e.g. tune or heldout)')
    .option(
      '--summary',
      'only the scores, no document, quote or figure: for a held-out part, measured without being read',
    )
    .action((dir: string, opts: { topic?: string; json?: boolean; split?: string; summary?: boolean }, cmd: Command) =>
      evalCommand(dir, opts, cmd.optsWithGlobals<GlobalOptions>()),
    );

  return root;
}

const EXIT_USAGE = 2;

/** Parses the command line and runs the command; user errors become one line and an exit code. */
export async function runProgram(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the help, version or the usage problem already.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(`figurewatch: ${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`figurewatch: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
