/** Capacity providers backed by an Auto Scaling group (ecs-api.md §5). */
import type { Finding } from "./finding.js";
import { at, isInt, type Rule } from "./util.js";

/** Ranges of managedScaling (UpdateCapacityProvider / ManagedScaling model docs). */
const RANGES = {
  targetCapacity: [1, 100],
  minimumScalingStepSize: [1, 10000],
  maximumScalingStepSize: [1, 10000],
  instanceWarmupPeriod: [0, 10000],
} as const;

export const capacityProviderRules: Rule<"CapacityProvider"> = (m) => {
  const out: Finding[] = [];
  // ECS reserves these prefixes (and FARGATE / FARGATE_SPOT are built in).
  if (/^(aws|ecs|fargate)/i.test(m.metadata.name))
    out.push({
      pointer: "/metadata/name",
      message: "a capacity provider name cannot start with aws, ecs or fargate (reserved by ECS)",
    });
  const asg = m.spec.autoScalingGroupProvider;
  if (!asg && !m.spec.managedInstancesProvider)
    out.push(at([], "set autoScalingGroupProvider (an Auto Scaling group backs the provider)"));
  if (!asg) return out;
  const scaling = asg.managedScaling;
  for (const [field, [min, max]] of Object.entries(RANGES)) {
    const v = scaling?.[field as keyof typeof RANGES];
    if (v !== undefined && !(isInt(v) && v >= min && v <= max))
      out.push(
        at(["autoScalingGroupProvider", "managedScaling", field], `must be a whole number from ${min} to ${max}`),
      );
  }
  if (
    scaling?.minimumScalingStepSize !== undefined &&
    scaling.maximumScalingStepSize !== undefined &&
    scaling.minimumScalingStepSize > scaling.maximumScalingStepSize
  )
    out.push(
      at(
        ["autoScalingGroupProvider", "managedScaling", "minimumScalingStepSize"],
        "must not exceed maximumScalingStepSize",
      ),
    );
  // Managed termination protection only works with managed scaling (ecs-api.md §5).
  if (asg.managedTerminationProtection === "ENABLED" && scaling?.status !== "ENABLED")
    out.push(
      at(
        ["autoScalingGroupProvider", "managedTerminationProtection"],
        "ENABLED needs managedScaling.status ENABLED: ECS protects instances only while it manages the scaling",
      ),
    );
  return out;
};
