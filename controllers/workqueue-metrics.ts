/**
 * The client-go workqueue metrics (names, help and buckets verbatim, label `name`), so dashboards
 * built for kubebuilder, Argo CD and Flux controllers work unchanged.
 *
 * prom-client refuses a second metric with the same name on one registry, so the metric objects
 * are created once per registry and shared by every queue on it; each queue writes its own `name`
 * series.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface WorkQueueMetrics {
  depth: Gauge<"name">;
  adds: Counter<"name">;
  retries: Counter<"name">;
  queueDuration: Histogram<"name">;
  workDuration: Histogram<"name">;
  unfinishedWork: Gauge<"name">;
  longestRunningProcessor: Gauge<"name">;
  /**
   * Called at scrape time to set the two in-progress gauges, which depend on the time of the
   * scrape (prom-client advises collect() over a setInterval for such values).
   */
  inProgressReporters: Set<() => void>;
}

/** client-go's ExponentialBuckets(10e-9, 10, 12): 1e-8 s … 1e3 s, written exactly to avoid float drift. */
const DURATION_BUCKETS = Array.from({ length: 12 }, (_, i) => Number(`1e${i - 8}`));

const metricsByRegistry = new WeakMap<Registry, WorkQueueMetrics>();

export function workQueueMetrics(registry: Registry): WorkQueueMetrics {
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) {
    metrics = createMetrics(registry);
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}

function createMetrics(registry: Registry): WorkQueueMetrics {
  const registers = [registry];
  const labelNames = ["name"] as const;
  const inProgressReporters = new Set<() => void>();
  const collect = () => {
    for (const report of inProgressReporters) report();
  };
  return {
    inProgressReporters,
    depth: new Gauge({ name: "workqueue_depth", help: "Current depth of workqueue", labelNames, registers }),
    adds: new Counter({
      name: "workqueue_adds_total",
      help: "Total number of adds handled by workqueue",
      labelNames,
      registers,
    }),
    retries: new Counter({
      name: "workqueue_retries_total",
      help: "Total number of retries handled by workqueue",
      labelNames,
      registers,
    }),
    queueDuration: new Histogram({
      name: "workqueue_queue_duration_seconds",
      help: "How long in seconds an item stays in workqueue before being requested",
      buckets: DURATION_BUCKETS,
      labelNames,
      registers,
    }),
    workDuration: new Histogram({
      name: "workqueue_work_duration_seconds",
      help: "How long in seconds processing an item from workqueue takes.",
      buckets: DURATION_BUCKETS,
      labelNames,
      registers,
    }),
    unfinishedWork: new Gauge({
      name: "workqueue_unfinished_work_seconds",
      help:
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. " +
        "Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
      labelNames,
      registers,
      collect,
    }),
    longestRunningProcessor: new Gauge({
      name: "workqueue_longest_running_processor_seconds",
      help: "How many seconds has the longest running processor for workqueue been running.",
      labelNames,
      registers,
      collect,
    }),
  };
}
