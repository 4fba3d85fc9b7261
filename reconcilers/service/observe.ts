import { DescribeServiceDeploymentsCommand, type Service, type ServiceDeployment } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { type AwsApi, errorName } from "../aws/api.js";
import { chunk, describeServicesBatched } from "../aws/readers.js";

/** DescribeServiceDeployments takes 20 ARNs a call (ecs-api.md §1.3). */
export const DESCRIBE_SERVICE_DEPLOYMENTS_BATCH = 20;

export interface ServiceLive {
  /** Undefined when the service does not exist (or is DRAINING/INACTIVE). */
  service?: Service;
  /** False when the cluster itself does not exist. */
  clusterExists: boolean;
  /** The service's current service deployment (ecs-api.md §4.3), where ECS has one. */
  deployment?: ServiceDeployment;
  /** A literal family:revision or ARN the manifest names that AWS does not have. */
  missingTaskDefinition?: string;
}

/** One DescribeServices call per 10 services of a cluster. */
export async function observeServices(
  api: AwsApi,
  manifests: Manifest<"Service">[],
): Promise<Map<string, ServiceLive | undefined>> {
  const byCluster = new Map<string, string[]>();
  for (const m of manifests) {
    const cluster = m.metadata.cluster!;
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), m.metadata.name]);
  }
  const out = new Map<string, ServiceLive | undefined>();
  await Promise.all(
    [...byCluster].map(async ([cluster, names]) => {
      let found: Map<string, Service | undefined>;
      let clusterExists = true;
      try {
        found = await describeServicesBatched(api, cluster, names);
      } catch (err) {
        if (errorName(err) !== "ClusterNotFoundException") throw err;
        found = new Map();
        clusterExists = false;
      }
      for (const name of names) {
        const service = found.get(name);
        out.set(`Service/${cluster}/${name}`, service ? { service, clusterExists } : { clusterExists });
      }
      await attachServiceDeployments(
        api,
        [...found.values()].filter((s): s is Service => s !== undefined),
        (name, d) => {
          const live = out.get(`Service/${cluster}/${name}`);
          if (live) live.deployment = d;
        },
      );
    }),
  );
  return out;
}

/**
 * Current service deployments, 20 a call, for services that have one: they tell rollbacks, stops and
 * blue/green stages apart, which deployments[].rolloutState cannot.
 */
async function attachServiceDeployments(
  api: AwsApi,
  services: Service[],
  attach: (serviceName: string, d: ServiceDeployment) => void,
): Promise<void> {
  const byArn = new Map(
    services.filter((s) => s.currentServiceDeployment).map((s) => [s.currentServiceDeployment!, s.serviceName!]),
  );
  await Promise.all(
    chunk([...byArn.keys()], DESCRIBE_SERVICE_DEPLOYMENTS_BATCH).map(async (serviceDeploymentArns) => {
      const res = await api.ecs(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns }));
      for (const d of res.serviceDeployments ?? []) {
        const name = d.serviceDeploymentArn ? byArn.get(d.serviceDeploymentArn) : undefined;
        if (name) attach(name, d);
      }
    }),
  );
}
