import type { Tag } from "@aws-sdk/client-ecs";
import type { Kind, Manifest, ManifestSet, ReconcileMode } from "../manifests/types.js";
import type { AwsApi } from "./aws/api.js";
import type { TaskDefinitionCache } from "./aws/readers.js";
import type { ResourcePlan } from "./plan.js";

/** The tag every resource we create carries; we change or delete only what carries it. */
export const MANAGED_BY_TAG = "ecs-reconciler.io/managed-by";
export const DEFAULT_INSTANCE = "ecs-reconciler";

export interface ReconcileOptions {
  /** Value of the managed-by tag (several instances may share an account). */
  instance: string;
  /** Default mode; metadata.reconcile.mode overrides it per resource. */
  mode: ReconcileMode;
  /** Take ownership of existing resources without our tag. */
  adopt: boolean;
  /** Allow delete + recreate for changes ECS cannot make in place. */
  allowReplace: boolean;
  /** The time plans are made at (rollout pauses and timeouts); default now. Tests fix it. */
  now?: number;
}

export const DEFAULT_OPTIONS: ReconcileOptions = {
  instance: DEFAULT_INSTANCE,
  mode: "enforce",
  adopt: false,
  allowReplace: false,
};

/** Live state of every manifest, by manifest key; undefined where the resource does not exist. */
export type LiveSnapshot = Map<string, unknown>;

export interface ObserveContext {
  api: AwsApi;
  set: ManifestSet;
  /** Live state of the kinds observed before this one (see observeAfter). */
  snapshot: LiveSnapshot;
  revisions: TaskDefinitionCache;
  /** Also read what status and the controller show beyond drift (container instances). */
  detail?: boolean;
}

export interface PlanContext<L> {
  live: L | undefined;
  set: ManifestSet;
  snapshot: LiveSnapshot;
  /** Plans of the kinds planned before this one (reconcile order). */
  planned: ReadonlyMap<string, ResourcePlan>;
  options: ReconcileOptions;
}

/**
 * One per kind, all the same shape: observe reads live state (batched, read-only); plan is pure
 * (desired + live → actions as data). Executing a plan is generic (act.ts).
 */
export interface Reconciler<K extends Kind, L> {
  readonly kind: K;
  /** Kinds whose live state observe() needs in the snapshot. */
  readonly observeAfter: readonly Kind[];
  observe(manifests: Manifest<K>[], ctx: ObserveContext): Promise<Map<string, L | undefined>>;
  plan(manifest: Manifest<K>, ctx: PlanContext<L>): ResourcePlan;
}

export function modeOf(m: Manifest, options: ReconcileOptions): ReconcileMode {
  return m.metadata.reconcile?.mode ?? options.mode;
}

export function isManaged(tags: readonly Tag[] | undefined, instance: string): boolean {
  return (tags ?? []).some((t) => t.key === MANAGED_BY_TAG && t.value === instance);
}

export function managedByTag(options: ReconcileOptions): Tag {
  return { key: MANAGED_BY_TAG, value: options.instance };
}

/** The manifest's tags plus ours (ours wins: a manifest cannot disown a resource by accident). */
export function withManagedBy(tags: readonly Tag[] | undefined, options: ReconcileOptions): Tag[] {
  return [...(tags ?? []).filter((t) => t.key !== MANAGED_BY_TAG), managedByTag(options)];
}

/** Where observeAll keeps the Cloud Map namespace lookup (name → ARN) when a manifest names one. */
export const NAMESPACES_KEY = "CloudMap/namespaces";

export function namespacesOf(snapshot: LiveSnapshot): ReadonlyMap<string, string> | undefined {
  return snapshot.get(NAMESPACES_KEY) as ReadonlyMap<string, string> | undefined;
}
