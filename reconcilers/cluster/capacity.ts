import {
  type ContainerInstance,
  DescribeContainerInstancesCommand,
  ListContainerInstancesCommand,
  ListServicesCommand,
} from "@aws-sdk/client-ecs";
import type { AwsApi } from "../aws/api.js";
import { chunk, describeServicesBatched } from "../aws/readers.js";

/** DescribeContainerInstances takes 100 a call (ecs-api.md §1.3). */
export const DESCRIBE_CONTAINER_INSTANCES_BATCH = 100;

/** What an on-call engineer looks at, per cluster: bounded (no per-instance detail). */
export interface ClusterCapacity {
  instances: number;
  /** Container instances by status (ACTIVE, DRAINING, REGISTERING, ...). */
  byStatus: Record<string, number>;
  /** Instances whose agent is disconnected: they take no tasks. */
  disconnected: number;
  cpu: { registered: number; remaining: number };
  memory: { registered: number; remaining: number };
  /** "agent/docker" version pairs → instance count. */
  versions: Record<string, number>;
}

function resource(list: ContainerInstance["registeredResources"], name: string): number {
  return list?.find((r) => r.name === name)?.integerValue ?? 0;
}

export function summarizeInstances(instances: readonly ContainerInstance[]): ClusterCapacity {
  const c: ClusterCapacity = {
    instances: instances.length,
    byStatus: {},
    disconnected: 0,
    cpu: { registered: 0, remaining: 0 },
    memory: { registered: 0, remaining: 0 },
    versions: {},
  };
  for (const i of instances) {
    const status = i.status ?? "UNKNOWN";
    c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
    if (i.agentConnected === false) c.disconnected++;
    c.cpu.registered += resource(i.registeredResources, "CPU");
    c.cpu.remaining += resource(i.remainingResources, "CPU");
    c.memory.registered += resource(i.registeredResources, "MEMORY");
    c.memory.remaining += resource(i.remainingResources, "MEMORY");
    const v = `${i.versionInfo?.agentVersion ?? "?"}/${i.versionInfo?.dockerVersion ?? "?"}`;
    c.versions[v] = (c.versions[v] ?? 0) + 1;
  }
  return c;
}

/** Every container instance of a cluster: ListContainerInstances (100 a page), then 100 described a call. */
export async function readClusterCapacity(api: AwsApi, cluster: string): Promise<ClusterCapacity> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const res = await api.ecs(new ListContainerInstancesCommand({ cluster, maxResults: 100, nextToken }));
    arns.push(...(res.containerInstanceArns ?? []));
    nextToken = res.nextToken;
  } while (nextToken);
  const described = await Promise.all(
    chunk(arns, DESCRIBE_CONTAINER_INSTANCES_BATCH).map((containerInstances) =>
      api.ecs(new DescribeContainerInstancesCommand({ cluster, containerInstances })),
    ),
  );
  return summarizeInstances(described.flatMap((r) => r.containerInstances ?? []));
}

/** A cluster with instances, none of which can take tasks (all disconnected or draining), is Degraded. */
export function capacityProblem(c: ClusterCapacity | undefined): string | undefined {
  if (!c || c.instances === 0) return undefined;
  const usable = Object.entries(c.byStatus)
    .filter(([s]) => s === "ACTIVE")
    .reduce((n, [, k]) => n + k, 0);
  if (usable === 0) return `none of ${c.instances} container instances is ACTIVE (${describeStatuses(c)})`;
  if (c.disconnected >= c.instances) return `the agent of all ${c.instances} container instances is disconnected`;
  return undefined;
}

export function describeCapacity(c: ClusterCapacity): string {
  if (c.instances === 0) return "no container instances";
  const parts = [`${c.instances} instances (${describeStatuses(c)})`];
  if (c.disconnected) parts.push(`${c.disconnected} agent${c.disconnected === 1 ? "" : "s"} disconnected`);
  parts.push(
    `CPU ${c.cpu.remaining}/${c.cpu.registered} free`,
    `memory ${c.memory.remaining}/${c.memory.registered} MiB free`,
  );
  return parts.join(", ");
}

function describeStatuses(c: ClusterCapacity): string {
  return Object.entries(c.byStatus)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
}

/**
 * Services of a cluster whose capacity provider strategy uses one of `providers`: such a provider
 * cannot leave the cluster (PutClusterCapacityProviders would fail, or strand the services).
 */
export async function servicesUsingProviders(
  api: AwsApi,
  cluster: string,
  providers: readonly string[],
): Promise<Map<string, string[]>> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const res = await api.ecs(new ListServicesCommand({ cluster, maxResults: 100, nextToken }));
    names.push(...(res.serviceArns ?? []).map((arn) => arn.split("/").pop()!));
    nextToken = res.nextToken;
  } while (nextToken);
  const services = await describeServicesBatched(api, cluster, names);
  const users = new Map<string, string[]>();
  for (const s of services.values()) {
    for (const item of s?.capacityProviderStrategy ?? []) {
      if (!item.capacityProvider || !providers.includes(item.capacityProvider)) continue;
      users.set(item.capacityProvider, [...(users.get(item.capacityProvider) ?? []), s!.serviceName!]);
    }
  }
  return users;
}
