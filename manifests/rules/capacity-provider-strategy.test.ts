import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const withStrategy = (capacityProviderStrategy: { capacityProvider: string; weight?: number; base?: number }[]) =>
  file(fargateTd(), fargateService({ launchType: undefined, capacityProviderStrategy }));

describe("capacity provider strategy", () => {
  it("accepts a base on one provider and weights within 0-1000", () => {
    expect(
      errorsOf(
        withStrategy([
          { capacityProvider: "FARGATE", base: 2, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", weight: 1000 },
        ]),
      ),
    ).toEqual([]);
    // A single provider with weight 0 is not documented as an error.
    expect(errorsOf(withStrategy([{ capacityProvider: "FARGATE", base: 1 }]))).toEqual([]);
  });

  const cases: {
    name: string;
    strategy: Parameters<typeof withStrategy>[0];
    needle: string;
    after?: string;
    field: string;
    message: string;
  }[] = [
    {
      name: "weight above 1000",
      strategy: [{ capacityProvider: "FARGATE", weight: 1001 }],
      needle: "weight: 1001",
      field: "spec.capacityProviderStrategy[0].weight",
      message: "must be an integer from 0 to 1000, got 1001",
    },
    {
      name: "negative base",
      strategy: [{ capacityProvider: "FARGATE", weight: 1, base: -1 }],
      needle: "base: -1",
      field: "spec.capacityProviderStrategy[0].base",
      message: "must be an integer from 0 to 100000, got -1",
    },
    {
      name: "base on two providers",
      strategy: [
        { capacityProvider: "FARGATE", weight: 1, base: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 1, base: 2 },
      ],
      needle: "base: 2",
      field: "spec.capacityProviderStrategy[1].base",
      message: "only one capacity provider in a strategy can have a base (already set on FARGATE); remove this base",
    },
    {
      name: "all weights 0",
      strategy: [{ capacityProvider: "FARGATE" }, { capacityProvider: "FARGATE_SPOT", weight: 0 }],
      needle: "capacityProviderStrategy:",
      field: "spec.capacityProviderStrategy",
      message: "at least one capacity provider must have a weight greater than 0 (weight defaults to 0)",
    },
    {
      name: "a provider twice",
      strategy: [
        { capacityProvider: "FARGATE", weight: 1 },
        { capacityProvider: "FARGATE", weight: 2 },
      ],
      needle: "- capacityProvider: FARGATE",
      after: "weight: 1",
      field: "spec.capacityProviderStrategy[1].capacityProvider",
      message: "FARGATE is listed more than once; list each capacity provider once",
    },
    {
      name: "Fargate mixed with an ASG provider",
      strategy: [
        { capacityProvider: "FARGATE", weight: 1 },
        { capacityProvider: "asg-1", weight: 1 },
      ],
      needle: "capacityProviderStrategy:",
      field: "spec.capacityProviderStrategy",
      message: "mixes Fargate (FARGATE, FARGATE_SPOT) and other capacity providers; a strategy can use only one kind",
    },
    {
      name: "more than 20 providers",
      strategy: Array.from({ length: 21 }, (_, i) => ({ capacityProvider: `asg-${i}`, weight: 1 })),
      needle: "capacityProviderStrategy:",
      field: "spec.capacityProviderStrategy",
      message: "has 21 capacity providers; a strategy can contain at most 20",
    },
  ];
  it.each(cases)("rejects $name", ({ strategy, needle, after, field, message }) => {
    const text = withStrategy(strategy);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message, after)]);
  });

  it("requires the service's providers to be associated with its Cluster manifest", () => {
    const cluster = doc("Cluster", "prod", { capacityProviders: ["FARGATE"] });
    const ok = file(
      cluster,
      fargateTd(),
      fargateService({ launchType: undefined, capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] }),
    );
    expect(errorsOf(ok)).toEqual([]);
    const text = file(
      cluster,
      fargateTd(),
      fargateService({
        launchType: undefined,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
      }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- capacityProvider: FARGATE_SPOT",
        "spec.capacityProviderStrategy[0].capacityProvider",
        "FARGATE_SPOT is not in the capacityProviders of Cluster prod; add it there first",
      ),
    ]);
  });
});
