import { randomUUID } from "node:crypto";
import type { Service } from "@aws-sdk/client-ecs";
import type { Logger } from "pino";
import type { ManifestError } from "../manifests/errors.js";
import { loadManifests } from "../manifests/load.js";
import { keyOf, ManifestSet } from "../manifests/types.js";
import { applyPlan } from "./act.js";
import type { AwsApi } from "./aws/api.js";
import { TaskDefinitionCache } from "./aws/readers.js";
import { redactChange } from "./diff/redact.js";
import { stableStringify } from "./diff/values.js";
import { dependenciesOf, observationSet, observeAll, planOne } from "./engine.js";
import type { ResourceMetrics, RolloutState } from "./metrics.js";
import type { ResourcePlan } from "./plan.js";
import type { LiveSnapshot, ReconcileOptions } from "./reconciler.js";
import { primaryDeployment } from "./service/normalize.js";
import type { ServiceLive } from "./service/observe.js";

export interface ContinuousOptions {
  paths: string[];
  api: AwsApi;
  metrics: ResourceMetrics;
  options: ReconcileOptions;
  logger: Logger;
  /** A rollout in progress is looked at again this soon, well before the resync. */
  progressingRequeueMs?: number;
  /** A service waiting for its task definition's new revision looks again this soon. */
  dependencyRequeueMs?: number;
  /** The clock plans read (rollout pauses and timeouts); tests use a virtual one. */
  now?: () => number;
}

/**
 * The ECS side of `run`: keeps the last good desired state and a live snapshot refreshed by batched
 * reads at every resync, and reconciles one key at a time for the generic controller runtime.
 */
export class ContinuousReconciler {
  private set = new ManifestSet([]);
  private hashes = new Map<string, string>();
  private snapshot: LiveSnapshot = new Map();
  private readonly revisions: TaskDefinitionCache;
  /** True once a manifest load succeeded: until then the controller is not ready. */
  loaded = false;
  /** Set by the runner: adds keys to the work queue. */
  enqueue: (keys: readonly string[]) => void = () => {};

  constructor(private readonly o: ContinuousOptions) {
    this.revisions = new TaskDefinitionCache(o.api);
  }

  get keys(): string[] {
    return this.set.all.map(keyOf);
  }

  /**
   * Reloads the manifests. A broken set changes nothing: the last good desired state stays, the
   * errors are logged and counted. Returns the keys added or changed, and those removed.
   */
  reload(): { changed: string[]; removed: string[]; errors: ManifestError[] } {
    const { set, errors } = loadManifests(this.o.paths);
    if (errors.length > 0) {
      this.o.metrics.manifestErrors.inc();
      this.o.metrics.manifestsValid.set(0);
      this.o.logger.error(
        { errors: errors.map(String) },
        `manifests invalid (${errors.length} errors): keeping the last good desired state`,
      );
      return { changed: [], removed: [], errors };
    }
    const hashes = new Map(set.all.map((m) => [keyOf(m), stableStringify({ ...m, source: undefined })]));
    const changed = [...hashes].filter(([k, h]) => this.hashes.get(k) !== h).map(([k]) => k);
    const removed = [...this.hashes.keys()].filter((k) => !hashes.has(k));
    for (const key of removed) {
      const old = this.set.byKey.get(key);
      if (old) this.o.metrics.forget(old.kind, old.metadata.name, old.metadata.cluster);
      this.snapshot.delete(key);
    }
    this.set = set;
    this.hashes = hashes;
    this.loaded = true;
    this.o.metrics.manifestsValid.set(1);
    if (changed.length || removed.length)
      this.o.logger.info({ changed, removed }, `manifests loaded: ${set.all.length} resources`);
    return { changed, removed, errors: [] };
  }

  /** Refreshes the live state of every resource (batched reads) and returns every key. */
  async listKeys(): Promise<string[]> {
    this.snapshot = await observeAll(this.set, { api: this.o.api, revisions: this.revisions, detail: true });
    return this.keys;
  }

