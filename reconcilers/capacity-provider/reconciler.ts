import type { CapacityProvider, Tag } from "@aws-sdk/client-ecs";
import type { Manifest } from "../../manifests/types.js";
import { diffIntent } from "../diff/compare.js";
import { deepMerge } from "../diff/values.js";
import type { HealthStatus, Operation, ResourcePlan } from "../plan.js";
import { changesForCreate, finishPlan } from "../plan-helpers.js";
import { isManaged, type PlanContext, type Reconciler, withManagedBy } from "../reconciler.js";
import {
  CAPACITY_PROVIDER_RULES,
  type CapacityProviderSpec,
  canonicalCapacityProvider,
  liveCapacityProviderToSpec,
} from "./normalize.js";
import { type CapacityProviderLive, observeCapacityProviders } from "./observe.js";

export const capacityProviderReconciler: Reconciler<"CapacityProvider", CapacityProviderLive> = {
  kind: "CapacityProvider",
  observeAfter: [],
  observe: (manifests, ctx) => observeCapacityProviders(ctx.api, manifests),
  plan: (m, ctx) => planCapacityProvider(m, ctx),
};

/** status and updateStatus (ecs-api.md §5): failed updates and deletes are Degraded. */
export function capacityProviderHealth(cp: CapacityProvider | undefined): { health: HealthStatus; message?: string } {
  if (!cp) return { health: "Missing", message: "capacity provider does not exist" };
  const reason = cp.updateStatusReason ? `: ${cp.updateStatusReason}` : "";
  if (cp.updateStatus?.endsWith("_FAILED")) return { health: "Degraded", message: `${cp.updateStatus}${reason}` };
  if (cp.status === "INACTIVE" || cp.status === "DEPROVISIONING")
    return { health: "Degraded", message: `status ${cp.status}` };
  if (cp.updateStatus?.endsWith("_IN_PROGRESS") || cp.status === "PROVISIONING")
    return { health: "Progressing", message: cp.updateStatus ?? cp.status };
  return { health: "Healthy" };
}

/**
 * Checks against EC2 Auto Scaling before any ECS call: the group exists, termination protection has
 * the group's scale-in protection to work with, and no other provider has the group already.
 */
export function preflight(m: Manifest<"CapacityProvider">, live: CapacityProviderLive | undefined, creating: boolean) {
  const errors: string[] = [];
  const notes: string[] = [];
  const asg = m.spec.autoScalingGroupProvider;
  if (!asg || !live?.groupName) return { errors, notes };
  const name = live.groupName;
  if (!live.group) {
    errors.push(`Auto Scaling group "${name}" does not exist in this account and Region`);
    return { errors, notes };
  }
  if (asg.managedTerminationProtection === "ENABLED" && !live.group.NewInstancesProtectedFromScaleIn)
    errors.push(
      `managedTerminationProtection ENABLED needs Auto Scaling group "${name}" to protect new instances from scale-in: ` +
        `aws autoscaling update-auto-scaling-group --auto-scaling-group-name ${name} --new-instances-protected-from-scale-in`,
    );
  if (creating && live.otherUsers.length)
    errors.push(
      `Auto Scaling group "${name}" is already used by capacity provider ${live.otherUsers.join(", ")}; a group can back one provider only`,
    );
  if (creating && live.usersUnknown)
    notes.push(`could not check that group "${name}" is not used by another capacity provider (${live.usersUnknown})`);
  return { errors, notes };
}

