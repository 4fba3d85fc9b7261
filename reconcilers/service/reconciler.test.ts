import { describe, expect, it } from "vitest";
import { ctxOf, liveService, manifestOf, matchedRevision, OURS, SERVICE_YAML } from "../testing.js";
import { planService } from "./reconciler.js";

function plan(spec: string, live = liveService(), options = {}, metadata = "") {
  const { set, m } = manifestOf("Service", SERVICE_YAML(spec, metadata));
  return planService(m, ctxOf(set, { service: live, clusterExists: true }, [matchedRevision("web", 3)], options));
}

describe("planService", () => {
  it("is in sync when the service runs the matching revision with ECS's defaults filled in", () => {
    const p = plan(`  launchType: FARGATE\n  desiredCount: 2\n  deploymentConfiguration: {maximumPercent: 200}`);
    expect(p.changes).toEqual([]);
    expect(p.action).toBe("none");
    expect(p.sync).toBe("Synced");
    expect(p.health).toBe("Healthy");
  });

  it("creates a missing service with a stable client token and the managed-by tag", () => {
    const { set, m } = manifestOf("Service", SERVICE_YAML("  desiredCount: 1"));
    const ctx = ctxOf(set, { clusterExists: true }, [matchedRevision("web", 3)]);
    const a = planService(m, ctx);
    const b = planService(m, ctx);
    expect(a.action).toBe("create");
    const input = a.operations[0]!.input as Record<string, unknown>;
    expect(a.operations[0]!.name).toBe("CreateService");
    expect(input.taskDefinition).toBe("web:3");
    expect(input.tags).toEqual(OURS);
    expect(String(input.clientToken).length).toBeLessThanOrEqual(36);
    expect(input.clientToken).toBe((b.operations[0]!.input as Record<string, unknown>).clientToken);
  });

  it("refers to the revision this apply registers when the task definition changes", () => {
    const { set, m } = manifestOf("Service", SERVICE_YAML("  desiredCount: 2"));
    const registering = { ...matchedRevision("web", 3), action: "register" as const, resolvedRevision: undefined };
    delete registering.resolvedRevision;
    const p = planService(m, ctxOf(set, { service: liveService(), clusterExists: true }, [registering]));
    expect(p.action).toBe("update");
    expect(p.changes).toEqual([
      { op: "change", path: "/taskDefinition", live: "web:3", desired: "web:(new revision)" },
    ]);
    expect(p.operations[0]!.input.taskDefinition).toEqual({ $ref: "TaskDefinition/web" });
  });

  it("an omitted desiredCount is never drift (autoscaled services)", () => {
    expect(plan("  launchType: FARGATE", liveService({ desiredCount: 17 })).action).toBe("none");
  });

  it("reports a console change to a set field with its pointer, live and desired values", () => {
    const p = plan(`  desiredCount: 2\n  deploymentConfiguration: {minimumHealthyPercent: 50}`);
    expect(p.changes).toEqual([
      { op: "change", path: "/deploymentConfiguration/minimumHealthyPercent", live: 100, desired: 50 },
    ]);
    // The struct is sent merged with live, so the circuit breaker settings are kept, not reset.
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "UpdateService",
        input: expect.objectContaining({
          cluster: "prod",
          service: "web",
          deploymentConfiguration: expect.objectContaining({
            minimumHealthyPercent: 50,
            maximumPercent: 200,
            deploymentCircuitBreaker: { enable: false, rollback: false },
          }),
        }),
      },
    ]);
  });

  it("a capacity provider strategy change carries forceNewDeployment", () => {
    const p = plan(
      "  capacityProviderStrategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]",
      liveService({
        launchType: undefined,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
      }),
    );
    expect(p.action).toBe("update");
    expect(p.operations[0]!.input).toMatchObject({ forceNewDeployment: true });
  });

  it("a strategy inherited from the cluster default is not drift when the manifest omits it", () => {
    const live = liveService({
      launchType: undefined,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });
    expect(plan("  desiredCount: 2", live).action).toBe("none");
  });

  it("a create-only field is a replace, blocked without --allow-replace", () => {
    const p = plan("  launchType: EC2");
    expect(p.action).toBe("replace");
    expect(p.blocked).toMatch(/--allow-replace/);
    expect(p.notes).toContain("launchType cannot be changed in place");
    const allowed = plan("  launchType: EC2", liveService(), { allowReplace: true });
    expect(allowed.blocked).toBeUndefined();
    expect(allowed.operations.map((o) => o.name)).toEqual(["DeleteService", "DescribeServices", "CreateService"]);
  });

  it("never changes a service it does not own, unless asked to adopt it", () => {
    const foreign = liveService({ tags: [{ key: "team", value: "x" }] });
    const p = plan("  desiredCount: 3", foreign);
    expect(p.unmanaged).toBe(true);
    expect(p.blocked).toMatch(/not managed by ecs-reconciler/);
    const adopted = plan("  desiredCount: 3", foreign, { adopt: true });
    expect(adopted.blocked).toBeUndefined();
    expect(adopted.operations.map((o) => o.name)).toEqual(["TagResource", "UpdateService"]);
    // In sync and foreign is fine: nothing to change, nothing to block.
    expect(plan("  desiredCount: 2", foreign).blocked).toBeUndefined();
  });

  it("observe mode reports drift but plans it as not to be acted on; suspended reports Suspended", () => {
    const observed = plan("  desiredCount: 3", liveService(), {}, "  reconcile: {mode: observe}");
    expect(observed.mode).toBe("observe");
    expect(observed.sync).toBe("OutOfSync");
    expect(observed.notes).toContain("observe mode: reported, never changed");
    const suspended = plan("  desiredCount: 3", liveService(), {}, "  reconcile: {mode: suspended}");
    expect(suspended.health).toBe("Suspended");
  });

  it("metadata.reconcile.ignore leaves a path out of the comparison", () => {
    expect(plan("  desiredCount: 3", liveService(), {}, "  reconcile: {ignore: [/desiredCount]}").action).toBe("none");
  });

  it("tags: only keys the manifest sets count; a changed value is tagged in place", () => {
    const live = liveService({
      tags: [...OURS, { key: "team", value: "old" }, { key: "aws:cloudformation:stack-name", value: "x" }],
    });
    const p = plan("  tags: [{key: team, value: web}]", live);
    expect(p.changes).toEqual([{ op: "change", path: "/tags/0/value", live: "old", desired: "web" }]);
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "TagResource",
        input: { resourceArn: live.serviceArn, tags: [{ key: "team", value: "web" }] },
      },
    ]);
  });

  it("health follows the primary deployment and the counts", () => {
    const failed = liveService({
      deployments: [{ status: "PRIMARY", rolloutState: "FAILED", rolloutStateReason: "circuit breaker: tasks failed" }],
    });
    expect(plan("  desiredCount: 2", failed)).toMatchObject({
      health: "Degraded",
      healthMessage: "circuit breaker: tasks failed",
    });
    const rolling = liveService({ runningCount: 1, deployments: [{ status: "PRIMARY", rolloutState: "IN_PROGRESS" }] });
    expect(plan("  desiredCount: 2", rolling).health).toBe("Progressing");
  });

  it("a missing cluster that no manifest defines blocks the create", () => {
    const { set, m } = manifestOf("Service", SERVICE_YAML("  desiredCount: 1"));
    const p = planService(m, ctxOf(set, { clusterExists: false }, [matchedRevision("web", 3)]));
    expect(p.blocked).toMatch(/cluster prod does not exist/);
  });
});

