import cron from 'node-cron';
import { z } from 'zod';
import { canonicalUrl } from '../dedupe/canonicalUrl.js';
import { nearestName } from '../model/nearestName.js';
import { withoutCredentials } from '../model/untrusted.js';

const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, 'expected an http:// or https:// URL');

/** A topic's name: its file under config/topics/ without `.yaml`. */
export const TOPIC_NAME = /^[a-z0-9][a-z0-9-]*$/;

export const feedSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name shown in logs, status and digests'),
    url: httpUrl.describe('RSS or Atom feed address (user:password@ in it is used for the request, never shown)'),
    allowPrivateNetwork: z
      .boolean()
      .default(false)
      .describe('The feed (and its redirects) may be on a loopback, private or link-local address'),
  })
  .transform(({ url, ...feed }): FeedConfig => {
    // The URL everyone sees (logs, store, status, digests) carries no credentials; only the request does.
    const shown = withoutCredentials(url);
    return shown === url ? { ...feed, url } : { ...feed, url: shown, requestUrl: url };
  });

export const configSchema = z.strictObject({
  schedule: z
    .string()
    .refine((s) => cron.validate(s), 'expected a cron expression such as "*/30 * * * *"')
    .default('*/30 * * * *')
    .describe('When the daemon runs a cycle (node-cron syntax)'),
  timezone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone such as "UTC" or "Europe/London"')
    .default('UTC'),
  shutdownGraceMs: z
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(30_000)
    .describe(
      'After SIGINT/SIGTERM, how long the cycle in flight may take before it is abandoned (and redone at the next start)',
    ),
  store: z
    .strictObject({
      path: z
        .string()
        .min(1)
        .default('state/figurewatch.db')
        .describe("SQLite file; a relative path starts at the config file's folder"),
      url: z
        .string()
        .regex(
          /^postgres(ql)?:\/\/[^/]/,
          'expected a PostgreSQL URL such as postgres://figurewatch@db.example.org:5432/figurewatch',
        )
        .optional()
        .describe(
          'PostgreSQL shared by several workers instead of the SQLite file (password from FIGUREWATCH_DB_PASSWORD or the URL)',
        ),
      leaseMs: z
        .number()
        .int()
        .min(1000)
        .max(24 * 3_600_000)
        .default(900_000)
        .describe(
          "PostgreSQL: how long a worker holds a feed or a delivery it took; a killed worker's feeds return to the others after it. Keep it above cycle.deadlineMs plus a page's fetch time",
        ),
      heartbeatMs: z
        .number()
        .int()
        .min(500)
        .max(3_600_000)
        .default(30_000)
        .describe(
          'PostgreSQL: how often a running worker writes its heartbeat row (status shows workers heard from within 3 of these)',
        ),
    })
    .default({ path: 'state/figurewatch.db', leaseMs: 900_000, heartbeatMs: 30_000 }),
  topics: z
    .array(z.string().regex(TOPIC_NAME, 'expected a topic file name such as "dprk-russia"'))
    .min(1)
    .default(['dprk-russia'])
    .describe('Topic files under config/topics/'),
  feeds: z.array(feedSchema).default([]),
  fetch: z
    .strictObject({
      timeoutMs: z.number().int().min(100).max(300_000).default(15_000).describe('Whole request, redirects included'),
      connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000).describe('Opening the connection'),
      maxBytes: z
        .number()
        .int()
        .min(1024)
        .default(5 * 1024 * 1024)
        .describe('Largest body accepted, after decompression'),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      concurrency: z.number().int().min(1).max(64).default(4).describe('Requests in flight at once'),
      perHostConcurrency: z.number().int().min(1).max(16).default(2).describe('Requests in flight to one host'),
      allowPrivateNetworks: z
        .boolean()
        .default(false)
        .describe('Allow every request (feeds and article links) to loopback, private and link-local addresses'),
      maxItemsPerFeed: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(100)
        .describe('New items read from one feed in one cycle, newest first; the rest wait for the next cycle'),
    })
    .default({
      timeoutMs: 15_000,
      connectTimeoutMs: 10_000,
      maxBytes: 5 * 1024 * 1024,
      maxRedirects: 5,
      concurrency: 4,
      perHostConcurrency: 2,
      allowPrivateNetworks: false,
      maxItemsPerFeed: 100,
    }),
  cycle: z
    .strictObject({
      deadlineMs: z
        .number()
        .int()
        .min(1000)
        .max(24 * 3_600_000)
        .default(600_000)
        .describe('A cycle starts no new article after this long; what is left waits for the next cycle'),
      commitEvery: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(25)
        .describe("Articles of one feed committed together; a feed's last articles commit with its state"),
    })
    .default({ deadlineMs: 600_000, commitEvery: 25 }),
  pages: z
    .strictObject({
      retryForHours: z
        .number()
        .min(0)
        .max(24 * 30)
        .default(24)
        .describe('How long a page that failed (timeout, 5xx, connection) is tried again on later cycles'),
      recheckForHours: z
        .number()
        .min(0)
        .max(24 * 30)
        .default(48)
        .describe('Pages of articles younger than this are re-read (conditional GET) for edits; 0 turns it off'),
      recheckEveryMinutes: z.number().int().min(1).default(120).describe('How often one page is re-read while young'),
      maxPerCycle: z.number().int().min(0).max(10_000).default(100).describe('Page retries and re-reads in one cycle'),
    })
    .default({ retryForHours: 24, recheckForHours: 48, recheckEveryMinutes: 120, maxPerCycle: 100 }),
  estimates: z
    .strictObject({
      bandWindowDays: z
        .number()
        .int()
        .min(1)
        .max(3650)
        .default(90)
        .describe('The band beside an estimate: the latest figure of each source within this many days of it'),
    })
    .default({ bandWindowDays: 90 }),
  extract: z
    .strictObject({
      threads: z
        .number()
        .int()
        .min(1)
        .max(64)
        .optional()
        .describe('Worker threads that read pages and extract figures (default: cores, at most 4)'),
      timeBudgetMs: z
        .number()
        .int()
        .min(100)
        .max(600_000)
        .default(10_000)
        .describe('Longest one document may take to read; past it the article is stored without claims, for reextract'),
      maxHeapMb: z.number().int().min(32).max(4096).default(256).describe('Memory each reading thread may use'),
    })
    .default({ timeBudgetMs: 10_000, maxHeapMb: 256 }),
  mail: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().optional().describe('SMTP user; the password comes from FIGUREWATCH_SMTP_PASSWORD'),
      from: z.string().min(3),
      to: z.array(z.string().email('expected an e-mail address')).min(1),
    })
    .optional(),
  web: z
    .strictObject({
      host: z
        .string()
        .min(1)
        .default('127.0.0.1')
        .describe('Address the page listens on: loopback unless told otherwise'),
      port: z.number().int().min(0).max(65535).default(8080),
    })
    .optional()
    .describe('The daemon also serves the read-only web page (off when absent; figurewatch serve serves it alone)'),
  webhooks: z
    .array(
      z.strictObject({
        url: httpUrl.describe('Where each digest is POSTed as JSON (signed when FIGUREWATCH_WEBHOOK_SECRET is set)'),
        format: z
          .enum(['json', 'slack'])
          .default('json')
          .describe(
            'json: the versioned digest (README, "Webhooks"); slack: {"text": ...}, which Slack and Mattermost accept',
          ),
        allowPrivateNetwork: z
          .boolean()
          .default(false)
          .describe('The receiver may be on a loopback, private or link-local address'),
      }),
    )
    .default([]),
  retry: z
    .strictObject({
      feedBaseMs: z
        .number()
        .int()
        .min(1000)
        .default(300_000)
        .describe('First wait before a failed feed is polled again; doubles per failure, at most a day'),
      digestBaseMs: z
        .number()
        .int()
        .min(1000)
        .default(60_000)
        .describe(
          'First wait before a digest that failed to send is tried again; doubles per failure, at most an hour',
        ),
    })
    .default({ feedBaseMs: 300_000, digestBaseMs: 60_000 }),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .default({ level: 'info' }),
});

