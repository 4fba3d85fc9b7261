import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { beforeEach, describe, expect, it } from "vitest";
import { applyPlan, PlanBlockedError } from "./act.js";
import { AwsApi } from "./aws/api.js";
import type { Plan, ResourcePlan } from "./plan.js";

const ecsMock = mockClient(ECSClient);
const api = () => new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });

function resource(p: Partial<ResourcePlan> & Pick<ResourcePlan, "kind" | "name" | "action">): ResourcePlan {
  return {
    key: `${p.kind}/${p.cluster ? `${p.cluster}/` : ""}${p.name}`,
    changes: [],
    operations: [],
    mode: "enforce",
    notes: [],
    sync: "OutOfSync",
    health: "Healthy",
    ...p,
  };
}

const register = resource({
  kind: "TaskDefinition",
  name: "web",
  action: "register",
  operations: [{ service: "ecs", name: "RegisterTaskDefinition", input: { family: "web", containerDefinitions: [] } }],
});
const update = resource({
  kind: "Service",
  cluster: "prod",
  name: "web",
  action: "update",
  operations: [
    {
      service: "ecs",
      name: "UpdateService",
      input: { cluster: "prod", service: "web", taskDefinition: { $ref: "TaskDefinition/web" } },
    },
  ],
});

describe("applyPlan", () => {
  beforeEach(() => ecsMock.reset());

  it("registers first, then points the service at the ARN it got back", async () => {
    const arn = "arn:aws:ecs:us-east-1:1:task-definition/web:8";
    ecsMock.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: arn } });
    ecsMock.on(UpdateServiceCommand).resolves({});
    // Service listed first: the order of kinds, not of the list, decides.
    const results = await applyPlan({ resources: [update, register] }, api());
    expect(results.map((r) => [r.key, r.outcome])).toEqual([
      ["TaskDefinition/web", "applied"],
      ["Service/prod/web", "applied"],
    ]);
    expect(ecsMock.commandCalls(UpdateServiceCommand)[0]!.args[0].input.taskDefinition).toBe(arn);
  });

  it("does not touch a service whose task definition failed to register", async () => {
    ecsMock
      .on(RegisterTaskDefinitionCommand)
      .rejects(Object.assign(new Error("bad image"), { name: "ClientException" }));
    const results = await applyPlan({ resources: [register, update] }, api());
    expect(results.map((r) => [r.key, r.outcome, r.message])).toEqual([
      ["TaskDefinition/web", "failed", "ClientException: bad image"],
      ["Service/prod/web", "failed", "not applied: TaskDefinition/web failed"],
    ]);
    expect(ecsMock.commandCalls(UpdateServiceCommand)).toHaveLength(0);
  });

  it("refuses the whole plan, before any call, when one resource is blocked", async () => {
    const blocked = { ...update, action: "replace" as const, blocked: "needs replacement" };
    const plan: Plan = { resources: [register, blocked] };
    await expect(applyPlan(plan, api())).rejects.toBeInstanceOf(PlanBlockedError);
    expect(ecsMock.calls()).toHaveLength(0);
  });

  it("skips resources in observe mode", async () => {
    const results = await applyPlan({ resources: [{ ...register, mode: "observe" }] }, api());
    expect(results).toMatchObject([{ outcome: "skipped", message: "observe mode" }]);
    expect(ecsMock.calls()).toHaveLength(0);
  });

  it("replace waits for the old service to be INACTIVE before creating the new one", async () => {
    ecsMock.on(DeleteServiceCommand).resolves({});
    ecsMock
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [{ serviceName: "web", status: "DRAINING" }] })
      .resolves({ services: [{ serviceName: "web", status: "INACTIVE" }] });
    ecsMock.on(CreateServiceCommand).resolves({});
    const replace = resource({
      kind: "Service",
      cluster: "prod",
      name: "web",
      action: "replace",
      operations: [
        { service: "ecs", name: "DeleteService", input: { cluster: "prod", service: "web", force: true } },
        {
          service: "ecs",
          name: "DescribeServices",
          input: { cluster: "prod", services: ["web"] },
          waitFor: "serviceInactive",
        },
        { service: "ecs", name: "CreateService", input: { cluster: "prod", serviceName: "web" } },
      ],
    });
    const [r] = await applyPlan({ resources: [replace] }, api(), { pollMs: 1 });
    expect(r!.outcome).toBe("applied");
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2);
    expect(ecsMock.calls().map((c) => (c.args[0] as object).constructor.name)).toEqual([
      "DeleteServiceCommand",
      "DescribeServicesCommand",
      "DescribeServicesCommand",
      "CreateServiceCommand",
    ]);
  });
});