describe("native deployment strategies", () => {
  it("blue/green, canary and lifecycle hook defaults ECS fills in are not drift; a changed bake time is", () => {
    const live = liveService({
      deploymentConfiguration: {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        strategy: "CANARY",
        bakeTimeInMinutes: 15,
        canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 },
        lifecycleHooks: [
          {
            hookTargetArn: "arn:aws:lambda:us-east-1:123456789012:function:smoke",
            roleArn: "arn:aws:iam::123456789012:role/hooks",
            lifecycleStages: ["POST_TEST_TRAFFIC_SHIFT", "PRE_SCALE_UP"],
            targetType: "AWS_LAMBDA",
            timeoutConfiguration: { timeoutInMinutes: 1440, action: "ROLLBACK" },
          },
        ],
      },
    });
    const spec = `  deploymentConfiguration:
    strategy: CANARY
    bakeTimeInMinutes: 15
    canaryConfiguration: {canaryPercent: 5}
    lifecycleHooks:
      - hookTargetArn: arn:aws:lambda:us-east-1:123456789012:function:smoke
        roleArn: arn:aws:iam::123456789012:role/hooks
        lifecycleStages: [PRE_SCALE_UP, POST_TEST_TRAFFIC_SHIFT]
        timeoutConfiguration: {action: ROLLBACK}`;
    expect(plan(spec, live).changes).toEqual([]);
    expect(plan(spec.replace("bakeTimeInMinutes: 15", "bakeTimeInMinutes: 30"), live).changes).toEqual([
      { op: "change", path: "/deploymentConfiguration/bakeTimeInMinutes", live: 15, desired: 30 },
    ]);
  });
});

