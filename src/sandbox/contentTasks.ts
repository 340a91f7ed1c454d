import type { PageText } from '../articles/mainText.js';
import { extractClaims } from '../extract/extract.js';
import type { Topic } from '../extract/topic.js';
import type { Claim } from '../model/claim.js';

/** A claim with the topic that found it. */
export type TopicClaim = Claim & { topic: string };

export type ContentTask = { op: 'mainText'; html: string } | { op: 'claims'; text: string };
export type ContentResult = { op: 'mainText'; page: PageText } | { op: 'claims'; claims: TopicClaim[] };

/** An article's claims from every topic, tagged with the topic that found them. */
export function claimsOf(text: string, topics: readonly Topic[]): TopicClaim[] {
  return topics.flatMap((topic) => extractClaims(text, topic).map((c) => ({ ...c, topic: topic.name })));
}
