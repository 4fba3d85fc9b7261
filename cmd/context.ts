import { Registry } from "prom-client";
import { InvalidManifestsError } from "../manifests/errors.js";
import { loadManifests } from "../manifests/load.js";
import { type AnyManifest, keyOf, ManifestSet } from "../manifests/types.js";
import { AwsApi } from "../reconcilers/aws/api.js";
import { TaskDefinitionCache } from "../reconcilers/aws/readers.js";
import { dependenciesOf, observationSet, observeAll, planAll } from "../reconcilers/engine.js";
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
 * Loads and validates the manifests and, with a selector, marks the selected ones plus everything
 * they depend on (a service's cluster and task definition, a task set's service), so a selected
 * resource still plans as it would in the whole set.
 */
export function loadDesired(o: Pick<GlobalOptions, "file" | "selector">): ManifestSet {
  if (o.file.length === 0) throw new CliError("no manifests given: use -f FILE_OR_DIR");
  const { set, errors } = loadManifests(o.file);
  if (errors.length > 0) throw new InvalidManifestsError(errors);
  if (!o.selector) return set;
  const match = parseSelector(o.selector);
  const keep = new Set(set.all.filter(match).map(keyOf));
  for (let grew = true; grew; ) {
    grew = false;
    for (const key of [...keep])
      for (const dep of dependenciesOf(set.byKey.get(key)!))
        if (set.byKey.has(dep) && !keep.has(dep)) {
          keep.add(dep);
          grew = true;
        }
  }
  return new ManifestSet(set.all, keep);
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
  // Observed: what is planned, plus what those plans read (a task definition's services).
  const only = set.selected;
  const subset = observationSet(set, only.map(keyOf));
  const snapshot = await observeAll(subset, { api, revisions: new TaskDefinitionCache(api), detail });
  return planAll(set, snapshot, options, only);
}

/** Human lines go to stderr: stdout carries only a command's output. */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
