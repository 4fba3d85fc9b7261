import type { AnyManifest, Kind, ManifestSet } from "../types.js";
import { capacityProviderRules } from "./capacity-provider.js";
import { serviceStrategyRules } from "./capacity-provider-strategy.js";
import { clusterCapacityRules } from "./cluster.js";
import { containerNetworkingRules } from "./container-networking.js";
import { containerResourceRules } from "./container-resources.js";
import { containerRules } from "./containers.js";
import { daemonRules } from "./daemon.js";
import { deploymentConfigurationRules } from "./deployment-configuration.js";
import { deploymentControllerRules } from "./deployment-controller.js";
import { environmentRules } from "./environment.js";
import { fargateTaskDefinitionRules } from "./fargate-task-definition.js";
import type { Finding } from "./finding.js";
import { launchTypeRules } from "./launch-type.js";
import { loadBalancerRules } from "./load-balancers.js";
import { servicePlacementRules, taskDefinitionPlacementRules } from "./placement.js";
import { serviceConnectRules } from "./service-connect.js";
import { serviceCountRules } from "./service-counts.js";
import { networkModeRules, serviceRoleRules } from "./service-network.js";
import { taskSizeRules } from "./task-size.js";
import { tmpfsRules } from "./tmpfs.js";
import { ulimitRules } from "./ulimits.js";
import type { Rule } from "./util.js";
import { volumeRules } from "./volumes.js";

export type { Finding } from "./finding.js";
export type { Rule } from "./util.js";

/** Every rule, by the kind it checks. A rule only reads; the order here is the order of its findings. */
export const RULES: { [K in Kind]: Rule<K>[] } = {
  CapacityProvider: [capacityProviderRules],
  Cluster: [clusterCapacityRules],
  TaskDefinition: [
    containerRules,
    environmentRules,
    containerNetworkingRules,
    containerResourceRules,
    taskSizeRules,
    fargateTaskDefinitionRules,
    taskDefinitionPlacementRules,
    ulimitRules,
    tmpfsRules,
    volumeRules,
  ],
  Service: [
    launchTypeRules,
    serviceStrategyRules,
    networkModeRules,
    serviceRoleRules,
    loadBalancerRules,
    serviceCountRules,
    daemonRules,
    deploymentControllerRules,
    deploymentConfigurationRules,
    servicePlacementRules,
    serviceConnectRules,
  ],
  TaskSet: [launchTypeRules, serviceStrategyRules, networkModeRules, loadBalancerRules],
};

/**
 * Offline semantic validation: the rules ECS enforces at request time, checked at `validate` time so a
 * user learns them with file:line instead of from a failed API call halfway through an apply.
 * Runs after schema validation, so every spec has the shape of its ECS request type.
 */
export function checkSemantics(set: ManifestSet): { manifest: AnyManifest; finding: Finding }[] {
  const out: { manifest: AnyManifest; finding: Finding }[] = [];
  for (const manifest of set.all) {
    // RULES[kind] only ever holds rules for that kind; TypeScript can't correlate the two lookups.
    const rules = RULES[manifest.kind] as Rule<Kind>[];
    for (const rule of rules) {
      for (const finding of rule(manifest, set)) out.push({ manifest, finding });
    }
  }
  return out;
}
