import { createHash, randomUUID } from "node:crypto";
import type { TaskSet } from "@aws-sdk/client-ecs";
import { isLiteralTaskDefinition } from "../../manifests/references.js";
import type { Manifest } from "../../manifests/types.js";
import { revisionOf } from "../aws/readers.js";
import type { Change } from "../diff/compare.js";
import { stableStringify } from "../diff/values.js";
import type { Operation, Ref, ResourcePlan } from "../plan.js";
import { changesForCreate, finishPlan, type PlanParts } from "../plan-helpers.js";
import { isManaged, type PlanContext, type Reconciler, withManagedBy } from "../reconciler.js";
import { canonicalTaskDefinition } from "../task-definition/normalize.js";
import { observeTaskSets, type TaskSetLive } from "./observe.js";
import { nextRolloutStep, ROLLOUT_TAG, type RolloutState } from "./rollout.js";

export const taskSetReconciler: Reconciler<"TaskSet", TaskSetLive> = {
  kind: "TaskSet",
  observeAfter: ["Service"],
  observe: (manifests, ctx) => observeTaskSets(ctx.api, manifests, ctx.snapshot),
  plan: (m, ctx) => planTaskSet(m, ctx),
};

const PROCESS_NONCE = randomUUID();

/**
 * A task set is immutable but for its scale, so each change of the manifest is a new generation,
 * named by a hash of what it runs. The task definition counts by content (its manifest's), not by
 * revision number: a revision this very apply registers still has the generation it will have.
 */
export function generationOf(m: Manifest<"TaskSet">, ctx: PlanContext<TaskSetLive>): string {
  const { scale: _scale, tags: _tags, ...all } = m.spec;
  // An ignored field is never changed, so it cannot call for a new task set either.
  const ignored = new Set((m.metadata.reconcile?.ignore ?? []).map((p) => p.split("/")[1]));
  const spec = Object.fromEntries(Object.entries(all).filter(([k]) => !ignored.has(k)));
  const td = m.spec.taskDefinition;
  const tdManifest = td && !isLiteralTaskDefinition(td) ? ctx.set.get("TaskDefinition", td) : undefined;
  const runs = tdManifest
    ? { taskDefinitionContent: canonicalTaskDefinition(tdManifest.spec) }
    : { taskDefinition: td };
  return createHash("sha256")
    .update(stableStringify({ ...spec, taskDefinition: undefined, ...runs }))
    .digest("hex")
    .slice(0, 12);
}

function taskDefinitionToSend(m: Manifest<"TaskSet">, ctx: PlanContext<TaskSetLive>): string | Ref {
  // Both required by the schema (CreateTaskSet's required members).
  const td = m.spec.taskDefinition!;
  if (isLiteralTaskDefinition(td)) return td;
  const plan = ctx.planned.get(`TaskDefinition/${td}`);
  return plan?.resolvedRevision ?? { $ref: `TaskDefinition/${td}` };
}

/** Task set calls take the ARN or the id; the ARN names it unambiguously (and moto matches only ARNs). */
const ref = (ts: TaskSet) => ts.taskSetArn ?? ts.id ?? "";
const id = (ts: TaskSet) => ts.id ?? ts.taskSetArn ?? "";

