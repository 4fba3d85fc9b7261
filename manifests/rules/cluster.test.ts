import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, errorAt } from "./test-helpers.js";

describe("cluster default capacity provider strategy", () => {
  it("accepts providers that are associated with the cluster", () => {
    const text = doc("Cluster", "prod", {
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [
        { capacityProvider: "FARGATE", weight: 1, base: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
    });
    expect(errorsOf(text)).toEqual([]);
    expect(errorsOf(doc("Cluster", "prod", {}))).toEqual([]);
  });

  it("rejects a default-strategy provider missing from capacityProviders", () => {
    const text = doc("Cluster", "prod", {
      capacityProviders: ["FARGATE"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- capacityProvider: FARGATE_SPOT",
        "spec.defaultCapacityProviderStrategy[0].capacityProvider",
        "FARGATE_SPOT must also be listed in spec.capacityProviders to be used in the default strategy",
      ),
    ]);
  });

  it("applies the strategy limits to the default strategy", () => {
    const text = doc("Cluster", "prod", {
      capacityProviders: ["FARGATE"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 2000 }],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "weight: 2000",
        "spec.defaultCapacityProviderStrategy[0].weight",
        "must be an integer from 0 to 1000, got 2000",
      ),
    ]);
  });
});
