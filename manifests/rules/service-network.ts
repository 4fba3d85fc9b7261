/** A Service's or TaskSet's networking must match its task definition's network mode. */
import type { Finding } from "./finding.js";
import { at, isFargateTaskDefinition, type Rule, runsOnFargate, taskDefinitionOf, usesAwsvpc } from "./util.js";

const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;

/**
 * networkConfiguration "is required for task definitions that use the awsvpc network mode ... and it isn't
 * supported for other network modes"; Fargate tasks always use awsvpc. Checked only when the task
 * definition is a manifest here: a literal family:revision or ARN has a network mode we can't see offline.
 * EXTERNAL-controller services set networking on their task sets, so the service itself is skipped.
 */
export const networkModeRules: Rule<"Service" | "TaskSet"> = (m, set) => {
  const out: Finding[] = [];
  const vpc = m.spec.networkConfiguration?.awsvpcConfiguration;
  if (vpc?.subnets && vpc.subnets.length === 0)
    out.push(at(["networkConfiguration", "awsvpcConfiguration", "subnets"], "list at least one subnet"));
  if (vpc?.subnets && vpc.subnets.length > MAX_SUBNETS)
    out.push(
      at(
        ["networkConfiguration", "awsvpcConfiguration", "subnets"],
        `has ${vpc.subnets.length} subnets; at most ${MAX_SUBNETS} are allowed`,
      ),
    );
  if (vpc?.securityGroups && vpc.securityGroups.length > MAX_SECURITY_GROUPS)
    out.push(
      at(
        ["networkConfiguration", "awsvpcConfiguration", "securityGroups"],
        `has ${vpc.securityGroups.length} security groups; at most ${MAX_SECURITY_GROUPS} are allowed`,
      ),
    );

  if (m.kind === "Service" && m.spec.deploymentController?.type === "EXTERNAL") return out;
  const td = taskDefinitionOf(m, set);
  if (!td) return out;
  const family = td.metadata.name;
  if (usesAwsvpc(td)) {
    if (!m.spec.networkConfiguration?.awsvpcConfiguration)
      out.push(
        at(
          ["taskDefinition"],
          `TaskDefinition ${family} uses networkMode awsvpc, so set spec.networkConfiguration.awsvpcConfiguration (subnets, securityGroups)`,
        ),
      );
  } else {
    const mode = td.spec.networkMode ?? "bridge (the default)";
    if (m.spec.networkConfiguration)
      out.push(
        at(
          ["networkConfiguration"],
          `only allowed with networkMode awsvpc, but TaskDefinition ${family} uses ${mode}: remove networkConfiguration or set networkMode: awsvpc there`,
        ),
      );
    // A task definition that itself requires FARGATE already gets this error; don't repeat it here.
    if (runsOnFargate(m, set) && !isFargateTaskDefinition(td))
      out.push(
        at(
          ["taskDefinition"],
          `tasks on Fargate need networkMode awsvpc, but TaskDefinition ${family} uses ${mode}: set networkMode: awsvpc there`,
        ),
      );
  }
  return out;
};

/**
 * role: "only permitted if you are using a load balancer with your service and your task definition doesn't
 * use the awsvpc network mode" (awsvpc services use the ECS service-linked role instead).
 */
export const serviceRoleRules: Rule<"Service"> = (m, set) => {
  if (m.spec.role === undefined) return [];
  if (!m.spec.loadBalancers || m.spec.loadBalancers.length === 0)
    return [at(["role"], "only allowed with loadBalancers; remove role (ECS uses its service-linked role)")];
  const td = taskDefinitionOf(m, set);
  if (td && usesAwsvpc(td))
    return [
      at(
        ["role"],
        `not allowed because TaskDefinition ${td.metadata.name} uses networkMode awsvpc; remove role (ECS uses its service-linked role)`,
      ),
    ];
  return [];
};
