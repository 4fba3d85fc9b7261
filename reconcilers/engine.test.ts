import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { beforeEach, describe, expect, it } from "vitest";
import { loadFromText } from "../manifests/testing.js";
import { AwsApi } from "./aws/api.js";
import { TaskDefinitionCache } from "./aws/readers.js";
import { observeAll, planAll } from "./engine.js";
import { DEFAULT_OPTIONS, MANAGED_BY_TAG } from "./reconciler.js";

const ecsMock = mockClient(ECSClient);
const ACCOUNT = "arn:aws:ecs:us-east-1:123456789012";
const ours = [{ key: MANAGED_BY_TAG, value: "ecs-reconciler" }];

function manifests(services: number): string {
  const docs = [
    `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata: {name: prod}
spec: {}`,
    `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: app}
spec:
  containerDefinitions:
    - {name: app, image: "app:1", memory: 128}`,
  ];
  for (let i = 0; i < services; i++)
    docs.push(`apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: svc-${i}, cluster: prod}
spec: {taskDefinition: app, desiredCount: 1}`);
  return docs.join("\n---\n");
}

function liveService(name: string): Service {
  return {
    serviceName: name,
    serviceArn: `${ACCOUNT}:service/prod/${name}`,
    status: "ACTIVE",
    desiredCount: 1,
    runningCount: 1,
    taskDefinition: `${ACCOUNT}:task-definition/app:7`,
    deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", runningCount: 1, desiredCount: 1 }],
    tags: ours,
  };
}

describe("API budget of one pass", () => {
  beforeEach(() => {
    ecsMock.reset();
    ecsMock.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [`${ACCOUNT}:task-definition/app:7`] });
    ecsMock.on(DescribeClustersCommand).resolves({
      clusters: [{ clusterName: "prod", clusterArn: `${ACCOUNT}:cluster/prod`, status: "ACTIVE", tags: ours }],
    });
    ecsMock.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: input.services.map(liveService),
    }));
    ecsMock.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: `${ACCOUNT}:task-definition/app:7`,
        family: "app",
        revision: 7,
        status: "ACTIVE",
        networkMode: "bridge",
        containerDefinitions: [
          { name: "app", image: "app:1", memory: 128, cpu: 0, essential: true, environment: [], mountPoints: [] },
        ],
      },
      tags: ours,
    });
  });

  it("costs ceil(N/10) DescribeServices, one DescribeClusters, and describes a revision once per process", async () => {
    const { set, errors } = loadFromText(manifests(25));
    expect(errors).toEqual([]);
    const api = new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });
    const revisions = new TaskDefinitionCache(api);

    const first = planAll(set, await observeAll(set, { api, revisions }), DEFAULT_OPTIONS);
    expect(first.resources.filter((r) => r.action !== "none")).toEqual([]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(3);
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services?.length)).toEqual([
      10, 10, 5,
    ]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]!.args[0].input.include).toEqual(["TAGS"]);
    expect(ecsMock.commandCalls(DescribeClustersCommand)).toHaveLength(1);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
    // One List per family finds its newest revision (a List, not a Describe).
    expect(ecsMock.commandCalls(ListTaskDefinitionsCommand)).toHaveLength(1);

    ecsMock.resetHistory();
    await observeAll(set, { api, revisions });
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(3);
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
  });

  it("a family no service runs is found with one List call, then described once", async () => {
    const { set } = loadFromText(manifests(0));
    ecsMock.on(ListTaskDefinitionsCommand).resolves({
      taskDefinitionArns: [`${ACCOUNT}:task-definition/app-extra:3`, `${ACCOUNT}:task-definition/app:7`],
    });
    const api = new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });
    const revisions = new TaskDefinitionCache(api);
    const plan = planAll(set, await observeAll(set, { api, revisions }), DEFAULT_OPTIONS);
    const td = plan.resources.find((r) => r.kind === "TaskDefinition")!;
    expect(td.action).toBe("none");
    expect(td.resolvedRevision).toBe("app:7");
    expect(ecsMock.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual([
      `${ACCOUNT}:task-definition/app:7`,
    ]);
  });
});
