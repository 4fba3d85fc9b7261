import type { TaskSet } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { nextRolloutStep, ROLLOUT_TAG, scalesOf } from "./rollout.js";

const T0 = Date.parse("2026-11-25T12:00:00Z");
const spec = {
  steps: [
    { scale: 10, pause: "2m" },
    { scale: 50, pause: "5m" },
  ],
  stepTimeout: "10m",
};

function ts(over: Partial<TaskSet> & { scale?: number }): TaskSet {
  const { scale, ...rest } = over;
  return {
    id: "ecs-svc/new",
    taskSetArn: "arn:aws:ecs:us-east-1:1:task-set/c/s/ecs-svc/new",
    externalId: "web/new",
    status: "ACTIVE",
    stabilityStatus: "STEADY_STATE",
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    stabilityStatusAt: new Date(T0),
    scale: { unit: "PERCENT", value: scale ?? 10 },
    ...rest,
  };
}
const old = ts({ id: "ecs-svc/old", externalId: "web/old", status: "PRIMARY", scale: 100 });
const step = (target: TaskSet | undefined, now: number, previous = [old]) =>
  nextRolloutStep({ target, previous, hasPrimary: true, spec, finalScale: 100, now });

describe("progressive rollout step function", () => {
  it("goes 10% → 50% → 100% → promote → drain, each after STEADY_STATE and its pause", () => {
    expect(scalesOf(spec, 100)).toEqual([10, 50, 100]);
    expect(step(undefined, T0).step).toEqual({ kind: "create", scale: 10, promote: false });
    // Steady at 10% for 1 minute of a 2 minute pause: wait the rest.
    expect(step(ts({ scale: 10 }), T0 + 60_000)).toMatchObject({
      step: { kind: "wait", afterMs: 60_000 },
      stepIndex: 1,
      steps: 3,
    });
    expect(step(ts({ scale: 10 }), T0 + 120_000)).toMatchObject({ step: { kind: "scale", scale: 50 }, stepIndex: 2 });
    expect(step(ts({ scale: 50 }), T0 + 300_000)).toMatchObject({ step: { kind: "scale", scale: 100 }, stepIndex: 3 });
    expect(step(ts({ scale: 100 }), T0)).toMatchObject({ step: { kind: "promote" } });
    const promoted = ts({ scale: 100, status: "PRIMARY" });
    expect(step(promoted, T0, [{ ...old, status: "ACTIVE" }]).step).toMatchObject({ kind: "drain" });
    expect(step(promoted, T0, []).step).toEqual({ kind: "done" });
  });

  it("a step not STEADY_STATE within its timeout rolls back; before it, waits", () => {
    const stuck = ts({ scale: 50, stabilityStatus: "STABILIZING", updatedAt: new Date(T0) });
    expect(step(stuck, T0 + 9 * 60_000).step.kind).toBe("wait");
    const r = step(stuck, T0 + 11 * 60_000);
    expect(r.step).toMatchObject({ kind: "rollback", reason: "rolled-back at 50%: not STEADY_STATE within 600s" });
    expect(r.stepIndex).toBe(2);
  });

  it("a step's pause counts from the step's start, not from an older steady state", () => {
    // 10 % and 25 % of a 2-task service are both 1 task: ECS keeps the old STEADY_STATE time.
    const rescaled = ts({ scale: 25, stabilityStatusAt: new Date(T0 - 30 * 60_000), updatedAt: new Date(T0) });
    const s = nextRolloutStep({
      target: rescaled,
      previous: [old],
      hasPrimary: true,
      spec: {
        steps: [
          { scale: 10, pause: "30m" },
          { scale: 25, pause: "5m" },
        ],
      },
      finalScale: 100,
      now: T0 + 2000,
    });
    expect(s.step).toEqual({ kind: "wait", afterMs: 5 * 60_000 - 2000 });
  });

  it("a set marked rolled back but still scaled up is scaled to 0, without tagging again", () => {
    const half = ts({ scale: 50, tags: [{ key: ROLLOUT_TAG, value: "rolled-back at 50%" }] });
    expect(step(half, T0).step).toMatchObject({ kind: "rollback", tag: false });
  });

  it("a rolled-back generation is not retried: it stays failed until the manifest changes", () => {
    const rolledBack = ts({ scale: 0, tags: [{ key: ROLLOUT_TAG, value: "rolled-back at 50%" }] });
    expect(step(rolledBack, T0).step).toEqual({ kind: "failed", reason: "rolled-back at 50%" });
  });

  it("the first task set of a service goes straight to its final scale, to be promoted", () => {
    expect(
      nextRolloutStep({ target: undefined, previous: [], hasPrimary: false, spec, finalScale: 100, now: T0 }).step,
    ).toEqual({
      kind: "create",
      scale: 100,
      promote: true,
    });
  });

  it("resumes from what ECS shows after a restart: the step comes from the task set's scale and times", () => {
    // A controller that died while the new set was at 50% and steady for 6 minutes continues with 100%.
    const atHalf = ts({
      scale: 50,
      stabilityStatusAt: new Date(T0 - 6 * 60_000),
      updatedAt: new Date(T0 - 7 * 60_000),
    });
    expect(step(atHalf, T0)).toMatchObject({ step: { kind: "scale", scale: 100 }, stepIndex: 3 });
  });
});
