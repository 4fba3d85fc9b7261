import type { Service } from "@aws-sdk/client-ecs";
import type { ManifestSet } from "../manifests/types.js";
import { applyPlan } from "./act.js";
import type { AwsApi } from "./aws/api.js";
import { revisionOf, TaskDefinitionCache } from "./aws/readers.js";
import { observationSet, observeAll, planOne } from "./engine.js";
import type { ResourceMetrics } from "./metrics.js";
import type { ResourcePlan } from "./plan.js";
import type { LiveSnapshot, ReconcileOptions } from "./reconciler.js";
import { lastEvents } from "./service/health.js";
import { primaryDeployment } from "./service/normalize.js";
import type { ServiceLive } from "./service/observe.js";

export type Settled = "progressing" | "done" | "failed";

export interface WaitProgress {
  key: string;
  title: string;
  state: Settled;
  /** One line of where it stands: rollout state, new/old task counts, step. */
  detail: string;
  /** Why it failed, and what ECS said (last service events). */
  reason?: string;
  events?: string[];
}

export interface WaitOptions {
  set: ManifestSet;
  api: AwsApi;
  options: ReconcileOptions;
  keys: readonly string[];
  timeoutMs: number;
  /** Carry out the next step of a progressive rollout (apply --wait); status --wait only watches. */
  drive: boolean;
  /** The revision (family:rev) each service was just pointed at: running another one means rolled back. */
  expectedRevisions?: ReadonlyMap<string, string>;
  onProgress?: (progress: WaitProgress[], elapsedMs: number) => void;
  metrics?: ResourceMetrics;
  /** First poll interval; it doubles up to maxPollMs. Tests shorten both. */
  pollMs?: number;
  maxPollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const title = (p: ResourcePlan) => `${p.kind} ${p.cluster ? `${p.cluster}/` : ""}${p.name}`;

/** New and old tasks of a rolling deployment: the PRIMARY deployment against the others. */
function rolloutDetail(service: Service | undefined): string {
  if (!service) return "service does not exist yet";
  if (service.deploymentController?.type === "EXTERNAL") {
    const primary = service.taskSets?.find((t) => t.status === "PRIMARY");
    return primary
      ? `primary task set ${primary.stabilityStatus ?? ""} at ${primary.scale?.value ?? 0}%`
      : "no primary task set yet";
  }
  const primary = primaryDeployment(service);
  const old = (service.deployments ?? [])
    .filter((d) => d.status !== "PRIMARY")
    .reduce((n, d) => n + (d.runningCount ?? 0), 0);
  const state = primary?.rolloutState ?? (primary ? "no rollout state" : "no deployment");
  return `${state}: new ${primary?.runningCount ?? 0}/${primary?.desiredCount ?? service.desiredCount ?? 0}${old ? `, old ${old} running` : ""}`;
}

/** One resource's standing from its fresh plan and live state. */
export function settledOf(plan: ResourcePlan, live: unknown, expected?: string): WaitProgress {
  const base = { key: plan.key, title: title(plan) };
  if (plan.kind === "Service") {
    const service = (live as ServiceLive | undefined)?.service;
    const detail = rolloutDetail(service);
    const running = primaryDeployment(service ?? {})?.taskDefinition;
    if (plan.health === "Degraded")
      return {
        ...base,
        state: "failed",
        detail,
        reason: plan.healthMessage ?? "degraded",
        events: lastEvents(service),
      };
    if (expected && running && revisionOf(running) !== expected && service?.deploymentController?.type !== "EXTERNAL")
      return {
        ...base,
        state: "failed",
        detail,
        reason: `runs ${revisionOf(running)} instead of ${expected}: ECS rolled the deployment back`,
        events: lastEvents(service),
      };
    return { ...base, state: plan.health === "Healthy" ? "done" : "progressing", detail };
  }
  const detail = plan.healthMessage ?? plan.health;
  if (plan.health === "Degraded") return { ...base, state: "failed", detail, reason: plan.healthMessage ?? "degraded" };
  const done = plan.health === "Healthy" && (plan.action === "none" || plan.mode !== "enforce");
  return { ...base, state: done ? "done" : "progressing", detail };
}

/**
 * Polls the given resources with batched reads, backing off from pollMs to maxPollMs, until each
 * has settled: done (healthy, nothing left to do), failed (ECS failed or rolled back the
 * deployment, or a progressive rollout rolled back), or the timeout passed (failed too).
 */
export async function waitForSettled(o: WaitOptions): Promise<{ ok: boolean; progress: WaitProgress[] }> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const revisions = new TaskDefinitionCache(o.api);
  let delay = o.pollMs ?? 2000;
  let progress: WaitProgress[] = [];
  const pending = new Set(o.keys);
  const final = new Map<string, WaitProgress>();

