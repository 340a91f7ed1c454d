import { UserError } from '../../config/errors.js';
import { readLock } from '../../daemon/storeLock.js';
import { startWebServer, type WebServer } from '../../web/server.js';
import { type Context, openContext } from '../context.js';
import type { GlobalOptions } from '../globals.js';
import { onStopSignal } from '../stopSignals.js';

/** The page over a context's store; a port in use or a host that cannot be bound is one clear line. */
export async function servePage(ctx: Context, host: string, port: number): Promise<WebServer> {
  try {
    return await startWebServer(
      {
        store: ctx.store,
        topics: ctx.topics,
        bandWindowDays: ctx.config.estimates.bandWindowDays,
        logger: ctx.logger,
        daemon: () => readLock(ctx.storePath),
      },
      { host, port },
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`port ${port} on ${host} is in use: pick another with --port (or web.port in the config)`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES')
      throw new UserError(
        `cannot listen on ${host}:${port} (${code}): use an address of this machine and a port above 1023`,
      );
    throw err;
  }
}

/** The read-only page alone, beside a daemon or without one, until SIGINT or SIGTERM. */
export async function serveCommand(opts: { host?: string; port?: string }, globals: GlobalOptions): Promise<void> {
  const port = Number(opts.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port "${opts.port}" is not a port number: use e.g. 8080`);
  const ctx = await openContext(globals, { readOnly: true });
  try {
    const server = await servePage(ctx, opts.host ?? ctx.config.web?.host ?? '127.0.0.1', port);
    process.stdout.write(`figurewatch page at ${server.url}/ (read-only; Ctrl-C stops it)\n`);
    await new Promise<void>((resolve) => {
      const release = onStopSignal(() => {
        release();
        resolve();
      });
    });
    await server.close();
  } finally {
    await ctx.close();
  }
}