describe("metadata.reconcile.ignore on writes", () => {
  it("an ignored nested field is sent with its live value, never the manifest's", () => {
    const live = liveService({
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ["subnet-a", "subnet-b"],
          securityGroups: ["sg-new"],
          assignPublicIp: "DISABLED",
        },
      },
    });
    const p = plan(
      `  desiredCount: 2
  networkConfiguration:
    awsvpcConfiguration: {subnets: [subnet-c], securityGroups: [sg-old]}`.replace(
        "  networkConfiguration:\n    awsvpcConfiguration: {subnets: [subnet-b, subnet-a]}\n",
        "",
      ),
      live,
      {},
      "  reconcile: {ignore: [/networkConfiguration/awsvpcConfiguration/securityGroups]}",
    );
    const input = p.operations[0]!.input as {
      networkConfiguration: { awsvpcConfiguration: { securityGroups: string[]; subnets: string[] } };
    };
    expect(input.networkConfiguration.awsvpcConfiguration.securityGroups).toEqual(["sg-new"]);
  });
});

describe("service deployments", () => {
  const rolledBack = {
    serviceDeploymentArn: "arn:sd/1",
    status: "ROLLBACK_SUCCESSFUL" as const,
    rollback: { reason: "circuit breaker" },
  };
  const planWith = (spec: string) => {
    const { set, m } = manifestOf("Service", SERVICE_YAML(spec));
    return planService(
      m,
      ctxOf(set, { service: liveService(), clusterExists: true, deployment: rolledBack }, [matchedRevision("web", 3)]),
    );
  };

  it("a rollback is Degraded while the manifest still asks for something else", () => {
    expect(planWith("  desiredCount: 3")).toMatchObject({
      health: "Degraded",
      healthMessage: "ROLLBACK_SUCCESSFUL: circuit breaker",
    });
  });

  it("once the manifest asks for what runs (reverted in Git), the old rollback is history", () => {
    expect(planWith("  desiredCount: 2")).toMatchObject({ sync: "Synced", health: "Healthy" });
  });
});

describe("literal task definitions", () => {
  it("a family:revision that does not exist blocks the create and the update, before any call", () => {
    const yaml = SERVICE_YAML("  desiredCount: 2").replace("  taskDefinition: web\n", "  taskDefinition: web:99\n");
    const { set, m } = manifestOf("Service", yaml);
    const create = planService(m, ctxOf(set, { clusterExists: true, missingTaskDefinition: "web:99" }));
    expect(create.blocked).toBe("task definition web:99 does not exist in this account and Region");
    const update = planService(
      m,
      ctxOf(set, { service: liveService(), clusterExists: true, missingTaskDefinition: "web:99" }),
    );
    expect(update.changes).toEqual([{ op: "change", path: "/taskDefinition", live: "web:3", desired: "web:99" }]);
    expect(update.blocked).toBe("task definition web:99 does not exist in this account and Region");
  });
});
