import type { Service } from "@aws-sdk/client-ecs";
import type { HealthStatus } from "../plan.js";
import { primaryDeployment } from "./normalize.js";

/**
 * Health from what ECS reports (ecs-api.md §4.1): a failed or rolled-back deployment is Degraded; a
 * deployment in progress, or fewer running tasks than desired, is Progressing; one COMPLETED
 * deployment with every task running is Healthy.
 */
export function serviceHealth(service: Service | undefined): { health: HealthStatus; message?: string } {
  if (!service) return { health: "Missing", message: "service does not exist" };
  const primary = primaryDeployment(service);
  const running = service.runningCount ?? 0;
  const desired = service.desiredCount ?? 0;
  const counts = `${running}/${desired} tasks running`;
  if (primary?.rolloutState === "FAILED")
    return { health: "Degraded", message: primary.rolloutStateReason ?? "deployment failed" };
  if (primary?.rolloutState === "IN_PROGRESS" || (service.deployments?.length ?? 0) > 1)
    return {
      health: "Progressing",
      message: `${(primary?.rolloutStateReason ?? "deployment in progress").replace(/\.$/, "")}; ${counts}`,
    };
  if (running < desired) return { health: "Progressing", message: counts };
  return { health: "Healthy", message: counts };
}
