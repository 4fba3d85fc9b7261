import type { ManifestSet } from "../manifests/types.js";
import { applyPlan } from "../reconcilers/act.js";
import type { AwsApi } from "../reconcilers/aws/api.js";
import { revisionOf } from "../reconcilers/aws/readers.js";
import type { Plan, Ref } from "../reconcilers/plan.js";
import { hasChanges } from "../reconcilers/plan.js";
import { waitForSettled } from "../reconcilers/wait.js";
import { buildApi, CliError, computePlan, type GlobalOptions, loadDesired, log, reconcileOptions } from "./context.js";
import { printPlan } from "./diff.js";
import { planJson, renderPlan, resourceTitle } from "./render.js";
import { progressPrinter, reportFailures } from "./wait-display.js";

export interface ApplyOptions {
  dryRun: boolean;
  allowReplace: boolean;
  adopt: boolean;
  /** Wait until every service touched has settled (rollouts completed, or failed), within timeoutMs. */
  wait?: boolean;
  timeoutMs?: number;
  prune?: boolean;
}

const DONE = {
  create: "created",
  update: "updated",
  register: "registered a new revision",
  replace: "replaced",
  delete: "deleted",
  none: "unchanged",
} as const;

/**
 * Converges live state to the manifests. Exit 0 done, 1 error (CONTRACT.md §3). `--dry-run` prints the
 * plan like diff, with apply's exit codes: 0 when apply would go ahead, 1 when it would refuse.
 */
export async function applyCommand(o: GlobalOptions, a: ApplyOptions): Promise<number> {
  // Refused rather than ignored: a pipeline that asks for pruning must not believe it happened.
  if (a.prune)
    throw new CliError(
      "apply --prune is not available in this version: resources removed from the manifests are left in AWS. Nothing was changed.",
    );
  const options = { allowReplace: a.allowReplace, adopt: a.adopt };
  if (a.dryRun) {
    // The plan this apply would run, with its flags: exit 1 when apply would refuse it.
    const plan = await printPlan(o, options);
    const blocked = plan.resources.filter((r) => r.blocked && r.mode === "enforce" && r.action !== "none");
    for (const r of blocked) log(`error: ${resourceTitle(r)}: ${r.blocked}`);
    return blocked.length ? 1 : 0;
  }
  const set = loadDesired(o);
  const api = buildApi(o);
  const plan = await computePlan(set, api, reconcileOptions(o, options));
  const text = o.output === "text";
  if (text)
    process.stdout.write(renderPlan(plan, { color: process.stdout.isTTY === true, showSecrets: o.showSecrets }));
  if (!hasChanges(plan)) {
    if (!text) process.stdout.write(`${JSON.stringify({ ...planJson(plan, o), results: [] }, null, 2)}\n`);
    return 0;
  }
  const refs = new Map<string, string>();
  const results = await applyPlan(plan, api, {
    refs,
    onResult: (r) => {
      const title = resourceTitle(r.plan);
      if (r.outcome === "applied") log(`${title}: ${DONE[r.plan.action]}`);
      else log(`${title}: ${r.outcome}${r.message ? `: ${r.message}` : ""}`);
    },
  });
  const failed = results.filter((r) => r.outcome === "failed");
  if (text) {
    const applied = results.filter((r) => r.outcome === "applied").length;
    const skipped = results.filter((r) => r.outcome === "skipped").length;
    process.stdout.write(
      `\nApply ${failed.length ? "failed" : "complete"}: ${applied} applied, ${failed.length} failed, ${skipped} skipped.\n`,
    );
    for (const f of failed) process.stdout.write(`  ${resourceTitle(f.plan)}: ${f.message}\n`);
  } else {
    process.stdout.write(
      `${JSON.stringify(
        {
          ...planJson(plan, o),
          results: results.map((r) => ({
            key: r.key,
            outcome: r.outcome,
            ...(r.message ? { message: r.message } : {}),
          })),
        },
        null,
        2,
      )}\n`,
    );
  }
  if (failed.length) return 1;
  if (!a.wait) return 0;
  return waitForApplied(o, a, set, api, plan, refs);
}

/**
 * apply --wait: every service and task set the plan touched (or whose rollout is under way) is
 * watched until it settles; a failed or rolled-back deployment, or the timeout, exits 1.
 */
async function waitForApplied(
  o: GlobalOptions,
  a: ApplyOptions,
  set: ManifestSet,
  api: AwsApi,
  plan: Plan,
  refs: Map<string, string>,
): Promise<number> {
  // What this apply touched, rollouts under way, and rollouts that already failed: a re-run of a
  // job whose rollout rolled back must not exit 0.
  const watched = plan.resources.filter(
    (r) =>
      (r.kind === "Service" || r.kind === "TaskSet") &&
      r.mode === "enforce" &&
      (r.action !== "none" || r.health === "Progressing" || (r.sync === "OutOfSync" && r.health === "Degraded")),
  );
  if (watched.length === 0) return 0;
  const expected = new Map<string, string>();
  for (const r of watched) {
    const td = r.operations.map((op) => op.input.taskDefinition).find((v) => v !== undefined);
    const arn =
      typeof td === "string" ? td : td && typeof (td as Ref).$ref === "string" ? refs.get((td as Ref).$ref) : undefined;
    if (arn) expected.set(r.key, revisionOf(arn));
  }
  log(
    `waiting for ${watched.length} rollout${watched.length === 1 ? "" : "s"} (timeout ${Math.round((a.timeoutMs ?? 600_000) / 1000)}s)`,
  );
  const { ok, progress } = await waitForSettled({
    set,
    api,
    options: reconcileOptions(o, { allowReplace: a.allowReplace, adopt: a.adopt }),
    keys: watched.map((r) => r.key),
    timeoutMs: a.timeoutMs ?? 600_000,
    drive: true,
    expectedRevisions: expected,
    onProgress: progressPrinter(),
  });
  if (!ok) {
    reportFailures(progress);
    return 1;
  }
  log("all rollouts complete");
  return 0;
}
