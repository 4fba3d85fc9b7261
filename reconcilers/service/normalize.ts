import type { Deployment, Service } from "@aws-sdk/client-ecs";
import type { SpecByKind } from "../../manifests/types.js";
import { revisionOf } from "../aws/readers.js";
import { canonicalNamespace, type NamespaceArns } from "../cluster/normalize.js";
import { type CompareRules, keyBy } from "../diff/compare.js";
import { clean, isPlainObject } from "../diff/values.js";

export type ServiceSpec = SpecByKind["Service"];

export const SERVICE_RULES: CompareRules = {
  lists: {
    "/loadBalancers": { key: keyBy("targetGroupArn", "loadBalancerName", "containerName", "containerPort") },
    "/serviceRegistries": { key: keyBy("registryArn") },
    "/capacityProviderStrategy": { key: keyBy("capacityProvider") },
    "/placementConstraints": { key: keyBy("type", "expression") },
    "/networkConfiguration/awsvpcConfiguration/subnets": { set: true },
    "/networkConfiguration/awsvpcConfiguration/securityGroups": { set: true },
    "/deploymentConfiguration/alarms/alarmNames": { set: true },
    "/deploymentConfiguration/lifecycleHooks": { key: keyBy("hookTargetArn", ["targetType", "AWS_LAMBDA"]) },
    "/deploymentConfiguration/lifecycleHooks/*/lifecycleStages": { set: true },
    "/serviceConnectConfiguration/services": { key: keyBy("portName") },
    "/serviceConnectConfiguration/services/*/clientAliases": { key: keyBy("port") },
    "/serviceConnectConfiguration/logConfiguration/secretOptions": { key: keyBy("name") },
    "/volumeConfigurations": { key: keyBy("name") },
    "/vpcLatticeConfigurations": { key: keyBy("targetGroupArn", "portName") },
    // Other systems tag services too (peers.md §4.2 #21): only the keys the manifest names count.
    "/tags": { key: keyBy("key"), partial: true },
  },
  // The Service Connect proxy's log options are a map like a container's (TASK_DEFINITION_RULES): an
  // option added in the console is drift (svc-service-connect-default-namespace.json echoes them as sent).
  wholeMaps: ["/serviceConnectConfiguration/logConfiguration/options"],
};

/** `arn:aws:iam::1:role/path/name` and `name` name the same role. */
function roleName(role: string): string {
  return role.includes(":role/") ? (role.split("/").pop() ?? role) : role;
}

/**
 * Canonical form for both sides: task definition and role ARNs and names compared as names, placement
 * fields in ECS's own spelling (`host` ≙ `instanceId`, binpack on `cpu`/`memory` in any case), and a
 * Service Connect namespace name as its ARN when `namespaces` (a Cloud Map lookup) knows it.
 */
export function canonicalService(spec: ServiceSpec, namespaces?: NamespaceArns): ServiceSpec {
  const out = clean(spec);
  // Name or ARN (peers.md §4.2 #22): see NamespaceArns.
  if (out.serviceConnectConfiguration?.namespace !== undefined)
    out.serviceConnectConfiguration = {
      ...out.serviceConnectConfiguration,
      namespace: canonicalNamespace(out.serviceConnectConfiguration.namespace, namespaces),
    };
  if (out.taskDefinition) out.taskDefinition = revisionOf(out.taskDefinition);
  if (out.role) out.role = roleName(out.role);
  if (out.placementStrategy)
    out.placementStrategy = out.placementStrategy.map((s) => {
      const field = s.field?.toLowerCase();
      if (field === "host" || field === "instanceid") return { ...s, field: "instanceId" };
      if (s.type === "binpack" && field) return { ...s, field };
      return s;
    });
  return out;
}

/** The PRIMARY deployment: where ECS keeps the fields the Service object does not carry. */
export function primaryDeployment(service: Service): Deployment | undefined {
  return service.deployments?.find((d) => d.status === "PRIMARY");
}

/**
 * A described service in the manifest's shape, with the defaults ECS applies when a field is omitted
 * written out (peers.md §4.2 #14-#16; ecs-api.md §3.1), so a manifest that sets a default explicitly
 * matches a service that never echoed it.
 */
