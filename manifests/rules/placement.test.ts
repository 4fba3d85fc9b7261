import type { PlacementConstraint, PlacementStrategy } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { ec2Service, ec2Td, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const withPlacement = (placementConstraints?: PlacementConstraint[], placementStrategy?: PlacementStrategy[]) =>
  file(ec2Td(), ec2Service({ placementConstraints, placementStrategy }));

describe("service placement", () => {
  it("accepts valid constraints and strategies", () => {
    const text = withPlacement(
      [{ type: "distinctInstance" }, { type: "memberOf", expression: "attribute:ecs.instance-type =~ t3.*" }],
      [
        { type: "spread", field: "attribute:ecs.availability-zone" },
        { type: "spread", field: "instanceId" },
        { type: "binpack", field: "MEMORY" },
        { type: "random" },
      ],
    );
    expect(errorsOf(text)).toEqual([]);
  });

  const cases: {
    name: string;
    constraints?: PlacementConstraint[];
    strategies?: PlacementStrategy[];
    needle: string;
    field: string;
    message: string;
  }[] = [
    {
      name: "distinctInstance with an expression",
      constraints: [{ type: "distinctInstance", expression: "attribute:x == y" }],
      needle: "expression: attribute:x == y",
      field: "spec.placementConstraints[0].expression",
      message: "distinctInstance takes no expression; remove it (or use type memberOf)",
    },
    {
      name: "memberOf without an expression",
      constraints: [{ type: "memberOf" }],
      needle: "- type: memberOf",
      field: "spec.placementConstraints[0]",
      message: 'memberOf needs an expression, e.g. "attribute:ecs.instance-type =~ t3.*"',
    },
    {
      name: "an expression over 2000 characters",
      constraints: [{ type: "memberOf", expression: `attribute:x == ${"y".repeat(2000)}` }],
      needle: "expression: attribute:x",
      field: "spec.placementConstraints[0].expression",
      message: "is 2015 characters; at most 2000 are allowed",
    },
    {
      name: "more than 10 constraints",
      constraints: Array.from({ length: 11 }, () => ({ type: "distinctInstance" as const })),
      needle: "placementConstraints:",
      field: "spec.placementConstraints",
      message: "has 11 constraints; a task can have at most 10",
    },
    {
      name: "binpack on something other than cpu or memory",
      strategies: [{ type: "binpack", field: "disk" }],
      needle: "field: disk",
      field: "spec.placementStrategy[0].field",
      message: 'binpack needs field cpu or memory, got "disk"',
    },
    {
      name: "spread without a field",
      strategies: [{ type: "spread" }],
      needle: "- type: spread",
      field: "spec.placementStrategy[0]",
      message: "spread needs a field: instanceId, host, or an attribute like attribute:ecs.availability-zone",
    },
    {
      name: "spread on an unknown field",
      strategies: [{ type: "spread", field: "availability-zone" }],
      needle: "field: availability-zone",
      field: "spec.placementStrategy[0].field",
      message:
        'spread field must be instanceId, host, or attribute:<name> (e.g. attribute:ecs.availability-zone), got "availability-zone"',
    },
    {
      name: "more than 5 strategies",
      strategies: Array.from({ length: 6 }, () => ({ type: "random" as const })),
      needle: "placementStrategy:",
      field: "spec.placementStrategy",
      message: "has 6 rules; a service can have at most 5",
    },
  ];
  it.each(cases)("rejects $name", ({ constraints, strategies, needle, field, message }) => {
    const text = withPlacement(constraints, strategies);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });

  it("counts the task definition's constraints toward the limit of 10", () => {
    const text = file(
      ec2Td({
        placementConstraints: Array.from({ length: 4 }, (_, i) => ({
          type: "memberOf" as const,
          expression: `attribute:n == ${i}`,
        })),
      }),
      ec2Service({ placementConstraints: Array.from({ length: 7 }, () => ({ type: "distinctInstance" as const })) }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "placementConstraints:",
        "spec.placementConstraints",
        "7 here plus 4 in the task definition is more than the 10 constraints a task can have",
        "kind: Service",
      ),
    ]);
  });

  it("rejects placement strategies on Fargate", () => {
    expect(errorsOf(file(fargateTd(), fargateService()))).toEqual([]);
    const text = file(fargateTd(), fargateService({ placementStrategy: [{ type: "spread", field: "instanceId" }] }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "placementStrategy:",
        "spec.placementStrategy",
        "not supported for tasks on Fargate (Fargate places tasks itself); remove it",
      ),
    ]);
  });
});

describe("task definition placement constraints", () => {
  it("accepts memberOf with an expression", () => {
    expect(
      errorsOf(ec2Td({ placementConstraints: [{ type: "memberOf", expression: "attribute:gpu exists" }] })),
    ).toEqual([]);
  });

  it("rejects memberOf without an expression", () => {
    const text = ec2Td({ placementConstraints: [{ type: "memberOf" }] });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- type: memberOf",
        "spec.placementConstraints[0]",
        'memberOf needs an expression, e.g. "attribute:ecs.instance-type =~ t3.*"',
      ),
    ]);
  });
});
