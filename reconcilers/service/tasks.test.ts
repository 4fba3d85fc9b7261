import {
  ClientException,
  type Container,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { beforeEach, describe, expect, it } from "vitest";
import { AwsApi } from "../aws/api.js";
import { TaskDefinitionCache } from "../aws/readers.js";
import { listServiceTasks, type TaskHealth, taskHealth } from "./tasks.js";

const ecsMock = mockClient(ECSClient);
const api = () => new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });

const CLUSTER = "MyCluster";
const taskArn = (id: string) => `arn:aws:ecs:us-west-2:123456789012:task/${CLUSTER}/${id}`;
const revisionArn = (rev: number) => `arn:aws:ecs:us-west-2:123456789012:task-definition/sample-fargate:${rev}`;
const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/**
 * A task shaped like the AWS CLI's describe-tasks example output (Fargate, service "fargate-service",
 * container "fargate-app" reporting healthStatus UNKNOWN with no health check):
 * https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-tasks.html
 * (source: aws/aws-cli awscli/examples/ecs/describe-tasks.rst). The SDK turns its epoch seconds into Dates.
 */
function fargateTask(id: string, over: Partial<Task> = {}): Task {
  const arn = taskArn(id);
  return {
    taskArn: arn,
    clusterArn: `arn:aws:ecs:us-west-2:123456789012:cluster/${CLUSTER}`,
    taskDefinitionArn: revisionArn(2),
    overrides: { containerOverrides: [{ name: "fargate-app" }] },
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    cpu: "256",
    memory: "512",
    containers: [
      {
        containerArn: "arn:aws:ecs:us-west-2:123456789012:container/a1b2c3d4-5678-90ab-cdef-11111EXAMPLE",
        taskArn: arn,
        name: "fargate-app",
        lastStatus: "RUNNING",
        networkBindings: [],
        networkInterfaces: [{ attachmentId: "a1b2c3d4-5678-90ab-cdef-22222EXAMPLE", privateIpv4Address: "10.0.0.4" }],
        healthStatus: "UNKNOWN",
        cpu: "0",
      },
    ],
    startedBy: "ecs-svc/1234567890123456789",
    version: 3,
    connectivity: "CONNECTED",
    connectivityAt: at(-1),
    pullStartedAt: at(-0.5),
    pullStoppedAt: at(-0.2),
    createdAt: at(-1),
    startedAt: at(0),
    group: "service:fargate-service",
    launchType: "FARGATE",
    platformVersion: "1.4.0",
    healthStatus: "UNKNOWN",
    tags: [],
    ...over,
  };
}

/** A revision of sample-fargate: fargate-app (essential, health check unless told) + log-router. */
function revision(rev: number, healthCheck = true) {
  return {
    taskDefinition: {
      taskDefinitionArn: revisionArn(rev),
      family: "sample-fargate",
      revision: rev,
      containerDefinitions: [
        {
          name: "fargate-app",
          image: "public.ecr.aws/docker/library/httpd:latest",
          ...(healthCheck ? { healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] } } : {}),
        },
        { name: "log-router", image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", essential: false },
      ],
    },
    tags: [],
  };
}

/** DescribeTasks answers from a table of tasks by ARN, the way ECS does (unknown ARNs → failures). */
function serveTasks(tasks: Task[]) {
  const byArn = new Map(tasks.map((t) => [t.taskArn!, t]));
  ecsMock.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
    tasks: input.tasks.flatMap((arn) => byArn.get(arn) ?? []),
    failures: input.tasks.filter((arn) => !byArn.has(arn)).map((arn) => ({ arn, reason: "MISSING" })),
  }));
}

/** ListTasks pages of 100 for each desired status. */
function serveList(running: string[], stopped: string[]) {
  for (const [desiredStatus, arns] of [
    ["RUNNING", running],
    ["STOPPED", stopped],
  ] as const)
    ecsMock.on(ListTasksCommand, { desiredStatus }).callsFake((input: { nextToken?: string }) => {
      const from = Number(input.nextToken ?? 0);
      const page = arns.slice(from, from + 100);
      return { taskArns: page, ...(from + 100 < arns.length ? { nextToken: String(from + 100) } : {}) };
    });
}

