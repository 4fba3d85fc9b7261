import { keyOf } from "../manifests/types.js";
import { TaskDefinitionCache } from "../reconcilers/aws/readers.js";
import type { HealthStatus, ResourcePlan } from "../reconcilers/plan.js";
import { listServiceTasks, type TaskView } from "../reconcilers/service/tasks.js";
import { waitForSettled } from "../reconcilers/wait.js";
import { buildApi, computePlan, type GlobalOptions, loadDesired, reconcileOptions } from "./context.js";
import { renderTasks } from "./render-tasks.js";
import { progressPrinter, reportFailures } from "./wait-display.js";

export interface StatusOptions {
  /** Wait until every service and task set has settled, within timeoutMs, before reporting. */
  wait?: boolean;
  timeoutMs?: number;
  /** List each service's tasks: last status, health per container, stopped reason. */
  tasks?: boolean;
}

/** Worst first: a whole is as healthy as its worst part. */
const HEALTH_ORDER: HealthStatus[] = ["Degraded", "Missing", "Unknown", "Progressing", "Suspended", "Healthy"];

export function worstHealth(resources: Pick<ResourcePlan, "health">[]): HealthStatus {
  return HEALTH_ORDER.find((h) => resources.some((r) => r.health === h)) ?? "Healthy";
}

/** Sync and health of every resource. Exit 0 all Synced and Healthy, 2 otherwise (CONTRACT.md §3). */
export async function statusCommand(o: GlobalOptions, s: StatusOptions = {}): Promise<number> {
  const set = loadDesired(o);
  const api = buildApi(o);
  if (s.wait) {
    const keys = set.selected.filter((m) => m.kind === "Service" || m.kind === "TaskSet").map(keyOf);
    const { ok, progress } = await waitForSettled({
      set,
      api,
      options: reconcileOptions(o),
      keys,
      timeoutMs: s.timeoutMs ?? 600_000,
      drive: false,
      onProgress: progressPrinter(),
    });
    if (!ok) reportFailures(progress);
  }
  const plan = await computePlan(set, api, reconcileOptions(o), true);
  const rows = plan.resources.map((r) => ({
    kind: r.kind,
    ...(r.cluster ? { cluster: r.cluster } : {}),
    name: r.name,
    sync: r.sync,
    health: r.health,
    message: r.healthMessage ?? "",
    ...(r.details?.capacity ? { capacity: r.details.capacity } : {}),
    ...(r.details?.rollout ? { rollout: r.details.rollout, taskSets: r.details.taskSets ?? [] } : {}),
  }));
  const tasks = new Map<string, TaskView[]>();
  if (s.tasks) {
    const revisions = new TaskDefinitionCache(api);
    const services = plan.resources.filter((r) => r.kind === "Service" && r.health !== "Missing");
    await Promise.all(
      services.map(async (r) => tasks.set(r.key, await listServiceTasks(api, revisions, r.cluster!, r.name))),
    );
  }
  const withTasks = rows.map((r, i) => {
    const t = tasks.get(plan.resources[i]!.key);
    return t ? { ...r, tasks: t } : r;
  });
  if (o.output === "json") {
    process.stdout.write(`${JSON.stringify({ resources: withTasks, health: worstHealth(plan.resources) }, null, 2)}\n`);
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
  if (o.output !== "json")
    for (const r of plan.resources) {
      const t = tasks.get(r.key);
      if (t) process.stdout.write(`\n${renderTasks({ cluster: r.cluster!, name: r.name }, t)}`);
    }
  const allGood = plan.resources.every((r) => r.sync === "Synced" && r.health === "Healthy");
  return allGood ? 0 : 2;
}
