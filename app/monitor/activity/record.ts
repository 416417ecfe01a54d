/**
 * PLACEHOLDER (helper "activity" replaces this file): adds one sample to
 * this host's buckets of every tier, and prunes buckets past their tier's span.
 */
import type { ActivitySample } from '#app/monitor/sample.ts';

export function recordSample(sample: ActivitySample): Promise<void> {
  void sample;
  return Promise.resolve();
}