export function planCapacityProvider(
  m: Manifest<"CapacityProvider">,
  ctx: PlanContext<CapacityProviderLive>,
): ResourcePlan {
  const name = m.metadata.name;
  const provider = ctx.live?.provider;
  const { tags, ...spec } = m.spec;
  // Send the group's ARN, resolved from its name when the manifest gives a name.
  const groupArn = ctx.live?.group?.AutoScalingGroupARN;
  const sendSpec: CapacityProviderSpec =
    spec.autoScalingGroupProvider && groupArn
      ? { ...spec, autoScalingGroupProvider: { ...spec.autoScalingGroupProvider, autoScalingGroupArn: groupArn } }
      : spec;
  const create: Operation = {
    service: "ecs",
    name: "CreateCapacityProvider",
    input: { name, ...sendSpec, tags: withManagedBy(tags, ctx.options) },
  };
  const block = (plan: ResourcePlan, errors: string[]) => {
    if (errors.length && plan.mode === "enforce" && plan.action !== "none") plan.blocked = errors.join("; ");
    return plan;
  };

  if (!provider) {
    const { errors, notes } = preflight(m, ctx.live, true);
    const plan = finishPlan(
      m,
      { action: "create", changes: changesForCreate(m.spec), operations: [create], health: "Missing", notes },
      ctx.options,
    );
    return block(plan, errors);
  }

  const live = liveCapacityProviderToSpec(provider);
  const changes = diffIntent(canonicalCapacityProvider(m.spec), live, {
    ...CAPACITY_PROVIDER_RULES,
    ignore: m.metadata.reconcile?.ignore ?? [],
  });
  const { health, message } = capacityProviderHealth(provider);
  const common = {
    changes,
    health,
    ...(message ? { healthMessage: message } : {}),
    unmanaged: !isManaged(provider.tags, ctx.options.instance),
    ...(provider.capacityProviderArn ? { adoptArn: provider.capacityProviderArn } : {}),
  };
  const scaling = live.autoScalingGroupProvider?.managedScaling;
  const withDetails = (plan: ResourcePlan) => {
    if (scaling?.targetCapacity !== undefined)
      plan.details = { scaling: { status: scaling.status ?? "DISABLED", targetCapacity: scaling.targetCapacity } };
    return plan;
  };
  if (changes.length === 0)
    return withDetails(finishPlan(m, { ...common, action: "none", operations: [] }, ctx.options));

  const { errors } = preflight(m, ctx.live, false);
  if (changes.some((c) => c.path.startsWith("/autoScalingGroupProvider/autoScalingGroupArn"))) {
    const plan = finishPlan(
      m,
      {
        ...common,
        action: "replace",
        notes: [
          "autoScalingGroupArn cannot be changed in place",
          "ECS deletes a provider only once no cluster has it: remove it from the cluster's capacityProviders first",
        ],
        operations: [
          { service: "ecs", name: "DeleteCapacityProvider", input: { capacityProvider: name } },
          {
            service: "ecs",
            name: "DescribeCapacityProviders",
            input: { capacityProviders: [name] },
            waitFor: "capacityProviderDeleted",
          },
          create,
        ],
      },
      ctx.options,
    );
    return block(plan, [...(plan.blocked ? [plan.blocked] : []), ...errors]);
  }

  const ops: Operation[] = [];
  const fields = new Set(changes.map((c) => c.path.split("/").slice(1, 3).join("/")));
  const asgFields = ["managedScaling", "managedTerminationProtection", "managedDraining"] as const;
  if (asgFields.some((f) => fields.has(`autoScalingGroupProvider/${f}`))) {
    const desired = m.spec.autoScalingGroupProvider ?? { autoScalingGroupArn: "" };
    const current = live.autoScalingGroupProvider;
    ops.push({
      service: "ecs",
      name: "UpdateCapacityProvider",
      input: {
        name,
        autoScalingGroupProvider: {
          // Fields the manifest leaves out keep their live values rather than reset to defaults.
          managedScaling: deepMerge(current?.managedScaling, desired.managedScaling),
          managedTerminationProtection: desired.managedTerminationProtection ?? current?.managedTerminationProtection,
          managedDraining: desired.managedDraining ?? current?.managedDraining,
        },
      },
    });
  }
  if (fields.has("managedInstancesProvider") || [...fields].some((f) => f.startsWith("managedInstancesProvider")))
    ops.push({
      service: "ecs",
      name: "UpdateCapacityProvider",
      input: { name, managedInstancesProvider: m.spec.managedInstancesProvider },
    });
  if ([...fields].some((f) => f.startsWith("tags")) && tags && provider.capacityProviderArn)
    ops.push({
      service: "ecs",
      name: "TagResource",
      input: { resourceArn: provider.capacityProviderArn, tags: tags as Tag[] },
    });
  return withDetails(block(finishPlan(m, { ...common, action: "update", operations: ops }, ctx.options), errors));
}
