import type { FetchFailure } from '../http/fetch.js';
import type { PageState } from '../model/article.js';

/** When pages are read again: retries of passing failures, and re-reads of young pages for edits. */
export interface PagePolicy {
  /** A page that failed for a passing reason is tried again for this long after its article was first seen. */
  retryForMs: number;
  /** First wait before a retry; doubles per failure. */
  retryBaseMs: number;
  /** A page read successfully is re-read for edits while its article is younger than this (0: never). */
  recheckForMs: number;
  recheckEveryMs: number;
}

/** Failures that may pass (a timeout, a refused connection, a server error): worth another try. */
export function isPassing(failure: FetchFailure): boolean {
  if (failure.kind === 'timeout' || failure.kind === 'connect' || failure.kind === 'dns') return true;
  if (failure.kind !== 'http-status' || failure.status === undefined) return false;
  return failure.status >= 500 || failure.status === 408 || failure.status === 429;
}

export type PageOutcome =
  | { kind: 'read'; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'failed'; failure: FetchFailure };

const iso = (t: number): string => new Date(t).toISOString();

/**
 * A page's state after one read: when it is read next, if ever. Pure.
 * `firstSeen`: when its article was first stored, which bounds both retries and re-reads.
 */
export function pageAfter(
  previous: PageState | null,
  outcome: PageOutcome,
  firstSeen: Date,
  now: Date,
  policy: PagePolicy,
): PageState {
  const recheckUntil = firstSeen.getTime() + policy.recheckForMs;
  const nextRecheck = (): string | null => {
    const next = now.getTime() + policy.recheckEveryMs;
    return policy.recheckForMs > 0 && next <= recheckUntil ? iso(next) : null;
  };
  if (outcome.kind === 'read') {
    return {
      status: 'ok',
      etag: outcome.etag,
      lastModified: outcome.lastModified,
      attempts: 0,
      nextTryAt: nextRecheck(),
    };
  }
  if (outcome.kind === 'not-modified') {
    return {
      status: 'ok',
      etag: previous?.etag ?? null,
      lastModified: previous?.lastModified ?? null,
      attempts: 0,
      nextTryAt: nextRecheck(),
    };
  }
  const passing = isPassing(outcome.failure);
  if (previous?.status === 'ok') {
    // A page read before that fails now keeps its text; a passing failure waits for the next re-read, a lasting one (gone) ends them.
    return { ...previous, nextTryAt: passing ? nextRecheck() : null };
  }
  const attempts = (previous?.attempts ?? 0) + 1;
  const next = now.getTime() + policy.retryBaseMs * 2 ** (attempts - 1);
  if (!passing || next > firstSeen.getTime() + policy.retryForMs) {
    return { status: 'failed', etag: null, lastModified: null, attempts, nextTryAt: null };
  }
  return { status: 'pending', etag: null, lastModified: null, attempts, nextTryAt: iso(next) };
}
