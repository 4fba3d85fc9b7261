import { applyPlan } from "../reconcilers/act.js";
import { hasChanges } from "../reconcilers/plan.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, log, reconcileOptions } from "./context.js";
import { printPlan } from "./diff.js";
import { planJson, renderPlan, resourceTitle } from "./render.js";

export interface ApplyOptions {
  dryRun: boolean;
  allowReplace: boolean;
  adopt: boolean;
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
  const results = await applyPlan(plan, api, {
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
  return failed.length ? 1 : 0;
}
