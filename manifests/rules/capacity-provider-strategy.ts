/** Capacity provider strategies (Service, TaskSet, and a Cluster's default): the limits CreateService enforces. */
import type { CapacityProviderStrategyItem } from "@aws-sdk/client-ecs";
import type { Finding } from "./finding.js";
import { at, duplicates, FARGATE_PROVIDERS, isInt, type Rule } from "./util.js";

export const MAX_STRATEGY_ITEMS = 20;
const MAX_WEIGHT = 1000;
const MAX_BASE = 100_000;

/** Checks one strategy found at `spec.<path>`. */
export function checkStrategy(strategy: readonly CapacityProviderStrategyItem[], path: string): Finding[] {
  const out: Finding[] = [];
  if (strategy.length > MAX_STRATEGY_ITEMS) {
    out.push(
      at([path], `has ${strategy.length} capacity providers; a strategy can contain at most ${MAX_STRATEGY_ITEMS}`),
    );
  }
  strategy.forEach((item, i) => {
    if (item.weight !== undefined && !(isInt(item.weight) && item.weight >= 0 && item.weight <= MAX_WEIGHT))
      out.push(at([path, i, "weight"], `must be an integer from 0 to ${MAX_WEIGHT}, got ${item.weight}`));
    if (item.base !== undefined && !(isInt(item.base) && item.base >= 0 && item.base <= MAX_BASE))
      out.push(at([path, i, "base"], `must be an integer from 0 to ${MAX_BASE}, got ${item.base}`));
  });
  for (const [name, i] of duplicates(strategy, (s) => s.capacityProvider)) {
    out.push(at([path, i, "capacityProvider"], `${name} is listed more than once; list each capacity provider once`));
  }
  // "Only one capacity provider in a capacity provider strategy can have a base defined." An explicit
  // base of 0 is the default, so only positive bases count (not raising on `base: 0` twice).
  const withBase = strategy.map((s, i) => [s, i] as const).filter(([s]) => (s.base ?? 0) > 0);
  for (const [, i] of withBase.slice(1)) {
    out.push(
      at(
        [path, i, "base"],
        `only one capacity provider in a strategy can have a base (already set on ${withBase[0]![0].capacityProvider}); remove this base`,
      ),
    );
  }
  // The API doc words this for multiple providers: "at least one of the capacity providers must have a
  // weight value greater than zero". A single provider with weight 0 is left alone (not documented).
  if (strategy.length > 1 && strategy.every((s) => (s.weight ?? 0) === 0)) {
    out.push(at([path], "at least one capacity provider must have a weight greater than 0 (weight defaults to 0)"));
  }
  // Developer guide, capacity provider considerations: a strategy can contain Auto Scaling group
  // providers or Fargate providers, but not both.
  const fargate = strategy.filter((s) => FARGATE_PROVIDERS.has(s.capacityProvider ?? ""));
  if (fargate.length > 0 && fargate.length < strategy.length) {
    out.push(
      at(
        [path],
        "mixes Fargate (FARGATE, FARGATE_SPOT) and other capacity providers; a strategy can use only one kind",
      ),
    );
  }
  return out;
}

/**
 * A Service's or TaskSet's strategy: its own limits, and every provider must be associated with the
 * cluster, which we can tell when the Cluster manifest lists its capacityProviders.
 */
export const serviceStrategyRules: Rule<"Service" | "TaskSet"> = (m, set) => {
  const strategy = m.spec.capacityProviderStrategy;
  if (!strategy) return [];
  const out = checkStrategy(strategy, "capacityProviderStrategy");
  const cluster = m.metadata.cluster ? set.get("Cluster", m.metadata.cluster) : undefined;
  const associated = cluster?.spec.capacityProviders;
  if (associated) {
    strategy.forEach((s, i) => {
      if (s.capacityProvider && !associated.includes(s.capacityProvider))
        out.push(
          at(
            ["capacityProviderStrategy", i, "capacityProvider"],
            `${s.capacityProvider} is not in the capacityProviders of Cluster ${cluster.metadata.name}; add it there first`,
          ),
        );
    });
  }
  return out;
};
