/** Container definitions within one task definition: names, essential containers, dependencies. */
import type { Finding } from "./finding.js";
import { at, duplicates, type Rule } from "./util.js";

/**
 * RegisterTaskDefinition rejects: a container without name or image, two containers with the same name,
 * a task with no essential container ("All tasks must have at least one essential container"; essential
 * defaults to true), and dependsOn/volumesFrom naming a container that isn't in the task. ContainerDependency:
 * COMPLETE and SUCCESS "can't be set on an essential container"; HEALTHY "requires that the dependent
 * container has health checks configured".
 */
export const containerRules: Rule<"TaskDefinition"> = (m) => {
  const containers = m.spec.containerDefinitions ?? [];
  const out: Finding[] = [];
  if (containers.length === 0) return [at(["containerDefinitions"], "define at least one container")];
  containers.forEach((c, i) => {
    if (c.name === undefined || c.name === "") out.push(at(["containerDefinitions", i], "missing required field name"));
    if (c.image === undefined || c.image === "")
      out.push(at(["containerDefinitions", i], "missing required field image"));
  });
  for (const [name, i] of duplicates(containers, (c) => c.name))
    out.push(
      at(["containerDefinitions", i, "name"], `container name ${name} is used twice; container names must be unique`),
    );
  if (containers.every((c) => c.essential === false))
    out.push(
      at(
        ["containerDefinitions"],
        "at least one container must be essential: set essential: true (or remove essential: false) on one",
      ),
    );

  const byName = new Map(containers.map((c) => [c.name, c] as const));
  containers.forEach((c, i) => {
    c.dependsOn?.forEach((d, j) => {
      const path = ["containerDefinitions", i, "dependsOn", j, "containerName"];
      const target = byName.get(d.containerName);
      if (d.containerName === c.name) out.push(at(path, "a container cannot depend on itself"));
      else if (!target) out.push(at(path, `no container named ${d.containerName} in this task definition`));
      else if ((d.condition === "COMPLETE" || d.condition === "SUCCESS") && target.essential !== false)
        out.push(
          at(
            path,
            `condition ${d.condition} needs ${d.containerName} to be non-essential (essential: false), since it is expected to exit`,
          ),
        );
      else if (d.condition === "HEALTHY" && !target.healthCheck)
        out.push(at(path, `condition HEALTHY needs a healthCheck on container ${d.containerName}`));
    });
    c.volumesFrom?.forEach((v, j) => {
      if (v.sourceContainer !== undefined && !byName.has(v.sourceContainer))
        out.push(
          at(
            ["containerDefinitions", i, "volumesFrom", j, "sourceContainer"],
            `no container named ${v.sourceContainer} in this task definition`,
          ),
        );
    });
  });
  return out;
};
