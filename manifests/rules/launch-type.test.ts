import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, ec2Service, ec2Td, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

describe("launch type vs capacity provider strategy", () => {
  it("accepts a launch type alone, a strategy alone, and an empty strategy next to a launch type", () => {
    expect(errorsOf(file(fargateTd(), fargateService()))).toEqual([]);
    expect(
      errorsOf(
        file(
          fargateTd(),
          fargateService({
            launchType: undefined,
            capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
          }),
        ),
      ),
    ).toEqual([]);
    expect(errorsOf(file(fargateTd(), fargateService({ capacityProviderStrategy: [] })))).toEqual([]);
  });

  it("rejects both on a Service", () => {
    const text = file(
      fargateTd(),
      fargateService({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "capacityProviderStrategy:",
        "spec.capacityProviderStrategy",
        "cannot be used together with launchType (FARGATE): remove launchType to use this strategy, or remove capacityProviderStrategy",
      ),
    ]);
  });

  it("rejects both on a TaskSet", () => {
    const text = file(
      fargateTd(),
      doc("Service", "web", { deploymentController: { type: "EXTERNAL" }, desiredCount: 1 }, "prod"),
      doc(
        "TaskSet",
        "blue",
        {
          service: "web",
          taskDefinition: "web",
          launchType: "FARGATE",
          capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }],
          networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } },
        },
        "prod",
      ),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "capacityProviderStrategy:",
        "spec.capacityProviderStrategy",
        "cannot be used together with launchType (FARGATE): remove launchType to use this strategy, or remove capacityProviderStrategy",
      ),
    ]);
  });

  it("rejects platformVersion on the EC2 launch type", () => {
    const text = file(ec2Td(), ec2Service({ platformVersion: "LATEST" }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "platformVersion:",
        "spec.platformVersion",
        "only applies to Fargate; remove it (launchType is EC2)",
      ),
    ]);
    expect(errorsOf(file(fargateTd(), fargateService({ platformVersion: "1.4.0" })))).toEqual([]);
  });
});