export function liveServiceToSpec(service: Service, namespaces?: NamespaceArns): ServiceSpec {
  const daemon = service.schedulingStrategy === "DAEMON";
  const primary = primaryDeployment(service);
  const spec: ServiceSpec = {
    taskDefinition: service.taskDefinition,
    loadBalancers: service.loadBalancers,
    serviceRegistries: service.serviceRegistries,
    desiredCount: service.desiredCount,
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy?.map((s) => ({ base: 0, weight: 0, ...clean(s) })),
    platformVersion: service.platformVersion ?? (service.launchType === "FARGATE" ? "LATEST" : undefined),
    role: service.roleArn,
    deploymentConfiguration: {
      maximumPercent: daemon ? 100 : 200,
      minimumHealthyPercent: daemon ? 0 : 100,
      strategy: "ROLLING",
      bakeTimeInMinutes: 0,
      ...clean(service.deploymentConfiguration ?? {}),
      deploymentCircuitBreaker: {
        enable: false,
        rollback: false,
        ...clean(service.deploymentConfiguration?.deploymentCircuitBreaker ?? {}),
      },
      alarms: {
        alarmNames: [],
        enable: false,
        rollback: false,
        ...clean(service.deploymentConfiguration?.alarms ?? {}),
      },
      ...nativeStrategyDefaults(service.deploymentConfiguration),
    },
    placementConstraints: service.placementConstraints,
    placementStrategy: service.placementStrategy,
    networkConfiguration: liveNetworkConfiguration(service),
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds ?? 0,
    schedulingStrategy: service.schedulingStrategy ?? "REPLICA",
    deploymentController: { type: "ECS", ...clean(service.deploymentController ?? {}) },
    tags: service.tags,
    enableECSManagedTags: service.enableECSManagedTags ?? false,
    propagateTags: service.propagateTags ?? "NONE",
    enableExecuteCommand: service.enableExecuteCommand ?? false,
    // Absent on services older than the field (svc-cli-ec2-implicit-launch-type.json, 2019), which do
    // not rebalance: DISABLED. Services created since default to ENABLED and echo it (ecs-api.md §3.1).
    availabilityZoneRebalancing: service.availabilityZoneRebalancing ?? "DISABLED",
    // Not on the Service shape: ECS keeps these on the deployment (ecs-api.md §3.1).
    serviceConnectConfiguration: primary?.serviceConnectConfiguration,
    volumeConfigurations: primary?.volumeConfigurations,
    vpcLatticeConfigurations: primary?.vpcLatticeConfigurations,
  };
  return canonicalService(clean(spec), namespaces);
}

/**
 * Native blue/green, linear and canary deployments (ecs-api.md §4.2): the defaults ECS applies to
 * what a manifest leaves out of them — linear 10% every 6 min, canary 5% for 10 min, lifecycle
 * hooks on Lambda with a 1440-minute timeout that rolls back.
 */
function nativeStrategyDefaults(dc: Service["deploymentConfiguration"]): object {
  const out: Record<string, unknown> = {};
  if (dc?.linearConfiguration)
    out.linearConfiguration = { stepPercent: 10, stepBakeTimeInMinutes: 6, ...clean(dc.linearConfiguration) };
  if (dc?.canaryConfiguration)
    out.canaryConfiguration = { canaryPercent: 5, canaryBakeTimeInMinutes: 10, ...clean(dc.canaryConfiguration) };
  if (dc?.lifecycleHooks)
    out.lifecycleHooks = dc.lifecycleHooks.map((h) => ({
      targetType: "AWS_LAMBDA",
      ...clean(h),
      timeoutConfiguration: { timeoutInMinutes: 1440, action: "ROLLBACK", ...clean(h.timeoutConfiguration ?? {}) },
    }));
  return out;
}

function liveNetworkConfiguration(service: Service): ServiceSpec["networkConfiguration"] {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  if (!isPlainObject(vpc)) return service.networkConfiguration;
  return { awsvpcConfiguration: { assignPublicIp: "DISABLED", ...clean(vpc), subnets: vpc.subnets ?? [] } };
}
