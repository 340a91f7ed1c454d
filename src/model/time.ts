/** Publication times from strangers: bounded to what can be true. */

/** How far ahead of our clock a publisher's clock may run before its time is not believed. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Earlier than this, a date is junk (a zero date, an epoch): the time is unknown. */
export const EARLIEST_PUBLICATION = Date.parse('1990-01-01T00:00:00Z');

export interface PublicationTime {
  publishedAt: string | null;
  /** The time as given, when it could not be true and was replaced. */
  adjustedFrom: string | null;
}

/**
 * A stated publication time made believable: later than the fetch (plus skew) is clamped to the
 * fetch time, and flagged; before 1990 or unreadable is unknown. Pure.
 */
export function publicationTime(stated: string | null, fetchedAt: Date): PublicationTime {
  if (stated === null) return { publishedAt: null, adjustedFrom: null };
  const t = Date.parse(stated);
  if (Number.isNaN(t) || t < EARLIEST_PUBLICATION) return { publishedAt: null, adjustedFrom: stated };
  if (t > fetchedAt.getTime() + CLOCK_SKEW_MS) return { publishedAt: fetchedAt.toISOString(), adjustedFrom: stated };
  return { publishedAt: new Date(t).toISOString(), adjustedFrom: null };
}

/** Newest first by publication time (unknown last), then by the key given. */
export function byPublicationDesc<T>(time: (x: T) => string | null, key: (x: T) => string): (a: T, b: T) => number {
  const at = (x: T): number => {
    const s = time(x);
    return s === null ? Number.NEGATIVE_INFINITY : Date.parse(s);
  };
  return (a, b) => at(b) - at(a) || key(a).localeCompare(key(b));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A day as a reader writes it: "4 Jan 2025" (UTC). */
export function dayLabel(iso: string | null): string {
  if (!iso) return 'date unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? 'date unknown'
    : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A moment to the minute, labelled as UTC: "2025-01-04 09:00 UTC". */
export function minuteLabel(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

const DAY_MS = 86_400_000;

/**
 * The instants a `--since`/`--until` pair covers, both inclusive. A bare day ("2025-01-31") is the
 * whole UTC day: as `until` it reaches that day's last millisecond, not its first.
 */
export function timeWindow(
  since: string | undefined,
  until: string | undefined,
): { since?: Date; until?: Date } | { problem: string } {
  const parse = (name: string, value: string, end: boolean): Date | string => {
    const t = Date.parse(value);
    if (Number.isNaN(t)) return `${name} "${value}" is not a date: use e.g. 2025-01-01 or 2025-01-01T12:00:00Z`;
    return new Date(end && /^\d{4}-\d\d-\d\d$/.test(value.trim()) ? t + DAY_MS - 1 : t);
  };
  const from = since === undefined ? undefined : parse('--since', since, false);
  const to = until === undefined ? undefined : parse('--until', until, true);
  if (typeof from === 'string') return { problem: from };
  if (typeof to === 'string') return { problem: to };
  if (from && to && from.getTime() > to.getTime())
    return { problem: `--since ${since} is after --until ${until}: nothing lies between them; swap them` };
  return { ...(from ? { since: from } : {}), ...(to ? { until: to } : {}) };
}
