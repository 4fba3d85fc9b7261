/** linuxParameters.tmpfs mounts. */
import type { Finding } from "./finding.js";
import { at, isInt, type Rule } from "./util.js";

/**
 * Tmpfs: containerPath is "the absolute file path where the tmpfs volume is to be mounted"; size is "the
 * maximum size (in MiB)", required by the schema, and a mount of 0 MiB is useless. Fargate's lack of tmpfs
 * support is reported by the Fargate rule.
 */
export const tmpfsRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    c.linuxParameters?.tmpfs?.forEach((t, j) => {
      const path = ["containerDefinitions", i, "linuxParameters", "tmpfs", j];
      if (t.containerPath !== undefined && !t.containerPath.startsWith("/"))
        out.push(
          at(
            [...path, "containerPath"],
            `must be an absolute path (starting with /), got ${JSON.stringify(t.containerPath)}`,
          ),
        );
      if (t.size !== undefined && !(isInt(t.size) && t.size > 0))
        out.push(at([...path, "size"], `must be a whole number of MiB greater than 0, got ${t.size}`));
    });
  });
  return out;
};
