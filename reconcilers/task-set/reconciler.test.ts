import type { TaskSet } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { ARN, ctxOf, manifestOf, OURS } from "../testing.js";
import { generationOf, planTaskSet } from "./reconciler.js";

const YAML = `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskSet
metadata: {name: web, cluster: prod}
spec: {service: web, taskDefinition: "web:3", launchType: EC2}
`;

const set = (id: string, over: Partial<TaskSet>): TaskSet => ({
  id,
  taskSetArn: `${ARN}:task-set/prod/web/${id}`,
  status: "ACTIVE",
  stabilityStatus: "STEADY_STATE",
  scale: { unit: "PERCENT", value: 100 },
  ...over,
});

describe("planTaskSet", () => {
  const { set: manifests, m } = manifestOf("TaskSet", YAML);
  const ctx = (taskSets: TaskSet[]) =>
    ctxOf(manifests, { service: { serviceName: "web", status: "ACTIVE" }, taskSets });
  const current = `web/${generationOf(m, ctx([]))}`;

  it("never drains a task set without our tag, even with an externalId like ours", () => {
    const ours = set("ecs-svc/1", { externalId: current, status: "PRIMARY", tags: OURS });
    const handMade = set("ecs-svc/2", { externalId: "web/hotfix-by-hand" });
    const p = planTaskSet(m, ctx([ours, handMade]));
    expect(p.operations).toEqual([]);
    expect(p).toMatchObject({ action: "none", sync: "Synced", health: "Healthy" });
  });

  it("drains our previous task set after the new one is primary, and says which", () => {
    const ours = set("ecs-svc/1", { externalId: current, status: "PRIMARY", tags: OURS });
    const old = set("ecs-svc/0", { externalId: "web/0123456789ab", tags: OURS });
    const p = planTaskSet(m, ctx([ours, old]));
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "DeleteTaskSet",
        input: { cluster: "prod", service: "web", taskSet: old.taskSetArn, force: true },
      },
    ]);
    expect(p.changes).toEqual([
      { op: "remove", path: "", live: { externalId: "web/0123456789ab", status: "ACTIVE", scale: 100 } },
    ]);
  });

  it("the generation changes with what the set runs, not with its scale", () => {
    const other = manifestOf("TaskSet", YAML.replace("web:3", "web:4")).m;
    const scaled = manifestOf(
      "TaskSet",
      YAML.replace("launchType: EC2", "launchType: EC2, scale: {unit: PERCENT, value: 50}"),
    ).m;
    expect(generationOf(other, ctx([]))).not.toBe(generationOf(m, ctx([])));
    expect(generationOf(scaled, ctx([]))).toBe(generationOf(m, ctx([])));
  });
});
