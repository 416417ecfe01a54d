/**
 * GET /metrics for a whole pool: the workers' registries (as
 * `getMetricsAsJSON()`, one array per worker that answered in time) summed by
 * prom-client's AggregatorRegistry, with the host's own metrics after them,
 * in the Prometheus text format.
 */
import { AggregatorRegistry, Registry, type PrometheusContentType } from 'prom-client';

export async function poolExposition(workers: readonly object[][], host: Registry): Promise<string> {
  const summed = AggregatorRegistry.aggregate<PrometheusContentType>([...workers]);
  return Registry.merge([summed, host]).metrics();
}
