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
