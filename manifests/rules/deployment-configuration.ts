/** deploymentConfiguration percentages: bounds per scheduling strategy and deployment controller. */
import type { Finding } from "./finding.js";
import { at, isInt, type Rule } from "./util.js";

/**
 * Defaults (API docs): REPLICA maximumPercent 200, minimumHealthyPercent 100; DAEMON maximumPercent 100,
 * minimumHealthyPercent 0.
 * - minimumHealthyPercent is a percentage of desiredCount that must stay running: an integer 0-100.
 * - maximumPercent: a positive integer with no documented upper bound. For REPLICA below 100 it would cap
 *   the running tasks under desiredCount, so it must be at least 100. For DAEMON, ECS: "The daemon
 *   scheduling strategy does not support values above 100 for maximumPercent".
 * - ECS: "Both maximumPercent and minimumHealthyPercent cannot be 100 as this will block deployments."
 *   Raised only when both are written as 100 (we don't guess how ECS fills an omitted one first).
 * - CODE_DEPLOY/EXTERNAL services on the EC2 launch type: "You can't specify a custom maximumPercent
 *   [minimumHealthyPercent] value"; the REPLICA defaults are accepted.
 */
export const deploymentConfigurationRules: Rule<"Service"> = (m) => {
  const dc = m.spec.deploymentConfiguration;
  if (!dc) return [];
  const daemon = m.spec.schedulingStrategy === "DAEMON";
  const { maximumPercent: max, minimumHealthyPercent: min } = dc;
  const out: Finding[] = [];
  const path = (f: string) => ["deploymentConfiguration", f];

  if (min !== undefined && !(isInt(min) && min >= 0 && min <= 100))
    out.push(at(path("minimumHealthyPercent"), `must be an integer from 0 to 100, got ${min}`));
  if (max !== undefined) {
    if (!(isInt(max) && max > 0)) out.push(at(path("maximumPercent"), `must be a positive integer, got ${max}`));
    else if (daemon && max > 100)
      out.push(at(path("maximumPercent"), `must be at most 100 for a DAEMON service (its default is 100), got ${max}`));
    else if (!daemon && max < 100)
      out.push(
        at(
          path("maximumPercent"),
          `must be at least 100 for a REPLICA service, or fewer than desiredCount tasks could run (default 200), got ${max}`,
        ),
      );
  }
  if (isInt(min) && isInt(max) && min > max)
    out.push(at(path("minimumHealthyPercent"), `(${min}) must not be greater than maximumPercent (${max})`));
  if (min === 100 && max === 100)
    out.push(
      at(
        path("maximumPercent"),
        "maximumPercent and minimumHealthyPercent cannot both be 100: a deployment could neither start nor stop a task; raise maximumPercent or lower minimumHealthyPercent",
      ),
    );

  const controller = m.spec.deploymentController?.type;
  if ((controller === "CODE_DEPLOY" || controller === "EXTERNAL") && m.spec.launchType === "EC2") {
    const why = `can't be customized with the ${controller} deployment controller on the EC2 launch type; remove it`;
    if (max !== undefined && max !== 200) out.push(at(path("maximumPercent"), why));
    if (min !== undefined && min !== 100) out.push(at(path("minimumHealthyPercent"), why));
  }
  return out;
};
