import { applyPlan } from "../reconcilers/act.js";
import { hasChanges } from "../reconcilers/plan.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, log, reconcileOptions } from "./context.js";
import { diffCommand } from "./diff.js";
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

/** Converges live state to the manifests. Exit 0 done, 1 error (CONTRACT.md §3). `--dry-run` is diff. */
export async function applyCommand(o: GlobalOptions, a: ApplyOptions): Promise<number> {
  if (a.dryRun) {
    const code = await diffCommand(o);
    return code === 2 ? 0 : code;
  }
  const set = loadDesired(o);
  const api = buildApi(o);
  const plan = await computePlan(set, api, reconcileOptions(o, { allowReplace: a.allowReplace, adopt: a.adopt }));
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
