import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, ec2Service, ec2Td, errorAt, file } from "./test-helpers.js";

const daemon = (over: Parameters<typeof ec2Service>[0] = {}) =>
  ec2Service({ schedulingStrategy: "DAEMON", desiredCount: undefined, ...over });

describe("DAEMON services", () => {
  it("accepts a DAEMON service on EC2 with placement constraints", () => {
    expect(
      errorsOf(
        file(ec2Td(), daemon({ placementConstraints: [{ type: "memberOf", expression: "attribute:role == logs" }] })),
      ),
    ).toEqual([]);
  });

  const cases = [
    {
      name: "a desiredCount",
      over: { desiredCount: 3 },
      needle: "desiredCount: 3",
      field: "spec.desiredCount",
      message: "not allowed with schedulingStrategy DAEMON (one task runs on each instance); remove it",
    },
    {
      name: "a capacity provider strategy",
      over: { launchType: undefined, capacityProviderStrategy: [{ capacityProvider: "asg-1", weight: 1 }] },
      needle: "capacityProviderStrategy:",
      field: "spec.capacityProviderStrategy",
      message: "not supported with schedulingStrategy DAEMON; remove it and set launchType: EC2",
    },
    {
      name: "a placement strategy",
      over: { placementStrategy: [{ type: "spread" as const, field: "instanceId" }] },
      needle: "placementStrategy:",
      field: "spec.placementStrategy",
      message: "not supported with schedulingStrategy DAEMON; remove it (placementConstraints are allowed)",
    },
  ];
  it.each(cases)("rejects $name", ({ over, needle, field, message }) => {
    const text = file(ec2Td(), daemon(over));
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });

  it("rejects the FARGATE launch type", () => {
    const text = file(ec2Td(), daemon({ launchType: "FARGATE" }));
    expect(errorsOf(text)).toEqual([
      // The bridge task definition can't run on Fargate either.
      errorAt(
        text,
        "taskDefinition: web",
        "spec.taskDefinition",
        "tasks on Fargate need networkMode awsvpc, but TaskDefinition web uses bridge (the default): set networkMode: awsvpc there",
      ),
      errorAt(
        text,
        "launchType: FARGATE",
        "spec.launchType",
        "Fargate does not support schedulingStrategy DAEMON; use launchType EC2 or schedulingStrategy REPLICA",
      ),
    ]);
  });

  it("rejects inheriting the cluster's default capacity provider strategy", () => {
    const cluster = doc("Cluster", "prod", {
      capacityProviders: ["asg-1"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "asg-1", weight: 1 }],
    });
    const text = file(cluster, ec2Td(), daemon({ launchType: undefined }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "schedulingStrategy: DAEMON",
        "spec.schedulingStrategy",
        "a DAEMON service would inherit the defaultCapacityProviderStrategy of Cluster prod, which DAEMON does not support; set launchType: EC2",
      ),
    ]);
    expect(errorsOf(file(cluster, ec2Td(), daemon()))).toEqual([]);
  });
});
