import {
  type ContainerDefinition,
  DescribeTasksCommand,
  type DesiredStatus,
  ListTasksCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { type AwsApi, errorName } from "../aws/api.js";
import { chunk, describeServicesBatched, revisionOf, type TaskDefinitionCache } from "../aws/readers.js";

/** API maxima (ecs-api.md §1.3): DescribeTasks takes 100 tasks, ListTasks pages by at most 100. */
export const DESCRIBE_TASKS_BATCH = 100;
export const LIST_TASKS_PAGE = 100;
/** Stopped tasks shown by default; ECS keeps them visible for about an hour. */
export const DEFAULT_STOPPED_TASKS = 10;
/**
 * ListTasks does not document an order, so "the most recent stopped tasks" means describing the
 * stopped ones and sorting them. A crash-looping service can pile up many in an hour: at most this
 * many stopped tasks are looked at (10 ListTasks + 10 DescribeTasks calls).
 */
export const MAX_STOPPED_SCANNED = 1000;

export type TaskHealth = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

export interface ContainerView {
  name: string;
  essential: boolean;
  lastStatus?: string;
  healthStatus?: string;
  exitCode?: number;
  reason?: string;
}

export interface TaskView {
  taskArn: string;
  /** Last segment of the ARN. */
  taskId: string;
  /** family:revision */
  taskDefinition: string;
  lastStatus?: string;
  desiredStatus?: string;
  health: TaskHealth;
  /** ISO 8601 */
  startedAt?: string;
  stoppedAt?: string;
  stoppedReason?: string;
  stopCode?: string;
  containers: ContainerView[];
}

/**
 * The health of one task, following ECS's own rules ("How Amazon ECS determines task health",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html): only containers
 * that are essential AND have a health check command in the task definition count, and the rules
 * are evaluated in order —
 *   1. an essential container reports UNHEALTHY            → UNHEALTHY (whatever the task's status);
 *   2. the task is not RUNNING (PENDING, STOPPED, ...)     → UNKNOWN;
 *   3. essential containers with a health check exist:
 *        all report HEALTHY → HEALTHY; any other (UNKNOWN: still being evaluated) → UNKNOWN;
 *   4. no essential container has a health check: ECS reports UNKNOWN, and the service scheduler
 *      goes by the task's state, so without a load balancer a RUNNING task counts as HEALTHY; with
 *      one, the target group's health decides, which ECS does not show on the task → UNKNOWN.
 * Non-essential containers never decide ("The container health check status of nonessential
 * containers don't have an effect on the health status of a task", API_HealthCheck).
 *
 * `hasHealthCheck` says which containers have a health check command in their definition. Without
 * it, a container that reports HEALTHY or UNHEALTHY is taken to have one; UNKNOWN is ambiguous in
 * the API ("being evaluated, there's no container health check defined, or ECS doesn't have the
 * health status") and is read as "no health check", which holds except during a check's start period.
 */
export function taskHealth(
  task: Task,
  essential: (containerName: string) => boolean,
  hasLoadBalancer: boolean,
  hasHealthCheck: (containerName: string) => boolean = (name) => reportsHealth(task, name),
): TaskHealth {
  const deciding = (task.containers ?? []).filter((c) => essential(c.name ?? ""));
  if (deciding.some((c) => c.healthStatus === "UNHEALTHY")) return "UNHEALTHY";
  if (task.lastStatus !== "RUNNING") return "UNKNOWN";
  const checked = deciding.filter((c) => hasHealthCheck(c.name ?? ""));
  if (checked.length > 0) return checked.every((c) => c.healthStatus === "HEALTHY") ? "HEALTHY" : "UNKNOWN";
  return hasLoadBalancer ? "UNKNOWN" : "HEALTHY";
}

function reportsHealth(task: Task, name: string): boolean {
  const status = task.containers?.find((c) => c.name === name)?.healthStatus;
  return status === "HEALTHY" || status === "UNHEALTHY";
}

/**
 * The tasks of one service: every task ECS wants running (ListTasks desiredStatus RUNNING, paged by
 * 100) and the `stopped` (default 10) most recently stopped of those it has stopped — ECS keeps
 * stopped tasks for about an hour — described 100 a call (ecs-api.md §1.3). Which containers are
 * essential and which have a health check comes from each task's revision, described once per
 * process through `revisions`. Running tasks first, then by start time, newest first.
 *
 * Task health needs to know whether the service is behind a load balancer; when the caller does not
 * say (`hasLoadBalancer`), the service is read with one DescribeServices call.
 */
export async function listServiceTasks(
  api: AwsApi,
  revisions: TaskDefinitionCache,
  cluster: string,
  service: string,
  options: { stopped?: number; hasLoadBalancer?: boolean } = {},
): Promise<TaskView[]> {
  const stoppedWanted = Math.max(0, options.stopped ?? DEFAULT_STOPPED_TASKS);
  const [runningArns, stoppedArns, hasLoadBalancer] = await Promise.all([
    listTaskArns(api, cluster, service, "RUNNING", Number.POSITIVE_INFINITY),
    stoppedWanted > 0 ? listTaskArns(api, cluster, service, "STOPPED", MAX_STOPPED_SCANNED) : [],
    options.hasLoadBalancer ??
      describeServicesBatched(api, cluster, [service]).then((m) => (m.get(service)?.loadBalancers?.length ?? 0) > 0),
  ]);
  const tasks = await describeTasks(api, cluster, [...new Set([...runningArns, ...stoppedArns])]);

  // A task can move from one list to the other between the two calls: its described state decides.
  const live = tasks.filter((t) => t.desiredStatus !== "STOPPED");
  const stopped = tasks
    .filter((t) => t.desiredStatus === "STOPPED")
    .sort(byStopDescending)
    .slice(0, stoppedWanted);

  const definitions = new Map<string, Map<string, ContainerDefinition> | undefined>();
  await Promise.all(
    [...new Set([...live, ...stopped].map((t) => t.taskDefinitionArn ?? ""))]
      .filter((arn) => arn !== "")
      .map(async (arn) => definitions.set(arn, await containerDefinitions(revisions, arn))),
  );

  return [...live, ...stopped]
    .sort((a, b) => statusRank(a) - statusRank(b) || byStartDescending(a, b))
    .map((task) => toView(task, definitions.get(task.taskDefinitionArn ?? ""), hasLoadBalancer));
}

async function listTaskArns(
  api: AwsApi,
  cluster: string,
  serviceName: string,
  desiredStatus: DesiredStatus,
  limit: number,
): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const res = await api.ecs(
      new ListTasksCommand({ cluster, serviceName, desiredStatus, maxResults: LIST_TASKS_PAGE, nextToken }),
    );
    arns.push(...(res.taskArns ?? []));
    nextToken = res.nextToken;
  } while (nextToken && arns.length < limit);
  return arns.slice(0, limit);
}

