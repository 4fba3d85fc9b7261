/** Builds small valid manifests for the rule tests, and the exact error lines to expect from them. */
import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { stringify } from "yaml";
import { API_VERSION, type Kind, type SpecByKind } from "../types.js";

/** One YAML document. */
export function doc<K extends Kind>(kind: K, name: string, spec: Partial<SpecByKind[K]>, cluster?: string): string {
  const metadata = cluster ? { name, cluster } : { name };
  return stringify({ apiVersion: API_VERSION, kind, metadata, spec }, { lineWidth: 0 });
}

/** Several documents in one file. */
export const file = (...docs: string[]): string => docs.join("---\n");

export const container = (over: Partial<ContainerDefinition> = {}): ContainerDefinition => ({
  name: "web",
  image: "nginx:1.27",
  portMappings: [{ containerPort: 80, name: "http" }],
  ...over,
});

/** A valid Fargate task definition, family "web". */
export const fargateTd = (over: Partial<SpecByKind["TaskDefinition"]> = {}, family = "web"): string =>
  doc("TaskDefinition", family, {
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: "256",
    memory: "512",
    containerDefinitions: [container()],
    ...over,
  });

/** A valid EC2 bridge-mode task definition, family "web". */
export const ec2Td = (over: Partial<SpecByKind["TaskDefinition"]> = {}, family = "web"): string =>
  doc("TaskDefinition", family, {
    containerDefinitions: [
      container({ memory: 256, portMappings: [{ containerPort: 80, hostPort: 0, name: "http" }] }),
    ],
    ...over,
  });

/** A valid Fargate service "web" in cluster "prod", running task definition "web". */
export const fargateService = (over: Partial<SpecByKind["Service"]> = {}): string =>
  doc(
    "Service",
    "web",
    {
      taskDefinition: "web",
      desiredCount: 2,
      launchType: "FARGATE",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"], securityGroups: ["sg-1"] } },
      ...over,
    },
    "prod",
  );

/** A valid EC2 service "web" in cluster "prod" (pair it with ec2Td). */
export const ec2Service = (over: Partial<SpecByKind["Service"]> = {}): string =>
  doc("Service", "web", { taskDefinition: "web", desiredCount: 2, launchType: "EC2", ...over }, "prod");

/**
 * 1-based line of the only occurrence of `needle` in `text` (or its first one after the end of the first
 * `after`, when given). Throws
 * when the needle is missing or ambiguous, so a test can't silently point at the wrong line.
 */
export function lineOf(text: string, needle: string, after?: string): number {
  const anchor = after === undefined ? 0 : text.indexOf(after);
  if (anchor < 0) throw new Error(`anchor ${JSON.stringify(after)} not found`);
  const start = after === undefined ? 0 : anchor + after.length;
  const i = text.indexOf(needle, start);
  if (i < 0) throw new Error(`${JSON.stringify(needle)} not found`);
  if (after === undefined && text.indexOf(needle, i + 1) >= 0)
    throw new Error(`${JSON.stringify(needle)} occurs more than once; pass an anchor`);
  return text.slice(0, i).split("\n").length;
}

/** The error string errorsOf() gives for `field: message` on the line of `needle`. */
export function errorAt(text: string, needle: string, field: string, message: string, after?: string): string {
  return `manifests.yaml:${lineOf(text, needle, after)}: ${field}: ${message}`;
}
