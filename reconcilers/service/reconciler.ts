import { createHash, randomUUID } from "node:crypto";
import type { Tag } from "@aws-sdk/client-ecs";
import { isLiteralTaskDefinition } from "../../manifests/references.js";
import type { Manifest } from "../../manifests/types.js";
import { errorName } from "../aws/api.js";
import { type Change, diffIntent } from "../diff/compare.js";
import { keepIgnoredLive } from "../diff/ignore.js";
import { deepMerge, stableStringify } from "../diff/values.js";
import type { Operation, Ref, ResourcePlan } from "../plan.js";
import { changesForCreate, finishPlan } from "../plan-helpers.js";
import { isManaged, namespacesOf, type PlanContext, type Reconciler, withManagedBy } from "../reconciler.js";
import { serviceHealth } from "./health.js";
import { canonicalService, liveServiceToSpec, SERVICE_RULES, type ServiceSpec } from "./normalize.js";
import { observeServices, type ServiceLive } from "./observe.js";

/** CreateService-only fields (ecs-api.md §2.1): changing one means delete and recreate. */
const CREATE_ONLY = ["/launchType", "/schedulingStrategy", "/role"];

export const serviceReconciler: Reconciler<"Service", ServiceLive> = {
  kind: "Service",
  observeAfter: [],
  async observe(manifests, ctx) {
    const live = await observeServices(ctx.api, manifests);
    // validate accepts a literal family:revision or ARN; whether it exists is checked here, against
    // AWS (each revision described once, through the cache).
    await Promise.all(
      manifests.map(async (m) => {
        const ref = m.spec.taskDefinition;
        const l = live.get(`Service/${m.metadata.cluster}/${m.metadata.name}`);
        if (!ref || !isLiteralTaskDefinition(ref) || !l) return;
        const found = await ctx.revisions.describe(ref).then(
          (d) => d.taskDefinition !== undefined,
          (err) => {
            if (errorName(err) === "ClientException") return false;
            throw err;
          },
        );
        if (!found) l.missingTaskDefinition = ref;
      }),
    );
    return live;
  },
  plan: (m, ctx) => planService(m, ctx),
};

/**
 * The task definition the service should run: a revision from the manifests' TaskDefinition plan
 * (the matching one, or the one this apply registers), or a literal family:revision / ARN.
 */
function desiredTaskDefinition(
  m: Manifest<"Service">,
  ctx: PlanContext<ServiceLive>,
): { compare?: string; send?: string | Ref } {
  const ref = m.spec.taskDefinition;
  if (!ref) return {};
  if (isLiteralTaskDefinition(ref)) return { compare: ref, send: ref };
  const tdPlan = ctx.planned.get(`TaskDefinition/${ref}`);
  if (tdPlan?.resolvedRevision) return { compare: tdPlan.resolvedRevision, send: tdPlan.resolvedRevision };
  return { compare: `${ref}:(new revision)`, send: { $ref: `TaskDefinition/${ref}` } };
}

/** Differs between processes, so a token is never shared by two runs of the tool. */
const PROCESS_NONCE = randomUUID();

/**
 * ≤ 36 characters, the same for the same create within this process and hour, so a create the SDK
 * (or a requeue) retries never makes two services. It changes across runs and hours because ECS keeps
 * a token for 24 h: a service deleted out of band and created again from an identical spec must not
 * be answered with the old, deleted one.
 */
function clientToken(m: Manifest<"Service">, input: object, generation: string): string {
  const hour = Math.floor(Date.now() / 3_600_000);
  return createHash("sha256")
    .update(`${PROCESS_NONCE}/${hour}/${m.metadata.cluster}/${m.metadata.name}/${generation}/${stableStringify(input)}`)
    .digest("hex")
    .slice(0, 32);
}

