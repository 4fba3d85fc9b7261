import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { ResourceMetrics } from "./metrics.js";
import type { ResourcePlan } from "./plan.js";

const plan = (p: Partial<ResourcePlan>): ResourcePlan => ({
  kind: "Service",
  key: "Service/prod/web",
  name: "web",
  cluster: "prod",
  action: "none",
  changes: [],
  operations: [],
  mode: "enforce",
  notes: [],
  sync: "Synced",
  health: "Healthy",
  ...p,
});

async function series(registry: Registry, name: string) {
  return (await registry.getSingleMetric(name)!.get()).values.map((v) => ({ ...v.labels, value: v.value }));
}

describe("ResourceMetrics", () => {
  it("keeps one resource_info series per resource, following its status", async () => {
    const registry = new Registry();
    const m = new ResourceMetrics(registry, "1.2.3");
    m.observe(
      plan({ sync: "OutOfSync", health: "Progressing", changes: [{ op: "change", path: "/desiredCount" }] }),
      "IN_PROGRESS",
    );
    m.observe(plan({}), "COMPLETED");
    expect(await series(registry, "ecs_reconciler_resource_info")).toEqual([
      { kind: "Service", cluster: "prod", name: "web", sync_status: "Synced", health_status: "Healthy", value: 1 },
    ]);
    expect(await series(registry, "ecs_reconciler_drifted_fields")).toEqual([
      { kind: "Service", cluster: "prod", name: "web", value: 0 },
    ]);
    expect(await series(registry, "ecs_reconciler_rollout_state")).toEqual([
      { cluster: "prod", service: "web", state: "IN_PROGRESS", value: 0 },
      { cluster: "prod", service: "web", state: "COMPLETED", value: 1 },
      { cluster: "prod", service: "web", state: "FAILED", value: 0 },
    ]);
    expect(await series(registry, "ecs_reconciler_build_info")).toEqual([{ version: "1.2.3", value: 1 }]);
  });

  it("forgets every series of a resource that left the manifests", async () => {
    const registry = new Registry();
    const m = new ResourceMetrics(registry, "1");
    m.observe(plan({}), "COMPLETED");
    m.observe(plan({ kind: "Cluster", key: "Cluster/prod", name: "prod", cluster: undefined }));
    m.forget("Service", "web", "prod");
    expect(await series(registry, "ecs_reconciler_resource_info")).toEqual([
      { kind: "Cluster", cluster: "", name: "prod", sync_status: "Synced", health_status: "Healthy", value: 1 },
    ]);
    expect(await series(registry, "ecs_reconciler_rollout_state")).toEqual([]);
  });
});
