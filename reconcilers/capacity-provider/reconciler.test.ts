import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { type CapacityProvider, DescribeCapacityProvidersCommand, ECSClient } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { AwsApi } from "../aws/api.js";
import { ARN, ctxOf, manifestOf, OURS } from "../testing.js";
import type { CapacityProviderLive } from "./observe.js";
import { observeCapacityProviders } from "./observe.js";
import { planCapacityProvider } from "./reconciler.js";

const GROUP_ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/app-asg";
const yaml = (asg: string) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: CapacityProvider
metadata: {name: app-ec2}
spec:
  autoScalingGroupProvider:
    autoScalingGroupArn: app-asg
${asg}`;

const group = (protectedFromScaleIn = true): AutoScalingGroup =>
  ({
    AutoScalingGroupName: "app-asg",
    AutoScalingGroupARN: GROUP_ARN,
    NewInstancesProtectedFromScaleIn: protectedFromScaleIn,
  }) as AutoScalingGroup;

/** What ECS returns for a provider created with only a target capacity: everything else filled in. */
const provider = (over: Partial<CapacityProvider["autoScalingGroupProvider"]> = {}): CapacityProvider => ({
  name: "app-ec2",
  capacityProviderArn: `${ARN}:capacity-provider/app-ec2`,
  status: "ACTIVE",
  autoScalingGroupProvider: {
    autoScalingGroupArn: GROUP_ARN,
    managedScaling: {
      status: "ENABLED",
      targetCapacity: 90,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: 10000,
      instanceWarmupPeriod: 300,
    },
    managedTerminationProtection: "DISABLED",
    managedDraining: "ENABLED",
    ...over,
  },
  tags: OURS,
});

function plan(asg: string, live: CapacityProviderLive, options = {}) {
  const { set, m } = manifestOf("CapacityProvider", yaml(asg));
  return planCapacityProvider(m, ctxOf(set, live, [], options));
}

describe("planCapacityProvider", () => {
  it("creates a provider by group name, sending the group's ARN and our tag", () => {
    const p = plan("    managedScaling: {status: ENABLED, targetCapacity: 90}", {
      group: group(),
      groupName: "app-asg",
      otherUsers: [],
    });
    expect(p.action).toBe("create");
    expect(p.blocked).toBeUndefined();
    expect(p.operations[0]).toMatchObject({
      name: "CreateCapacityProvider",
      input: { name: "app-ec2", autoScalingGroupProvider: { autoScalingGroupArn: GROUP_ARN }, tags: OURS },
    });
  });

  it("is in sync when ECS filled in the defaults the manifest omits (group given by name, ARN returned)", () => {
    const p = plan("    managedScaling: {status: ENABLED, targetCapacity: 90}", {
      provider: provider(),
      group: group(),
      groupName: "app-asg",
      otherUsers: [],
    });
    expect(p.changes).toEqual([]);
    expect(p.details).toEqual({ scaling: { status: "ENABLED", targetCapacity: 90 } });
  });

  it("a targetCapacity changed in the console is drift, updated in place with the rest kept", () => {
    const live = provider({ managedScaling: { status: "ENABLED", targetCapacity: 60, instanceWarmupPeriod: 120 } });
    const p = plan("    managedScaling: {status: ENABLED, targetCapacity: 90}", {
      provider: live,
      group: group(),
      groupName: "app-asg",
      otherUsers: [],
    });
    expect(p.changes).toEqual([
      { op: "change", path: "/autoScalingGroupProvider/managedScaling/targetCapacity", live: 60, desired: 90 },
    ]);
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "UpdateCapacityProvider",
        input: {
          name: "app-ec2",
          autoScalingGroupProvider: {
            managedScaling: expect.objectContaining({ targetCapacity: 90, instanceWarmupPeriod: 120 }),
            managedTerminationProtection: "DISABLED",
            managedDraining: "ENABLED",
          },
        },
      },
    ]);
  });

  describe("preflight against EC2 Auto Scaling", () => {
    it("the group must exist", () => {
      const p = plan("", { groupName: "app-asg", otherUsers: [] });
      expect(p.blocked).toBe('Auto Scaling group "app-asg" does not exist in this account and Region');
    });

    it("termination protection needs the group's scale-in protection, and says how to turn it on", () => {
      const p = plan("    managedScaling: {status: ENABLED}\n    managedTerminationProtection: ENABLED", {
        group: group(false),
        groupName: "app-asg",
        otherUsers: [],
      });
      expect(p.blocked).toContain('Auto Scaling group "app-asg" to protect new instances from scale-in');
      expect(p.blocked).toContain(
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name app-asg --new-instances-protected-from-scale-in",
      );
    });

    it("a group already backing another provider is refused, naming it", () => {
      const p = plan("", { group: group(), groupName: "app-asg", otherUsers: ["legacy-ec2"] });
      expect(p.blocked).toContain("already used by capacity provider legacy-ec2");
    });

    it("when providers cannot be listed the check is skipped, and the plan says so", () => {
      const p = plan("", {
        group: group(),
        groupName: "app-asg",
        otherUsers: [],
        usersUnknown: "ServerException: boom",
      });
      expect(p.blocked).toBeUndefined();
      expect(p.notes[0]).toMatch(/could not check that group "app-asg" is not used by another capacity provider/);
    });
  });

  it("another group is a replace, guarded by --allow-replace", () => {
    const live = provider({ autoScalingGroupArn: "arn:...:autoScalingGroupName/old-asg" });
    const p = plan("", { provider: live, group: group(), groupName: "app-asg", otherUsers: [] });
    expect(p.action).toBe("replace");
    expect(p.blocked).toMatch(/--allow-replace/);
    const allowed = plan(
      "",
      { provider: live, group: group(), groupName: "app-asg", otherUsers: [] },
      { allowReplace: true },
    );
    expect(allowed.operations.map((o) => o.name)).toEqual([
      "DeleteCapacityProvider",
      "DescribeCapacityProviders",
      "CreateCapacityProvider",
    ]);
  });

  it("health follows status and updateStatus", () => {
    const failed = { ...provider(), updateStatus: "UPDATE_FAILED" as const, updateStatusReason: "ASG not found" };
    expect(plan("", { provider: failed, group: group(), groupName: "app-asg", otherUsers: [] })).toMatchObject({
      health: "Degraded",
      healthMessage: "UPDATE_FAILED: ASG not found",
    });
  });
});

describe("observeCapacityProviders", () => {
  const ecs = mockClient(ECSClient);
  const asg = mockClient(AutoScalingClient);
  afterEach(() => {
    ecs.reset();
    asg.reset();
  });

  it("reads groups without instances, and lists every provider only when one is to be created", async () => {
    ecs.on(DescribeCapacityProvidersCommand, { capacityProviders: ["app-ec2"] }).resolves({ capacityProviders: [] });
    ecs.on(DescribeCapacityProvidersCommand, { capacityProviders: undefined }).resolves({
      capacityProviders: [{ name: "legacy-ec2", autoScalingGroupProvider: { autoScalingGroupArn: GROUP_ARN } }],
    });
    asg.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [group()] });
    const api = new AwsApi({
      registry: new Registry(),
      ecs: new ECSClient({ region: "us-east-1" }),
      autoScaling: new AutoScalingClient({ region: "us-east-1" }),
      rateShare: 100,
    });
    const { m } = manifestOf("CapacityProvider", yaml(""));
    const live = await observeCapacityProviders(api, [m]);
    expect(live.get("CapacityProvider/app-ec2")).toMatchObject({ groupName: "app-asg", otherUsers: ["legacy-ec2"] });
    expect(asg.commandCalls(DescribeAutoScalingGroupsCommand)[0]!.args[0].input).toMatchObject({
      AutoScalingGroupNames: ["app-asg"],
      IncludeInstances: false,
    });
  });
});
