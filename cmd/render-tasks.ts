import type { ContainerView, TaskView } from "../reconcilers/service/tasks.js";

/** Longest line printed; longer ones (many containers, a long stop reason) end in "…". */
export const MAX_LINE = 150;

/**
 * The tasks of one service as a terminal block: a header line, then one line per task —
 *
 *   prod/web: 3 tasks (2 RUNNING, 1 STOPPED)
 *     0f1e2d3c  web:8  RUNNING  HEALTHY    started 3m  app:HEALTHY log-router*:UNKNOWN
 *     9a8b7c6d  web:7  STOPPED  UNHEALTHY  stopped 2h  app:UNHEALTHY(exit 1) log-router*:UNKNOWN(exit 0)  Task failed …
 *
 * `*` marks a non-essential container (it never decides the task's health); ages are compact (45s,
 * 3m, 2h, 4d) and measured from `now`.
 */
export function renderTasks(service: { cluster: string; name: string }, tasks: TaskView[], now = Date.now()): string {
  const header = `${service.cluster}/${service.name}: ${summary(tasks)}`;
  if (tasks.length === 0) return `${header}\n`;
  const rows = tasks.map((t) => [
    t.taskId.slice(0, 8),
    t.taskDefinition,
    t.lastStatus ?? "-",
    t.health,
    when(t, now),
    t.containers.map(container).join(" "),
    t.stoppedReason && (t.desiredStatus === "STOPPED" || t.lastStatus === "STOPPED") ? t.stoppedReason : "",
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    truncate(
      `  ${r
        .map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i]!) : cell))
        .join("  ")
        .trimEnd()}`,
    ),
  );
  return `${[header, ...lines].join("\n")}\n`;
}

/** `3 tasks (2 RUNNING, 1 STOPPED)`, statuses in the order they first appear. */
function summary(tasks: TaskView[]): string {
  if (tasks.length === 0) return "no tasks";
  const counts = new Map<string, number>();
  for (const t of tasks) counts.set(t.lastStatus ?? "UNKNOWN", (counts.get(t.lastStatus ?? "UNKNOWN") ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
  return `${tasks.length} task${tasks.length === 1 ? "" : "s"} (${parts})`;
}

function when(task: TaskView, now: number): string {
  if (task.stoppedAt) return `stopped ${age(task.stoppedAt, now)}`;
  if (task.startedAt) return `started ${age(task.startedAt, now)}`;
  return "-";
}

function container(c: ContainerView): string {
  const exit = c.exitCode !== undefined ? `(exit ${c.exitCode})` : "";
  return `${c.name}${c.essential ? "" : "*"}:${c.healthStatus ?? "UNKNOWN"}${exit}`;
}

/** Compact age: 45s, 3m, 2h, 4d; a time in the future (clock skew) is 0s. */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

function truncate(line: string): string {
  return line.length <= MAX_LINE ? line : `${line.slice(0, MAX_LINE - 1)}…`;
}
