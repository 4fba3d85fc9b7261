import type { Service, Tag } from "@aws-sdk/client-ecs";
import { isLiteralTaskDefinition } from "../../manifests/references.js";
import type { Manifest } from "../../manifests/types.js";
import { type DescribedRevision, familyOf, latestRevisionArn, revisionOf } from "../aws/readers.js";
import { type Change, diffIntent } from "../diff/compare.js";
import { keepIgnoredLive } from "../diff/ignore.js";
import type { ResourcePlan } from "../plan.js";
import { changesForCreate, finishPlan } from "../plan-helpers.js";
import { isManaged, type PlanContext, type Reconciler, withManagedBy } from "../reconciler.js";
import type { ServiceLive } from "../service/observe.js";
import { canonicalTaskDefinition, liveTaskDefinitionToSpec, TASK_DEFINITION_RULES } from "./normalize.js";

export interface RevisionLive {
  arn: string;
  described: DescribedRevision;
}

/**
 * The revisions a family's manifest is compared against: those the manifests' services run (a CI job
 * may have moved them on), most used first, then the family's newest ACTIVE revision.
 */
export interface TaskDefinitionLive {
  candidates: RevisionLive[];
}

export const taskDefinitionReconciler: Reconciler<"TaskDefinition", TaskDefinitionLive> = {
  kind: "TaskDefinition",
  observeAfter: ["Service"],

  async observe(manifests, ctx) {
    const out = new Map<string, TaskDefinitionLive | undefined>();
    await Promise.all(
      manifests.map(async (m) => {
        const family = m.metadata.name;
        // The newest revision is always a candidate: right after a register, the services still run
        // the old one, and the new revision must count as "the one matching" or it would be registered
        // again. A List call, not a Describe: each revision is still described once (cache).
        const arns = inUseRevisions(family, ctx.set.ofKind("Service"), ctx.snapshot);
        const latest = await latestRevisionArn(ctx.api, family);
        if (latest && !arns.includes(latest)) arns.push(latest);
        const candidates = await Promise.all(
          arns.map(async (arn) => ({ arn, described: await ctx.revisions.describe(arn) })),
        );
        out.set(`TaskDefinition/${family}`, candidates.length ? { candidates } : undefined);
      }),
    );
    return out;
  },

  plan(m, ctx) {
    return planTaskDefinition(m, ctx);
  },
};

/** Revisions of `family` that the manifests' services currently run, most used first. */
function inUseRevisions(family: string, services: Manifest<"Service">[], snapshot: Map<string, unknown>): string[] {
  const counts = new Map<string, number>();
  for (const s of services) {
    const ref = s.spec.taskDefinition;
    if (!ref || isLiteralTaskDefinition(ref) || ref !== family) continue;
    const live = snapshot.get(`Service/${s.metadata.cluster}/${s.metadata.name}`) as ServiceLive | undefined;
    const arn = (live?.service as Service | undefined)?.taskDefinition;
    if (arn && familyOf(arn) === family) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([arn]) => arn);
}

export function planTaskDefinition(m: Manifest<"TaskDefinition">, ctx: PlanContext<TaskDefinitionLive>): ResourcePlan {
  const { tags, ...content } = m.spec;
  const desired = canonicalTaskDefinition(content);
  const ignore = m.metadata.reconcile?.ignore ?? [];
  const register = {
    service: "ecs" as const,
    name: "RegisterTaskDefinition",
    input: { family: m.metadata.name, ...m.spec, tags: withManagedBy(tags, ctx.options) },
  };
  const candidates = ctx.live?.candidates ?? [];
  if (candidates.length === 0) {
    return finishPlan(
      m,
      { action: "register", changes: changesForCreate(m.spec), operations: [register], health: "Missing" },
      ctx.options,
    );
  }

  const compared = candidates.map((c) => {
    const { tags: liveTags, ...liveContent } = liveTaskDefinitionToSpec(
      c.described.taskDefinition ?? {},
      c.described.tags,
    );
    return {
      c,
      liveTags,
      liveContent,
      changes: diffIntent(desired, liveContent, { ...TASK_DEFINITION_RULES, ignore }),
    };
  });
  const match = compared.find((x) => x.changes.length === 0);
  if (!match) {
    // Shown against the revision most services run (or the newest), which the new revision supersedes.
    const base = compared[0]!;
    return finishPlan(
      m,
      {
        action: "register",
        changes: base.changes,
        operations: [
          {
            ...register,
            // Built from the kept content, not spread over the manifest: an ignored field that the
            // revision in use lacks must be left out, not sent with the manifest's value.
            input: {
              family: m.metadata.name,
              ...keepIgnoredLive(content, base.liveContent, ignore, TASK_DEFINITION_RULES),
              tags: register.input.tags,
            },
          },
        ],
        health: "Healthy",
        // A new revision overwrites nothing, whoever registered the ones before it: no ownership check.
        notes: [`compared with ${revisionOf(base.c.arn)}`],
      },
      ctx.options,
    );
  }

  // Content matches a revision (ours, or one CI registered with equal content): only tags may differ.
  const tagChanges: Change[] = tags
    ? diffIntent({ tags }, { tags: match.liveTags ?? [] }, { ...TASK_DEFINITION_RULES, ignore })
    : [];
  return finishPlan(
    m,
    {
      action: tagChanges.length ? "update" : "none",
      changes: tagChanges,
      operations: tagChanges.length
        ? [{ service: "ecs", name: "TagResource", input: { resourceArn: match.c.arn, tags: tags as Tag[] } }]
        : [],
      health: "Healthy",
      unmanaged: !isManaged(match.c.described.tags, ctx.options.instance),
      adoptArn: match.c.arn,
      resolvedRevision: revisionOf(match.c.arn),
    },
    ctx.options,
  );
}
