/** Load balancer entries of a Service or TaskSet, and that they name a real container port. */
import type { Finding } from "./finding.js";
import { at, type Rule, taskDefinitionOf, usesAwsvpc } from "./util.js";

/** "For services that use an Application Load Balancer or Network Load Balancer, you cannot attach more than five target groups." */
const MAX_TARGET_GROUPS = 5;

/**
 * CreateService loadBalancers: an ALB/NLB entry has targetGroupArn, containerName and containerPort (no
 * loadBalancerName); a Classic entry has loadBalancerName instead of targetGroupArn. awsvpc tasks support
 * only ALB/NLB. "This port must correspond to a containerPort in the task definition."
 */
export const loadBalancerRules: Rule<"Service" | "TaskSet"> = (m, set) => {
  const lbs = m.spec.loadBalancers;
  if (!lbs) return [];
  const out: Finding[] = [];
  if (lbs.length > MAX_TARGET_GROUPS)
    out.push(
      at(
        ["loadBalancers"],
        `has ${lbs.length} entries; a service can attach at most ${MAX_TARGET_GROUPS} target groups`,
      ),
    );
  const td = taskDefinitionOf(m, set);
  lbs.forEach((lb, i) => {
    if (lb.targetGroupArn !== undefined && lb.loadBalancerName !== undefined)
      out.push(
        at(
          ["loadBalancers", i, "loadBalancerName"],
          "set either targetGroupArn (Application/Network Load Balancer) or loadBalancerName (Classic), not both",
        ),
      );
    if (lb.targetGroupArn === undefined && lb.loadBalancerName === undefined)
      out.push(
        at(
          ["loadBalancers", i],
          "set targetGroupArn (Application/Network Load Balancer) or loadBalancerName (Classic)",
        ),
      );
    if (lb.containerName === undefined)
      out.push(at(["loadBalancers", i], "set containerName: the container that receives the traffic"));
    if (lb.containerPort === undefined)
      out.push(at(["loadBalancers", i], "set containerPort: the container port that receives the traffic"));
    if (!td) return;
    if (lb.loadBalancerName !== undefined && lb.targetGroupArn === undefined && usesAwsvpc(td))
      out.push(
        at(
          ["loadBalancers", i, "loadBalancerName"],
          `Classic Load Balancers are not supported with networkMode awsvpc (TaskDefinition ${td.metadata.name}); use an Application or Network Load Balancer target group`,
        ),
      );
    if (lb.containerName === undefined) return;
    const container = td.spec.containerDefinitions?.find((c) => c.name === lb.containerName);
    if (!container) {
      out.push(
        at(
          ["loadBalancers", i, "containerName"],
          `no container named ${lb.containerName} in TaskDefinition ${td.metadata.name}`,
        ),
      );
      return;
    }
    const mappings = container.portMappings ?? [];
    // Port ranges can't be load balanced individually; don't guess about them.
    if (lb.containerPort === undefined || mappings.some((p) => p.containerPortRange !== undefined)) return;
    if (!mappings.some((p) => p.containerPort === lb.containerPort))
      out.push(
        at(
          ["loadBalancers", i, "containerPort"],
          `container ${lb.containerName} in TaskDefinition ${td.metadata.name} has no portMappings entry with containerPort ${lb.containerPort}`,
        ),
      );
  });
  return out;
};
