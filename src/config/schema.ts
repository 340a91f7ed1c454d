import { z } from 'zod';
import cron from 'node-cron';

const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL');

export const feedSchema = z.strictObject({
  name: z.string().min(1).describe('Name shown in logs, status and digests'),
  url: httpUrl.describe('RSS or Atom feed address'),
});

export const configSchema = z.strictObject({
  schedule: z.string()
    .refine((s) => cron.validate(s), 'expected a cron expression such as "*/30 * * * *"')
    .default('*/30 * * * *')
    .describe('When the daemon runs a cycle (node-cron syntax)'),
  timezone: z.string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone such as "UTC" or "Europe/London"')
    .default('UTC'),
  shutdownGraceMs: z.number().int().min(0).max(600_000).default(30_000)
    .describe('After SIGINT/SIGTERM, how long the cycle in flight may take before it is abandoned (and redone at the next start)'),
  store: z.strictObject({
    path: z.string().min(1).default('state/figurewatch.db').describe('SQLite file; relative paths start at the working directory'),
  }).default({ path: 'state/figurewatch.db' }),
  topics: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a topic file name such as "dprk-russia"'))
    .min(1).default(['dprk-russia']).describe('Topic files under config/topics/'),
  feeds: z.array(feedSchema).default([]),
  fetch: z.strictObject({
    timeoutMs: z.number().int().min(100).max(300_000).default(15_000).describe('Whole request, redirects included'),
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe('Opening the connection'),
    maxBytes: z.number().int().min(1024).default(5 * 1024 * 1024).describe('Largest body accepted, after decompression'),
    maxRedirects: z.number().int().min(0).max(20).default(5),
    concurrency: z.number().int().min(1).max(64).default(4).describe('Requests in flight at once'),
    perHostConcurrency: z.number().int().min(1).max(16).default(2).describe('Requests in flight to one host'),
    allowPrivateNetworks: z.boolean().default(false).describe('Allow article links to loopback, private and link-local addresses'),
  }).default({ timeoutMs: 15_000, connectTimeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, concurrency: 4, perHostConcurrency: 2, allowPrivateNetworks: false }),
  mail: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false),
    user: z.string().optional().describe('SMTP user; the password comes from FIGUREWATCH_SMTP_PASSWORD'),
    from: z.string().min(3),
    to: z.array(z.string().email('expected an e-mail address')).min(1),
  }).optional(),
  retry: z.strictObject({
    feedBaseMs: z.number().int().min(1000).default(300_000).describe('First wait before a failed feed is polled again; doubles per failure, at most a day'),
    digestBaseMs: z.number().int().min(1000).default(60_000).describe('First wait before a digest that failed to send is tried again; doubles per failure, at most an hour'),
  }).default({ feedBaseMs: 300_000, digestBaseMs: 60_000 }),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).default({ level: 'info' }),
});

export type Config = z.infer<typeof configSchema>;
export type FeedConfig = z.infer<typeof feedSchema>;

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Every problem at once, each naming its key and what is expected. */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${key}: ${message}`;
  });
}

export function validateConfig(raw: unknown): Validation<Config> {
  const parsed = configSchema.safeParse(raw ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}
