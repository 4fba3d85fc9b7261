import { Counter, Histogram, type Registry } from "prom-client";

export interface AwsMetrics {
  requests: Counter<"service" | "operation" | "code">;
  duration: Histogram<"service" | "operation">;
}

const byRegistry = new WeakMap<Registry, AwsMetrics>();

/** The AWS call metrics of CONTRACT.md §6, registered once per registry. */
export function awsMetrics(registry: Registry): AwsMetrics {
  let m = byRegistry.get(registry);
  if (!m) {
    m = {
      requests: new Counter({
        name: "ecs_reconciler_aws_requests_total",
        help: "AWS API requests (each HTTP attempt, retries included) by outcome: OK or the error name.",
        labelNames: ["service", "operation", "code"],
        registers: [registry],
      }),
      duration: new Histogram({
        name: "ecs_reconciler_aws_request_duration_seconds",
        help: "Duration of AWS API requests (each HTTP attempt).",
        labelNames: ["service", "operation"],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
    };
    byRegistry.set(registry, m);
  }
  return m;
}
