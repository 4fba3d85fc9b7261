import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, ec2Service, ec2Td, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const lb = {
  targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1",
  containerName: "web",
  containerPort: 80,
};

describe("networkConfiguration and the task definition's network mode", () => {
  it("accepts awsvpc with networkConfiguration, bridge without it, and a literal revision either way", () => {
    expect(errorsOf(file(fargateTd(), fargateService()))).toEqual([]);
    expect(errorsOf(file(ec2Td(), ec2Service()))).toEqual([]);
    // web:3 is outside the manifests: its network mode is unknown offline, so nothing is checked.
    expect(
      errorsOf(
        ec2Service({ taskDefinition: "web:3", networkConfiguration: { awsvpcConfiguration: { subnets: ["s"] } } }),
      ),
    ).toEqual([]);
    expect(errorsOf(fargateService({ taskDefinition: "web:3", networkConfiguration: undefined }))).toEqual([]);
  });

  it("requires networkConfiguration for an awsvpc task definition", () => {
    const text = file(fargateTd(), fargateService({ networkConfiguration: undefined }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "taskDefinition: web",
        "spec.taskDefinition",
        "TaskDefinition web uses networkMode awsvpc, so set spec.networkConfiguration.awsvpcConfiguration (subnets, securityGroups)",
      ),
    ]);
  });

  it("rejects networkConfiguration for a bridge task definition", () => {
    const text = file(
      ec2Td(),
      ec2Service({ networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } } }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "networkConfiguration:",
        "spec.networkConfiguration",
        "only allowed with networkMode awsvpc, but TaskDefinition web uses bridge (the default): remove networkConfiguration or set networkMode: awsvpc there",
      ),
    ]);
  });

  it("requires awsvpc when the service runs on Fargate", () => {
    const text = file(ec2Td(), ec2Service({ launchType: "FARGATE" }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "taskDefinition: web",
        "spec.taskDefinition",
        "tasks on Fargate need networkMode awsvpc, but TaskDefinition web uses bridge (the default): set networkMode: awsvpc there",
      ),
    ]);
  });

  it("checks a TaskSet too", () => {
    const text = file(
      fargateTd(),
      doc("Service", "web", { deploymentController: { type: "EXTERNAL" }, desiredCount: 1 }, "prod"),
      doc("TaskSet", "blue", { service: "web", taskDefinition: "web", launchType: "FARGATE" }, "prod"),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "taskDefinition: web",
        "spec.taskDefinition",
        "TaskDefinition web uses networkMode awsvpc, so set spec.networkConfiguration.awsvpcConfiguration (subnets, securityGroups)",
        "kind: TaskSet",
      ),
    ]);
  });

  it("limits subnets and security groups", () => {
    const subnets = Array.from({ length: 17 }, (_, i) => `subnet-${i}`);
    const text = file(fargateTd(), fargateService({ networkConfiguration: { awsvpcConfiguration: { subnets } } }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "subnets:",
        "spec.networkConfiguration.awsvpcConfiguration.subnets",
        "has 17 subnets; at most 16 are allowed",
      ),
    ]);
  });
});

describe("role", () => {
  it("accepts a role with a load balancer on a bridge task definition", () => {
    expect(errorsOf(file(ec2Td(), ec2Service({ role: "ecsServiceRole", loadBalancers: [lb] })))).toEqual([]);
  });

  it("rejects a role without load balancers", () => {
    const text = file(ec2Td(), ec2Service({ role: "ecsServiceRole" }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "role:",
        "spec.role",
        "only allowed with loadBalancers; remove role (ECS uses its service-linked role)",
      ),
    ]);
  });

  it("rejects a role with an awsvpc task definition", () => {
    const text = file(fargateTd(), fargateService({ role: "ecsServiceRole", loadBalancers: [lb] }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "role:",
        "spec.role",
        "not allowed because TaskDefinition web uses networkMode awsvpc; remove role (ECS uses its service-linked role)",
      ),
    ]);
  });
});

describe("a Fargate-only task definition without awsvpc", () => {
  it("is reported once, on the task definition", () => {
    const text = file(fargateTd({ networkMode: "bridge" }), fargateService({ networkConfiguration: undefined }));
    expect(errorsOf(text)).toEqual([
      errorAt(text, "networkMode: bridge", "spec.networkMode", "Fargate requires awsvpc, got bridge"),
    ]);
  });
});
