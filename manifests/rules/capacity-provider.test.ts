import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";

const provider = (name: string, asg: string) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: CapacityProvider
metadata:
  name: ${name}
spec:
  autoScalingGroupProvider:
${asg}`;

describe("capacity provider rules", () => {
  it("accepts a provider by group name with managed scaling and termination protection", () => {
    const text = provider(
      "app-ec2",
      `    autoScalingGroupArn: app-asg
    managedScaling: {status: ENABLED, targetCapacity: 90}
    managedTerminationProtection: ENABLED`,
    );
    expect(errorsOf(text)).toEqual([]);
  });

  it("rejects a reserved name prefix", () => {
    expect(errorsOf(provider("ecs-mine", "    autoScalingGroupArn: a"))).toEqual([
      "manifests.yaml:4: metadata.name: a capacity provider name cannot start with aws, ecs or fargate (reserved by ECS)",
    ]);
  });

  it("rejects managed scaling values out of range", () => {
    const text = provider(
      "p",
      `    autoScalingGroupArn: a
    managedScaling: {targetCapacity: 0, minimumScalingStepSize: 20, maximumScalingStepSize: 10}`,
    );
    expect(errorsOf(text)).toEqual([
      "manifests.yaml:8: spec.autoScalingGroupProvider.managedScaling.targetCapacity: must be a whole number from 1 to 100",
      "manifests.yaml:8: spec.autoScalingGroupProvider.managedScaling.minimumScalingStepSize: must not exceed maximumScalingStepSize",
    ]);
  });

  it("rejects termination protection without managed scaling", () => {
    const text = provider(
      "p",
      `    autoScalingGroupArn: a
    managedTerminationProtection: ENABLED`,
    );
    expect(errorsOf(text)).toEqual([
      "manifests.yaml:8: spec.autoScalingGroupProvider.managedTerminationProtection: ENABLED needs managedScaling.status ENABLED: ECS protects instances only while it manages the scaling",
    ]);
  });
});
