/** Task definition parameters Fargate does not support, for task definitions that require FARGATE. */
import type { Finding } from "./finding.js";
import { at, isFargateTaskDefinition, type Rule } from "./util.js";

/** "The following task definition parameters are not valid in Fargate tasks" (container level). */
const CONTAINER_FIELDS = [
  "disableNetworking",
  "dnsSearchDomains",
  "dnsServers",
  "dockerSecurityOptions",
  "extraHosts",
  "privileged",
] as const;
/** linuxParameters: "The devices, sharedMemorySize, and tmpfs parameters are not supported", nor maxSwap/swappiness. */
const LINUX_FIELDS = ["devices", "sharedMemorySize", "tmpfs", "maxSwap", "swappiness"] as const;

/**
 * With requiresCompatibilities FARGATE, ECS validates the task definition against Fargate and rejects it
 * when it doesn't fit (developer guide, "task definition differences for Fargate"). `links` is left to the
 * network-mode rule, since Fargate needs awsvpc anyway.
 */
export const fargateTaskDefinitionRules: Rule<"TaskDefinition"> = (m) => {
  if (!isFargateTaskDefinition(m)) return [];
  const out: Finding[] = [];
  const notOnFargate = "not supported on Fargate (requiresCompatibilities includes FARGATE); remove it";
  if (m.spec.networkMode !== "awsvpc")
    out.push(
      m.spec.networkMode === undefined
        ? at(["requiresCompatibilities"], "Fargate requires networkMode: awsvpc; add it to the spec")
        : at(["networkMode"], `Fargate requires awsvpc, got ${m.spec.networkMode}`),
    );
  if (m.spec.ipcMode !== undefined) out.push(at(["ipcMode"], notOnFargate));
  if (m.spec.pidMode === "host") out.push(at(["pidMode"], "Fargate supports only pidMode task; remove it or use task"));
  if (m.spec.placementConstraints && m.spec.placementConstraints.length > 0)
    out.push(at(["placementConstraints"], notOnFargate));
  m.spec.volumes?.forEach((v, i) => {
    if (v.dockerVolumeConfiguration !== undefined)
      out.push(at(["volumes", i, "dockerVolumeConfiguration"], `Docker volumes are ${notOnFargate}`));
  });
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    const path = ["containerDefinitions", i];
    for (const f of CONTAINER_FIELDS) if (c[f] !== undefined) out.push(at([...path, f], notOnFargate));
    const lp = c.linuxParameters;
    if (lp)
      for (const f of LINUX_FIELDS)
        if (lp[f] !== undefined) out.push(at([...path, "linuxParameters", f], notOnFargate));
    const added = lp?.capabilities?.add ?? [];
    added.forEach((cap, j) => {
      if (cap !== "SYS_PTRACE" && cap !== "CAP_SYS_PTRACE")
        out.push(
          at(
            [...path, "linuxParameters", "capabilities", "add", j],
            `Fargate can only add SYS_PTRACE, got ${cap}; remove it`,
          ),
        );
    });
    c.resourceRequirements?.forEach((r, j) => {
      if (r.type === "GPU") out.push(at([...path, "resourceRequirements", j], `GPUs are ${notOnFargate}`));
    });
  });
  return out;
};
