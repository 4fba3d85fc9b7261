/** How a Service or TaskSet picks its compute: a launch type or a capacity provider strategy, never both. */
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/**
 * CreateService/CreateTaskSet: "If a launchType is specified, the capacityProviderStrategy parameter must be
 * omitted". An empty strategy is not a strategy (UpdateService uses `[]` to return to the launch type).
 * A platform version only exists on Fargate ("The platform version must be null when specifying an EC2
 * launch type").
 */
export const launchTypeRules: Rule<"Service" | "TaskSet"> = (m) => {
  const { launchType, capacityProviderStrategy, platformVersion } = m.spec;
  const out: Finding[] = [];
  if (launchType && capacityProviderStrategy && capacityProviderStrategy.length > 0) {
    out.push(
      at(
        ["capacityProviderStrategy"],
        `cannot be used together with launchType (${launchType}): remove launchType to use this strategy, or remove capacityProviderStrategy`,
      ),
    );
  }
  if (platformVersion !== undefined && (launchType === "EC2" || launchType === "EXTERNAL")) {
    out.push(at(["platformVersion"], `only applies to Fargate; remove it (launchType is ${launchType})`));
  }
  return out;
};
