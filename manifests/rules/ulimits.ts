/** Container ulimits. */
import type { Finding } from "./finding.js";
import { at, isFargateTaskDefinition, type Rule } from "./util.js";

/**
 * The ulimit names are an enum in the schema (core, cpu, data, fsize, locks, memlock, msgqueue, nice,
 * nofile, nproc, rss, rtprio, rttime, sigpending, stack). A soft limit above the hard limit can never be
 * applied (Docker refuses to start the container), and a name twice is ambiguous.
 * On Fargate only `nofile` can be set: Fargate overrides nofile and runs every other limit at the
 * operating system's default, so any other name in the manifest would silently not apply.
 */
export const ulimitRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    const seen = new Set<string>();
    c.ulimits?.forEach((u, j) => {
      const path = ["containerDefinitions", i, "ulimits", j];
      if (u.softLimit !== undefined && u.hardLimit !== undefined && u.softLimit > u.hardLimit)
        out.push(at([...path, "softLimit"], `(${u.softLimit}) must not exceed hardLimit (${u.hardLimit})`));
      if (u.name !== undefined && u.name !== "nofile" && isFargateTaskDefinition(m))
        out.push(at([...path, "name"], `${u.name}: on Fargate only the nofile ulimit can be set; remove this one`));
      if (u.name !== undefined && seen.has(u.name))
        out.push(at([...path, "name"], `${u.name} is set twice in this container; keep one`));
      if (u.name !== undefined) seen.add(u.name);
    });
  });
  return out;
};
