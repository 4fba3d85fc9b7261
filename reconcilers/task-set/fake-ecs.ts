/** Test helpers: a virtual clock and a small in-memory ECS for task sets, behind aws-sdk-client-mock. */
import {
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  DescribeTaskSetsCommand,
  type ECSClientResolvedConfig,
  type Service,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  TagResourceCommand,
  type TaskSet,
  UpdateServicePrimaryTaskSetCommand,
  UpdateTaskSetCommand,
} from "@aws-sdk/client-ecs";
import type { AwsStub } from "aws-sdk-client-mock";
import { ARN, OURS } from "../testing.js";

/** The service the task sets belong to: prod/web under the EXTERNAL deployment controller, ours. */
export const EXTERNAL_SERVICE: Service = {
  serviceName: "web",
  serviceArn: `${ARN}:service/prod/web`,
  status: "ACTIVE",
  desiredCount: 4,
  deploymentController: { type: "EXTERNAL" },
  tags: OURS,
};

type EcsMock = AwsStub<ServiceInputTypes, ServiceOutputTypes, ECSClientResolvedConfig>;

/** A virtual clock: sleeping advances it, so a 10-minute timeout takes no real time. */
export function virtualTime(start = Date.parse("2026-11-25T12:00:00Z")) {
  let t = start;
  const advance = (ms: number) => {
    t += ms;
  };
  return { now: () => t, sleep: async (ms: number) => advance(ms), advance };
}

/** A small in-memory ECS for task sets: scale changes stabilize after `stabilizeAfterMs` unless stuck. */
export function fakeTaskSets(
  ecs: EcsMock,
  clock: ReturnType<typeof virtualTime>,
  opts: { stuckAt?: number; stabilizeAfterMs?: number } = {},
) {
  const sets: TaskSet[] = [];
  let n = 0;
  const stabilize = () => {
    for (const s of sets) {
      const settledAt = (s.updatedAt?.getTime() ?? 0) + (opts.stabilizeAfterMs ?? 30_000);
      if (s.stabilityStatus === "STABILIZING" && s.scale?.value !== opts.stuckAt && clock.now() >= settledAt) {
        s.stabilityStatus = "STEADY_STATE";
        s.stabilityStatusAt = new Date(settledAt);
      }
    }
  };
  ecs.on(DescribeTaskSetsCommand).callsFake(() => {
    stabilize();
    return { taskSets: structuredClone(sets) };
  });
  ecs.on(CreateTaskSetCommand).callsFake((input) => {
    const id = `ecs-svc/${++n}`;
    const ts: TaskSet = {
      id,
      taskSetArn: `${ARN}:task-set/prod/web/${id}`,
      externalId: input.externalId,
      taskDefinition: input.taskDefinition,
      status: "ACTIVE",
      stabilityStatus: "STABILIZING",
      scale: input.scale,
      createdAt: new Date(clock.now()),
      updatedAt: new Date(clock.now()),
      tags: input.tags,
    };
    sets.push(ts);
    return { taskSet: ts };
  });
  ecs.on(UpdateTaskSetCommand).callsFake((input) => {
    const ts = sets.find((s) => s.taskSetArn === input.taskSet)!;
    ts.scale = input.scale;
    ts.stabilityStatus = "STABILIZING";
    ts.updatedAt = new Date(clock.now());
    return { taskSet: ts };
  });
  ecs.on(UpdateServicePrimaryTaskSetCommand).callsFake((input) => {
    for (const s of sets)
      s.status = s.taskSetArn === input.primaryTaskSet ? "PRIMARY" : s.status === "PRIMARY" ? "ACTIVE" : s.status;
    return {};
  });
  ecs.on(DeleteTaskSetCommand).callsFake((input) => {
    sets.splice(
      sets.findIndex((s) => s.taskSetArn === input.taskSet),
      1,
    );
    return {};
  });
  ecs.on(TagResourceCommand).callsFake((input) => {
    const ts = sets.find((s) => s.taskSetArn === input.resourceArn)!;
    ts.tags = [...(ts.tags ?? []), ...input.tags];
    return {};
  });
  return sets;
}
