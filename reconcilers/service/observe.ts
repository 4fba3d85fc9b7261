import type { Service } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { type AwsApi, errorName } from "../aws/api.js";
import { describeServicesBatched } from "../aws/readers.js";

export interface ServiceLive {
  /** Undefined when the service does not exist (or is DRAINING/INACTIVE). */
  service?: Service;
  /** False when the cluster itself does not exist. */
  clusterExists: boolean;
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
    }),
  );
  return out;
}
