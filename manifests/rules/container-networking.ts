/** Container settings that depend on the task's network mode: links, hostname, port mappings. */
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/** PortMapping.name: "up to 64 characters ... lowercase letters, numbers, underscores (_), and hyphens (-). The name can't start with a hyphen." */
const PORT_NAME = /^[a-z0-9_][a-z0-9_-]{0,63}$/;

/**
 * From the ContainerDefinition/PortMapping docs: links are "only supported if the network mode of a task
 * definition is bridge"; "The hostname parameter is not supported if you're using the awsvpc network mode";
 * with awsvpc or host, hostPort "can either be left blank or set to the same value as the containerPort";
 * with none, "you can't specify port mappings"; with a containerPortRange, leave hostPort empty.
 * networkMode omitted means bridge.
 */
export const containerNetworkingRules: Rule<"TaskDefinition"> = (m) => {
  const mode = m.spec.networkMode;
  const out: Finding[] = [];
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    const path = ["containerDefinitions", i];
    if (c.links && c.links.length > 0 && mode !== undefined && mode !== "bridge")
      out.push(at([...path, "links"], `only supported with networkMode bridge (this task uses ${mode}); remove links`));
    if (c.hostname !== undefined && mode === "awsvpc")
      out.push(at([...path, "hostname"], "not supported with networkMode awsvpc; remove hostname"));
    const mappings = c.portMappings ?? [];
    if (mode === "none" && mappings.length > 0)
      out.push(
        at([...path, "portMappings"], "not allowed with networkMode none; remove portMappings or change networkMode"),
      );
    mappings.forEach((p, j) => {
      const pm = [...path, "portMappings", j];
      if (p.containerPortRange !== undefined && p.hostPort !== undefined)
        out.push(at([...pm, "hostPort"], "leave hostPort empty when containerPortRange is set"));
      // hostPort 0 is how bridge mode asks for a dynamic port; not raised for the other modes either.
      else if (
        (mode === "awsvpc" || mode === "host") &&
        p.hostPort !== undefined &&
        p.hostPort !== 0 &&
        p.hostPort !== p.containerPort
      )
        out.push(
          at(
            [...pm, "hostPort"],
            `must equal containerPort (${p.containerPort}) with networkMode ${mode}; remove hostPort or set it to ${p.containerPort}`,
          ),
        );
      if (p.name !== undefined && !PORT_NAME.test(p.name))
        out.push(
          at(
            [...pm, "name"],
            "must be 1-64 lowercase letters, digits, underscores or hyphens, not starting with a hyphen",
          ),
        );
    });
  });
  return out;
};
