import type { Service, ServiceDeployment } from "@aws-sdk/client-ecs";
import type { HealthStatus } from "../plan.js";
import { primaryDeployment } from "./normalize.js";

const ROLLED_BACK = new Set(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"]);
const ONGOING = new Set(["PENDING", "IN_PROGRESS", "STOP_REQUESTED"]);

/**
 * Health from what ECS reports (ecs-api.md §4):
 * - Degraded: the primary deployment FAILED; a deployment that FAILED is still there while ECS rolls
 *   back (circuit breaker); the service deployment is ROLLBACK_* or STOPPED. "The pipeline said
 *   success but ECS rolled back" must never read as healthy.
 * - Progressing: a deployment in progress (or several), or fewer running tasks than desired.
 * - Healthy: one COMPLETED deployment with every task running.
 * The service deployment (DescribeServiceDeployments), when there is one, speaks for blue/green,
 * linear and canary too; deployments[].rolloutState is the rolling-update fallback.
 */
export function serviceHealth(
  service: Service | undefined,
  deployment?: ServiceDeployment,
): { health: HealthStatus; message?: string } {
  if (!service) return { health: "Missing", message: "service does not exist" };
  if (service.deploymentController?.type === "EXTERNAL") return externalServiceHealth(service);
  const primary = primaryDeployment(service);
  const running = service.runningCount ?? 0;
  const desired = service.desiredCount ?? 0;
  const counts = `${running}/${desired} tasks running`;
  const trim = (s: string) => s.replace(/\.$/, "");

  if (deployment?.status && ROLLED_BACK.has(deployment.status))
    return {
      health: "Degraded",
      message: `${deployment.status}: ${deployment.rollback?.reason ?? deployment.statusReason ?? "rolled back"}`,
    };
  if (deployment?.status === "STOPPED")
    return { health: "Degraded", message: `deployment stopped: ${deployment.statusReason ?? "no reason given"}` };
  if (primary?.rolloutState === "FAILED")
    return { health: "Degraded", message: primary.rolloutStateReason ?? "deployment failed" };
  const failed = service.deployments?.find((d) => d.status !== "PRIMARY" && d.rolloutState === "FAILED");
  if (failed)
    return { health: "Degraded", message: `rolling back: ${trim(failed.rolloutStateReason ?? "deployment failed")}` };
  if (deployment?.status && ONGOING.has(deployment.status))
    return {
      health: "Progressing",
      message: `${deployment.status}${deployment.lifecycleStage ? ` (${deployment.lifecycleStage})` : ""}; ${counts}`,
    };
  if (primary?.rolloutState === "IN_PROGRESS" || (service.deployments?.length ?? 0) > 1)
    return {
      health: "Progressing",
      message: `${trim(primary?.rolloutStateReason ?? "deployment in progress")}; ${counts}`,
    };
  if (running < desired) return { health: "Progressing", message: counts };
  return { health: "Healthy", message: counts };
}

/**
 * EXTERNAL services run in task sets: healthy once the primary task set is STEADY_STATE (its own
 * running count against computedDesiredCount). The rollout itself is the TaskSet resource's health.
 */
function externalServiceHealth(service: Service): { health: HealthStatus; message?: string } {
  const primary = service.taskSets?.find((t) => t.status === "PRIMARY");
  if (!primary) return { health: "Progressing", message: "no primary task set yet" };
  const counts = `${primary.runningCount ?? 0}/${primary.computedDesiredCount ?? 0} tasks running in the primary task set`;
  if (primary.stabilityStatus !== "STEADY_STATE")
    return { health: "Progressing", message: `primary task set stabilizing; ${counts}` };
  return { health: "Healthy", message: counts };
}

/** The last few service events, newest first: what ECS says about a deployment that went wrong. */
export function lastEvents(service: Service | undefined, n = 3): string[] {
  return (service?.events ?? []).slice(0, n).map((e) => e.message ?? "");
}
