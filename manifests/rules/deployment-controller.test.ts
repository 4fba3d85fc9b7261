import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { doc, ec2Service, ec2Td, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const lb = {
  targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/blue/1",
  containerName: "web",
  containerPort: 80,
};

describe("deployment controllers", () => {
  it("accepts a CODE_DEPLOY service with a target group, and an EXTERNAL service without a task definition", () => {
    expect(
      errorsOf(
        file(fargateTd(), fargateService({ deploymentController: { type: "CODE_DEPLOY" }, loadBalancers: [lb] })),
      ),
    ).toEqual([]);
    expect(
      errorsOf(doc("Service", "web", { deploymentController: { type: "EXTERNAL" }, desiredCount: 1 }, "prod")),
    ).toEqual([]);
  });

  it("requires a task definition with the ECS controller", () => {
    const text = doc("Service", "web", { desiredCount: 1 }, "prod");
    expect(errorsOf(text)).toEqual([
      errorAt(text, "spec:", "spec", "missing taskDefinition (required with the ECS deployment controller)"),
    ]);
  });

  it("requires a load balancer for CODE_DEPLOY", () => {
    const text = file(fargateTd(), fargateService({ deploymentController: { type: "CODE_DEPLOY" } }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "type: CODE_DEPLOY",
        "spec.deploymentController.type",
        "CODE_DEPLOY needs an Application or Network Load Balancer: add a loadBalancers entry with targetGroupArn, containerName and containerPort",
      ),
    ]);
  });

  it("rejects a Classic load balancer for CODE_DEPLOY", () => {
    const text = file(
      ec2Td(),
      ec2Service({
        deploymentController: { type: "CODE_DEPLOY" },
        loadBalancers: [{ loadBalancerName: "web-elb", containerName: "web", containerPort: 80 }],
      }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "loadBalancerName: web-elb",
        "spec.loadBalancers[0].loadBalancerName",
        "CODE_DEPLOY does not support Classic Load Balancers; use an Application or Network Load Balancer targetGroupArn",
      ),
    ]);
  });

  it("rejects the circuit breaker outside the ECS controller", () => {
    const text = file(
      fargateTd(),
      fargateService({
        deploymentController: { type: "CODE_DEPLOY" },
        loadBalancers: [lb],
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "deploymentCircuitBreaker:",
        "spec.deploymentConfiguration.deploymentCircuitBreaker",
        "the circuit breaker only works with the ECS deployment controller; remove it (deploymentController is CODE_DEPLOY)",
      ),
    ]);
  });

  it("rejects DAEMON with the EXTERNAL controller", () => {
    const text = doc(
      "Service",
      "web",
      { deploymentController: { type: "EXTERNAL" }, schedulingStrategy: "DAEMON" },
      "prod",
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "schedulingStrategy: DAEMON",
        "spec.schedulingStrategy",
        "DAEMON is not supported with the EXTERNAL deployment controller; use REPLICA",
      ),
    ]);
  });
});
