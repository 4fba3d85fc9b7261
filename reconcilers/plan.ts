import type { Kind, ReconcileMode } from "../manifests/types.js";
import type { ClusterCapacity } from "./cluster/capacity.js";
import type { Change } from "./diff/compare.js";

/** What a plan does to one resource (CONTRACT.md §3). */
export type Action = "create" | "update" | "register" | "replace" | "delete" | "none";

/**
 * A value filled in when the plan runs: the ARN of the task definition revision an earlier step of
 * the same apply registered (`{"$ref": "TaskDefinition/web"}`).
 */
export interface Ref {
  $ref: string;
}

/** One AWS call, as data. */
export interface Operation {
  service: "ecs" | "autoscaling";
  /** SDK operation name, e.g. UpdateService. */
  name: string;
  input: Record<string, unknown>;
  /**
   * This operation is a describe, polled until a condition holds before the next operation: the old
   * service is INACTIVE, the old capacity provider is deleted.
   */
  waitFor?: "serviceInactive" | "capacityProviderDeleted";
}

export type SyncStatus = "Synced" | "OutOfSync" | "Unknown";
export type HealthStatus = "Healthy" | "Progressing" | "Degraded" | "Suspended" | "Missing" | "Unknown";

/** The plan for one resource: pure data, printed by the CLI, executed by act, asserted by tests. */
export interface ResourcePlan {
  kind: Kind;
  key: string;
  name: string;
  cluster?: string;
  action: Action;
  changes: Change[];
  /** Calls that converge this resource, in order. Empty when action is none. */
  operations: Operation[];
  mode: ReconcileMode;
  /** Present live but without our managed-by tag: changing it needs `--adopt`. */
  unmanaged?: boolean;
  /** Why a replace is needed, or why the plan cannot run as is. */
  notes: string[];
  /** Set when this plan must not run (e.g. replace without --allow-replace); apply stops before acting. */
  blocked?: string;
  sync: SyncStatus;
  health: HealthStatus;
  healthMessage?: string;
  /** For a task definition: the revision (family:rev) that matches the manifest, when one does. */
  resolvedRevision?: string;
  /** What status shows beyond sync and health, e.g. a cluster's container instance summary. */
  details?: {
    capacity?: ClusterCapacity;
    scaling?: { status: string; targetCapacity: number };
    taskSets?: { id: string; externalId: string; status: string; stabilityStatus: string; scale: number }[];
    /** A progressive rollout: current step (1-based, 0 when none) of `steps`, and its state. */
    rollout?: { service: string; step: number; steps: number; state: "IN_PROGRESS" | "COMPLETED" | "FAILED" };
  };
  /** Look at this resource again this soon (a rollout step, a pause). */
  requeueAfterMs?: number;
  /** This plan rolls a rollout back (counted in ecs_reconciler_rollbacks_total when carried out). */
  rollback?: boolean;
}

export interface Plan {
  resources: ResourcePlan[];
}

export function summarize(plan: Plan): Record<Exclude<Action, "none"> | "unchanged", number> {
  const s = { create: 0, update: 0, register: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const r of plan.resources) {
    if (r.action === "none") s.unchanged++;
    else s[r.action]++;
  }
  return s;
}

/** Something to change, or a resource out of sync that cannot change now (a rolled-back rollout). */
export function hasChanges(plan: Plan): boolean {
  return plan.resources.some((r) => r.action !== "none" || r.sync === "OutOfSync");
}
