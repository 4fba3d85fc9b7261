import { Registry } from "prom-client";
import { InvalidManifestsError } from "../manifests/errors.js";
import { loadManifests } from "../manifests/load.js";
import { isLiteralTaskDefinition } from "../manifests/references.js";
import { type AnyManifest, keyOf, ManifestSet } from "../manifests/types.js";
import { AwsApi } from "../reconcilers/aws/api.js";
import { TaskDefinitionCache } from "../reconcilers/aws/readers.js";
import { observeAll, planAll } from "../reconcilers/engine.js";
import type { Plan } from "../reconcilers/plan.js";
import { DEFAULT_INSTANCE, type ReconcileOptions } from "../reconcilers/reconciler.js";

/** Options every command shares (see main.ts). */
export interface GlobalOptions {
  file: string[];
  selector?: string;
  region?: string;
  endpointUrl?: string;
  output: "text" | "json";
  instance: string;
  apiRateShare?: number;
  showSecrets: boolean;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** `team=web,tier=front` → predicate on metadata.labels. */
export function parseSelector(selector: string | undefined): (m: AnyManifest) => boolean {
  if (!selector) return () => true;
  const wanted = selector.split(",").map((pair) => {
    const [k, v, ...rest] = pair.split("=");
    if (!k || v === undefined || rest.length) throw new CliError(`bad selector "${pair}": expected key=value`);
    return [k.trim(), v.trim()] as const;
  });
  return (m) => wanted.every(([k, v]) => m.metadata.labels?.[k] === v);
}

/**
 * Loads and validates the manifests, then narrows them to the selector plus what the selected ones
 * depend on (a service's task definition and cluster), so a selected service can still resolve them.
 */
export function loadDesired(o: Pick<GlobalOptions, "file" | "selector">): ManifestSet {
  if (o.file.length === 0) throw new CliError("no manifests given: use -f FILE_OR_DIR");
  const { set, errors } = loadManifests(o.file);
  if (errors.length > 0) throw new InvalidManifestsError(errors);
  const match = parseSelector(o.selector);
  if (!o.selector) return set;
  const keep = new Set(set.all.filter(match).map(keyOf));
  for (const m of set.all) {
    if (!keep.has(keyOf(m)) || m.kind !== "Service") continue;
    const td = m.spec.taskDefinition;
    if (td && !isLiteralTaskDefinition(td)) keep.add(`TaskDefinition/${td}`);
    keep.add(`Cluster/${m.metadata.cluster}`);
  }
  return new ManifestSet(set.all.filter((m) => keep.has(keyOf(m))));
}

export function buildApi(o: GlobalOptions, registry = new Registry()): AwsApi {
  return new AwsApi({
    registry,
    ...(o.region ? { region: o.region } : {}),
    ...(o.endpointUrl ? { endpoint: o.endpointUrl } : {}),
    ...(o.apiRateShare ? { rateShare: o.apiRateShare } : {}),
  });
}

export function reconcileOptions(o: GlobalOptions, extra: Partial<ReconcileOptions> = {}): ReconcileOptions {
  return { instance: o.instance || DEFAULT_INSTANCE, mode: "enforce", adopt: false, allowReplace: false, ...extra };
}

/** One read-only pass: observe everything the manifests name, then plan. */
export async function computePlan(
  set: ManifestSet,
  api: AwsApi,
  options: ReconcileOptions,
  detail = false,
): Promise<Plan> {
  const snapshot = await observeAll(set, { api, revisions: new TaskDefinitionCache(api), detail });
  return planAll(set, snapshot, options);
}

/** Human lines go to stderr: stdout carries only a command's output. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
