import { hasChanges } from "../reconcilers/plan.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, reconcileOptions } from "./context.js";
import { planJson, renderPlan } from "./render.js";

/** Prints the plan. Exit 0 in sync, 2 changes pending (CONTRACT.md §3). */
export async function diffCommand(o: GlobalOptions): Promise<number> {
  const set = loadDesired(o);
  const plan = await computePlan(set, buildApi(o), reconcileOptions(o));
  if (o.output === "json") process.stdout.write(`${JSON.stringify(planJson(plan, o), null, 2)}\n`);
  else process.stdout.write(renderPlan(plan, { color: process.stdout.isTTY === true, showSecrets: o.showSecrets }));
  return hasChanges(plan) ? 2 : 0;
}
