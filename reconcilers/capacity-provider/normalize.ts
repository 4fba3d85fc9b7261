import type { CapacityProvider } from "@aws-sdk/client-ecs";
import type { SpecByKind } from "../../manifests/types.js";
import { autoScalingGroupName } from "../aws/readers.js";
import { type CompareRules, keyBy } from "../diff/compare.js";
import { clean } from "../diff/values.js";

export type CapacityProviderSpec = SpecByKind["CapacityProvider"];

export const CAPACITY_PROVIDER_RULES: CompareRules = {
  lists: { "/tags": { key: keyBy("key"), partial: true } },
};

/**
 * Both sides name the Auto Scaling group by name: the manifest may give a name or an ARN, and ECS
 * echoes what it was given (ecs-api.md §3.3).
 */
export function canonicalCapacityProvider(spec: CapacityProviderSpec): CapacityProviderSpec {
  const out = clean(spec);
  const asg = out.autoScalingGroupProvider;
  if (asg?.autoScalingGroupArn)
    out.autoScalingGroupProvider = { ...asg, autoScalingGroupArn: autoScalingGroupName(asg.autoScalingGroupArn) };
  return out;
}

/**
 * A described provider in the manifest's shape, with the defaults ECS applies when a field is omitted
 * (ecs-api.md §3.3, §5): managed scaling target 100, steps 1 and 10000, warm-up 300, termination
 * protection DISABLED, managed draining ENABLED.
 */
export function liveCapacityProviderToSpec(cp: CapacityProvider): CapacityProviderSpec {
  const asg = cp.autoScalingGroupProvider;
  return canonicalCapacityProvider(
    clean({
      ...(asg
        ? {
            autoScalingGroupProvider: {
              autoScalingGroupArn: asg.autoScalingGroupArn!,
              managedScaling: {
                targetCapacity: 100,
                minimumScalingStepSize: 1,
                maximumScalingStepSize: 10000,
                instanceWarmupPeriod: 300,
                ...clean(asg.managedScaling ?? {}),
              },
              managedTerminationProtection: asg.managedTerminationProtection ?? "DISABLED",
              managedDraining: asg.managedDraining ?? "ENABLED",
            },
          }
        : {}),
      ...(cp.managedInstancesProvider ? { managedInstancesProvider: cp.managedInstancesProvider } : {}),
      tags: cp.tags,
    }) as CapacityProviderSpec,
  );
}
