import type {
  CreateCapacityProviderRequest,
  CreateClusterRequest,
  CreateServiceRequest,
  CreateTaskSetRequest,
  RegisterTaskDefinitionRequest,
} from "@aws-sdk/client-ecs";

export const API_VERSION = "ecs-reconciler.io/v1alpha1";

/** Every kind, in the order they are reconciled (deletion runs in reverse). */
export const KINDS = ["CapacityProvider", "Cluster", "TaskDefinition", "Service", "TaskSet"] as const;
export type Kind = (typeof KINDS)[number];

/** Kinds whose identity includes a cluster (metadata.cluster is required). */
export const CLUSTER_SCOPED: ReadonlySet<Kind> = new Set(["Service", "TaskSet"]);

/**
 * Each kind's spec is the ECS request type minus the identity fields that metadata carries.
 * scripts/gen-schema.ts derives the runtime JSON Schema from these same SDK types.
 */
export interface SpecByKind {
  Cluster: Omit<CreateClusterRequest, "clusterName">;
  TaskDefinition: Omit<RegisterTaskDefinitionRequest, "family">;
  Service: Omit<CreateServiceRequest, "serviceName" | "cluster" | "clientToken">;
  CapacityProvider: Omit<CreateCapacityProviderRequest, "name">;
  TaskSet: Omit<CreateTaskSetRequest, "cluster" | "clientToken">;
}

export type ReconcileMode = "enforce" | "observe" | "suspended";

export interface ReconcilePolicy {
  mode?: ReconcileMode;
  prune?: boolean;
  /** JSON pointers into spec that are never compared nor changed. */
  ignore?: string[];
}

/**
 * Progressive delivery for a TaskSet (services with the EXTERNAL deployment controller): the new
 * task set is scaled through `steps` (percent of the service's desired count), each held for its
 * pause once STEADY_STATE, then made primary; the old set is drained. A step that is not
 * STEADY_STATE within `stepTimeout` rolls back (new set to 0, the old one stays primary).
 */
export interface RolloutSpec {
  steps?: { scale: number; pause?: string }[];
  /** Duration, e.g. "10m". Default 10m. */
  stepTimeout?: string;
}

export interface Metadata {
  name: string;
  cluster?: string;
  labels?: Record<string, string>;
  reconcile?: ReconcilePolicy;
  /** TaskSet only. */
  rollout?: RolloutSpec;
}

/** Where a manifest came from, and how to turn a JSON pointer inside it into a line number. */
export interface SourceRef {
  file: string;
  /** Line of the document's first line (1-based). */
  line: number;
  /** 1-based line of the node at `pointer` (a JSON pointer into the whole document), or of its nearest ancestor. */
  lineOf(pointer: string): number;
}

export interface Manifest<K extends Kind = Kind> {
  apiVersion: typeof API_VERSION;
  kind: K;
  metadata: Metadata;
  spec: SpecByKind[K];
  source: SourceRef;
}

export type AnyManifest = { [K in Kind]: Manifest<K> }[Kind];

/** `Kind/name`, or `Kind/cluster/name` for cluster-scoped kinds. */
export function manifestKey(kind: Kind, name: string, cluster?: string): string {
  return cluster !== undefined && CLUSTER_SCOPED.has(kind) ? `${kind}/${cluster}/${name}` : `${kind}/${name}`;
}

export function keyOf(m: Pick<Manifest, "kind" | "metadata">): string {
  return manifestKey(m.kind, m.metadata.name, m.metadata.cluster);
}

/** The desired state: every manifest, keyed, in reconcile order. */
export class ManifestSet {
  readonly byKey = new Map<string, AnyManifest>();

  /**
   * @param selection keys commands act on (a -l selection and what it depends on); without it,
   * everything. The rest stays in the set for lookups.
   */
  constructor(
    readonly all: readonly AnyManifest[],
    readonly selection?: ReadonlySet<string>,
  ) {
    for (const m of all) this.byKey.set(keyOf(m), m);
  }

  /** The manifests commands act on. */
  get selected(): AnyManifest[] {
    const selection = this.selection;
    return selection ? this.all.filter((m) => selection.has(keyOf(m))) : [...this.all];
  }

  ofKind<K extends Kind>(kind: K): Manifest<K>[] {
    return this.all.filter((m): m is Manifest<K> & AnyManifest => m.kind === kind) as Manifest<K>[];
  }

  get<K extends Kind>(kind: K, name: string, cluster?: string): Manifest<K> | undefined {
    return this.byKey.get(manifestKey(kind, name, cluster)) as Manifest<K> | undefined;
  }
}