/** Tasks by ARN, 100 a call; tasks ECS no longer knows (`failures`, MISSING) are left out. */
async function describeTasks(api: AwsApi, cluster: string, arns: readonly string[]): Promise<Task[]> {
  const responses = await Promise.all(
    chunk(arns, DESCRIBE_TASKS_BATCH).map((tasks) => api.ecs(new DescribeTasksCommand({ cluster, tasks }))),
  );
  return responses.flatMap((r) => r.tasks ?? []);
}

/**
 * Container definitions of a revision by name. A revision ECS can no longer describe (deleted:
 * ClientException) yields undefined — its tasks are still shown, every container taken as essential
 * (the ECS default). Any other error (throttling, access denied) is the caller's to see.
 */
async function containerDefinitions(
  revisions: TaskDefinitionCache,
  arn: string,
): Promise<Map<string, ContainerDefinition> | undefined> {
  try {
    const { taskDefinition } = await revisions.describe(arn);
    return new Map((taskDefinition?.containerDefinitions ?? []).map((c) => [c.name ?? "", c]));
  } catch (err) {
    if (errorName(err) === "ClientException") return undefined;
    throw err;
  }
}

function toView(task: Task, definitions: Map<string, ContainerDefinition> | undefined, hasLoadBalancer: boolean) {
  // `essential` omitted means true; a container the definition does not list (an ECS-managed one such
  // as the Service Connect proxy) is taken as essential too.
  const essential = (name: string) => definitions?.get(name)?.essential !== false;
  const hasHealthCheck = (name: string) => {
    const definition = definitions?.get(name);
    return definition ? (definition.healthCheck?.command?.length ?? 0) > 0 : reportsHealth(task, name);
  };
  const taskArn = task.taskArn ?? "";
  const view: TaskView = {
    taskArn,
    taskId: taskArn.slice(taskArn.lastIndexOf("/") + 1),
    taskDefinition: revisionOf(task.taskDefinitionArn ?? ""),
    ...defined({ lastStatus: task.lastStatus, desiredStatus: task.desiredStatus }),
    health: taskHealth(task, essential, hasLoadBalancer, hasHealthCheck),
    ...defined({
      startedAt: task.startedAt?.toISOString(),
      stoppedAt: task.stoppedAt?.toISOString(),
      stoppedReason: task.stoppedReason,
      stopCode: task.stopCode,
    }),
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? "",
      essential: essential(c.name ?? ""),
      ...defined({ lastStatus: c.lastStatus, healthStatus: c.healthStatus, exitCode: c.exitCode, reason: c.reason }),
    })),
  };
  return view;
}

/** Running first, then tasks still starting, then the stopping and stopped. */
function statusRank(task: Task): number {
  if (task.lastStatus === "RUNNING" && task.desiredStatus !== "STOPPED") return 0;
  return task.desiredStatus === "STOPPED" ? 2 : 1;
}

function byStartDescending(a: Task, b: Task): number {
  return descending(a.startedAt ?? a.createdAt, b.startedAt ?? b.createdAt);
}

/** Still stopping (no stoppedAt yet) counts as the most recent. */
function byStopDescending(a: Task, b: Task): number {
  return descending(a.stoppedAt ?? FAR_FUTURE, b.stoppedAt ?? FAR_FUTURE) || byStartDescending(a, b);
}

const FAR_FUTURE = new Date(8.64e15);

/** Newest first; a missing time sorts last. */
function descending(a: Date | undefined, b: Date | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return b.getTime() - a.getTime();
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
