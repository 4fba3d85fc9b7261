/** A container's environment variable and secret names. */
import type { Finding } from "./finding.js";
import { at, type Rule } from "./util.js";

/**
 * Each name should be set once per container, across environment and secrets: with a repeat, which value
 * the container sees depends on ordering inside ECS and Docker, and the manifest no longer says what runs.
 * (Whether ECS itself rejects repeats is not documented; this is a manifest-level rule.)
 */
export const environmentRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    const seen = new Map<string, string>();
    const visit = (list: readonly { name?: string | undefined }[] | undefined, field: "environment" | "secrets") =>
      list?.forEach((e, j) => {
        if (e.name === undefined) return;
        const first = seen.get(e.name);
        if (first)
          out.push(
            at(
              ["containerDefinitions", i, field, j, "name"],
              `${e.name} is already set in ${first} of this container; set each variable once`,
            ),
          );
        else seen.set(e.name, field);
      });
    visit(c.environment, "environment");
    visit(c.secrets, "secrets");
  });
  return out;
};
