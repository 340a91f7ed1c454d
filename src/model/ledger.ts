import { type Claim, figureKey } from './claim.js';

/** Who rejected a claim: the user (`reject`), or figurewatch (re-extraction, an edited page, a rejected figure). */
export type RejectedBy = 'user' | 'figurewatch';

/**
 * A stored claim with what the estimate rule and the digest read of its article: when it was
 * published, by whom, and how many copies of it appeared elsewhere.
 */
export interface LedgerClaim extends Claim {
  id: number;
  articleId: number;
  /** The article's publication time, or when it was first read if it gave none (ISO). */
  at: string;
  title: string;
  url: string;
  /** The outlet: the feed's name, else the page's host. */
  publisher: string;
  /** Copies of the article found elsewhere (syndicated or near-identical texts). */
  copies: number;
  rejected: { at: string; reason: string | null; by: RejectedBy } | null;
}

/**
 * What the estimate rule reads of a claim (estimates.ts): no quote, title or link. A digest reads
 * the whole ledger in this form (under half the memory held) and the full claims of the few it shows.
 */
export type EstimateClaim = Pick<
  LedgerClaim,
  | 'id'
  | 'articleId'
  | 'metric'
  | 'low'
  | 'high'
  | 'qualifier'
  | 'status'
  | 'scope'
  | 'attribution'
  | 'at'
  | 'publisher'
  | 'copies'
  | 'rejected'
>;

/** The figure the claim states, for novelty: a figure seen once never alerts again. */
export const ledgerKey = (c: LedgerClaim): string => figureKey(c);

/** The source a claim stands for: who is said to state it, else the outlet that printed it. */
export function sourceOf(c: Pick<LedgerClaim, 'attribution' | 'publisher'>): string {
  return (c.attribution ?? c.publisher).trim().toLowerCase();
}

/**
 * Newest first: publication time, then the article stored last; within one article, the figure it
 * states first (a later one is usually background: "up from 5,000 two months ago").
 */
export function newestFirst(
  a: Pick<LedgerClaim, 'at' | 'articleId' | 'id'>,
  b: Pick<LedgerClaim, 'at' | 'articleId' | 'id'>,
): number {
  return Date.parse(b.at) - Date.parse(a.at) || b.articleId - a.articleId || a.id - b.id;
}

/** The outlet of an article: its feed's name, else its page's host ("backfill" named saved pages before they were credited to their site). */
export function publisherOf(feedName: string | null, url: string): string {
  if (feedName && feedName !== 'backfill') return feedName;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || feedName || 'unknown';
  } catch {
    return feedName ?? 'unknown';
  }
}