  /** Re-reads the live state of some resources (after a change, or a key never observed). */
  private async refresh(keys: readonly string[], dependencies = false): Promise<void> {
    const subset = observationSet(this.set, keys, dependencies);
    const fresh = await observeAll(subset, { api: this.o.api, revisions: this.revisions, detail: true });
    for (const [k, v] of fresh) this.snapshot.set(k, v);
  }

  private plan(key: string) {
    return planOne(this.set, this.snapshot, { ...this.o.options, now: (this.o.now ?? Date.now)() }, key);
  }

  private record(plan: ResourcePlan): void {
    const live = this.snapshot.get(plan.key) as ServiceLive | undefined;
    const service = plan.kind === "Service" ? (live?.service as Service | undefined) : undefined;
    const rollout =
      service?.deploymentController?.type === "EXTERNAL"
        ? "external"
        : (primaryDeployment(service ?? {})?.rolloutState as RolloutState | undefined);
    this.o.metrics.observe(plan, rollout);
  }

  async reconcileKey(key: string, signal: AbortSignal): Promise<{ requeueAfterMs?: number } | undefined> {
    const m = this.set.byKey.get(key);
    if (!m) return undefined;
    const log = this.o.logger.child({
      kind: m.kind,
      ...(m.metadata.cluster ? { cluster: m.metadata.cluster } : {}),
      name: m.metadata.name,
      reconcileId: randomUUID().slice(0, 8),
    });
    const endTimer = this.o.metrics.duration.startTimer({ kind: m.kind });
    const result = (r: "success" | "error" | "requeue") => this.o.metrics.reconciles.inc({ kind: m.kind, result: r });
    try {
      if (!this.snapshot.has(key)) await this.refresh([key]);
      let planned = this.plan(key);
      if (!planned) return undefined; // the manifest left while this key waited
      // The resync's snapshot may be up to an interval old, or older than a change another worker
      // just made: before acting, and while a rollout is watched, plan on state read now.
      const acting = planned.plan.mode === "enforce" && planned.plan.action !== "none";
      if (acting || planned.plan.health === "Progressing") {
        await this.refresh([key], true);
        planned = this.plan(key);
        if (!planned) return undefined;
      }
      let { plan } = planned;
      const { dependencies } = planned;
      this.record(plan);
      if (plan.mode === "enforce" && plan.action !== "none" && !signal.aborted) {
        if (plan.blocked) {
          log.warn({ action: plan.action, blocked: plan.blocked }, "not changed: blocked");
          result("error");
          return undefined;
        }
        // A cluster to create or a revision to register is its own key's work: wait for it.
        if (dependencies.some((d) => d.mode === "enforce" && (d.action === "create" || d.action === "register"))) {
          result("requeue");
          return { requeueAfterMs: this.o.dependencyRequeueMs ?? 2000 };
        }
        await this.act(plan, log);
        await this.refresh([key]);
        plan = this.plan(key)?.plan ?? plan;
        this.record(plan);
        // Whoever waited on this one can go now.
        this.enqueue(this.set.all.filter((d) => dependenciesOf(d).includes(key)).map(keyOf));
      } else if (plan.action !== "none") {
        log.info({ drift: plan.changes.map((c) => c.path), mode: plan.mode }, "drift detected (not changed: mode)");
      }
      if (plan.requeueAfterMs !== undefined || plan.health === "Progressing") {
        result("requeue");
        return { requeueAfterMs: plan.requeueAfterMs ?? this.o.progressingRequeueMs ?? 15_000 };
      }
      result("success");
      return undefined;
    } catch (err) {
      result("error");
      throw err;
    } finally {
      endTimer();
    }
  }

  private async act(plan: ResourcePlan, log: Logger): Promise<void> {
    const [r] = await applyPlan({ resources: [plan] }, this.o.api);
    if (r?.outcome === "failed") throw new Error(r.message);
    if (plan.rollback && plan.details?.rollout)
      this.o.metrics.rollbacks.inc({ cluster: plan.cluster ?? "", service: plan.details.rollout.service });
    // One line per change made; values pass through the same redaction as diffs.
    log.info(
      { action: plan.action, changes: plan.changes.map((c) => redactChange(c)) },
      `${plan.action} ${plan.kind} ${plan.cluster ? `${plan.cluster}/` : ""}${plan.name}`,
    );
  }
}
