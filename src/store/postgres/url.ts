/**
 * PostgreSQL URLs as shown to people, and failures as the operator can fix them. Free of the `pg`
 * package, so that commands on a SQLite store never load it.
 */

/** A PostgreSQL URL as it may be shown: the password removed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');
  }
}

/** Where the URL points, for messages: user@host:port/database, no password. */
export function targetOf(url: string): { host: string; port: string; database: string; user: string } {
  try {
    const parsed = new URL(url);
    return {
      host: parsed.hostname || 'localhost',
      port: parsed.port || '5432',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default)',
      user: decodeURIComponent(parsed.username) || '(default)',
    };
  } catch {
    return { host: '?', port: '?', database: '?', user: '?' };
  }
}

/**
 * What a PostgreSQL failure means for the operator, with the fix; null when it is not one of
 * theirs. Never includes the password.
 */
export function postgresProblem(err: unknown, url: string): string | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const t = targetOf(url);
  const where = `PostgreSQL at ${t.host}:${t.port}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${where} (connection refused): start the server, or fix the host and port in store.url`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot find the host ${t.host} of store.url (${code}): fix the host name in store.url`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time (${code}): check that it runs and that the network lets figurewatch reach it`;
    case '28P01':
      return `${where} refused the password of user ${t.user}: set the right one in FIGUREWATCH_DB_PASSWORD (or in store.url)`;
    case '28000':
      return `${where} refused user ${t.user} (${(err as Error).message}): create the role, or allow it in pg_hba.conf`;
    case '3D000':
      return `the database ${t.database} does not exist on ${where}: create it (createdb ${t.database}) or fix the database name in store.url`;
    case '53300':
      return `${where} has no free connection (too many clients): raise max_connections, or run fewer workers`;
    case '53100':
      return `the disk of ${where} is full (${code}): free some space; figurewatch retries on the next cycle and loses nothing`;
    case '57P01':
    case '57P02':
    case '57P03':
      return `${where} is shutting down or starting (${code}): figurewatch retries on the next cycle and loses nothing`;
    case '42501':
      return `user ${t.user} may not write the database ${t.database} (${(err as Error).message}): grant it the rights (owner of the database)`;
    default:
      return null;
  }
}
