/** Small helpers shared by the rules: pointers, number checks, and looking up related manifests. */
import type { CapacityProviderStrategyItem } from "@aws-sdk/client-ecs";
import { toPointer } from "../errors.js";
import { isLiteralTaskDefinition } from "../references.js";
import type { Kind, Manifest, ManifestSet } from "../types.js";
import type { Finding } from "./finding.js";

/** `Manifest<A> | Manifest<B>` for `K = A | B`, so a rule for several kinds can narrow on `kind`. */
export type ManifestOf<K extends Kind> = K extends Kind ? Manifest<K> : never;

/** A rule: one manifest in, its problems out. The set is there for cross-manifest lookups. */
export type Rule<K extends Kind> = (manifest: ManifestOf<K>, set: ManifestSet) => Finding[];

/** A finding at `spec.<path>`. */
export function at(path: readonly (string | number)[], message: string): Finding {
  return { pointer: toPointer(["spec", ...path]), message };
}

export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
export const isNonNegativeInt = (v: unknown): v is number => isInt(v) && v >= 0;

/** FARGATE and FARGATE_SPOT are the reserved Fargate capacity providers; every other name is EC2-backed. */
export const FARGATE_PROVIDERS: ReadonlySet<string> = new Set(["FARGATE", "FARGATE_SPOT"]);

/**
 * The TaskDefinition manifest a Service or TaskSet runs, when `taskDefinition` is a bare family defined in
 * the manifests. A literal family:revision or ARN is outside the manifests, so its settings are unknown offline.
 */
export function taskDefinitionOf(
  m: Manifest<"Service"> | Manifest<"TaskSet">,
  set: ManifestSet,
): Manifest<"TaskDefinition"> | undefined {
  const ref = m.spec.taskDefinition;
  if (typeof ref !== "string" || isLiteralTaskDefinition(ref)) return undefined;
  return set.get("TaskDefinition", ref);
}

/** The network mode ECS uses: omitted means bridge (Linux) or the Windows default, both not awsvpc. */
export function usesAwsvpc(td: Manifest<"TaskDefinition">): boolean {
  return td.spec.networkMode === "awsvpc";
}

/** ECS validates a task definition against Fargate when requiresCompatibilities lists FARGATE. */
export function isFargateTaskDefinition(td: Manifest<"TaskDefinition">): boolean {
  return td.spec.requiresCompatibilities?.includes("FARGATE") ?? false;
}

export function isWindows(td: Manifest<"TaskDefinition">): boolean {
  return td.spec.runtimePlatform?.operatingSystemFamily?.startsWith("WINDOWS") ?? false;
}

const isFargateStrategy = (s: CapacityProviderStrategyItem[] | undefined): boolean =>
  !!s && s.length > 0 && s.every((i) => FARGATE_PROVIDERS.has(i.capacityProvider ?? ""));

/**
 * Whether a Service's or TaskSet's tasks run on Fargate, as far as the manifests tell: an explicit FARGATE
 * launch type or an all-Fargate capacity provider strategy; with neither, the cluster's default strategy
 * (when its Cluster manifest sets one) or a task definition that can only run on Fargate.
 */
export function runsOnFargate(m: Manifest<"Service"> | Manifest<"TaskSet">, set: ManifestSet): boolean {
  const { launchType, capacityProviderStrategy } = m.spec;
  if (launchType) return launchType === "FARGATE";
  if (capacityProviderStrategy && capacityProviderStrategy.length > 0)
    return isFargateStrategy(capacityProviderStrategy);
  const cluster = m.metadata.cluster ? set.get("Cluster", m.metadata.cluster) : undefined;
  if (isFargateStrategy(cluster?.spec.defaultCapacityProviderStrategy)) return true;
  const compat = taskDefinitionOf(m, set)?.spec.requiresCompatibilities;
  return !!compat && compat.length > 0 && compat.every((c) => c === "FARGATE");
}

/** Names that occur more than once, each with the indexes of its later occurrences. */
export function duplicates<T>(items: readonly T[], key: (item: T) => string | undefined): [string, number][] {
  const seen = new Set<string>();
  const out: [string, number][] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    if (seen.has(k)) out.push([k, i]);
    seen.add(k);
  });
  return out;
}
