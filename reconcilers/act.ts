import * as autoscaling from "@aws-sdk/client-auto-scaling";
import * as ecs from "@aws-sdk/client-ecs";
import { KINDS } from "../manifests/types.js";
import { type AwsApi, errorName } from "./aws/api.js";
import { isPlainObject } from "./diff/values.js";
import type { Operation, Plan, ResourcePlan } from "./plan.js";

export interface ActResult {
  key: string;
  plan: ResourcePlan;
  outcome: "applied" | "skipped" | "failed";
  message?: string;
}

/** The plan cannot run as a whole: nothing was changed. */
export class PlanBlockedError extends Error {
  constructor(readonly blocked: ResourcePlan[]) {
    super(blocked.map((p) => `${p.key}: ${p.blocked}`).join("\n"));
    this.name = "PlanBlockedError";
  }
}

export interface ActOptions {
  /** Called after each resource, for progress lines. */
  onResult?: (r: ActResult) => void;
  /** Poll interval while waiting for a deleted service to go INACTIVE (tests shorten it). */
  pollMs?: number;
  waitTimeoutMs?: number;
  /** Filled with what the apply resolved: task definition key → the registered (or matching) ARN. */
  refs?: Map<string, string>;
}

/**
 * Executes a plan: kinds in reconcile order, resources of one kind concurrently (the AWS layer's
 * limiter paces them). Refuses to start when any resource is blocked, so a plan that cannot finish
 * changes nothing. Resources in observe or suspended mode are skipped.
 */
export async function applyPlan(plan: Plan, api: AwsApi, options: ActOptions = {}): Promise<ActResult[]> {
  const actionable = plan.resources.filter((r) => r.action !== "none" && r.mode === "enforce");
  const blocked = actionable.filter((r) => r.blocked);
  if (blocked.length > 0) throw new PlanBlockedError(blocked);

  const refs = options.refs ?? new Map<string, string>();
  for (const r of plan.resources) if (r.resolvedRevision) refs.set(r.key, r.resolvedRevision);
  const failed = new Set<string>();
  const results: ActResult[] = [];
  const report = (r: ActResult) => {
    results.push(r);
    options.onResult?.(r);
  };

  for (const kind of KINDS) {
    const batch = plan.resources.filter((r) => r.kind === kind && r.action !== "none");
    await Promise.all(
      batch.map(async (r) => {
        if (r.mode !== "enforce") return report({ key: r.key, plan: r, outcome: "skipped", message: `${r.mode} mode` });
        const missing = refsIn(r.operations).find((ref) => failed.has(ref) || !refs.has(ref));
        if (missing) {
          failed.add(r.key);
          const dep = plan.resources.find((p) => p.key === missing);
          const why =
            dep && dep.mode !== "enforce"
              ? `it waits for ${missing}, which is in ${dep.mode} mode`
              : `${missing} failed`;
          return report({ key: r.key, plan: r, outcome: "failed", message: `not applied: ${why}` });
        }
        try {
          for (const op of r.operations) {
            const output = await runOperation(api, op, refs, options);
            const arn = (output as { taskDefinition?: { taskDefinitionArn?: string } })?.taskDefinition
              ?.taskDefinitionArn;
            if (op.name === "RegisterTaskDefinition" && arn) refs.set(r.key, arn);
          }
          report({ key: r.key, plan: r, outcome: "applied" });
        } catch (err) {
          failed.add(r.key);
          report({ key: r.key, plan: r, outcome: "failed", message: `${errorName(err)}: ${(err as Error).message}` });
        }
      }),
    );
  }
  return results;
}

function refsIn(ops: Operation[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (isPlainObject(v)) {
      if (typeof v.$ref === "string") out.push(v.$ref);
      else for (const x of Object.values(v)) visit(x);
    }
  };
  for (const op of ops) visit(op.input);
  return out;
}

function resolveRefs(v: unknown, refs: Map<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, refs));
  if (isPlainObject(v)) {
    if (typeof v.$ref === "string") {
      const value = refs.get(v.$ref);
      if (value === undefined) throw new Error(`unresolved reference ${v.$ref}`);
      return value;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRefs(x, refs)]));
  }
  return v;
}

// biome-ignore lint/suspicious/noExplicitAny: commands are looked up by operation name
type CommandClass = new (input: any) => any;

async function runOperation(api: AwsApi, op: Operation, refs: Map<string, string>, options: ActOptions) {
  const lib = (op.service === "ecs" ? ecs : autoscaling) as unknown as Record<string, CommandClass>;
  const Command = lib[`${op.name}Command`];
  if (!Command) throw new Error(`unknown ${op.service} operation ${op.name}`);
  const input = resolveRefs(op.input, refs);
  if (op.waitFor) return pollUntil(api, new Command(input), WAIT_CONDITIONS[op.waitFor], options);
  return op.service === "ecs" ? api.ecs(new Command(input)) : api.autoscaling(new Command(input));
}

type Condition = (output: Record<string, unknown>) => "done" | "wait" | string;

/** Delete calls return before the resource is gone; a create under the same name must wait. */
const WAIT_CONDITIONS: Record<NonNullable<Operation["waitFor"]>, Condition> = {
  serviceInactive: (out) => {
    const s = (out.services as ecs.Service[] | undefined)?.[0];
    return !s || s.status === "INACTIVE" ? "done" : "wait";
  },
  capacityProviderDeleted: (out) => {
    const cp = (out.capacityProviders as ecs.CapacityProvider[] | undefined)?.[0];
    if (!cp || cp.status === "INACTIVE" || cp.updateStatus === "DELETE_COMPLETE") return "done";
    if (cp.updateStatus === "DELETE_FAILED") return `delete failed: ${cp.updateStatusReason ?? "no reason given"}`;
    return "wait";
  },
};

async function pollUntil(api: AwsApi, describe: { input: unknown }, condition: Condition, options: ActOptions) {
  const deadline = Date.now() + (options.waitTimeoutMs ?? 10 * 60_000);
  let delay = options.pollMs ?? 2000;
  for (;;) {
    const res = (await api.ecs(describe as ecs.DescribeServicesCommand)) as unknown as Record<string, unknown>;
    const verdict = condition(res);
    if (verdict === "done") return res;
    if (verdict !== "wait") throw new Error(verdict);
    if (Date.now() > deadline) throw new Error("still not deleted after waiting; check the AWS console");
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 15_000);
  }
}
