import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Kind } from "../manifests/types.js";
import { awsMetrics } from "./aws/metrics.js";
import type { ResourcePlan } from "./plan.js";

const SYNC = ["Synced", "OutOfSync", "Unknown"] as const;
const HEALTH = ["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"] as const;
export const ROLLOUT_STATES = ["IN_PROGRESS", "COMPLETED", "FAILED"] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/**
 * The resource metrics of CONTRACT.md §6. Per-resource series (kind, cluster, name) exist only for
 * resources in the manifests: forget() removes every series of a resource that left them.
 */
export class ResourceMetrics {
  readonly info: Gauge<"kind" | "cluster" | "name" | "sync_status" | "health_status">;
  readonly drifted: Gauge<"kind" | "cluster" | "name">;
  readonly rollout: Gauge<"cluster" | "service" | "state">;
  readonly reconciles: Counter<"kind" | "result">;
  readonly duration: Histogram<"kind">;
  readonly manifestErrors: Counter;
  readonly manifestsValid: Gauge;

  constructor(
    readonly registry: Registry,
    version: string,
  ) {
    const registers = [registry];
    this.info = new Gauge({
      name: "ecs_reconciler_resource_info",
      help: "1 per resource in the manifests, labelled with its sync and health status.",
      labelNames: ["kind", "cluster", "name", "sync_status", "health_status"],
      registers,
    });
    this.drifted = new Gauge({
      name: "ecs_reconciler_drifted_fields",
      help: "Fields whose live value differs from the manifest.",
      labelNames: ["kind", "cluster", "name"],
      registers,
    });
    this.rollout = new Gauge({
      name: "ecs_reconciler_rollout_state",
      help: "Rollout state of the service's primary deployment: 1 for the current state, 0 for the others.",
      labelNames: ["cluster", "service", "state"],
      registers,
    });
    this.reconciles = new Counter({
      name: "ecs_reconciler_reconcile_total",
      help: "Reconciles by kind and result (success, error, requeue).",
      labelNames: ["kind", "result"],
      registers,
    });
    this.duration = new Histogram({
      name: "ecs_reconciler_reconcile_duration_seconds",
      help: "Duration of one reconcile of one resource.",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.manifestErrors = new Counter({
      name: "ecs_reconciler_manifest_load_errors_total",
      help: "Manifest loads that failed (the last good desired state stays in force).",
      registers,
    });
    this.manifestsValid = new Gauge({
      name: "ecs_reconciler_manifests_valid",
      help: "1 when the last manifest load succeeded, 0 while the manifests are broken.",
      registers,
    });
    new Gauge({
      name: "ecs_reconciler_build_info",
      help: "1, labelled with the running version.",
      labelNames: ["version"],
      registers,
    }).set({ version }, 1);
    awsMetrics(registry);
  }

  /** Records a resource's latest plan: one info series, its drift count, its rollout state. */
  observe(plan: ResourcePlan, rollout?: RolloutState): void {
    const id = { kind: plan.kind, cluster: plan.cluster ?? "", name: plan.name };
    for (const sync_status of SYNC)
      for (const health_status of HEALTH)
        if (sync_status !== plan.sync || health_status !== plan.health)
          this.info.remove({ ...id, sync_status, health_status });
    this.info.set({ ...id, sync_status: plan.sync, health_status: plan.health }, 1);
    this.drifted.set(id, plan.changes.length);
    if (plan.kind === "Service") {
      for (const state of ROLLOUT_STATES) {
        const labels = { cluster: plan.cluster ?? "", service: plan.name, state };
        if (rollout) this.rollout.set(labels, state === rollout ? 1 : 0);
        else this.rollout.remove(labels);
      }
    }
  }

  /** Drops every series of a resource that is no longer in the manifests. */
  forget(kind: Kind, name: string, cluster?: string): void {
    const id = { kind, cluster: cluster ?? "", name };
    for (const sync_status of SYNC)
      for (const health_status of HEALTH) this.info.remove({ ...id, sync_status, health_status });
    this.drifted.remove(id);
    if (kind === "Service")
      for (const state of ROLLOUT_STATES) this.rollout.remove({ cluster: cluster ?? "", service: name, state });
  }
}