const inputs = <T>(command: unknown) =>
  ecsMock.commandCalls(command as typeof ListTasksCommand).map((c) => c.args[0].input as T);

describe("taskHealth", () => {
  interface Case {
    containers: { name: string; essential?: boolean; check?: boolean; health?: Container["healthStatus"] }[];
    lastStatus?: string;
    lb?: boolean;
  }
  const cases: [string, Case, TaskHealth][] = [
    [
      "an essential container UNHEALTHY → UNHEALTHY",
      {
        containers: [
          { name: "app", check: true, health: "UNHEALTHY" },
          { name: "api", check: true, health: "HEALTHY" },
        ],
      },
      "UNHEALTHY",
    ],
    [
      "an essential container UNHEALTHY decides even on a STOPPED task",
      { containers: [{ name: "app", check: true, health: "UNHEALTHY" }], lastStatus: "STOPPED" },
      "UNHEALTHY",
    ],
    [
      "every essential container with a check HEALTHY → HEALTHY",
      {
        containers: [
          { name: "app", check: true, health: "HEALTHY" },
          { name: "api", check: true, health: "HEALTHY" },
          { name: "init", check: false, health: "UNKNOWN" },
        ],
      },
      "HEALTHY",
    ],
    [
      "an essential check still being evaluated (UNKNOWN) → UNKNOWN",
      {
        containers: [
          { name: "app", check: true, health: "HEALTHY" },
          { name: "api", check: true, health: "UNKNOWN" },
        ],
      },
      "UNKNOWN",
    ],
    [
      "container checks decide even behind a load balancer",
      { containers: [{ name: "app", check: true, health: "HEALTHY" }], lb: true },
      "HEALTHY",
    ],
    [
      "a non-essential container UNHEALTHY does not decide (essential HEALTHY)",
      {
        containers: [
          { name: "app", check: true, health: "HEALTHY" },
          { name: "sidecar", essential: false, check: true, health: "UNHEALTHY" },
        ],
      },
      "HEALTHY",
    ],
    [
      "a non-essential container UNHEALTHY does not decide (no essential check, no LB)",
      {
        containers: [
          { name: "app", check: false, health: "UNKNOWN" },
          { name: "sidecar", essential: false, check: true, health: "UNHEALTHY" },
        ],
      },
      "HEALTHY",
    ],
    [
      "a non-essential container HEALTHY does not decide either (no essential check, LB)",
      {
        containers: [
          { name: "app", check: false, health: "UNKNOWN" },
          { name: "sidecar", essential: false, check: true, health: "HEALTHY" },
        ],
        lb: true,
      },
      "UNKNOWN",
    ],
    [
      "no essential check, RUNNING, no load balancer → HEALTHY",
      { containers: [{ name: "app", check: false, health: "UNKNOWN" }] },
      "HEALTHY",
    ],
    [
      "no essential check, RUNNING, behind a load balancer → UNKNOWN (target health decides)",
      { containers: [{ name: "app", check: false, health: "UNKNOWN" }], lb: true },
      "UNKNOWN",
    ],
    [
      "PENDING with healthy checks → UNKNOWN",
      { containers: [{ name: "app", check: true, health: "HEALTHY" }], lastStatus: "PENDING" },
      "UNKNOWN",
    ],
    [
      "STOPPED without checks, no load balancer → UNKNOWN",
      { containers: [{ name: "app", check: false }], lastStatus: "STOPPED" },
      "UNKNOWN",
    ],
  ];

  it.each(cases)("%s", (_, c, expected) => {
    const task: Task = {
      lastStatus: c.lastStatus ?? "RUNNING",
      containers: c.containers.map(({ name, health }) => ({ name, ...(health ? { healthStatus: health } : {}) })),
    };
    const find = (name: string) => c.containers.find((x) => x.name === name);
    const essential = (name: string) => find(name)?.essential !== false;
    const hasCheck = (name: string) => find(name)?.check === true;
    expect(taskHealth(task, essential, c.lb ?? false, hasCheck)).toBe(expected);
  });

  it("without a health-check predicate, infers checks from what the containers report", () => {
    const essential = () => true;
    // The CLI example's task: one container, no health check, healthStatus UNKNOWN.
    expect(taskHealth(fargateTask("a"), essential, false)).toBe("HEALTHY");
    expect(taskHealth(fargateTask("a"), essential, true)).toBe("UNKNOWN");
    const checked = fargateTask("b", { containers: [{ name: "fargate-app", healthStatus: "HEALTHY" }] });
    expect(taskHealth(checked, essential, true)).toBe("HEALTHY");
  });
});

