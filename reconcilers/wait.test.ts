/**
 * Rollout sequences moto cannot play, with aws-sdk-client-mock: a rolling deployment that completes,
 * one the circuit breaker rolls back, one that times out, and progressive task set rollouts that
 * succeed step by step, roll back at step 2, and resume after a restart from what ECS shows.
 */
import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  type Service,
  UpdateServicePrimaryTaskSetCommand,
  UpdateTaskSetCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { beforeEach, describe, expect, it } from "vitest";
import { loadFromText } from "../manifests/testing.js";
import { AwsApi } from "./aws/api.js";
import { ResourceMetrics } from "./metrics.js";
import { DEFAULT_OPTIONS } from "./reconciler.js";
import { EXTERNAL_SERVICE, fakeTaskSets, virtualTime } from "./task-set/fake-ecs.js";
import { ARN, OURS } from "./testing.js";
import { waitForSettled } from "./wait.js";

const ecs = mockClient(ECSClient);
const api = () =>
  new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 1000 });

const td = (rev: number) => `${ARN}:task-definition/web:${rev}`;
const TD_YAML = `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web}
spec:
  containerDefinitions:
    - {name: web, image: "nginx:2", memory: 128}
`;

describe("waitForSettled: rolling deployments", () => {
  const SERVICE_YAML = `${TD_YAML}---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: web, cluster: prod}
spec: {taskDefinition: web, desiredCount: 2, launchType: EC2}
`;
  const { set } = loadFromText(SERVICE_YAML);
  const service = (deployments: Service["deployments"], over: Partial<Service> = {}): Service => ({
    serviceName: "web",
    serviceArn: `${ARN}:service/prod/web`,
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    launchType: "EC2",
    taskDefinition: td(8),
    deployments,
    tags: OURS,
    events: [
      { message: "(service web) rolling back to deployment ecs-svc/111." },
      { message: "(service web) deployment ecs-svc/222 deployment failed: tasks failed to start." },
    ],
    ...over,
  });
  beforeEach(() => {
    ecs.reset();
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [td(8)] });
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: td(8),
        containerDefinitions: [{ name: "web", image: "nginx:2", memory: 128 }],
      },
      tags: OURS,
    });
  });
  const wait = (timeoutMs = 600_000) => {
    const clock = virtualTime();
    const seen: string[] = [];
    const run = waitForSettled({
      set,
      api: api(),
      options: DEFAULT_OPTIONS,
      keys: ["Service/prod/web"],
      timeoutMs,
      drive: true,
      expectedRevisions: new Map([["Service/prod/web", "web:8"]]),
      onProgress: (p) => seen.push(`${p[0]!.state} ${p[0]!.detail}`),
      now: clock.now,
      sleep: clock.sleep,
    });
    return { run, seen };
  };

  it("in progress, then completed: settles done", async () => {
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({
        services: [
          service(
            [
              {
                status: "PRIMARY",
                rolloutState: "IN_PROGRESS",
                taskDefinition: td(8),
                runningCount: 1,
                desiredCount: 2,
              },
              { status: "ACTIVE", rolloutState: "COMPLETED", taskDefinition: td(7), runningCount: 2, desiredCount: 2 },
            ],
            { runningCount: 3 },
          ),
        ],
      })
      .resolves({
        services: [
          service([
            { status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: td(8), runningCount: 2, desiredCount: 2 },
          ]),
        ],
      });
    const { run, seen } = wait();
    const { ok, progress } = await run;
    expect(ok).toBe(true);
    expect(seen).toEqual(["progressing IN_PROGRESS: new 1/2, old 2 running", "done COMPLETED: new 2/2"]);
    expect(progress[0]!.state).toBe("done");
  });

  it("tasks fail, the circuit breaker rolls back: failed, naming the reason and the last events", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service([
          { status: "PRIMARY", rolloutState: "IN_PROGRESS", taskDefinition: td(7), runningCount: 1, desiredCount: 2 },
          {
            status: "ACTIVE",
            rolloutState: "FAILED",
            rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
            taskDefinition: td(8),
            failedTasks: 3,
          },
        ]),
      ],
    });
    const { ok, progress } = await wait().run;
    expect(ok).toBe(false);
    expect(progress[0]).toMatchObject({
      state: "failed",
      reason: "rolling back: ECS deployment circuit breaker: tasks failed to start",
      events: [
        "(service web) rolling back to deployment ecs-svc/111.",
        "(service web) deployment ecs-svc/222 deployment failed: tasks failed to start.",
      ],
    });
  });

  it("after a completed rollback the old revision runs: never reported as success", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service(
          [{ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: td(7), runningCount: 2, desiredCount: 2 }],
          { taskDefinition: td(7) },
        ),
      ],
    });
    const { ok, progress } = await wait().run;
    expect(ok).toBe(false);
    expect(progress[0]!.reason).toBe("runs web:7 instead of web:8: ECS rolled the deployment back");
  });

  it("times out when the deployment never settles", async () => {
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service([
          { status: "PRIMARY", rolloutState: "IN_PROGRESS", taskDefinition: td(8), runningCount: 0, desiredCount: 2 },
        ]),
      ],
    });
    const { ok, progress } = await wait(60_000).run;
    expect(ok).toBe(false);
    expect(progress[0]!.reason).toBe("not settled within 60s (IN_PROGRESS: new 0/2)");
  });
});