export type Config = z.infer<typeof configSchema>;
/** A feed as the pipeline reads it: `url` never carries credentials; `requestUrl` does, when the config gave some. */
export interface FeedConfig {
  name: string;
  url: string;
  requestUrl?: string;
  allowPrivateNetwork?: boolean;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The schema that checks the value at `path`, through defaults, optionals, arrays, records and transforms. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | null {
  const unwrapped = (at: z.ZodType): z.ZodType => {
    if (at instanceof z.ZodDefault || at instanceof z.ZodOptional || at instanceof z.ZodNullable)
      return unwrapped(at.unwrap() as z.ZodType);
    return at instanceof z.ZodPipe ? unwrapped(at.in as z.ZodType) : at;
  };
  let at: z.ZodType | undefined = unwrapped(schema);
  for (const segment of path) {
    if (at instanceof z.ZodObject) at = at.shape[String(segment)] as z.ZodType | undefined;
    else if (at instanceof z.ZodArray) at = at.element as z.ZodType;
    else if (at instanceof z.ZodRecord) at = at.valueType as z.ZodType;
    else return null;
    if (!at) return null;
    at = unwrapped(at);
  }
  return at;
}

/** The keys the object at `path` takes, in the schema's order. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

/**
 * Every problem at once, each naming its key and what is expected. An unknown key is named with
 * the known one it most likely meant ("feed: unknown key; did you mean "feeds"?"), else with the
 * keys its place takes; the known key it meant is then not also reported missing. Needs the
 * issues' inputs (`reportInput: true`) to tell a missing key from a wrong value.
 */
export function problemsOf(error: z.ZodError, schema: z.ZodType): string[] {
  const keyOf = (path: readonly PropertyKey[]): string => path.map(String).join('.');
  const meant = new Set<string>();
  const unknown: string[] = [];
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = keysAt(schema, issue.path);
    for (const key of issue.keys) {
      const near = nearestName(key, known);
      if (near) meant.add(keyOf([...issue.path, near]));
      const place = issue.path.length > 0 ? keyOf(issue.path) : 'the top level';
      unknown.push(
        `${keyOf([...issue.path, key])}: unknown key${near ? `; did you mean "${near}"?` : known.length > 0 ? `; ${place} takes ${known.join(', ')}` : ''}`,
      );
    }
  }
  const missingButMeant = (issue: z.core.$ZodIssue): boolean =>
    issue.code === 'invalid_type' && issue.input === undefined && meant.has(keyOf(issue.path));
  const others = error.issues
    .filter((issue) => issue.code !== 'unrecognized_keys' && !missingButMeant(issue))
    .map((issue) => `${issue.path.length > 0 ? keyOf(issue.path) : '(top level)'}: ${issue.message}`);
  return [...others, ...unknown];
}

