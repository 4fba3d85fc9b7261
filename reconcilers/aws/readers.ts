import { type AutoScalingGroup, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import {
  type CapacityProvider,
  type Cluster,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandOutput,
  ListTaskDefinitionsCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { ListNamespacesCommand } from "@aws-sdk/client-servicediscovery";
import type { AwsApi } from "./api.js";

/** API maxima per call (ecs-api.md §1.3). */
export const DESCRIBE_SERVICES_BATCH = 10;
export const DESCRIBE_CLUSTERS_BATCH = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Services of one cluster by name, 10 a call, with tags; a missing service maps to undefined. */
export async function describeServicesBatched(
  api: AwsApi,
  cluster: string,
  names: readonly string[],
): Promise<Map<string, Service | undefined>> {
  const out = new Map<string, Service | undefined>(names.map((n) => [n, undefined]));
  const batches = chunk([...new Set(names)], DESCRIBE_SERVICES_BATCH);
  const responses = await Promise.all(
    batches.map((services) => api.ecs(new DescribeServicesCommand({ cluster, services, include: ["TAGS"] }))),
  );
  for (const res of responses)
    for (const s of res.services ?? []) {
      // DRAINING and INACTIVE services are on their way out: for us they do not exist.
      if (s.serviceName && s.status === "ACTIVE") out.set(s.serviceName, s);
    }
  return out;
}

/** Clusters by name, 100 a call, with tags, settings and configuration; missing or INACTIVE → undefined. */
export async function describeClustersBatched(
  api: AwsApi,
  names: readonly string[],
): Promise<Map<string, Cluster | undefined>> {
  const out = new Map<string, Cluster | undefined>(names.map((n) => [n, undefined]));
  const batches = chunk([...new Set(names)], DESCRIBE_CLUSTERS_BATCH);
  const responses = await Promise.all(
    batches.map((clusters) =>
      api.ecs(new DescribeClustersCommand({ clusters, include: ["TAGS", "SETTINGS", "CONFIGURATIONS"] })),
    ),
  );
  for (const res of responses)
    for (const c of res.clusters ?? []) if (c.clusterName && c.status !== "INACTIVE") out.set(c.clusterName, c);
  return out;
}

export type DescribedRevision = Pick<DescribeTaskDefinitionCommandOutput, "taskDefinition" | "tags">;

/**
 * Task definition revisions are immutable, so each is described once per process and kept by ARN.
 * The cache is bounded (least recently used out first) so a long-running controller stays flat.
 */
export class TaskDefinitionCache {
  private readonly byArn = new Map<string, Promise<DescribedRevision>>();

  constructor(
    private readonly api: AwsApi,
    private readonly maxEntries = 2000,
  ) {}

  describe(arn: string): Promise<DescribedRevision> {
    const hit = this.byArn.get(arn);
    if (hit) {
      this.byArn.delete(arn);
      this.byArn.set(arn, hit);
      return hit;
    }
    const pending = this.api
      .ecs(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ["TAGS"] }))
      .then((r) => ({ taskDefinition: r.taskDefinition, tags: r.tags }));
    pending.catch(() => this.byArn.delete(arn));
    this.byArn.set(arn, pending);
    if (this.byArn.size > this.maxEntries) this.byArn.delete(this.byArn.keys().next().value as string);
    return pending;
  }

  get size(): number {
    return this.byArn.size;
  }
}

/** `arn:aws:ecs:r:a:task-definition/web:3` → `web:3`; a `family:rev` stays as it is. */
export function revisionOf(arnOrRevision: string): string {
  const i = arnOrRevision.indexOf("task-definition/");
  return i >= 0 ? arnOrRevision.slice(i + "task-definition/".length) : arnOrRevision;
}

export function familyOf(arnOrRevision: string): string {
  return revisionOf(arnOrRevision).split(":")[0] ?? arnOrRevision;
}

