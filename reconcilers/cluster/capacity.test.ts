import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListServicesCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { AwsApi } from "../aws/api.js";
import { ARN, ctxOf, manifestOf, OURS } from "../testing.js";
import { capacityProblem, readClusterCapacity, summarizeInstances } from "./capacity.js";
import { clusterReconciler, planCluster } from "./reconciler.js";

const instance = (status: string, agentConnected: boolean, agent = "1.89.0") => ({
  status,
  agentConnected,
  versionInfo: { agentVersion: agent, dockerVersion: "25.0.8" },
  registeredResources: [
    { name: "CPU", integerValue: 2048 },
    { name: "MEMORY", integerValue: 3800 },
  ],
  remainingResources: [
    { name: "CPU", integerValue: 1024 },
    { name: "MEMORY", integerValue: 1800 },
  ],
});

const ecs = mockClient(ECSClient);
const api = () => new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });
afterEach(() => ecs.reset());

describe("cluster capacity", () => {
  it("summarizes instances by status, connection, resources and versions", () => {
    const c = summarizeInstances([
      instance("ACTIVE", true),
      instance("DRAINING", true),
      instance("ACTIVE", false, "1.88.0"),
    ]);
    expect(c).toEqual({
      instances: 3,
      byStatus: { ACTIVE: 2, DRAINING: 1 },
      disconnected: 1,
      cpu: { registered: 6144, remaining: 3072 },
      memory: { registered: 11400, remaining: 5400 },
      versions: { "1.89.0/25.0.8": 2, "1.88.0/25.0.8": 1 },
    });
    expect(capacityProblem(c)).toBeUndefined();
  });

  it("a cluster whose instances are all draining or disconnected is a problem", () => {
    expect(capacityProblem(summarizeInstances([instance("DRAINING", true)]))).toMatch(
      /none of 1 container instances is ACTIVE/,
    );
    expect(capacityProblem(summarizeInstances([instance("ACTIVE", false)]))).toMatch(
      /agent of all 1 container instances is disconnected/,
    );
    expect(capacityProblem(summarizeInstances([]))).toBeUndefined();
  });

  it("reads instances 100 a call", async () => {
    const arns = Array.from({ length: 150 }, (_, i) => `${ARN}:container-instance/prod/${i}`);
    ecs
      .on(ListContainerInstancesCommand)
      .resolvesOnce({ containerInstanceArns: arns.slice(0, 100), nextToken: "n" })
      .resolves({
        containerInstanceArns: arns.slice(100),
      });
    ecs.on(DescribeContainerInstancesCommand).callsFake((input: { containerInstances: string[] }) => ({
      containerInstances: input.containerInstances.map(() => instance("ACTIVE", true)),
    }));
    const c = await readClusterCapacity(api(), "prod");
    expect(c.instances).toBe(150);
    expect(
      ecs.commandCalls(DescribeContainerInstancesCommand).map((x) => x.args[0].input.containerInstances?.length),
    ).toEqual([100, 50]);
  });

  it("an unhealthy fleet makes the cluster Degraded in its plan", async () => {
    const { set, m } = manifestOf(
      "Cluster",
      "apiVersion: ecs-reconciler.io/v1alpha1\nkind: Cluster\nmetadata: {name: prod}\nspec: {}\n",
    );
    const p = planCluster(
      m,
      ctxOf(set, {
        cluster: { clusterName: "prod", status: "ACTIVE", tags: OURS },
        capacity: summarizeInstances([instance("DRAINING", true)]),
      }),
    );
    expect(p).toMatchObject({ health: "Degraded", healthMessage: expect.stringMatching(/DRAINING/) });
    expect(p.details?.capacity?.instances).toBe(1);
  });
});

describe("cluster capacity providers", () => {
  const yaml = `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata: {name: prod}
spec:
  capacityProviders: [FARGATE]
`;

  it("never drops a provider that services still use: stops naming them", async () => {
    ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        {
          clusterName: "prod",
          clusterArn: `${ARN}:cluster/prod`,
          status: "ACTIVE",
          capacityProviders: ["FARGATE", "app-ec2"],
          tags: OURS,
        },
      ],
    });
    ecs.on(ListServicesCommand).resolves({ serviceArns: [`${ARN}:service/prod/api`, `${ARN}:service/prod/web`] });
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceName: "api",
          status: "ACTIVE",
          capacityProviderStrategy: [{ capacityProvider: "app-ec2", weight: 1 }],
        },
        {
          serviceName: "web",
          status: "ACTIVE",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
        },
      ],
    });
    const { set, m } = manifestOf("Cluster", yaml);
    const live = await clusterReconciler.observe([m], {
      api: api(),
      set,
      snapshot: new Map(),
      revisions: undefined as never,
    });
    const p = planCluster(m, ctxOf(set, live.get("Cluster/prod")));
    expect(p.changes).toEqual([
      { op: "change", path: "/capacityProviders", live: ["FARGATE", "app-ec2"], desired: ["FARGATE"] },
    ]);
    expect(p.blocked).toBe(
      "capacity provider app-ec2 is still used by services api: change their capacityProviderStrategy first",
    );
  });

  it("adds providers and a default strategy with one PutClusterCapacityProviders", () => {
    const { set, m } = manifestOf(
      "Cluster",
      `${yaml}  defaultCapacityProviderStrategy: [{capacityProvider: FARGATE, weight: 1}]\n`,
    );
    const p = planCluster(
      m,
      ctxOf(set, { cluster: { clusterName: "prod", clusterArn: `${ARN}:cluster/prod`, status: "ACTIVE", tags: OURS } }),
    );
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "PutClusterCapacityProviders",
        input: {
          cluster: "prod",
          capacityProviders: ["FARGATE"],
          defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
        },
      },
    ]);
  });
});