describe("listServiceTasks", () => {
  beforeEach(() => {
    ecsMock.reset();
    ecsMock.on(DescribeTaskDefinitionCommand).resolves(revision(2));
  });

  it("describes 150 running tasks 100 then 50 a call, and their one revision once", async () => {
    const tasks = Array.from({ length: 150 }, (_, i) => fargateTask(`t${String(i).padStart(3, "0")}`));
    serveList(
      tasks.map((t) => t.taskArn!),
      [],
    );
    serveTasks(tasks);
    const views = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service", {
      hasLoadBalancer: false,
    });
    expect(views).toHaveLength(150);
    expect(inputs<{ tasks: string[] }>(DescribeTasksCommand).map((i) => i.tasks.length)).toEqual([100, 50]);
    expect(inputs(ListTasksCommand)).toEqual([
      { cluster: CLUSTER, serviceName: "fargate-service", desiredStatus: "RUNNING", maxResults: 100 },
      { cluster: CLUSTER, serviceName: "fargate-service", desiredStatus: "STOPPED", maxResults: 100 },
      { cluster: CLUSTER, serviceName: "fargate-service", desiredStatus: "RUNNING", maxResults: 100, nextToken: "100" },
    ]);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(0);
  });

  it("keeps only the most recently stopped tasks (10 by default, or `stopped`)", async () => {
    const running = [fargateTask("run1", { startedAt: at(30) }), fargateTask("run2", { startedAt: at(50) })];
    const stopped = Array.from({ length: 15 }, (_, i) =>
      fargateTask(`stop${String(i).padStart(2, "0")}`, {
        lastStatus: "STOPPED",
        desiredStatus: "STOPPED",
        startedAt: at(i),
        stoppedAt: at(i + 1),
        stoppedReason: "Essential container in task exited",
        stopCode: "EssentialContainerExited",
      }),
    );
    serveList(
      running.map((t) => t.taskArn!),
      stopped.map((t) => t.taskArn!),
    );
    serveTasks([...running, ...stopped]);
    const cache = new TaskDefinitionCache(api());

    const byDefault = await listServiceTasks(api(), cache, CLUSTER, "fargate-service", { hasLoadBalancer: false });
    expect(byDefault.map((v) => v.taskId)).toEqual([
      "run2",
      "run1",
      ...["stop14", "stop13", "stop12", "stop11", "stop10", "stop09", "stop08", "stop07", "stop06", "stop05"],
    ]);

    const three = await listServiceTasks(api(), cache, CLUSTER, "fargate-service", {
      stopped: 3,
      hasLoadBalancer: false,
    });
    expect(three.map((v) => v.taskId)).toEqual(["run2", "run1", "stop14", "stop13", "stop12"]);

    ecsMock.resetHistory();
    const none = await listServiceTasks(api(), cache, CLUSTER, "fargate-service", {
      stopped: 0,
      hasLoadBalancer: false,
    });
    expect(none.map((v) => v.taskId)).toEqual(["run2", "run1"]);
    expect(inputs<{ desiredStatus: string }>(ListTasksCommand).map((i) => i.desiredStatus)).toEqual(["RUNNING"]);
    // The revision was described on the first call and is cached for the process.
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
  });

  it("describes each distinct revision once for many tasks", async () => {
    ecsMock.on(DescribeTaskDefinitionCommand, { taskDefinition: revisionArn(3) }).resolves(revision(3));
    const tasks = Array.from({ length: 40 }, (_, i) =>
      fargateTask(`t${i}`, { taskDefinitionArn: revisionArn(i % 2 === 0 ? 2 : 3) }),
    );
    serveList(
      tasks.map((t) => t.taskArn!),
      [],
    );
    serveTasks(tasks);
    const views = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service", {
      hasLoadBalancer: false,
    });
    expect(new Set(views.map((v) => v.taskDefinition))).toEqual(new Set(["sample-fargate:2", "sample-fargate:3"]));
    const described = ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition);
    expect(described.sort()).toEqual([revisionArn(2), revisionArn(3)]);
  });

  it("maps a task to its view: ids, revision, times, stop reason, containers' exit codes and essential flags", async () => {
    const crashed = fargateTask("0123456789abcdef0123456789abcdef", {
      lastStatus: "STOPPED",
      desiredStatus: "STOPPED",
      startedAt: at(0),
      stoppingAt: at(4),
      stoppedAt: at(5),
      stoppedReason: "Essential container in task exited",
      stopCode: "EssentialContainerExited",
      healthStatus: "UNHEALTHY",
      containers: [
        {
          name: "fargate-app",
          lastStatus: "STOPPED",
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
          healthStatus: "UNHEALTHY",
        },
        { name: "log-router", lastStatus: "STOPPED", exitCode: 0, healthStatus: "UNKNOWN" },
      ],
    });
    serveList([], [crashed.taskArn!]);
    serveTasks([crashed]);
    const [view] = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service", {
      hasLoadBalancer: false,
    });
    expect(view).toEqual({
      taskArn: taskArn("0123456789abcdef0123456789abcdef"),
      taskId: "0123456789abcdef0123456789abcdef",
      taskDefinition: "sample-fargate:2",
      lastStatus: "STOPPED",
      desiredStatus: "STOPPED",
      health: "UNHEALTHY",
      startedAt: "2024-05-06T09:00:00.000Z",
      stoppedAt: "2024-05-06T09:05:00.000Z",
      stoppedReason: "Essential container in task exited",
      stopCode: "EssentialContainerExited",
      containers: [
        {
          name: "fargate-app",
          essential: true,
          lastStatus: "STOPPED",
          healthStatus: "UNHEALTHY",
          exitCode: 137,
          reason: "OutOfMemoryError: Container killed due to memory usage",
        },
        { name: "log-router", essential: false, lastStatus: "STOPPED", healthStatus: "UNKNOWN", exitCode: 0 },
      ],
    });
  });

  it("reads the health check off the revision: a check still being evaluated is UNKNOWN, not HEALTHY", async () => {
    const starting = fargateTask("starting"); // fargate-app reports UNKNOWN; revision 2 has a check
    serveList([starting.taskArn!], []);
    serveTasks([starting]);
    const [view] = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service", {
      hasLoadBalancer: false,
    });
    expect(view!.health).toBe("UNKNOWN");
  });

  it("asks DescribeServices whether the service has a load balancer when not told", async () => {
    ecsMock.on(DescribeTaskDefinitionCommand).resolves(revision(2, false));
    ecsMock.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "fargate-service",
          status: "ACTIVE",
          loadBalancers: [
            {
              targetGroupArn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/web/0123456789abcdef",
              containerName: "fargate-app",
              containerPort: 80,
            },
          ],
        },
      ],
    });
    const task = fargateTask("behind-lb");
    serveList([task.taskArn!], []);
    serveTasks([task]);
    const [view] = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service");
    expect(view!.health).toBe("UNKNOWN");
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]!.args[0].input).toMatchObject({
      cluster: CLUSTER,
      services: ["fargate-service"],
    });
  });

  it("still shows tasks of a revision ECS can no longer describe, every container essential", async () => {
    ecsMock
      .on(DescribeTaskDefinitionCommand)
      .rejects(new ClientException({ message: "Unable to describe task definition.", $metadata: {} }));
    const task = fargateTask("orphan", {
      containers: [
        { name: "fargate-app", lastStatus: "RUNNING", healthStatus: "UNKNOWN" },
        { name: "log-router", lastStatus: "RUNNING", healthStatus: "UNKNOWN" },
      ],
    });
    serveList([task.taskArn!], []);
    serveTasks([task]);
    const [view] = await listServiceTasks(api(), new TaskDefinitionCache(api()), CLUSTER, "fargate-service", {
      hasLoadBalancer: false,
    });
    expect(view!.containers.map((c) => c.essential)).toEqual([true, true]);
    expect(view!.health).toBe("HEALTHY");
  });
});