describe("waitForSettled: progressive rollout of an EXTERNAL service", () => {
  const yaml = (image: string) => `${TD_YAML.replace("nginx:2", image)}---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: web, cluster: prod}
spec: {desiredCount: 4, deploymentController: {type: EXTERNAL}}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskSet
metadata:
  name: web
  cluster: prod
  rollout:
    steps: [{scale: 25, pause: 1m}, {scale: 50, pause: 1m}]
    stepTimeout: 5m
spec: {service: web, taskDefinition: "web:1", launchType: EC2}
`;
  beforeEach(() => {
    ecs.reset();
    ecs.on(DescribeServicesCommand).resolves({ services: [EXTERNAL_SERVICE] });
  });

  function drive(
    image: string,
    clock: ReturnType<typeof virtualTime>,
    metrics?: ResourceMetrics,
    timeoutMs = 3_600_000,
  ) {
    const { set, errors } = loadFromText(
      yaml(image).replace('taskDefinition: "web:1"', `taskDefinition: "web:${image === "nginx:2" ? 1 : 2}"`),
    );
    expect(errors).toEqual([]);
    const seen: string[] = [];
    return {
      seen,
      run: waitForSettled({
        set,
        api: api(),
        options: DEFAULT_OPTIONS,
        keys: ["TaskSet/prod/web"],
        timeoutMs,
        drive: true,
        onProgress: (p) => seen.push(p[0]!.detail),
        now: clock.now,
        sleep: clock.sleep,
        ...(metrics ? { metrics } : {}),
      }),
    };
  }

  it("first deployment, then a canary 25% → 50% → 100% → promote → drain, step by step", async () => {
    const clock = virtualTime();
    const sets = fakeTaskSets(ecs, clock);
    expect((await drive("nginx:2", clock).run).ok).toBe(true);
    expect(sets.map((s) => [s.status, s.scale?.value])).toEqual([["PRIMARY", 100]]);

    const { run, seen } = drive("nginx:3", clock);
    const { ok } = await run;
    expect(ok).toBe(true);
    const scales = ecs.commandCalls(UpdateTaskSetCommand).map((c) => c.args[0].input.scale?.value);
    expect(scales).toEqual([50, 100]);
    expect(ecs.commandCalls(CreateTaskSetCommand).at(-1)!.args[0].input.scale).toEqual({ unit: "PERCENT", value: 25 });
    expect(ecs.commandCalls(UpdateServicePrimaryTaskSetCommand)).toHaveLength(2);
    expect(ecs.commandCalls(DeleteTaskSetCommand)).toHaveLength(1);
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ status: "PRIMARY", taskDefinition: "web:2", scale: { value: 100 } });
    // Each step waits for STEADY_STATE, then its pause, before the next.
    const order = [
      "step 1/3: new task set at 25%, stabilizing",
      "step 1/3: new task set at 25%, steady, pausing",
      "step 2/3: new task set to 50%",
      "step 2/3: new task set at 50%, steady, pausing",
      "step 3/3: new task set to 100%",
    ];
    const firstSeen = order.map((o) => seen.findIndex((l) => l.startsWith(o)));
    expect(firstSeen.every((i) => i >= 0)).toBe(true);
    expect([...firstSeen].sort((a, b) => a - b)).toEqual(firstSeen);
    expect(seen).toContain("step 3/3: promoting the new task set");
  });

  it("a step that never stabilizes rolls back at step 2: new set to 0, the old one stays primary", async () => {
    const clock = virtualTime();
    const sets = fakeTaskSets(ecs, clock, { stuckAt: 50 });
    await drive("nginx:2", clock).run;
    const metrics = new ResourceMetrics(new Registry(), "t");
    const { ok, progress } = await drive("nginx:3", clock, metrics).run;
    expect(ok).toBe(false);
    expect(progress[0]).toMatchObject({ state: "failed", reason: "rolled-back at 50%: not STEADY_STATE within 300s" });
    const fresh = sets.find((s) => s.taskDefinition === "web:2")!;
    expect(fresh.scale?.value).toBe(0);
    expect(sets.find((s) => s.taskDefinition === "web:1")).toMatchObject({ status: "PRIMARY", scale: { value: 100 } });
    expect((await metrics.rollbacks.get()).values).toEqual([{ labels: { cluster: "prod", service: "web" }, value: 1 }]);

    // Not retried: the same manifest stays failed until it changes.
    const again = await drive("nginx:3", clock).run;
    expect(again.ok).toBe(false);
    expect(ecs.commandCalls(CreateTaskSetCommand)).toHaveLength(2);
  });

  it("a restart mid-rollout resumes from the task sets ECS shows", async () => {
    const clock = virtualTime();
    const sets = fakeTaskSets(ecs, clock);
    await drive("nginx:2", clock).run;
    // The first run dies (here: its timeout) while the new set is at 50%: no state is kept anywhere but in ECS.
    const first = await drive("nginx:3", clock, undefined, 150_000).run;
    expect(first.ok).toBe(false);
    expect(sets.find((s) => s.taskDefinition === "web:2")).toMatchObject({ status: "ACTIVE", scale: { value: 50 } });
    const created = ecs.commandCalls(CreateTaskSetCommand).length;

    const resumed = await drive("nginx:3", clock).run;
    expect(resumed.ok).toBe(true);
    // The same generation was found in ECS and carried on from 50%: nothing created again.
    expect(ecs.commandCalls(CreateTaskSetCommand)).toHaveLength(created);
    expect(sets).toEqual([
      expect.objectContaining({ taskDefinition: "web:2", status: "PRIMARY", scale: { unit: "PERCENT", value: 100 } }),
    ]);
  });
});
