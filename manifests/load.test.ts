import { describe, expect, it } from "vitest";
import { errorsOf } from "./testing.js";

const td = (env: string) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web}
spec:
  containerDefinitions:
    - name: web
      image: nginx
      memory: 128
      environment:
        - {name: DB_PASSWORD, value: ${env}}
`;

describe("loading manifests", () => {
  it("a wrong type says how to fix it without echoing the value (it may be a secret)", () => {
    expect(errorsOf(td("31415926"))).toEqual([
      "manifests.yaml:10: spec.containerDefinitions[0].environment[0].value: expected string, got number (quote it)",
    ]);
  });

  it("checks metadata.rollout: only on a TaskSet, growing whole percentages, durations", () => {
    const taskSet = (rollout: string) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskSet
metadata:
  name: web
  cluster: prod
  rollout: ${rollout}
spec: {service: web, taskDefinition: "web:1", launchType: EC2}
`;
    expect(errorsOf(taskSet("{steps: [{scale: 10, pause: 5m}], stepTimeout: 10m}"))).toEqual([]);
    expect(errorsOf(taskSet("{steps: [{scale: 50}, {scale: 20, pause: soon}], stepTimeout: 3x}"))).toEqual([
      "manifests.yaml:6: metadata.rollout.stepTimeout: expected a duration like 10m",
      "manifests.yaml:6: metadata.rollout.steps[1].scale: steps must grow: 20 after 50",
      "manifests.yaml:6: metadata.rollout.steps[1].pause: expected a duration like 5m",
    ]);
    expect(errorsOf(td('"x"').replace("metadata: {name: web}", "metadata: {name: web, rollout: {}}"))).toEqual([
      "manifests.yaml:3: metadata.rollout: only a TaskSet has a rollout; not used by kind TaskDefinition",
    ]);
  });
});
