/** Service counts and list sizes that the schema types only as "number" / "list". */
import type { Finding } from "./finding.js";
import { at, isNonNegativeInt, type Rule } from "./util.js";

/**
 * desiredCount and healthCheckGracePeriodSeconds are Integer in the API model and can't be negative.
 * serviceRegistries: "Each service may be associated with one service registry."
 * Not enforced: desiredCount being required for REPLICA (the doc says so, but an omitted desiredCount is
 * also how a manifest leaves the count to autoscaling).
 */
export const serviceCountRules: Rule<"Service"> = (m) => {
  const out: Finding[] = [];
  for (const field of ["desiredCount", "healthCheckGracePeriodSeconds"] as const) {
    const v = m.spec[field];
    if (v !== undefined && !isNonNegativeInt(v)) out.push(at([field], `must be a whole number, 0 or more, got ${v}`));
  }
  const registries = m.spec.serviceRegistries;
  if (registries && registries.length > 1)
    out.push(
      at(["serviceRegistries"], `has ${registries.length} entries; a service can have only one service registry`),
    );
  return out;
};
