/** What the CODE_DEPLOY and EXTERNAL deployment controllers require of a Service. */
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/**
 * - taskDefinition: "A task definition must be specified if the service uses either the ECS or CODE_DEPLOY
 *   deployment controllers" (EXTERNAL services get theirs from task sets).
 * - CODE_DEPLOY: "the service is required to use either an Application Load Balancer or Network Load
 *   Balancer", i.e. a loadBalancers entry with a targetGroupArn.
 * - "The deployment circuit breaker can only be used for services using the rolling update (ECS)
 *   deployment type."
 * - "Tasks using ... the CODE_DEPLOY or EXTERNAL deployment controller types don't support the DAEMON
 *   scheduling strategy."
 * Not enforced: how many target groups a CODE_DEPLOY service may list (the docs don't say it must be
 * exactly one).
 */
export const deploymentControllerRules: Rule<"Service"> = (m) => {
  const type = m.spec.deploymentController?.type ?? "ECS";
  const out: Finding[] = [];
  if (type !== "EXTERNAL" && m.spec.taskDefinition === undefined)
    out.push(at([], `missing taskDefinition (required with the ${type} deployment controller)`));
  if (type === "ECS") return out;
  if (m.spec.schedulingStrategy === "DAEMON")
    out.push(at(["schedulingStrategy"], `DAEMON is not supported with the ${type} deployment controller; use REPLICA`));
  const breaker = m.spec.deploymentConfiguration?.deploymentCircuitBreaker;
  if (breaker?.enable)
    out.push(
      at(
        ["deploymentConfiguration", "deploymentCircuitBreaker"],
        `the circuit breaker only works with the ECS deployment controller; remove it (deploymentController is ${type})`,
      ),
    );
  if (type === "CODE_DEPLOY") {
    const lbs = m.spec.loadBalancers ?? [];
    if (lbs.length === 0)
      out.push(
        at(
          ["deploymentController", "type"],
          "CODE_DEPLOY needs an Application or Network Load Balancer: add a loadBalancers entry with targetGroupArn, containerName and containerPort",
        ),
      );
    lbs.forEach((lb, i) => {
      if (lb.targetGroupArn === undefined && lb.loadBalancerName !== undefined)
        out.push(
          at(
            ["loadBalancers", i, "loadBalancerName"],
            "CODE_DEPLOY does not support Classic Load Balancers; use an Application or Network Load Balancer targetGroupArn",
          ),
        );
    });
  }
  return out;
};