/** Two feeds that are one: the same name, or the same address once canonicalised. */
function duplicateFeeds(feeds: readonly FeedConfig[]): string[] {
  const problems: string[] = [];
  const byName = new Map<string, number>();
  const byUrl = new Map<string, number>();
  feeds.forEach((feed, i) => {
    const sameName = byName.get(feed.name.trim().toLowerCase());
    if (sameName !== undefined)
      problems.push(`feeds.${i}: the name "${feed.name}" is also feeds.${sameName}'s: give each feed its own name`);
    else byName.set(feed.name.trim().toLowerCase(), i);
    const key = canonicalUrl(feed.url);
    const sameUrl = byUrl.get(key);
    if (sameUrl !== undefined)
      problems.push(
        `feeds.${i}: ${feed.url} is the same feed as feeds.${sameUrl} (${feeds[sameUrl]!.url}): remove one`,
      );
    else byUrl.set(key, i);
  });
  return problems;
}

/** A receiver listed twice would get every digest twice. */
function duplicateWebhooks(hooks: ReadonlyArray<{ url: string }>): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  hooks.forEach((hook, i) => {
    const key = withoutCredentials(hook.url);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`webhooks.${i}: ${key} is also webhooks.${first}: list each receiver once`);
    else seen.set(key, i);
  });
  return problems;
}

export function validateConfig(raw: unknown): Validation<Config> {
  const parsed = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error, configSchema) };
  const problems = [...duplicateFeeds(parsed.data.feeds), ...duplicateWebhooks(parsed.data.webhooks)];
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}
