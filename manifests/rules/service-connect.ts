/** Service Connect: names and ports of the endpoints a Service publishes. */
import type { Finding } from "./finding.js";
import { at, isInt, type Rule, taskDefinitionOf } from "./util.js";

/** ServiceConnectService.discoveryName: "up to 64 characters ... lowercase letters, numbers, underscores (_), and hyphens (-). The name can't start with a hyphen." */
const DISCOVERY_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/;
/** ServiceConnectClientAlias.dnsName: "up to 127 characters ... lowercase letters, numbers, underscores (_), hyphens (-), and periods (.). The name can't start with a hyphen." */
const DNS_NAME = /^[a-z0-9_.][a-z0-9_.-]{0,126}$/;
/** "The maximum number of client aliases that you can have in this list is 1." */
const MAX_CLIENT_ALIASES = 1;

const isPort = (v: unknown) => isInt(v) && v >= 1 && v <= 65535;

/**
 * serviceConnectConfiguration.services[]: portName "must match the name of one of the portMappings from all
 * the containers in the task definition" (checked when the task definition is a manifest here).
 * Not enforced: `enabled: false` together with services (undocumented), and at least one client alias per
 * service (the doc says so, but server-only endpoints without aliases are common and seem accepted).
 */
export const serviceConnectRules: Rule<"Service"> = (m, set) => {
  const services = m.spec.serviceConnectConfiguration?.services;
  if (!services) return [];
  const out: Finding[] = [];
  const td = taskDefinitionOf(m, set);
  const portNames = td
    ? new Set(td.spec.containerDefinitions?.flatMap((c) => (c.portMappings ?? []).map((p) => p.name)) ?? [])
    : undefined;
  services.forEach((svc, i) => {
    const path = ["serviceConnectConfiguration", "services", i];
    if (portNames && svc.portName !== undefined && !portNames.has(svc.portName)) {
      const known = [...portNames].filter((n) => n !== undefined);
      out.push(
        at(
          [...path, "portName"],
          `no portMappings entry named ${JSON.stringify(svc.portName)} in TaskDefinition ${td!.metadata.name}` +
            (known.length > 0 ? ` (names there: ${known.join(", ")})` : "; give the container port mapping a name"),
        ),
      );
    }
    if (svc.discoveryName !== undefined && !DISCOVERY_NAME.test(svc.discoveryName))
      out.push(
        at(
          [...path, "discoveryName"],
          "must be 1-64 lowercase letters, digits, underscores or hyphens, not starting with a hyphen",
        ),
      );
    if (svc.ingressPortOverride !== undefined && !isPort(svc.ingressPortOverride))
      out.push(at([...path, "ingressPortOverride"], `must be a port from 1 to 65535, got ${svc.ingressPortOverride}`));
    const aliases = svc.clientAliases ?? [];
    if (aliases.length > MAX_CLIENT_ALIASES)
      out.push(
        at([...path, "clientAliases"], `has ${aliases.length} entries; at most ${MAX_CLIENT_ALIASES} is allowed`),
      );
    aliases.forEach((a, j) => {
      if (!isPort(a.port))
        out.push(at([...path, "clientAliases", j, "port"], `must be a port from 1 to 65535, got ${a.port}`));
      if (a.dnsName !== undefined && !DNS_NAME.test(a.dnsName))
        out.push(
          at(
            [...path, "clientAliases", j, "dnsName"],
            "must be 1-127 lowercase letters, digits, underscores, hyphens or periods, not starting with a hyphen",
          ),
        );
    });
  });
  return out;
};
