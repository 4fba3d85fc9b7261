import { describe, expect, it } from "vitest";
import { loadFromText } from "../manifests/testing.js";
import { keyOf } from "../manifests/types.js";
import { loadDesired } from "./context.js";

const YAML = `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata: {name: prod}
spec: {}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web, labels: {team: web}}
spec:
  containerDefinitions: [{name: web, image: nginx, memory: 128}]
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: web, cluster: prod}
spec: {desiredCount: 2, deploymentController: {type: EXTERNAL}}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskSet
metadata: {name: web, cluster: prod, labels: {release: canary}}
spec: {service: web, taskDefinition: web, launchType: EC2}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: api, cluster: prod, labels: {team: api}}
spec: {taskDefinition: "api:3", desiredCount: 1, launchType: EC2}
`;

describe("loadDesired with a selector", () => {
  const { dir } = loadFromText(YAML);

  it("selects the matches and everything they depend on, keeping the rest for lookups", () => {
    const set = loadDesired({ file: [dir], selector: "release=canary" });
    expect(set.selected.map(keyOf)).toEqual([
      "Cluster/prod",
      "TaskDefinition/web",
      "Service/prod/web",
      "TaskSet/prod/web",
    ]);
    expect(set.all).toHaveLength(5);
  });

  it("a task definition selected alone is the only one acted on", () => {
    const set = loadDesired({ file: [dir], selector: "team=web" });
    expect(set.selected.map(keyOf)).toEqual(["TaskDefinition/web"]);
  });

  it("without a selector, everything", () => {
    expect(loadDesired({ file: [dir] }).selected).toHaveLength(5);
  });
});
