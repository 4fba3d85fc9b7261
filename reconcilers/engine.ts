import { isLiteralTaskDefinition } from "../manifests/references.js";
import { type AnyManifest, KINDS, type Kind, keyOf, type Manifest, ManifestSet } from "../manifests/types.js";
import type { AwsApi } from "./aws/api.js";
import { listNamespaceArns, type TaskDefinitionCache } from "./aws/readers.js";
import { capacityProviderReconciler } from "./capacity-provider/reconciler.js";
import { clusterReconciler } from "./cluster/reconciler.js";
import type { Plan, ResourcePlan } from "./plan.js";
import { type LiveSnapshot, NAMESPACES_KEY, type ReconcileOptions, type Reconciler } from "./reconciler.js";
import { serviceReconciler } from "./service/reconciler.js";
import { taskDefinitionReconciler } from "./task-definition/reconciler.js";
import { taskSetReconciler } from "./task-set/reconciler.js";

// biome-ignore lint/suspicious/noExplicitAny: each entry is the reconciler of its own kind
type AnyReconciler = Reconciler<any, any>;

export const RECONCILERS: Partial<Record<Kind, AnyReconciler>> = {
  CapacityProvider: capacityProviderReconciler,
  Cluster: clusterReconciler,
  TaskDefinition: taskDefinitionReconciler,
  Service: serviceReconciler,
  TaskSet: taskSetReconciler,
};

export class UnsupportedKindError extends Error {
  constructor(readonly manifests: AnyManifest[]) {
    super(
      manifests
        .map(
          (m) =>
            `${m.source.file}:${m.source.line}: kind ${m.kind} is validated but not reconciled yet by this version`,
        )
        .join("\n"),
    );
    this.name = "UnsupportedKindError";
  }
}

/** A Service Connect namespace given by name (not ARN) needs the Cloud Map lookup to compare. */
function namesNamespaces(set: ManifestSet): boolean {
  const byName = (ns: string | undefined) => ns !== undefined && !ns.startsWith("arn:");
  return (
    set.ofKind("Cluster").some((m) => byName(m.spec.serviceConnectDefaults?.namespace)) ||
    set.ofKind("Service").some((m) => byName(m.spec.serviceConnectConfiguration?.namespace))
  );
}

/** Reads the live state of every manifest; read-only. Kinds run in phases by their observeAfter. */
export async function observeAll(
  set: ManifestSet,
  ctx: { api: AwsApi; revisions: TaskDefinitionCache; detail?: boolean },
): Promise<LiveSnapshot> {
  const unsupported = set.all.filter((m) => !RECONCILERS[m.kind]);
  if (unsupported.length) throw new UnsupportedKindError(unsupported);
  const snapshot: LiveSnapshot = new Map();
  if (namesNamespaces(set)) snapshot.set(NAMESPACES_KEY, await listNamespaceArns(ctx.api));
  const pending = new Set(KINDS.filter((k) => RECONCILERS[k] && set.ofKind(k).length > 0));
  while (pending.size > 0) {
    const ready = [...pending].filter((k) => RECONCILERS[k]!.observeAfter.every((dep: Kind) => !pending.has(dep)));
    const results = await Promise.all(
      ready.map(
        (k) => RECONCILERS[k]!.observe(set.ofKind(k), { ...ctx, set, snapshot }) as Promise<Map<string, unknown>>,
      ),
    );
    for (const r of results) for (const [key, live] of r) snapshot.set(key, live);
    for (const k of ready) pending.delete(k);
  }
  return snapshot;
}

/**
 * Pure: desired + live → plan, kind by kind in reconcile order (a service sees its task definition's
 * plan). `only` limits which manifests are planned; lookups still see the whole set.
 */
export function planAll(
  set: ManifestSet,
  snapshot: LiveSnapshot,
  options: ReconcileOptions,
  only: readonly AnyManifest[] = set.all,
): Plan {
  const planned = new Map<string, ResourcePlan>();
  for (const m of only) {
    const reconciler = RECONCILERS[m.kind];
    if (!reconciler) continue;
    const key = keyOf(m);
    planned.set(key, reconciler.plan(m as Manifest, { live: snapshot.get(key), set, snapshot, planned, options }));
  }
  return { resources: [...planned.values()] };
}

/** Keys whose plans must be carried out before this one can be: a service's task definition and cluster. */
export function dependenciesOf(m: AnyManifest): string[] {
  const deps: string[] = [];
  if (m.kind === "Service" || m.kind === "TaskSet") {
    deps.push(`Cluster/${m.metadata.cluster}`);
    if (m.kind === "TaskSet") deps.push(`Service/${m.metadata.cluster}/${m.spec.service}`);
    const td = m.spec.taskDefinition;
    if (td && !isLiteralTaskDefinition(td)) deps.push(`TaskDefinition/${td}`);
  }
  return deps;
}

/** Keys whose live state observing `m` needs: a task definition's services (their revisions in use). */
export function observeWith(set: ManifestSet, m: AnyManifest): string[] {
  if (m.kind !== "TaskDefinition") return [];
  return set
    .ofKind("Service")
    .filter((s) => s.spec.taskDefinition === m.metadata.name)
    .map((s) => keyOf(s));
}

/** Plans one resource and, first, the resources it depends on (those in the manifests). Pure. */
export function planOne(
  set: ManifestSet,
  snapshot: LiveSnapshot,
  options: ReconcileOptions,
  key: string,
): { plan: ResourcePlan; dependencies: ResourcePlan[] } | undefined {
  const m = set.byKey.get(key);
  if (!m) return undefined;
  const deps = dependenciesOf(m)
    .map((k) => set.byKey.get(k))
    .filter((d): d is AnyManifest => d !== undefined)
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  const plans = planAll(set, snapshot, options, [...deps, m]).resources;
  return { plan: plans.find((r) => r.key === key)!, dependencies: plans.filter((r) => r.key !== key) };
}

/**
 * The manifests to observe so that `keys` can be planned: the keys themselves, what their plans
 * read (a task definition's services), and, with `dependencies`, what they depend on (a service's
 * cluster and task definition, and what those read in turn). One place for the CLI, the waiter
 * and the controller, so each reads what its plans need and nothing more.
 */
export function observationSet(set: ManifestSet, keys: Iterable<string>, dependencies = false): ManifestSet {
  const wanted = new Set<string>();
  const add = (key: string) => {
    const m = set.byKey.get(key);
    if (!m || wanted.has(key)) return;
    wanted.add(key);
    for (const k of observeWith(set, m)) wanted.add(k);
    if (dependencies) for (const dep of dependenciesOf(m)) add(dep);
  };
  for (const key of keys) add(key);
  return new ManifestSet(set.all.filter((m) => wanted.has(keyOf(m))));
}