/**
 * The newest ACTIVE revision's ARN of a family, or undefined when it has none. A List call, not a
 * Describe, so the revision itself is described at most once (through the cache). familyPrefix also
 * matches longer families (web → web-api), hence the exact-family filter.
 */
export async function latestRevisionArn(api: AwsApi, family: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const res = await api.ecs(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: "ACTIVE",
        sort: "DESC",
        maxResults: 100,
        nextToken,
      }),
    );
    const exact = (res.taskDefinitionArns ?? []).filter((arn) => familyOf(arn) === family);
    if (exact.length > 0)
      return exact.reduce((a, b) =>
        Number(revisionOf(b).split(":")[1]) > Number(revisionOf(a).split(":")[1]) ? b : a,
      );
    nextToken = res.nextToken;
  } while (nextToken);
  return undefined;
}

/**
 * Cloud Map namespaces by name → ARN. ECS takes a Service Connect namespace by name and may read it
 * back as the ARN, which holds the namespace id, not the name (peers.md §4.2 #22): only this lookup
 * can tell that both name one namespace. Paged, one call per 100 namespaces.
 */
export async function listNamespaceArns(api: AwsApi): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const res = await api.servicediscovery(new ListNamespacesCommand({ MaxResults: 100, NextToken }));
    for (const ns of res.Namespaces ?? []) if (ns.Name && ns.Arn) out.set(ns.Name, ns.Arn);
    NextToken = res.NextToken;
  } while (NextToken);
  return out;
}

/** API maxima: DescribeAutoScalingGroups takes 50 names by default; DescribeCapacityProviders pages by 10. */
export const DESCRIBE_ASG_BATCH = 50;
export const DESCRIBE_CAPACITY_PROVIDERS_PAGE = 10;

/** Auto Scaling groups by name, 50 a call, without their instances (smaller, and less throttled). */
export async function describeAutoScalingGroupsBatched(
  api: AwsApi,
  names: readonly string[],
): Promise<Map<string, AutoScalingGroup | undefined>> {
  const out = new Map<string, AutoScalingGroup | undefined>(names.map((n) => [n, undefined]));
  await Promise.all(
    chunk([...new Set(names)], DESCRIBE_ASG_BATCH).map(async (batch) => {
      let NextToken: string | undefined;
      do {
        const res = await api.autoscaling(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: batch, IncludeInstances: false, NextToken }),
        );
        for (const g of res.AutoScalingGroups ?? []) if (g.AutoScalingGroupName) out.set(g.AutoScalingGroupName, g);
        NextToken = res.NextToken;
      } while (NextToken);
    }),
  );
  return out;
}

/**
 * Capacity providers by name (or every one, when `names` is undefined), following nextToken; the
 * API pages by 10 whatever the number of names. INACTIVE providers count as gone.
 */
export async function describeCapacityProviders(
  api: AwsApi,
  names?: readonly string[],
): Promise<Map<string, CapacityProvider>> {
  const out = new Map<string, CapacityProvider>();
  const batches = names ? chunk([...new Set(names)], 100) : [undefined];
  for (const capacityProviders of batches) {
    let nextToken: string | undefined;
    do {
      const res = await api.ecs(
        new DescribeCapacityProvidersCommand({
          ...(capacityProviders ? { capacityProviders } : {}),
          include: ["TAGS"],
          maxResults: DESCRIBE_CAPACITY_PROVIDERS_PAGE,
          nextToken,
        }),
      );
      for (const cp of res.capacityProviders ?? []) if (cp.name && cp.status !== "INACTIVE") out.set(cp.name, cp);
      nextToken = res.nextToken;
    } while (nextToken);
  }
  return out;
}

/** `arn:...:autoScalingGroupName/my-asg` or `my-asg` → `my-asg`. */
export function autoScalingGroupName(arnOrName: string): string {
  const i = arnOrName.indexOf("autoScalingGroupName/");
  return i >= 0 ? arnOrName.slice(i + "autoScalingGroupName/".length) : arnOrName;
}
