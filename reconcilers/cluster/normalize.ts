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

/**
 * Cloud Map namespaces by name: `name → namespace ARN` (what servicediscovery ListNamespaces returns).
 *
 * ECS takes a Service Connect namespace by name or by ARN, and reads it back in either form: the
 * cluster's serviceConnectDefaults come back as the ARN although `namespace=service-connect` was sent
 * (test/fixtures/describe/cluster-service-connect-defaults.json), while a 2022 service deployment showed
 * the name (svc-service-connect-default-namespace.json); peers.md §4.2 #22. The ARN carries the
 * namespace id (`ns-…`), not its name, so only a Cloud Map lookup can tell that the two name one
 * namespace; without it the values are compared as written (a mismatch is reported, never hidden).
 */
export type NamespaceArns = ReadonlyMap<string, string>;

/** A namespace name rewritten to its ARN when `namespaces` knows it; ARNs and unknown names as they are. */
export function canonicalNamespace(ns: string | undefined, namespaces?: NamespaceArns): string | undefined {
  if (ns === undefined || ns.startsWith("arn:") || !namespaces) return ns;
  return namespaces.get(ns) ?? ns;
}

/** Canonical form of the desired side (the live side gets the same through liveClusterToSpec). */
export function canonicalCluster(spec: ClusterSpec, namespaces?: NamespaceArns): ClusterSpec {
  const out = clean(spec);
  if (out.serviceConnectDefaults?.namespace !== undefined)
    out.serviceConnectDefaults = {
      ...out.serviceConnectDefaults,
      namespace: canonicalNamespace(out.serviceConnectDefaults.namespace, namespaces),
    };
  return out;
}

/** A described cluster (asked with include SETTINGS, CONFIGURATIONS, TAGS) in the manifest's shape. */
export function liveClusterToSpec(c: Cluster, namespaces?: NamespaceArns): ClusterSpec {
  return canonicalCluster(
    clean({
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
    }),
    namespaces,
  );
}
