import { describe, expect, it } from "vitest";
import type { TaskView } from "../reconcilers/service/tasks.js";
import { age, MAX_LINE, renderTasks } from "./render-tasks.js";

const NOW = Date.parse("2024-05-06T12:00:00.000Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const arn = (id: string) => `arn:aws:ecs:us-west-2:123456789012:task/prod/${id}`;

const tasks: TaskView[] = [
  {
    taskArn: arn("4d590253bb114126b7afa7b58eea9221"),
    taskId: "4d590253bb114126b7afa7b58eea9221",
    taskDefinition: "web:8",
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    health: "HEALTHY",
    startedAt: ago(3 * 60 + 20),
    containers: [
      { name: "app", essential: true, lastStatus: "RUNNING", healthStatus: "HEALTHY" },
      { name: "log-router", essential: false, lastStatus: "RUNNING", healthStatus: "UNKNOWN" },
    ],
  },
  {
    taskArn: arn("a1b2c3d4e5f60718293a4b5c6d7e8f90"),
    taskId: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    taskDefinition: "web:8",
    lastStatus: "PENDING",
    desiredStatus: "RUNNING",
    health: "UNKNOWN",
    containers: [{ name: "app", essential: true, lastStatus: "PENDING" }],
  },
  {
    taskArn: arn("0f9e8d7c6b5a49382716a5b4c3d2e1f0"),
    taskId: "0f9e8d7c6b5a49382716a5b4c3d2e1f0",
    taskDefinition: "web:7",
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    health: "UNHEALTHY",
    startedAt: ago(3 * 3600),
    stoppedAt: ago(2 * 3600 + 5 * 60),
    stoppedReason: "Task failed container health checks",
    stopCode: "TaskFailedToStart",
    containers: [
      { name: "app", essential: true, lastStatus: "STOPPED", healthStatus: "UNHEALTHY", exitCode: 137 },
      { name: "log-router", essential: false, lastStatus: "STOPPED", healthStatus: "UNKNOWN", exitCode: 0 },
    ],
  },
];

describe("renderTasks", () => {
  it("prints a header and one aligned line per task", () => {
    expect(renderTasks({ cluster: "prod", name: "web" }, tasks, NOW)).toBe(
      [
        "prod/web: 3 tasks (1 RUNNING, 1 PENDING, 1 STOPPED)",
        "  4d590253  web:8  RUNNING  HEALTHY    started 3m  app:HEALTHY log-router*:UNKNOWN",
        "  a1b2c3d4  web:8  PENDING  UNKNOWN    -           app:UNKNOWN",
        "  0f9e8d7c  web:7  STOPPED  UNHEALTHY  stopped 2h  app:UNHEALTHY(exit 137) log-router*:UNKNOWN(exit 0)  Task failed container health checks",
        "",
      ].join("\n"),
    );
  });

  it("says so when a service has no tasks", () => {
    expect(renderTasks({ cluster: "prod", name: "web" }, [], NOW)).toBe("prod/web: no tasks\n");
  });

  it("cuts lines at the limit", () => {
    const long: TaskView = {
      ...tasks[2]!,
      stoppedReason: `Task failed ELB health checks in (target-group ${"x".repeat(200)})`,
    };
    const [, line] = renderTasks({ cluster: "prod", name: "web" }, [long], NOW).split("\n");
    expect(line).toHaveLength(MAX_LINE);
    expect(line!.endsWith("…")).toBe(true);
  });

  it.each([
    [0, "0s"],
    [45, "45s"],
    [60, "1m"],
    [3599, "59m"],
    [3600, "1h"],
    [86_399, "23h"],
    [4 * 86_400 + 5, "4d"],
    [-30, "0s"],
  ])("ages %d s as %s", (seconds, text) => expect(age(ago(seconds), NOW)).toBe(text));
});
