import type { HealthStatus, ResourcePlan } from "../reconcilers/plan.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, reconcileOptions } from "./context.js";

/** Worst first: a whole is as healthy as its worst part. */
const HEALTH_ORDER: HealthStatus[] = ["Degraded", "Missing", "Unknown", "Progressing", "Suspended", "Healthy"];

export function worstHealth(resources: Pick<ResourcePlan, "health">[]): HealthStatus {
  return HEALTH_ORDER.find((h) => resources.some((r) => r.health === h)) ?? "Healthy";
}

/** Sync and health of every resource. Exit 0 all Synced and Healthy, 2 otherwise (CONTRACT.md §3). */
export async function statusCommand(o: GlobalOptions): Promise<number> {
  const set = loadDesired(o);
  const plan = await computePlan(set, buildApi(o), reconcileOptions(o), true);
  const rows = plan.resources.map((r) => ({
    kind: r.kind,
    ...(r.cluster ? { cluster: r.cluster } : {}),
    name: r.name,
    sync: r.sync,
    health: r.health,
    message: r.healthMessage ?? "",
    ...(r.details?.capacity ? { capacity: r.details.capacity } : {}),
  }));
  if (o.output === "json") {
    process.stdout.write(`${JSON.stringify({ resources: rows, health: worstHealth(plan.resources) }, null, 2)}\n`);
  } else {
    const table = [["KIND", "CLUSTER", "NAME", "SYNC", "HEALTH", "MESSAGE"]].concat(
      rows.map((r) => [r.kind, r.cluster ?? "-", r.name, r.sync, r.health, r.message]),
    );
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table)
      process.stdout.write(
        `${row
          .map((c, i) => c.padEnd(widths[i]!))
          .join("  ")
          .trimEnd()}\n`,
      );
  }
  const allGood = plan.resources.every((r) => r.sync === "Synced" && r.health === "Healthy");
  return allGood ? 0 : 2;
}