  while (pending.size > 0) {
    const snapshot = await observe(o, [...pending], revisions);
    let nextPollMs = Number.POSITIVE_INFINITY;
    let acted = false;
    for (const key of [...pending]) {
      const planned = planOne(o.set, snapshot, { ...o.options, now: now() }, key);
      if (!planned) {
        pending.delete(key);
        continue;
      }
      let { plan } = planned;
      if (o.drive && plan.kind === "TaskSet" && plan.mode === "enforce" && plan.operations.length && !plan.blocked) {
        const [r] = await applyPlan({ resources: [plan] }, o.api);
        acted = true;
        if (r?.outcome === "failed") {
          final.set(key, {
            key,
            title: title(plan),
            state: "failed",
            detail: plan.notes[0] ?? "",
            reason: r.message ?? "failed",
          });
          pending.delete(key);
          continue;
        }
        if (plan.rollback && plan.details?.rollout)
          o.metrics?.rollbacks.inc({ cluster: plan.cluster ?? "", service: plan.details.rollout.service });
        plan = { ...plan, health: plan.rollback ? "Degraded" : "Progressing" };
      }
      const p =
        plan.kind === "TaskSet"
          ? { ...settledOf(plan, undefined), detail: plan.notes[0] ?? plan.health }
          : settledOf(plan, snapshot.get(key), o.expectedRevisions?.get(key));
      if (p.state !== "progressing") {
        final.set(key, p);
        pending.delete(key);
      } else {
        final.set(key, p);
        if (plan.requeueAfterMs !== undefined) nextPollMs = Math.min(nextPollMs, plan.requeueAfterMs);
      }
    }
    progress = o.keys.map((k) => final.get(k)).filter((p): p is WaitProgress => p !== undefined);
    const elapsed = now() - started;
    o.onProgress?.(progress, elapsed);
    if (pending.size === 0) break;
    if (elapsed >= o.timeoutMs) {
      for (const key of pending) {
        const p = final.get(key);
        if (p)
          final.set(key, {
            ...p,
            state: "failed",
            reason: `not settled within ${Math.round(o.timeoutMs / 1000)}s (${p.detail})`,
          });
      }
      progress = o.keys.map((k) => final.get(k)).filter((p): p is WaitProgress => p !== undefined);
      o.onProgress?.(progress, elapsed);
      break;
    }
    // A step just taken: look again soon; otherwise back off.
    if (acted) delay = o.pollMs ?? 2000;
    await sleep(Math.min(delay, nextPollMs, Math.max(0, o.timeoutMs - elapsed)));
    delay = Math.min(delay * 2, o.maxPollMs ?? 15_000);
  }
  return { ok: progress.every((p) => p.state === "done"), progress };
}

/** Batched reads of the resources still pending, with what their plans read and depend on. */
function observe(o: WaitOptions, keys: string[], revisions: TaskDefinitionCache): Promise<LiveSnapshot> {
  return observeAll(observationSet(o.set, keys, true), { api: o.api, revisions });
}