export function planService(m: Manifest<"Service">, ctx: PlanContext<ServiceLive>): ResourcePlan {
  const cluster = m.metadata.cluster!;
  const name = m.metadata.name;
  const td = desiredTaskDefinition(m, ctx);
  const { tags, ...rest } = m.spec;
  const sendSpec = { ...rest, ...(td.send ? { taskDefinition: td.send } : {}) };
  const service = ctx.live?.service;
  const createOp = (generation: string, spec: Record<string, unknown> = sendSpec): Operation => {
    const input = { cluster, serviceName: name, ...spec, tags: withManagedBy(tags, ctx.options) };
    return {
      service: "ecs",
      name: "CreateService",
      input: { ...input, clientToken: clientToken(m, input, generation) },
    };
  };
  const clusterKnown = ctx.live?.clusterExists !== false || ctx.set.get("Cluster", cluster) !== undefined;
  const notes = clusterKnown ? [] : [`cluster ${cluster} does not exist and no Cluster manifest defines it`];
  if (ctx.live?.missingTaskDefinition)
    notes.push(`task definition ${ctx.live.missingTaskDefinition} does not exist in this account and Region`);

  if (!service) {
    const plan = finishPlan(
      m,
      { action: "create", changes: changesForCreate(m.spec), operations: [createOp("")], health: "Missing", notes },
      ctx.options,
    );
    if (notes.length && plan.mode === "enforce") plan.blocked = notes.join("; ");
    return plan;
  }

  const namespaces = namespacesOf(ctx.snapshot);
  const desired = canonicalService({ ...m.spec, ...(td.compare ? { taskDefinition: td.compare } : {}) }, namespaces);
  const live = liveServiceToSpec(service, namespaces);
  const ignore = m.metadata.reconcile?.ignore ?? [];
  // Ignored fields are never changed: what is sent carries their live values (CONTRACT.md §2).
  const sendKept = keepIgnoredLive(sendSpec, live, ignore, SERVICE_RULES);
  const changes = diffIntent(desired, live, { ...SERVICE_RULES, ignore });
  // A rollback that succeeded stays ECS's current service deployment until the next one. Once the
  // manifest asks for what runs now (reverted in Git), that rollback is history, not Degraded.
  const deployment = ctx.live?.deployment;
  const settledRollback = deployment?.status === "ROLLBACK_SUCCESSFUL" && changes.length === 0;
  const { health, message } = serviceHealth(service, settledRollback ? undefined : deployment);
  const common = {
    changes,
    health,
    ...(message ? { healthMessage: message } : {}),
    unmanaged: !isManaged(service.tags, ctx.options.instance),
    ...(service.serviceArn ? { adoptArn: service.serviceArn } : {}),
  };
  if (changes.length === 0) return finishPlan(m, { ...common, action: "none", operations: [] }, ctx.options);

  const createOnly = changes.filter((c) => CREATE_ONLY.some((p) => c.path === p || c.path.startsWith(`${p}/`)));
  const toCodeDeploy =
    m.spec.deploymentController?.type === "CODE_DEPLOY" && service.deploymentController?.type !== "CODE_DEPLOY";
  if (createOnly.length > 0 || toCodeDeploy) {
    const why = createOnly.map((c) => `${c.path.slice(1)} cannot be changed in place`);
    if (toCodeDeploy) why.push("a service cannot move to the CODE_DEPLOY deployment controller in place");
    return finishPlan(
      m,
      {
        ...common,
        action: "replace",
        notes: why,
        operations: [
          { service: "ecs", name: "DeleteService", input: { cluster, service: name, force: true } },
          {
            service: "ecs",
            name: "DescribeServices",
            input: { cluster, services: [name] },
            waitFor: "serviceInactive",
          },
          createOp(String(service.createdAt ?? "replace"), sendKept),
        ],
      },
      ctx.options,
    );
  }
  const plan = finishPlan(
    m,
    { ...common, action: "update", operations: updateOperations(m, changes, live, sendKept, service.serviceArn) },
    ctx.options,
  );
  if (ctx.live?.missingTaskDefinition && changes.some((c) => c.path === "/taskDefinition") && plan.mode === "enforce")
    plan.blocked = `task definition ${ctx.live.missingTaskDefinition} does not exist in this account and Region`;
  return plan;
}

/**
 * UpdateService with the top-level fields that changed. A nested struct is sent as live merged with
 * the manifest, so fields the manifest leaves out keep their live values instead of being reset.
 */
function updateOperations(
  m: Manifest<"Service">,
  changes: Change[],
  live: ServiceSpec,
  sendSpec: Record<string, unknown>,
  serviceArn: string | undefined,
): Operation[] {
  const cluster = m.metadata.cluster!;
  const fields = new Set(changes.map((c) => c.path.split("/")[1]!));
  const ops: Operation[] = [];
  const update: Record<string, unknown> = { cluster, service: m.metadata.name };
  for (const f of fields) {
    if (f === "tags") continue;
    const liveValue = (live as Record<string, unknown>)[f];
    update[f] = deepMerge(Array.isArray(sendSpec[f]) ? undefined : liveValue, sendSpec[f]);
  }
  // ECS requires a new deployment for any capacity provider strategy change (ecs-api.md §2.3).
  if (fields.has("capacityProviderStrategy")) update.forceNewDeployment = true;
  if (Object.keys(update).length > 2) ops.push({ service: "ecs", name: "UpdateService", input: update });
  if (fields.has("tags") && m.spec.tags && serviceArn) {
    ops.push({ service: "ecs", name: "TagResource", input: { resourceArn: serviceArn, tags: m.spec.tags as Tag[] } });
  }
  return ops;
}
