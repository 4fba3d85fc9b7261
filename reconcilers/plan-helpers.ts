import type { Manifest } from "../manifests/types.js";
import type { Change } from "./diff/compare.js";
import { isEmptyValue } from "./diff/values.js";
import type { Action, HealthStatus, Operation, ResourcePlan } from "./plan.js";
import { managedByTag, modeOf, type ReconcileOptions } from "./reconciler.js";

/** A new resource shows every field the manifest sets as an addition. */
export function changesForCreate(spec: object): Change[] {
  return Object.entries(spec)
    .filter(([, v]) => !isEmptyValue(v))
    .map(([k, v]) => ({ op: "add" as const, path: `/${k}`, desired: v }));
}

export interface PlanParts {
  action: Action;
  changes: Change[];
  operations: Operation[];
  health: HealthStatus;
  healthMessage?: string;
  notes?: string[];
  /** The live resource exists without our managed-by tag. */
  unmanaged?: boolean;
  /** ARN to tag with managed-by when adopting. */
  adoptArn?: string;
  resolvedRevision?: string;
}

/**
 * Wraps what a reconciler decided into a ResourcePlan, applying the rules every kind shares: the
 * reconcile mode, ownership (we never change what we do not own unless asked to adopt it), and the
 * replace guard.
 */
export function finishPlan(m: Manifest, parts: PlanParts, options: ReconcileOptions): ResourcePlan {
  const mode = modeOf(m, options);
  const notes = [...(parts.notes ?? [])];
  let operations = parts.operations;
  let blocked: string | undefined;
  const inSync = parts.action === "none";

  if (!inSync && parts.unmanaged) {
    if (options.adopt && parts.adoptArn) {
      operations = [
        { service: "ecs", name: "TagResource", input: { resourceArn: parts.adoptArn, tags: [managedByTag(options)] } },
        ...operations,
      ];
      notes.push(`adopting: tags it ${managedByTag(options).key}=${options.instance}`);
    } else {
      blocked = `exists but is not managed by ecs-reconciler (no ${managedByTag(options).key}=${options.instance} tag); apply --adopt takes ownership`;
    }
  }
  if (parts.action === "replace" && !options.allowReplace) {
    blocked = `needs replacement (delete and recreate), which apply performs only with --allow-replace`;
  }
  if (mode !== "enforce" && !inSync) notes.push(`${mode} mode: reported, never changed`);

  const plan: ResourcePlan = {
    kind: m.kind,
    key: `${m.kind}/${m.metadata.cluster ? `${m.metadata.cluster}/` : ""}${m.metadata.name}`,
    name: m.metadata.name,
    ...(m.metadata.cluster ? { cluster: m.metadata.cluster } : {}),
    action: parts.action,
    changes: parts.changes,
    operations: inSync ? [] : operations,
    mode,
    notes,
    sync: inSync ? "Synced" : "OutOfSync",
    health: mode === "suspended" ? "Suspended" : parts.health,
  };
  if (parts.healthMessage) plan.healthMessage = parts.healthMessage;
  if (parts.unmanaged) plan.unmanaged = true;
  if (blocked && mode === "enforce") plan.blocked = blocked;
  if (parts.resolvedRevision) plan.resolvedRevision = parts.resolvedRevision;
  return plan;
}
