/**
 * The controller's side of a progressive rollout: ContinuousReconciler drives the steps across
 * reconciles, and a new one (a restarted controller, nothing kept in memory) resumes from what ECS
 * shows. ECS is the in-memory task set fake behind aws-sdk-client-mock; time is virtual.
 */
import { CreateTaskSetCommand, DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import pino from "pino";
import { Registry } from "prom-client";
import { beforeEach, describe, expect, it } from "vitest";
import { loadFromText } from "../manifests/testing.js";
import { AwsApi } from "./aws/api.js";
import { ContinuousReconciler } from "./continuous.js";
import { ResourceMetrics } from "./metrics.js";
import { DEFAULT_OPTIONS } from "./reconciler.js";
import { EXTERNAL_SERVICE, fakeTaskSets, virtualTime } from "./task-set/fake-ecs.js";

const ecs = mockClient(ECSClient);
const KEY = "TaskSet/prod/web";

const yaml = (revision: number) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: web, cluster: prod}
spec: {desiredCount: 4, deploymentController: {type: EXTERNAL}}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskSet
metadata:
  name: web
  cluster: prod
  rollout: {steps: [{scale: 25, pause: 1m}, {scale: 50, pause: 1m}], stepTimeout: 5m}
spec: {service: web, taskDefinition: "web:${revision}", launchType: EC2}
`;

describe("ContinuousReconciler and progressive rollouts", () => {
  beforeEach(() => {
    ecs.reset();
    ecs.on(DescribeServicesCommand).resolves({ services: [EXTERNAL_SERVICE] });
  });

  function controller(dir: string, clock: ReturnType<typeof virtualTime>) {
    const registry = new Registry();
    const loop = new ContinuousReconciler({
      paths: [dir],
      api: new AwsApi({ registry, ecs: new ECSClient({ region: "us-east-1" }), rateShare: 1000 }),
      metrics: new ResourceMetrics(registry, "t"),
      options: DEFAULT_OPTIONS,
      logger: pino({ level: "silent" }),
      now: clock.now,
    });
    loop.reload();
    return { loop, registry };
  }

  /** Resyncs and reconciles the task set until `until` holds, advancing time by what it asks. */
  async function run(
    c: ReturnType<typeof controller>,
    clock: ReturnType<typeof virtualTime>,
    until: () => boolean,
    max = 60,
  ) {
    const signal = new AbortController().signal;
    for (let i = 0; i < max && !until(); i++) {
      await c.loop.listKeys();
      const r = await c.loop.reconcileKey(KEY, signal);
      clock.advance(r?.requeueAfterMs ?? 60_000);
    }
  }

  it("drives a canary across reconciles, and a restarted controller resumes it from ECS", async () => {
    const clock = virtualTime();
    const sets = fakeTaskSets(ecs, clock);
    const { dir } = loadFromText(yaml(1));
    await run(controller(dir, clock), clock, () => sets.some((s) => s.status === "PRIMARY"));
    expect(sets).toEqual([expect.objectContaining({ status: "PRIMARY", taskDefinition: "web:1" })]);

    // A new revision: the first controller takes it to 50 %, then "crashes".
    const next = loadFromText(yaml(2)).dir;
    const first = controller(next, clock);
    await run(first, clock, () => sets.some((s) => s.taskDefinition === "web:2" && s.scale?.value === 50));
    const created = ecs.commandCalls(CreateTaskSetCommand).length;
    const text = await first.registry.getSingleMetricAsString("ecs_reconciler_rollout_step");
    expect(text).toContain('ecs_reconciler_rollout_step{cluster="prod",service="web"} 2');

    // A fresh controller knows nothing but what ECS shows, and finishes the rollout.
    const second = controller(next, clock);
    await run(
      second,
      clock,
      () => sets.length === 1 && sets[0]!.taskDefinition === "web:2" && sets[0]!.status === "PRIMARY",
    );
    expect(ecs.commandCalls(CreateTaskSetCommand)).toHaveLength(created);
    expect(sets).toEqual([
      expect.objectContaining({ status: "PRIMARY", taskDefinition: "web:2", scale: { unit: "PERCENT", value: 100 } }),
    ]);
    const state = await second.registry.getSingleMetricAsString("ecs_reconciler_rollout_state");
    expect(state).toContain('ecs_reconciler_rollout_state{cluster="prod",service="web",state="COMPLETED"} 1');
  });
});
