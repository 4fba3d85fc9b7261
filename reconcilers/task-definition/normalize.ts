import type { ContainerDefinition, Tag, TaskDefinition } from "@aws-sdk/client-ecs";
import type { SpecByKind } from "../../manifests/types.js";
import { type CompareRules, keyBy } from "../diff/compare.js";
import { clean, isPlainObject } from "../diff/values.js";

export type TaskDefinitionSpec = SpecByKind["TaskDefinition"];

/** Fields DescribeTaskDefinition returns that are not part of what was registered. */
const DESCRIBE_ONLY = [
  "taskDefinitionArn",
  "family",
  "revision",
  "status",
  "requiresAttributes",
  "compatibilities",
  "registeredAt",
  "registeredBy",
  "deregisteredAt",
  "deleteRequestedAt",
] as const;

/** How lists inside a task definition compare (ECS may reorder keyed lists: peers.md §4.2 #7, #8). */
export const TASK_DEFINITION_RULES: CompareRules = {
  lists: {
    "/containerDefinitions": { key: keyBy("name") },
    "/containerDefinitions/*/environment": { key: keyBy("name") },
    "/containerDefinitions/*/secrets": { key: keyBy("name") },
    "/containerDefinitions/*/environmentFiles": { key: keyBy("type", "value") },
    "/containerDefinitions/*/portMappings": { key: keyBy("containerPort", ["protocol", "tcp"], "containerPortRange") },
    "/containerDefinitions/*/mountPoints": { key: keyBy("containerPath") },
    "/containerDefinitions/*/volumesFrom": { key: keyBy("sourceContainer") },
    "/containerDefinitions/*/ulimits": { key: keyBy("name") },
    "/containerDefinitions/*/systemControls": { key: keyBy("namespace") },
    "/containerDefinitions/*/dependsOn": { key: keyBy("containerName") },
    "/containerDefinitions/*/extraHosts": { key: keyBy("hostname") },
    "/containerDefinitions/*/resourceRequirements": { key: keyBy("type") },
    "/containerDefinitions/*/links": { set: true },
    "/containerDefinitions/*/dockerSecurityOptions": { set: true },
    "/containerDefinitions/*/linuxParameters/capabilities/add": { set: true },
    "/containerDefinitions/*/linuxParameters/capabilities/drop": { set: true },
    "/containerDefinitions/*/linuxParameters/devices": { key: keyBy("hostPath") },
    "/containerDefinitions/*/linuxParameters/tmpfs": { key: keyBy("containerPath") },
    "/containerDefinitions/*/logConfiguration/secretOptions": { key: keyBy("name") },
    "/volumes": { key: keyBy("name") },
    "/placementConstraints": { key: keyBy("type", "expression") },
    "/requiresCompatibilities": { set: true },
    "/inferenceAccelerators": { key: keyBy("deviceName") },
    "/tags": { key: keyBy("key"), partial: true },
  },
  wholeMaps: [
    "/containerDefinitions/*/dockerLabels",
    "/containerDefinitions/*/logConfiguration/options",
    "/containerDefinitions/*/firelensConfiguration/options",
    "/volumes/*/dockerVolumeConfiguration/driverOpts",
    "/volumes/*/dockerVolumeConfiguration/labels",
  ],
};

/**
 * Task-level cpu and memory accept units on input ("1 vCPU", "0.25 vCPU", "2 GB") and come back as
 * digit strings (peers.md §4.2 #12): both sides are compared as CPU units and MiB.
 */
export function canonicalCpu(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*([\d.]+)\s*vcpu\s*$/i.exec(String(v));
  return m ? String(Math.round(Number(m[1]) * 1024)) : String(v).trim();
}

export function canonicalMemory(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*([\d.]+)\s*gb\s*$/i.exec(String(v));
  return m ? String(Math.round(Number(m[1]) * 1024)) : String(v).trim();
}

/** Canonical form applied to both sides: units only; lists are matched by TASK_DEFINITION_RULES. */
export function canonicalTaskDefinition(spec: TaskDefinitionSpec): TaskDefinitionSpec {
  const out = clean(spec);
  if (out.cpu !== undefined) out.cpu = canonicalCpu(out.cpu);
  if (out.memory !== undefined) out.memory = canonicalMemory(out.memory);
  return out;
}

/**
 * A described revision in the manifest's shape: describe-only fields dropped, and the values ECS
 * fills in when a field is omitted written out, so that a manifest which sets a field to its default
 * matches a revision that never echoed it.
 */
export function liveTaskDefinitionToSpec(td: TaskDefinition, tags: Tag[] | undefined): TaskDefinitionSpec {
  const spec: Record<string, unknown> = { ...clean(td) };
  for (const f of DESCRIBE_ONLY) delete spec[f];
  const networkMode = td.networkMode ?? "bridge";
  spec.networkMode = networkMode;
  spec.containerDefinitions = (td.containerDefinitions ?? []).map((c) => withContainerDefaults(c, networkMode));
  // Volume defaults (peers.md §4.2 #10; hashicorp/terraform-provider-aws#40801, #34428): each value
  // below is what the SDK model documents for an omitted field, so "absent" and the default are one.
  spec.volumes = (td.volumes ?? []).map((v) => {
    const out = { configuredAtLaunch: false, ...clean(v) } as Record<string, unknown>;
    if (isPlainObject(out.efsVolumeConfiguration)) {
      const efs = out.efsVolumeConfiguration;
      out.efsVolumeConfiguration = {
        rootDirectory: "/",
        transitEncryption: "DISABLED",
        ...efs,
        ...(isPlainObject(efs.authorizationConfig)
          ? { authorizationConfig: { iam: "DISABLED", ...efs.authorizationConfig } }
          : {}),
      };
    }
    if (isPlainObject(out.dockerVolumeConfiguration)) {
      const docker: Record<string, unknown> = { scope: "task", ...out.dockerVolumeConfiguration };
      // autoprovision is only used with scope shared, where it defaults to false; with scope task ECS
      // rejects false (hashicorp/terraform-provider-aws#34428), so nothing is filled there.
      if (docker.scope === "shared") docker.autoprovision ??= false;
      out.dockerVolumeConfiguration = docker;
    }
    return out;
  });
  if (tags) spec.tags = tags;
  return canonicalTaskDefinition(spec as TaskDefinitionSpec);
}

/** Container defaults ECS fills in (peers.md §4.2 #1-#6, ecs-api.md §3.2). */
function withContainerDefaults(c: ContainerDefinition, networkMode: string): ContainerDefinition {
  const out: ContainerDefinition = { essential: true, cpu: 0, ...clean(c) };
  out.portMappings = (c.portMappings ?? []).map((p) => ({
    protocol: "tcp",
    // awsvpc and host publish on the container port; bridge without hostPort means "dynamic" (0).
    hostPort: networkMode === "awsvpc" || networkMode === "host" ? p.containerPort : 0,
    ...clean(p),
  }));
  if (c.healthCheck) out.healthCheck = { interval: 30, timeout: 5, retries: 3, ...clean(c.healthCheck) };
  if (c.mountPoints) out.mountPoints = c.mountPoints.map((m) => ({ readOnly: false, ...clean(m) }));
  if (c.volumesFrom) out.volumesFrom = c.volumesFrom.map((m) => ({ readOnly: false, ...clean(m) }));
  return out;
}
