/** Cluster capacity providers: the default strategy can only use providers associated with the cluster. */
import { checkStrategy } from "./capacity-provider-strategy.js";
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/**
 * "A capacity provider must be associated with a cluster before it can be included as part of the default
 * capacity provider strategy of the cluster" (CreateCluster / PutClusterCapacityProviders).
 */
export const clusterCapacityRules: Rule<"Cluster"> = (m) => {
  const strategy = m.spec.defaultCapacityProviderStrategy;
  if (!strategy) return [];
  const out: Finding[] = checkStrategy(strategy, "defaultCapacityProviderStrategy");
  const associated = m.spec.capacityProviders ?? [];
  strategy.forEach((s, i) => {
    if (s.capacityProvider && !associated.includes(s.capacityProvider))
      out.push(
        at(
          ["defaultCapacityProviderStrategy", i, "capacityProvider"],
          `${s.capacityProvider} must also be listed in spec.capacityProviders to be used in the default strategy`,
        ),
      );
  });
  return out;
};
