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
  readonly instances: Gauge<"cluster" | "status">;
  readonly disconnected: Gauge<"cluster">;
  readonly cpu: Gauge<"cluster" | "state">;
  readonly memory: Gauge<"cluster" | "state">;
  readonly versions: Gauge<"cluster" | "agent_version" | "docker_version">;
  readonly targetCapacity: Gauge<"name" | "managed_scaling">;
  readonly taskSetInfo: Gauge<"cluster" | "service" | "task_set" | "status" | "stability_status">;
  readonly taskSetScale: Gauge<"cluster" | "service" | "task_set">;
  readonly rolloutStep: Gauge<"cluster" | "service">;
  readonly rollbacks: Counter<"cluster" | "service">;
  /** Label sets written last per cluster / provider, so values that went away are removed. */
  private readonly written = new Map<string, Array<[Gauge<string>, Record<string, string>]>>();

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
    this.instances = new Gauge({
      name: "ecs_reconciler_cluster_container_instances",
      help: "Container instances of a cluster by status (ACTIVE, DRAINING, REGISTERING, ...).",
      labelNames: ["cluster", "status"],
      registers,
    });
    this.disconnected = new Gauge({
      name: "ecs_reconciler_cluster_agents_disconnected",
      help: "Container instances whose agent is disconnected: they take no tasks.",
      labelNames: ["cluster"],
      registers,
    });
    this.cpu = new Gauge({
      name: "ecs_reconciler_cluster_cpu_units",
      help: "CPU units of a cluster's container instances, registered and remaining.",
      labelNames: ["cluster", "state"],
      registers,
    });
    this.memory = new Gauge({
      name: "ecs_reconciler_cluster_memory_mib",
      help: "Memory (MiB) of a cluster's container instances, registered and remaining.",
      labelNames: ["cluster", "state"],
      registers,
    });
    this.versions = new Gauge({
      name: "ecs_reconciler_cluster_agent_versions",
      help: "Container instances by container agent and Docker version.",
      labelNames: ["cluster", "agent_version", "docker_version"],
      registers,
    });
    this.targetCapacity = new Gauge({
      name: "ecs_reconciler_capacity_provider_target_capacity",
      help: "A capacity provider's managed scaling target capacity (percent), labelled with its managed scaling status.",
      labelNames: ["name", "managed_scaling"],
      registers,
    });
    this.taskSetInfo = new Gauge({
      name: "ecs_reconciler_task_set_info",
      help: "1 per task set of a managed TaskSet, labelled with its status and stability status.",
      labelNames: ["cluster", "service", "task_set", "status", "stability_status"],
      registers,
    });
    this.taskSetScale = new Gauge({
      name: "ecs_reconciler_task_set_scale_percent",
      help: "A task set's scale, in percent of the service's desired count.",
      labelNames: ["cluster", "service", "task_set"],
      registers,
    });
    this.rolloutStep = new Gauge({
      name: "ecs_reconciler_rollout_step",
      help: "Current step (1-based) of a progressive rollout of an EXTERNAL service; 0 when none is running.",
      labelNames: ["cluster", "service"],
      registers,
    });
    this.rollbacks = new Counter({
      name: "ecs_reconciler_rollbacks_total",
      help: "Progressive rollouts rolled back by ecs-reconciler.",
      labelNames: ["cluster", "service"],
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

  /**
   * Records a resource's latest plan: one info series, its drift count, its rollout state. For a
   * service under the EXTERNAL controller pass "external": its TaskSet reports the rollout state.
   */
  observe(plan: ResourcePlan, rollout?: RolloutState | "external"): void {
    const id = { kind: plan.kind, cluster: plan.cluster ?? "", name: plan.name };
    for (const sync_status of SYNC)
      for (const health_status of HEALTH)
        if (sync_status !== plan.sync || health_status !== plan.health)
          this.info.remove({ ...id, sync_status, health_status });
    this.info.set({ ...id, sync_status: plan.sync, health_status: plan.health }, 1);
    this.drifted.set(id, plan.changes.length);
    this.observeDetails(plan);
    if (plan.kind === "Service" && rollout !== "external") {
      for (const state of ROLLOUT_STATES) {
        const labels = { cluster: plan.cluster ?? "", service: plan.name, state };
        if (rollout) this.rollout.set(labels, state === rollout ? 1 : 0);
        else this.rollout.remove(labels);
      }
    }
  }

  /** Replaces the detail series of one resource (cluster capacity, provider scaling) with `series`. */
  private writeDetails(id: string, series: Array<[Gauge<string>, Record<string, string>, number]>): void {
    for (const [gauge, labels] of this.written.get(id) ?? []) gauge.remove(labels);
    for (const [gauge, labels, value] of series) gauge.set(labels, value);
    if (series.length)
      this.written.set(
        id,
        series.map(([g, l]) => [g, l]),
      );
    else this.written.delete(id);
  }

  private observeDetails(plan: ResourcePlan): void {
    const series: Array<[Gauge<string>, Record<string, string>, number]> = [];
    const c = plan.details?.capacity;
    if (plan.kind === "Cluster" && c) {
      const cluster = plan.name;
      for (const [status, n] of Object.entries(c.byStatus)) series.push([this.instances, { cluster, status }, n]);
      series.push([this.disconnected, { cluster }, c.disconnected]);
      series.push([this.cpu, { cluster, state: "registered" }, c.cpu.registered]);
      series.push([this.cpu, { cluster, state: "remaining" }, c.cpu.remaining]);
      series.push([this.memory, { cluster, state: "registered" }, c.memory.registered]);
      series.push([this.memory, { cluster, state: "remaining" }, c.memory.remaining]);
      for (const [v, n] of Object.entries(c.versions)) {
        const [agent_version = "?", docker_version = "?"] = v.split("/");
        series.push([this.versions, { cluster, agent_version, docker_version }, n]);
      }
    }
    const rollout = plan.details?.rollout;
    if (plan.kind === "TaskSet" && rollout) {
      const cluster = plan.cluster ?? "";
      const service = rollout.service;
      for (const ts of plan.details?.taskSets ?? []) {
        const task_set = ts.externalId || ts.id;
        series.push([
          this.taskSetInfo,
          { cluster, service, task_set, status: ts.status, stability_status: ts.stabilityStatus },
          1,
        ]);
        series.push([this.taskSetScale, { cluster, service, task_set }, ts.scale]);
      }
      series.push([this.rolloutStep, { cluster, service }, rollout.state === "IN_PROGRESS" ? rollout.step : 0]);
      for (const state of ROLLOUT_STATES)
        series.push([this.rollout, { cluster, service, state }, state === rollout.state ? 1 : 0]);
    }
    const scaling = plan.details?.scaling;
    if (plan.kind === "CapacityProvider" && scaling)
      series.push([this.targetCapacity, { name: plan.name, managed_scaling: scaling.status }, scaling.targetCapacity]);
    this.writeDetails(plan.key, series);
  }

  /** Drops every series of a resource that is no longer in the manifests. */
  forget(kind: Kind, name: string, cluster?: string): void {
    this.writeDetails(`${kind}/${cluster ? `${cluster}/` : ""}${name}`, []);
    const id = { kind, cluster: cluster ?? "", name };
    for (const sync_status of SYNC)
      for (const health_status of HEALTH) this.info.remove({ ...id, sync_status, health_status });
    this.drifted.remove(id);
    if (kind === "Service")
      for (const state of ROLLOUT_STATES) this.rollout.remove({ cluster: cluster ?? "", service: name, state });
  }
}