export function planTaskSet(m: Manifest<"TaskSet">, ctx: PlanContext<TaskSetLive>): ResourcePlan {
  const cluster = m.metadata.cluster!;
  const name = m.metadata.name;
  const service = m.spec.service!;
  const externalId = `${name}/${generationOf(m, ctx)}`;
  const live = ctx.live ?? { taskSets: [] };
  // Ours: our externalId prefix AND our managed-by tag; a set someone made by hand with a similar
  // externalId is never scaled, promoted or deleted (CONTRACT.md §4).
  const ours = live.taskSets.filter(
    (ts) => ts.externalId?.startsWith(`${name}/`) && isManaged(ts.tags, ctx.options.instance),
  );
  const target = ours.find((ts) => ts.externalId === externalId && ts.status !== "DRAINING");
  const previous = ours.filter((ts) => ts !== target);
  const primary = live.taskSets.find((ts) => ts.status === "PRIMARY");
  const finalScale = m.spec.scale?.value ?? 100;
  const state = nextRolloutStep({
    target,
    previous,
    hasPrimary: primary !== undefined,
    spec: m.metadata.rollout,
    finalScale,
    now: ctx.options.now ?? Date.now(),
  });

  const { tags, scale: _scale, ...spec } = m.spec;
  const base = { cluster, service };
  const tdNow = primary?.taskDefinition ? revisionOf(primary.taskDefinition) : undefined;
  const tdSend = taskDefinitionToSend(m, ctx);
  // What the new set will run: the matching revision, or the one this apply registers.
  const tdWanted = typeof tdSend === "string" ? tdSend : `${m.spec.taskDefinition}:(new revision)`;
  const parts = partsFor(state, {
    create: (scale) => {
      const input = {
        ...base,
        ...spec,
        taskDefinition: tdSend,
        externalId,
        scale: { unit: "PERCENT", value: scale },
        tags: withManagedBy(tags, ctx.options),
      };
      // Per process and hour, like a service's: ECS keeps a token 24 h, and a task set deleted out
      // of band must not be answered with the deleted one when it is created again.
      const hour = Math.floor((ctx.options.now ?? Date.now()) / 3_600_000);
      const token = createHash("sha256")
        .update(`${PROCESS_NONCE}/${hour}/${stableStringify(input)}`)
        .digest("hex")
        .slice(0, 32);
      return { service: "ecs", name: "CreateTaskSet", input: { ...input, clientToken: token } };
    },
    base,
  });
  const changes: Change[] =
    state.step.kind === "create" && !primary
      ? changesForCreate(m.spec)
      : state.step.kind === "create" && tdNow !== revisionOf(String(tdWanted))
        ? [{ op: "change", path: "/taskDefinition", live: tdNow, desired: revisionOf(String(tdWanted)) }]
        : target && state.step.kind !== "done" && state.step.kind !== "failed"
          ? [{ op: "change", path: "/scale/value", live: target.scale?.value ?? 0, desired: finalScale }]
          : [];
  const plan = finishPlan(
    m,
    {
      ...parts,
      changes:
        state.step.kind === "create"
          ? changes.length
            ? changes
            : [{ op: "add", path: "/externalId", desired: externalId }]
          : changes,
      notes: [state.message],
      unmanaged: target !== undefined && !isManaged(target.tags, ctx.options.instance),
      ...(target?.taskSetArn ? { adoptArn: target.taskSetArn } : {}),
    },
    ctx.options,
  );
  if (state.step.kind === "failed" || (state.step.kind === "wait" && target?.status !== "PRIMARY"))
    plan.sync = "OutOfSync";
  if (state.step.kind === "drain")
    plan.changes = state.step.taskSets.map((ts) => ({
      op: "remove" as const,
      path: "",
      live: { externalId: ts.externalId, status: ts.status, scale: ts.scale?.value },
    }));
  if (state.step.kind === "rollback" && state.step.tag) plan.rollback = true;
  plan.requeueAfterMs = state.step.kind === "wait" ? Math.max(1000, state.step.afterMs) : 5_000;
  if (state.step.kind === "done" || state.step.kind === "failed") delete plan.requeueAfterMs;
  plan.details = {
    taskSets: ours.map((ts) => ({
      id: id(ts),
      externalId: ts.externalId ?? "",
      status: ts.status ?? "UNKNOWN",
      stabilityStatus: ts.stabilityStatus ?? "UNKNOWN",
      scale: ts.scale?.value ?? 0,
    })),
    rollout: {
      service,
      step: state.stepIndex,
      steps: state.steps,
      state:
        state.step.kind === "failed" || state.step.kind === "rollback"
          ? "FAILED"
          : state.step.kind === "done"
            ? "COMPLETED"
            : "IN_PROGRESS",
    },
  };
  if (!live.service) {
    const inManifests = ctx.set.get("Service", service, cluster) !== undefined;
    if (!inManifests && plan.mode === "enforce")
      plan.blocked = `service ${cluster}/${service} does not exist and no Service manifest defines it`;
  }
  return plan;
}

function partsFor(
  state: RolloutState,
  b: { create: (scale: number) => Operation; base: { cluster: string; service: string } },
): Omit<PlanParts, "changes"> {
  const { step } = state;
  const op = (name: string, input: Record<string, unknown>): Operation => ({
    service: "ecs",
    name,
    input: { ...b.base, ...input },
  });
  switch (step.kind) {
    case "create":
      return { action: "create", operations: [b.create(step.scale)], health: step.promote ? "Missing" : "Progressing" };
    case "scale":
      return {
        action: "update",
        operations: [
          op("UpdateTaskSet", { taskSet: ref(step.taskSet), scale: { unit: "PERCENT", value: step.scale } }),
        ],
        health: "Progressing",
      };
    case "promote":
      return {
        action: "update",
        operations: [op("UpdateServicePrimaryTaskSet", { primaryTaskSet: ref(step.taskSet) })],
        health: "Progressing",
      };
    case "drain":
      return {
        action: "update",
        operations: step.taskSets.map((ts) => op("DeleteTaskSet", { taskSet: ref(ts), force: true })),
        health: "Progressing",
      };
    case "rollback":
      return {
        action: "update",
        // The tag first: it is what keeps the generation from being rolled out again, so a failure
        // between the two calls must leave it marked (the scale-down is then retried), never the
        // other way round (an untagged set at 0 % would be scaled up again).
        operations: [
          ...(step.tag
            ? [
                {
                  service: "ecs" as const,
                  name: "TagResource",
                  input: { resourceArn: step.taskSet.taskSetArn, tags: [{ key: ROLLOUT_TAG, value: step.reason }] },
                },
              ]
            : []),
          op("UpdateTaskSet", { taskSet: ref(step.taskSet), scale: { unit: "PERCENT", value: 0 } }),
        ],
        health: "Degraded",
        healthMessage: step.reason,
      };
    case "wait":
      // Nothing to do until a pause ends or the set stabilizes: not an update, but not in sync either.
      return { action: "none", operations: [], health: "Progressing", healthMessage: state.message };
    case "failed":
      return { action: "none", operations: [], health: "Degraded", healthMessage: state.message };
    case "done":
      return { action: "none", operations: [], health: "Healthy", healthMessage: state.message };
  }
}
