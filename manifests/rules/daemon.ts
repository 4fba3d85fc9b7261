/** DAEMON services run one task per container instance: no count, no placement strategy, EC2 only. */
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/**
 * The errors ECS returns for DAEMON services: "The daemon scheduling strategy does not support a desired
 * count for services", "... does not support placement strategies", "Specifying a capacity provider strategy
 * is not supported when you create a service using the DAEMON scheduling strategy"; and "Tasks using the
 * Fargate launch type ... don't support the DAEMON scheduling strategy". A DAEMON service without a launch
 * type inherits the cluster's default strategy and fails the same way (containers-roadmap#692).
 */
export const daemonRules: Rule<"Service"> = (m, set) => {
  if (m.spec.schedulingStrategy !== "DAEMON") return [];
  const out: Finding[] = [];
  if (m.spec.desiredCount !== undefined)
    out.push(
      at(["desiredCount"], "not allowed with schedulingStrategy DAEMON (one task runs on each instance); remove it"),
    );
  if (m.spec.launchType === "FARGATE")
    out.push(
      at(
        ["launchType"],
        "Fargate does not support schedulingStrategy DAEMON; use launchType EC2 or schedulingStrategy REPLICA",
      ),
    );
  if (m.spec.capacityProviderStrategy && m.spec.capacityProviderStrategy.length > 0)
    out.push(
      at(
        ["capacityProviderStrategy"],
        "not supported with schedulingStrategy DAEMON; remove it and set launchType: EC2",
      ),
    );
  if (m.spec.placementStrategy && m.spec.placementStrategy.length > 0)
    out.push(
      at(
        ["placementStrategy"],
        "not supported with schedulingStrategy DAEMON; remove it (placementConstraints are allowed)",
      ),
    );
  const cluster = m.metadata.cluster ? set.get("Cluster", m.metadata.cluster) : undefined;
  const inherited = cluster?.spec.defaultCapacityProviderStrategy;
  if (!m.spec.launchType && !m.spec.capacityProviderStrategy && inherited && inherited.length > 0)
    out.push(
      at(
        ["schedulingStrategy"],
        `a DAEMON service would inherit the defaultCapacityProviderStrategy of Cluster ${cluster.metadata.name}, which DAEMON does not support; set launchType: EC2`,
      ),
    );
  return out;
};
