/**
 * Progressive delivery for EXTERNAL services, as a pure step function over what ECS shows: given the
 * task sets, the time and the rollout spec, the one next thing to do. Everything it needs is on the
 * task sets themselves (scale, stabilityStatus and its time, updatedAt, tags), so a controller that
 * restarts mid-rollout resumes where ECS says it is.
 */
import type { TaskSet } from "@aws-sdk/client-ecs";
import { durationMs } from "../../manifests/duration.js";
import type { RolloutSpec } from "../../manifests/types.js";

export const ROLLOUT_TAG = "ecs-reconciler.io/rollout";
export const DEFAULT_STEP_TIMEOUT_MS = 10 * 60_000;

export type RolloutStep =
  | { kind: "create"; scale: number; promote: boolean }
  | { kind: "scale"; taskSet: TaskSet; scale: number }
  | { kind: "promote"; taskSet: TaskSet }
  | { kind: "drain"; taskSets: TaskSet[] }
  /** Scale the new set to 0; `tag` marks it rolled back first (not again when it already is). */
  | { kind: "rollback"; taskSet: TaskSet; reason: string; tag: boolean }
  | { kind: "wait"; afterMs: number }
  | { kind: "done" }
  | { kind: "failed"; reason: string };

export interface RolloutState {
  step: RolloutStep;
  /** 1-based step number of a rollout in progress (0 when none), and the number of steps. */
  stepIndex: number;
  steps: number;
  message: string;
}

/** The scales a new task set goes through: the spec's steps, then the final scale. */
export function scalesOf(spec: RolloutSpec | undefined, finalScale: number): number[] {
  const steps = (spec?.steps ?? []).map((s) => s.scale).filter((s) => s < finalScale);
  return [...steps, finalScale];
}

function pauseOf(spec: RolloutSpec | undefined, scale: number): number {
  const step = spec?.steps?.find((s) => s.scale === scale);
  return step?.pause !== undefined ? (durationMs(step.pause) ?? 0) : 0;
}

const time = (d: Date | string | undefined) => (d ? new Date(d).getTime() : 0);
const scaleOf = (ts: TaskSet) => ts.scale?.value ?? 0;
export const isRolledBack = (ts: TaskSet) =>
  (ts.tags ?? []).some((t) => t.key === ROLLOUT_TAG && t.value?.startsWith("rolled-back"));

/**
 * `target` is the task set of the manifest's current generation (undefined when not created yet);
 * `previous` are our other task sets (older generations). `hasPrimary` says whether the service
 * already has a primary task set (ours or not).
 */
export function nextRolloutStep(args: {
  target: TaskSet | undefined;
  previous: TaskSet[];
  hasPrimary: boolean;
  spec: RolloutSpec | undefined;
  finalScale: number;
  now: number;
}): RolloutState {
  const { target, previous, spec, finalScale, now } = args;
  const scales = scalesOf(spec, finalScale);
  const n = scales.length;
  const stepTimeout =
    (spec?.stepTimeout !== undefined ? durationMs(spec.stepTimeout) : undefined) ?? DEFAULT_STEP_TIMEOUT_MS;

  if (!target) {
    // First deployment of the service: nothing to protect, go straight to the final scale.
    if (!args.hasPrimary)
      return {
        step: { kind: "create", scale: finalScale, promote: true },
        stepIndex: n,
        steps: n,
        message: "first task set",
      };
    return {
      step: { kind: "create", scale: scales[0]!, promote: false },
      stepIndex: 1,
      steps: n,
      message: `step 1/${n}: new task set at ${scales[0]}%`,
    };
  }
  if (isRolledBack(target)) {
    const reason = target.tags?.find((t) => t.key === ROLLOUT_TAG)?.value ?? "rolled-back";
    // Marked rolled back but still scaled up (the scale-down failed after the tag): finish it.
    if (scaleOf(target) > 0 && target.status !== "PRIMARY")
      return {
        step: { kind: "rollback", taskSet: target, reason, tag: false },
        stepIndex: 0,
        steps: n,
        message: `rollout ${reason}; scaling the new task set to 0`,
      };
    const kept = args.hasPrimary ? "the previous task set stays primary" : "the service has no primary task set";
    return { step: { kind: "failed", reason }, stepIndex: 0, steps: n, message: `rollout ${reason}; ${kept}` };
  }
  if (target.status === "PRIMARY") {
    const old = previous.filter((p) => p.status !== "DRAINING");
    if (old.length)
      return {
        step: { kind: "drain", taskSets: old },
        stepIndex: n,
        steps: n,
        message: "draining the previous task set",
      };
    if (scaleOf(target) !== finalScale)
      return {
        step: { kind: "scale", taskSet: target, scale: finalScale },
        stepIndex: 0,
        steps: n,
        message: `scale to ${finalScale}%`,
      };
    if (previous.length || target.stabilityStatus !== "STEADY_STATE")
      return { step: { kind: "wait", afterMs: 15_000 }, stepIndex: 0, steps: n, message: "stabilizing" };
    return { step: { kind: "done" }, stepIndex: 0, steps: n, message: "steady" };
  }

  // A rollout in progress: the target is not primary yet.
  const current = scaleOf(target);
  const index = Math.max(
    0,
    scales.findIndex((s) => s >= current),
  );
  const label = `step ${index + 1}/${n}: new task set at ${current}%`;
  if (target.stabilityStatus !== "STEADY_STATE") {
    const since = now - Math.max(time(target.updatedAt), time(target.createdAt));
    if (since > stepTimeout)
      return {
        step: {
          kind: "rollback",
          taskSet: target,
          reason: `rolled-back at ${current}%: not STEADY_STATE within ${Math.round(stepTimeout / 1000)}s`,
          tag: true,
        },
        stepIndex: index + 1,
        steps: n,
        message: `${label}, not steady after ${Math.round(since / 1000)}s: rolling back`,
      };
    return {
      step: { kind: "wait", afterMs: Math.min(15_000, stepTimeout - since) },
      stepIndex: index + 1,
      steps: n,
      message: `${label}, stabilizing`,
    };
  }
  // Held since the step began: a scale that does not change the task count (10 % and 25 % of 2 tasks
  // are both 1) leaves the set STEADY_STATE with its old stabilityStatusAt, which must not count as
  // time already spent in this step.
  const held = now - Math.max(time(target.stabilityStatusAt), time(target.updatedAt));
  const pause = pauseOf(spec, current);
  if (held < pause)
    return {
      step: { kind: "wait", afterMs: pause - held },
      stepIndex: index + 1,
      steps: n,
      message: `${label}, steady, pausing ${Math.round((pause - held) / 1000)}s more`,
    };
  if (current >= finalScale)
    return {
      step: { kind: "promote", taskSet: target },
      stepIndex: n,
      steps: n,
      message: `step ${n}/${n}: promoting the new task set`,
    };
  const next = scales.find((s) => s > current) ?? finalScale;
  return {
    step: { kind: "scale", taskSet: target, scale: next },
    stepIndex: index + 2,
    steps: n,
    message: `step ${index + 2}/${n}: new task set to ${next}%`,
  };
}
