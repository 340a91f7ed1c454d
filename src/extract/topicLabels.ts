import type { Topic } from './topic.js';

/** Each metric's label, in topic order: how status and digests name a figure. */
export function metricLabels(topics: readonly Topic[]): Map<string, string> {
  return new Map(topics.flatMap((t) => [...t.metrics.values()].map((m) => [m.name, m.label] as const)));
}

/** Each metric's alert threshold (a relative change under which a new total does not alert). */
export function alertThresholds(topics: readonly Topic[]): Map<string, number> {
  return new Map(topics.flatMap((t) => [...t.metrics.values()].map((m) => [m.name, m.alertThreshold] as const)));
}
