import { hasChanges, type Plan } from "../reconcilers/plan.js";
import type { ReconcileOptions } from "../reconcilers/reconciler.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, reconcileOptions } from "./context.js";
import { planJson, renderPlan } from "./render.js";

/** Reads live state and prints the plan, as `diff` and `apply --dry-run` do. */
export async function printPlan(o: GlobalOptions, extra: Partial<ReconcileOptions> = {}): Promise<Plan> {
  const set = loadDesired(o);
  const plan = await computePlan(set, buildApi(o), reconcileOptions(o, extra));
  if (o.output === "json") process.stdout.write(`${JSON.stringify(planJson(plan, o), null, 2)}\n`);
  else process.stdout.write(renderPlan(plan, { color: process.stdout.isTTY === true, showSecrets: o.showSecrets }));
  return plan;
}

/** Prints the plan. Exit 0 in sync, 2 changes pending (CONTRACT.md §3). */
export async function diffCommand(o: GlobalOptions): Promise<number> {
  return hasChanges(await printPlan(o)) ? 2 : 0;
}
