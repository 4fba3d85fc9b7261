/** Test helpers for reconcilers: manifests from YAML, plan contexts, live objects. */
import type { Service } from "@aws-sdk/client-ecs";
import { loadFromText } from "../manifests/testing.js";
import type { Kind, Manifest, ManifestSet } from "../manifests/types.js";
import type { ResourcePlan } from "./plan.js";
import { DEFAULT_OPTIONS, MANAGED_BY_TAG, type PlanContext, type ReconcileOptions } from "./reconciler.js";

export const ARN = "arn:aws:ecs:us-east-1:123456789012";
export const OURS = [{ key: MANAGED_BY_TAG, value: "ecs-reconciler" }];

/** Loads YAML (must be valid) and returns the set and its first manifest of `kind`. */
export function manifestOf<K extends Kind>(kind: K, yaml: string): { set: ManifestSet; m: Manifest<K> } {
  const { set, errors } = loadFromText(yaml);
  if (errors.length) throw new Error(errors.join("\n"));
  const m = set.ofKind(kind)[0];
  if (!m) throw new Error(`no ${kind} in the YAML`);
  return { set, m };
}

export function ctxOf<L>(
  set: ManifestSet,
  live: L | undefined,
  planned: ResourcePlan[] = [],
  options: Partial<ReconcileOptions> = {},
): PlanContext<L> {
  return {
    live,
    set,
    snapshot: new Map(),
    planned: new Map(planned.map((p) => [p.key, p])),
    options: { ...DEFAULT_OPTIONS, ...options },
  };
}

/** A planned task definition that matches revision `rev` of `family`. */
export function matchedRevision(family: string, rev: number): ResourcePlan {
  return {
    kind: "TaskDefinition",
    key: `TaskDefinition/${family}`,
    name: family,
    action: "none",
    changes: [],
    operations: [],
    mode: "enforce",
    notes: [],
    sync: "Synced",
    health: "Healthy",
    resolvedRevision: `${family}:${rev}`,
  };
}

export function liveService(overrides: Partial<Service> = {}): Service {
  return {
    serviceName: "web",
    serviceArn: `${ARN}:service/prod/web`,
    clusterArn: `${ARN}:cluster/prod`,
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    taskDefinition: `${ARN}:task-definition/web:3`,
    networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-a", "subnet-b"], assignPublicIp: "DISABLED" } },
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [{ status: "PRIMARY", rolloutState: "COMPLETED", desiredCount: 2, runningCount: 2 }],
    schedulingStrategy: "REPLICA",
    deploymentController: { type: "ECS" },
    propagateTags: "NONE",
    enableECSManagedTags: false,
    tags: OURS,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}

export const SERVICE_YAML = (spec: string, metadata = "") => `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web}
spec:
  networkMode: awsvpc
  requiresCompatibilities: [FARGATE]
  cpu: "256"
  memory: "512"
  containerDefinitions:
    - {name: web, image: "nginx:1", portMappings: [{containerPort: 80}]}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: web
  cluster: prod
${metadata}
spec:
  taskDefinition: web
${spec.includes("networkConfiguration:") ? "" : "  networkConfiguration:\n    awsvpcConfiguration: {subnets: [subnet-b, subnet-a]}\n"}${spec}`;
