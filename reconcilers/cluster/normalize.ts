import type { Cluster } from "@aws-sdk/client-ecs";
import type { SpecByKind } from "../../manifests/types.js";
import { type CompareRules, keyBy } from "../diff/compare.js";
import { clean } from "../diff/values.js";

export type ClusterSpec = SpecByKind["Cluster"];

export const CLUSTER_RULES: CompareRules = {
  lists: {
    "/settings": { key: keyBy("name") },
    "/capacityProviders": { set: true },
    "/defaultCapacityProviderStrategy": { key: keyBy("capacityProvider") },
    "/tags": { key: keyBy("key"), partial: true },
  },
};

/** A described cluster (asked with include SETTINGS, CONFIGURATIONS, TAGS) in the manifest's shape. */
export function liveClusterToSpec(c: Cluster): ClusterSpec {
  return clean({
    settings: c.settings,
    configuration: c.configuration,
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy?.map((s) => ({
      base: 0,
      weight: 0,
      ...clean(s),
    })),
    serviceConnectDefaults: c.serviceConnectDefaults as ClusterSpec["serviceConnectDefaults"],
    tags: c.tags,
  });
}
