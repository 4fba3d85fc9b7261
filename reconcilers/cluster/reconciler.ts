import type { Cluster, Tag } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { describeClustersBatched } from "../aws/readers.js";
import { diffIntent } from "../diff/compare.js";
import { keepIgnoredLive } from "../diff/ignore.js";
import { deepMerge } from "../diff/values.js";
import type { HealthStatus, Operation, ResourcePlan } from "../plan.js";
import { changesForCreate, finishPlan } from "../plan-helpers.js";
import { isManaged, namespacesOf, type PlanContext, type Reconciler, withManagedBy } from "../reconciler.js";
import {
  type ClusterCapacity,
  capacityProblem,
  describeCapacity,
  readClusterCapacity,
  servicesUsingProviders,
} from "./capacity.js";
import { CLUSTER_RULES, type ClusterSpec, canonicalCluster, liveClusterToSpec } from "./normalize.js";

/** Fields UpdateCluster sets; capacity providers go through PutClusterCapacityProviders. */
const UPDATE_CLUSTER_FIELDS = ["settings", "configuration", "serviceConnectDefaults"] as const;
const CAPACITY_FIELDS = ["capacityProviders", "defaultCapacityProviderStrategy"] as const;

export interface ClusterLive {
  cluster?: Cluster;
  /** Providers the manifest drops from the cluster → services of the cluster whose strategy uses them. */
  providerUsers?: Map<string, string[]>;
  /** Container instances, summarized; read for `status` and `run` only. */
  capacity?: ClusterCapacity;
}

export const clusterReconciler: Reconciler<"Cluster", ClusterLive> = {
  kind: "Cluster",
  observeAfter: [],
  async observe(manifests, ctx) {
    const found = await describeClustersBatched(
      ctx.api,
      manifests.map((m) => m.metadata.name),
    );
    const out = new Map<string, ClusterLive>();
    await Promise.all(
      manifests.map(async (m) => {
        const cluster = found.get(m.metadata.name);
        const live: ClusterLive = cluster ? { cluster } : {};
        const dropped = (cluster?.capacityProviders ?? []).filter(
          (p) => m.spec.capacityProviders !== undefined && !m.spec.capacityProviders.includes(p),
        );
        if (cluster && dropped.length)
          live.providerUsers = await servicesUsingProviders(ctx.api, m.metadata.name, dropped);
        if (cluster && ctx.detail) live.capacity = await readClusterCapacity(ctx.api, m.metadata.name);
        out.set(`Cluster/${m.metadata.name}`, live);
      }),
    );
    return out;
  },
  plan: (m, ctx) => planCluster(m, ctx),
};

export function clusterHealth(live: ClusterLive | undefined): { health: HealthStatus; message?: string } {
  const c = live?.cluster;
  if (!c) return { health: "Missing", message: "cluster does not exist" };
  const problem = capacityProblem(live?.capacity);
  if (c.status === "ACTIVE" && problem) return { health: "Degraded", message: problem };
  if (c.status === "ACTIVE")
    return live?.capacity ? { health: "Healthy", message: describeCapacity(live.capacity) } : { health: "Healthy" };
  if (c.status === "PROVISIONING" || c.status === "DEPROVISIONING") return { health: "Progressing", message: c.status };
  return { health: "Degraded", message: `status ${c.status}` };
}

export function planCluster(m: Manifest<"Cluster">, ctx: PlanContext<ClusterLive>): ResourcePlan {
  const name = m.metadata.name;
  const cluster = ctx.live?.cluster;
  if (!cluster) {
    const input = { clusterName: name, ...m.spec, tags: withManagedBy(m.spec.tags, ctx.options) };
    return finishPlan(
      m,
      {
        action: "create",
        changes: changesForCreate(m.spec),
        operations: [{ service: "ecs", name: "CreateCluster", input }],
        health: "Missing",
      },
      ctx.options,
    );
  }
  const namespaces = namespacesOf(ctx.snapshot);
  const live = liveClusterToSpec(cluster, namespaces);
  const changes = diffIntent(canonicalCluster(m.spec, namespaces), live, {
    ...CLUSTER_RULES,
    ignore: m.metadata.reconcile?.ignore ?? [],
  });
  const fields = new Set(changes.map((c) => c.path.split("/")[1]));
  // Ignored fields are never changed: what is sent carries their live values.
  const spec = keepIgnoredLive(m.spec as ClusterSpec, live, m.metadata.reconcile?.ignore ?? [], CLUSTER_RULES);
  const ops: Operation[] = [];
  const update: Record<string, unknown> = { cluster: name };
  for (const f of UPDATE_CLUSTER_FIELDS)
    if (fields.has(f)) update[f] = deepMerge(Array.isArray(spec[f]) ? undefined : live[f], spec[f]);
  if (Object.keys(update).length > 1) ops.push({ service: "ecs", name: "UpdateCluster", input: update });
  if (CAPACITY_FIELDS.some((f) => fields.has(f))) {
    // PutClusterCapacityProviders replaces both lists whole: what the manifest leaves out stays as live.
    ops.push({
      service: "ecs",
      name: "PutClusterCapacityProviders",
      input: {
        cluster: name,
        capacityProviders: spec.capacityProviders ?? live.capacityProviders ?? [],
        defaultCapacityProviderStrategy:
          spec.defaultCapacityProviderStrategy ?? live.defaultCapacityProviderStrategy ?? [],
      },
    });
  }
  if (fields.has("tags") && m.spec.tags && cluster.clusterArn)
    ops.push({
      service: "ecs",
      name: "TagResource",
      input: { resourceArn: cluster.clusterArn, tags: m.spec.tags as Tag[] },
    });
  const { health, message } = clusterHealth(ctx.live);
  const plan = finishPlan(
    m,
    {
      action: changes.length ? "update" : "none",
      changes,
      operations: ops,
      health,
      ...(message ? { healthMessage: message } : {}),
      unmanaged: !isManaged(cluster.tags, ctx.options.instance),
      ...(cluster.clusterArn ? { adoptArn: cluster.clusterArn } : {}),
    },
    ctx.options,
  );
  if (ctx.live?.capacity) plan.details = { capacity: ctx.live.capacity };
  // PutClusterCapacityProviders replaces the list: a provider that services still use must stay.
  const inUse = [...(ctx.live?.providerUsers ?? [])].filter(([, services]) => services.length);
  if (inUse.length && plan.action !== "none" && plan.mode === "enforce")
    plan.blocked = inUse
      .map(
        ([p, services]) =>
          `capacity provider ${p} is still used by services ${services.join(", ")}: change their capacityProviderStrategy first`,
      )
      .join("; ");
  return plan;
}
