/**
 * Every real describe output in test/fixtures/describe (see its README.md for sources):
 *  (a) no false drift: the spec the user wrote, planned against what ECS returned, is in sync;
 *  (b) no missed drift: a console user's change to a field the manifest sets is reported with its
 *      JSON pointer (manifest-order indices), live and desired values.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Cluster, Service, Tag, TaskDefinition } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { API_VERSION, type Kind, type Manifest, ManifestSet, type SpecByKind } from "../../manifests/types.js";
import { CLUSTER_RULES, canonicalCluster, liveClusterToSpec } from "../../reconcilers/cluster/normalize.js";
import { planCluster } from "../../reconcilers/cluster/reconciler.js";
import { type Change, diffIntent } from "../../reconcilers/diff/compare.js";
import type { ResourcePlan } from "../../reconcilers/plan.js";
import { MANAGED_BY_TAG, NAMESPACES_KEY, type ReconcileOptions } from "../../reconcilers/reconciler.js";
import { planService } from "../../reconcilers/service/reconciler.js";
import { liveTaskDefinitionToSpec, TASK_DEFINITION_RULES } from "../../reconcilers/task-definition/normalize.js";
import { planTaskDefinition } from "../../reconcilers/task-definition/reconciler.js";
import { matchedRevision } from "../../reconcilers/testing.js";

// --- fixture plumbing (the same few helpers as drift-sources.test.ts) -----------------------------

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/describe");

type DescribedTaskDefinition = { taskDefinition: TaskDefinition; tags?: Tag[] };
interface Fixture<K extends Kind = Kind> {
  source: string;
  drift_sources: number[];
  kind: K;
  note: string;
  desired: SpecByKind[K];
  response: K extends "TaskDefinition" ? DescribedTaskDefinition : K extends "Service" ? Service : Cluster;
}

function fixture<K extends "TaskDefinition" | "Service" | "Cluster">(file: string, kind: K): Fixture<K> {
  const fx = JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Fixture<K>;
  expect(fx.kind).toBe(kind);
  return fx;
}

const OPTIONS: ReconcileOptions = { instance: "ecs-reconciler", mode: "enforce", adopt: false, allowReplace: false };
const source = { file: "fixture", line: 1, lineOf: () => 1 };

function manifest<K extends Kind>(kind: K, name: string, spec: SpecByKind[K], cluster?: string): Manifest<K> {
  return { apiVersion: API_VERSION, kind, metadata: { name, ...(cluster ? { cluster } : {}) }, spec, source };
}

const lastSegment = (arn: string) => arn.split("/").pop()!;
/** `family:rev` from a task definition ARN (the doc fixture without a revision gives the bare family). */
const revisionFromArn = (arn: string) => arn.slice(arn.indexOf("task-definition/") + "task-definition/".length);

function planTd(desired: SpecByKind["TaskDefinition"], described: DescribedTaskDefinition): ResourcePlan {
  const td = described.taskDefinition;
  const m = manifest("TaskDefinition", td.family!, desired);
  const live = {
    candidates: [{ arn: td.taskDefinitionArn!, described: { taskDefinition: td, tags: described.tags } }],
  };
  return planTaskDefinition(m, {
    live,
    set: new ManifestSet([m]),
    snapshot: new Map(),
    planned: new Map(),
    options: OPTIONS,
  });
}

/** Plans a service; a bare-family taskDefinition resolves to the revision the response runs (or `resolved`). */
function planSvc(desired: SpecByKind["Service"], service: Service, resolved?: string): ResourcePlan {
  const m = manifest("Service", service.serviceName!, desired, lastSegment(service.clusterArn!));
  const planned = new Map<string, ResourcePlan>();
  const family = desired.taskDefinition;
  if (family && service.taskDefinition) {
    const rev = resolved ?? revisionFromArn(service.taskDefinition);
    planned.set(`TaskDefinition/${family}`, { ...matchedRevision(family, 0), resolvedRevision: rev });
  }
  return planService(m, {
    live: { service, clusterExists: true },
    set: new ManifestSet([m]),
    snapshot: new Map(),
    planned,
    options: OPTIONS,
  });
}

function planCl(
  desired: SpecByKind["Cluster"],
  cluster: Cluster,
  namespaces?: ReadonlyMap<string, string>,
): ResourcePlan {
  const m = manifest("Cluster", cluster.clusterName!, desired);
  return planCluster(m, {
    live: { cluster },
    set: new ManifestSet([m]),
    snapshot: new Map(namespaces ? [[NAMESPACES_KEY, namespaces]] : []),
    planned: new Map(),
    options: OPTIONS,
  });
}

function planFixture(fx: Fixture, response: unknown = fx.response, desired: unknown = fx.desired): ResourcePlan {
  switch (fx.kind) {
    case "TaskDefinition":
      return planTd(desired as SpecByKind["TaskDefinition"], response as DescribedTaskDefinition);
    case "Service": {
      // The TaskDefinition plan matched the revision the real output runs; a console edit does not move it.
      const arn = (fx.response as Service).taskDefinition;
      return planSvc(desired as SpecByKind["Service"], response as Service, arn && revisionFromArn(arn));
    }
    case "Cluster":
      return planCl(desired as SpecByKind["Cluster"], response as Cluster);
    default:
      throw new Error(`no planner for ${fx.kind}`);
  }
}

/** A deep copy of the response with one console edit applied. */
function edited<T>(response: T, edit: (r: T) => void): T {
  const copy = structuredClone(response);
  edit(copy);
  return copy;
}

interface Mutation<R> {
  name: string;
  edit: (r: R) => void;
  want: Change[];
  action: ResourcePlan["action"];
}

/** (a) and (b) for one fixture through its kind's plan function. */
function checkFixture<K extends "TaskDefinition" | "Service" | "Cluster">(
  file: string,
  kind: K,
  mutations: Mutation<Fixture<K>["response"]>[],
) {
  describe(file, () => {
    const fx = fixture(file, kind);

    it("(a) no false drift: the spec as written is in sync with the real output", () => {
      const plan = planFixture(fx);
      expect(plan.changes).toEqual([]);
      expect(plan.action).toBe("none");
      expect(plan.sync).toBe("Synced");
      expect(plan.operations).toEqual([]);
      // Ownership: the real output carries no managed-by tag, so the resource is reported as unmanaged;
      // in sync, nothing is blocked (an unmanaged resource blocks only a plan that would change it).
      expect(plan.unmanaged).toBe(true);
      expect(plan.blocked).toBeUndefined();
    });

    it.each(mutations.map((m) => [m.name, m] as const))("(b) reports a console change: %s", (_name, m) => {
      const plan = planFixture(fx, edited(fx.response, m.edit));
      expect(plan.changes).toEqual(m.want);
      expect(plan.action).toBe(m.action);
      expect(plan.sync).toBe("OutOfSync");
    });
  });
}

// --- task definitions -------------------------------------------------------------------------------

type TdResponse = DescribedTaskDefinition;
const c0 = (r: TdResponse) => r.taskDefinition.containerDefinitions![0]!;
const c1 = (r: TdResponse) => r.taskDefinition.containerDefinitions![1]!;

describe("task definitions", () => {
  checkFixture("td-cli-sleep360-ec2.json", "TaskDefinition", [
    {
      name: "image",
      edit: (r) => {
        c0(r).image = "busybox:1.36";
      },
      want: [{ op: "change", path: "/containerDefinitions/0/image", live: "busybox:1.36", desired: "busybox" }],
      action: "register",
    },
    {
      name: "command argument (positional list)",
      edit: (r) => {
        c0(r).command = ["sleep", "3600"];
      },
      want: [{ op: "change", path: "/containerDefinitions/0/command/1", live: "3600", desired: "360" }],
      action: "register",
    },
    {
      name: "container memory and essential",
      edit: (r) => {
        c0(r).memory = 20;
        c0(r).essential = false;
      },
      want: [
        { op: "change", path: "/containerDefinitions/0/memory", live: 20, desired: 10 },
        { op: "change", path: "/containerDefinitions/0/essential", live: false, desired: true },
      ],
      action: "register",
    },
  ]);

  checkFixture("td-cli-hello-world-two-containers.json", "TaskDefinition", [
    {
      name: "env var value (second container)",
      edit: (r) => {
        c1(r).environment = [{ name: "MYSQL_ROOT_PASSWORD", value: "changed" }];
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/1/environment/0/value",
          live: "changed",
          desired: "password",
        },
      ],
      action: "register",
    },
    {
      name: "extra env var, with the containers also returned in the other order",
      edit: (r) => {
        c1(r).environment!.push({ name: "EXTRA", value: "1" });
        r.taskDefinition.containerDefinitions!.reverse();
      },
      want: [{ op: "remove", path: "/containerDefinitions/1/environment", live: { name: "EXTRA", value: "1" } }],
      action: "register",
    },
    {
      name: "port mapping removed",
      edit: (r) => {
        c0(r).portMappings = [];
      },
      want: [
        { op: "add", path: "/containerDefinitions/0/portMappings/0", desired: { containerPort: 80, hostPort: 80 } },
      ],
      action: "register",
    },
    {
      name: "hostPort of a mapping (bridge)",
      edit: (r) => {
        c0(r).portMappings![0]!.hostPort = 8080;
      },
      want: [{ op: "change", path: "/containerDefinitions/0/portMappings/0/hostPort", live: 8080, desired: 80 }],
      action: "register",
    },
    {
      name: "links (set)",
      edit: (r) => {
        c0(r).links = ["mysql", "redis"];
      },
      want: [{ op: "change", path: "/containerDefinitions/0/links", live: ["mysql", "redis"], desired: ["mysql"] }],
      action: "register",
    },
  ]);

  checkFixture("td-console-fargate-healthcheck.json", "TaskDefinition", [
    {
      name: "image",
      edit: (r) => {
        c0(r).image = "123456789012.dkr.ecr.sa-east-1.amazonaws.com/hiringcandidate.command:v2";
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/0/image",
          live: "123456789012.dkr.ecr.sa-east-1.amazonaws.com/hiringcandidate.command:v2",
          desired: "123456789012.dkr.ecr.sa-east-1.amazonaws.com/hiringcandidate.command",
        },
      ],
      action: "register",
    },
    {
      name: "a log option changed and one added (options is a whole map)",
      edit: (r) => {
        const options = c0(r).logConfiguration!.options!;
        options["awslogs-group"] = "/ecs/other";
        options.mode = "non-blocking";
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/0/logConfiguration/options/awslogs-group",
          live: "/ecs/other",
          desired: "/ecs/",
        },
        { op: "remove", path: "/containerDefinitions/0/logConfiguration/options/mode", live: "non-blocking" },
      ],
      action: "register",
    },
    {
      name: "task cpu and health check interval kept but command changed",
      edit: (r) => {
        r.taskDefinition.cpu = "2048";
        c0(r).healthCheck!.command = ["CMD-SHELL", "exit 0"];
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/0/healthCheck/command/1",
          live: "exit 0",
          desired: "curl -f http://localhost/health?param1=1&param2=2 || exit 1",
        },
        { op: "change", path: "/cpu", live: "2048", desired: "1024" },
      ],
      action: "register",
    },
  ]);

  checkFixture("td-fargate-awsvpc-secrets-2026.json", "TaskDefinition", [
    {
      name: "image tag",
      edit: (r) => {
        c0(r).image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:v2";
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/0/image",
          live: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:v2",
          desired: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:v1",
        },
      ],
      action: "register",
    },
    {
      name: "env var value and an extra env var",
      edit: (r) => {
        c0(r).environment![1]!.value = "5433";
        c0(r).environment!.push({ name: "DEBUG", value: "1" });
      },
      want: [
        { op: "change", path: "/containerDefinitions/0/environment/1/value", live: "5433", desired: "5432" },
        { op: "remove", path: "/containerDefinitions/0/environment", live: { name: "DEBUG", value: "1" } },
      ],
      action: "register",
    },
    {
      name: "secret source, with secrets returned in another order",
      edit: (r) => {
        c0(r).secrets!.reverse();
        c0(r).secrets![0]!.valueFrom = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other";
      },
      want: [
        {
          op: "change",
          path: "/containerDefinitions/0/secrets/1/valueFrom",
          live: "arn:aws:secretsmanager:us-east-1:123456789012:secret:other",
          desired:
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-2b820e61-ad42-4866-a474-68373c0a6814-1S78mu:password::",
        },
      ],
      action: "register",
    },
    {
      name: "port mapping removed",
      edit: (r) => {
        c0(r).portMappings = [];
      },
      want: [
        {
          op: "add",
          path: "/containerDefinitions/0/portMappings/0",
          desired: { containerPort: 8080, protocol: "tcp" },
        },
      ],
      action: "register",
    },
    {
      name: "execution role",
      edit: (r) => {
        r.taskDefinition.executionRoleArn = "arn:aws:iam::123456789012:role/other";
      },
      want: [
        {
          op: "change",
          path: "/executionRoleArn",
          live: "arn:aws:iam::123456789012:role/other",
          desired: "arn:aws:iam::123456789012:role/fp-ecs-task-execution-role",
        },
      ],
      action: "register",
    },
  ]);

  describe("td-env-order-partial.json (partial: only the environment list is real)", () => {
    const fx = fixture("td-env-order-partial.json", "TaskDefinition");
    const liveOf = (r: DescribedTaskDefinition) => ({
      containerDefinitions: r.taskDefinition.containerDefinitions,
    });

    it("(a) no false drift: ST, XAP_T, SE, XAP_E read back for XAP_T, SE, XAP_E, ST", () => {
      expect(diffIntent(fx.desired, liveOf(fx.response), TASK_DEFINITION_RULES)).toEqual([]);
      // The same after the normalizer (it fills container defaults the manifest does not set).
      const normalized = liveTaskDefinitionToSpec(fx.response.taskDefinition, undefined);
      expect(diffIntent(fx.desired, normalized, TASK_DEFINITION_RULES)).toEqual([]);
    });

    it("(b) a changed value is reported at the manifest's index (SE is 1 in the manifest, 2 live)", () => {
      const live = edited(fx.response, (r) => {
        c0(r).environment![2]!.value = "B";
      });
      expect(diffIntent(fx.desired, liveOf(live), TASK_DEFINITION_RULES)).toEqual([
        { op: "change", path: "/containerDefinitions/0/environment/1/value", live: "B", desired: "A" },
      ]);
    });

    it("(b) an extra and a missing variable", () => {
      const live = edited(fx.response, (r) => {
        c0(r).environment = c0(r).environment!.filter((e) => e.name !== "XAP_E");
        c0(r).environment!.push({ name: "NEW", value: "A" });
      });
      expect(diffIntent(fx.desired, liveOf(live), TASK_DEFINITION_RULES)).toEqual([
        { op: "add", path: "/containerDefinitions/0/environment/2", desired: { name: "XAP_E", value: "A" } },
        { op: "remove", path: "/containerDefinitions/0/environment", live: { name: "NEW", value: "A" } },
      ]);
    });
  });
});

// --- services ---------------------------------------------------------------------------------------

const vpc = (s: Service) => s.networkConfiguration!.awsvpcConfiguration!;

describe("services", () => {
  checkFixture("svc-cli-ec2-implicit-launch-type.json", "Service", [
    {
      name: "desiredCount",
      edit: (s) => {
        s.desiredCount = 3;
      },
      want: [{ op: "change", path: "/desiredCount", live: 3, desired: 1 }],
      action: "update",
    },
    {
      name: "task definition revision moved on outside the tool",
      edit: (s) => {
        s.taskDefinition = "arn:aws:ecs:us-west-2:123456789012:task-definition/sleep360:3";
      },
      want: [{ op: "change", path: "/taskDefinition", live: "sleep360:3", desired: "sleep360:2" }],
      action: "update",
    },
  ]);

  checkFixture("svc-cli-external-controller.json", "Service", [
    {
      name: "desiredCount",
      edit: (s) => {
        s.desiredCount = 0;
      },
      want: [{ op: "change", path: "/desiredCount", live: 0, desired: 1 }],
      action: "update",
    },
    {
      name: "deployment controller switched to ECS",
      edit: (s) => {
        s.deploymentController = { type: "ECS" };
      },
      want: [{ op: "change", path: "/deploymentController/type", live: "ECS", desired: "EXTERNAL" }],
      action: "update",
    },
  ]);

  checkFixture("svc-cli-fargate-capacity-provider-alarms.json", "Service", [
    {
      name: "assignPublicIp",
      edit: (s) => {
        vpc(s).assignPublicIp = "DISABLED";
      },
      want: [
        {
          op: "change",
          path: "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
          live: "DISABLED",
          desired: "ENABLED",
        },
      ],
      action: "update",
    },
    {
      name: "circuit breaker rollback and the strategy weight",
      edit: (s) => {
        s.deploymentConfiguration!.deploymentCircuitBreaker!.rollback = false;
        s.capacityProviderStrategy![0]!.weight = 2;
      },
      want: [
        { op: "change", path: "/capacityProviderStrategy/0/weight", live: 2, desired: 1 },
        {
          op: "change",
          path: "/deploymentConfiguration/deploymentCircuitBreaker/rollback",
          live: false,
          desired: true,
        },
      ],
      action: "update",
    },
    {
      name: "a subnet removed (set: one change of the list)",
      edit: (s) => {
        vpc(s).subnets = ["subnet-0db5010045995c2d5"];
      },
      want: [
        {
          op: "change",
          path: "/networkConfiguration/awsvpcConfiguration/subnets",
          live: ["subnet-0db5010045995c2d5"],
          desired: ["subnet-0d0eab1bb38d5ca64", "subnet-0db5010045995c2d5"],
        },
      ],
      action: "update",
    },
  ]);

  checkFixture("svc-cli-fargate-tags.json", "Service", [
    {
      name: "a tag value the manifest sets",
      edit: (s) => {
        s.tags![1]!.value = "edited";
      },
      want: [{ op: "change", path: "/tags/1/value", live: "edited", desired: "value2" }],
      action: "update",
    },
    {
      name: "a tag the manifest sets was removed",
      edit: (s) => {
        s.tags = s.tags!.filter((t) => t.key !== "key3");
      },
      want: [{ op: "add", path: "/tags/2", desired: { key: "key3", value: "value3" } }],
      action: "update",
    },
    {
      name: "a security group added",
      edit: (s) => {
        vpc(s).securityGroups!.push("sg-99999999");
      },
      want: [
        {
          op: "change",
          path: "/networkConfiguration/awsvpcConfiguration/securityGroups",
          live: ["sg-12344321", "sg-99999999"],
          desired: ["sg-12344321"],
        },
      ],
      action: "update",
    },
  ]);

  checkFixture("svc-fargate-alb-2026.json", "Service", [
    {
      name: "healthCheckGracePeriodSeconds and desiredCount",
      edit: (s) => {
        s.healthCheckGracePeriodSeconds = 0;
        s.desiredCount = 4;
      },
      want: [
        { op: "change", path: "/desiredCount", live: 4, desired: 2 },
        { op: "change", path: "/healthCheckGracePeriodSeconds", live: 0, desired: 60 },
      ],
      action: "update",
    },
    {
      name: "load balancer container port (a keyed item replaced)",
      edit: (s) => {
        s.loadBalancers![0]!.containerPort = 80;
      },
      want: [
        {
          op: "add",
          path: "/loadBalancers/0",
          desired: {
            targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fp-tg/57e3f68c2c9abf5e",
            containerName: "fp-app",
            containerPort: 8080,
          },
        },
        {
          op: "remove",
          path: "/loadBalancers",
          live: {
            targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fp-tg/57e3f68c2c9abf5e",
            containerName: "fp-app",
            containerPort: 80,
          },
        },
      ],
      action: "update",
    },
    {
      name: "assignPublicIp the manifest sets to DISABLED",
      edit: (s) => {
        vpc(s).assignPublicIp = "ENABLED";
      },
      want: [
        {
          op: "change",
          path: "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
          live: "ENABLED",
          desired: "DISABLED",
        },
      ],
      action: "update",
    },
  ]);

  checkFixture("svc-fargate-cli-tutorial-private-subnet.json", "Service", [
    {
      name: "desiredCount",
      edit: (s) => {
        s.desiredCount = 1;
      },
      want: [{ op: "change", path: "/desiredCount", live: 1, desired: 2 }],
      action: "update",
    },
    {
      name: "subnet replaced",
      edit: (s) => {
        vpc(s).subnets = ["subnet-ffff0000"];
      },
      want: [
        {
          op: "change",
          path: "/networkConfiguration/awsvpcConfiguration/subnets",
          live: ["subnet-ffff0000"],
          desired: ["subnet-abcd1234"],
        },
      ],
      action: "update",
    },
    {
      name: "launch type (create-only: replace)",
      edit: (s) => {
        s.launchType = "EC2";
      },
      want: [{ op: "change", path: "/launchType", live: "EC2", desired: "FARGATE" }],
      action: "replace",
    },
  ]);

  checkFixture("svc-service-connect-default-namespace.json", "Service", [
    {
      name: "deployment percentages",
      edit: (s) => {
        s.deploymentConfiguration!.maximumPercent = 150;
        s.deploymentConfiguration!.minimumHealthyPercent = 50;
      },
      want: [
        { op: "change", path: "/deploymentConfiguration/maximumPercent", live: 150, desired: 200 },
        { op: "change", path: "/deploymentConfiguration/minimumHealthyPercent", live: 50, desired: 0 },
      ],
      action: "update",
    },
    {
      name: "Service Connect client alias port (read from the PRIMARY deployment)",
      edit: (s) => {
        s.deployments![0]!.serviceConnectConfiguration!.services![0]!.clientAliases![0]!.port = 8080;
      },
      want: [
        {
          op: "add",
          path: "/serviceConnectConfiguration/services/0/clientAliases/0",
          desired: { port: 80 },
        },
        { op: "remove", path: "/serviceConnectConfiguration/services/0/clientAliases", live: { port: 8080 } },
      ],
      action: "update",
    },
    {
      name: "a Service Connect proxy log option added (whole map)",
      edit: (s) => {
        s.deployments![0]!.serviceConnectConfiguration!.logConfiguration!.options!["awslogs-create-group"] = "true";
      },
      want: [
        {
          op: "remove",
          path: "/serviceConnectConfiguration/logConfiguration/options/awslogs-create-group",
          live: "true",
        },
      ],
      action: "update",
    },
    {
      name: "execute command and tag propagation",
      edit: (s) => {
        s.enableExecuteCommand = false;
        s.propagateTags = "NONE";
      },
      want: [
        { op: "change", path: "/enableExecuteCommand", live: false, desired: true },
        { op: "change", path: "/propagateTags", live: "NONE", desired: "SERVICE" },
      ],
      action: "update",
    },
  ]);
});

// --- clusters ---------------------------------------------------------------------------------------

describe("clusters", () => {
  checkFixture("cluster-fargate-capacity-provider-2026.json", "Cluster", [
    {
      name: "a tag value the manifest sets",
      edit: (c) => {
        c.tags![0]!.value = "renamed";
      },
      want: [{ op: "change", path: "/tags/0/value", live: "renamed", desired: "fp-cluster" }],
      action: "update",
    },
    {
      name: "a capacity provider added",
      edit: (c) => {
        c.capacityProviders = ["FARGATE_SPOT", "FARGATE"];
      },
      want: [{ op: "change", path: "/capacityProviders", live: ["FARGATE_SPOT", "FARGATE"], desired: ["FARGATE"] }],
      action: "update",
    },
  ]);

  checkFixture("cluster-put-capacity-providers-base-default.json", "Cluster", [
    {
      name: "Container Insights turned off",
      edit: (c) => {
        c.settings![0]!.value = "disabled";
      },
      want: [{ op: "change", path: "/settings/0/value", live: "disabled", desired: "enabled" }],
      action: "update",
    },
    {
      name: "a default strategy weight, items in the other order",
      edit: (c) => {
        c.defaultCapacityProviderStrategy!.reverse();
        c.defaultCapacityProviderStrategy![0]!.weight = 3;
      },
      want: [{ op: "change", path: "/defaultCapacityProviderStrategy/1/weight", live: 3, desired: 1 }],
      action: "update",
    },
    {
      name: "a default strategy item removed",
      edit: (c) => {
        c.defaultCapacityProviderStrategy!.pop();
      },
      want: [
        {
          op: "add",
          path: "/defaultCapacityProviderStrategy/1",
          desired: { capacityProvider: "MyCapacityProvider2", weight: 1 },
        },
      ],
      action: "update",
    },
  ]);

  describe("cluster-service-connect-defaults.json", () => {
    const fx = fixture("cluster-service-connect-defaults.json", "Cluster");
    const ns = new Map([["service-connect", "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-EXAMPLE"]]);

    // The namespace was sent by name and is read back as its Cloud Map ARN (peers.md §4.2 #22): observe
    // lists the namespaces (NAMESPACES_KEY in the snapshot) whenever a manifest names one by name.
    it("(a) no false drift through planCluster once observe has looked the namespace up", () => {
      expect(planCl(fx.desired, fx.response, ns).changes).toEqual([]);
    });

    it("(a) no false drift once the namespace name is resolved (canonicalCluster / liveClusterToSpec)", () => {
      const desired = canonicalCluster(fx.desired, ns);
      expect(diffIntent(desired, liveClusterToSpec(fx.response, ns), CLUSTER_RULES)).toEqual([]);
      // An ARN in the manifest matches too, with or without the lookup.
      const byArn = { serviceConnectDefaults: { namespace: ns.get("service-connect")! } };
      expect(diffIntent(canonicalCluster(byArn, ns), liveClusterToSpec(fx.response, ns), CLUSTER_RULES)).toEqual([]);
      expect(diffIntent(byArn, liveClusterToSpec(fx.response), CLUSTER_RULES)).toEqual([]);
    });

    it("(b) with the lookup, another namespace is still drift", () => {
      const other = edited(fx.response, (c) => {
        c.serviceConnectDefaults!.namespace = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-OTHER";
      });
      expect(diffIntent(canonicalCluster(fx.desired, ns), liveClusterToSpec(other, ns), CLUSTER_RULES)).toEqual([
        {
          op: "change",
          path: "/serviceConnectDefaults/namespace",
          live: "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-OTHER",
          desired: "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-EXAMPLE",
        },
      ]);
    });

    it("(b) the default namespace switched to another namespace is drift (planCluster, no lookup)", () => {
      const live = edited(fx.response, (c) => {
        c.serviceConnectDefaults!.namespace = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-OTHER";
      });
      expect(planFixture(fx, live).changes).toEqual([
        {
          op: "change",
          path: "/serviceConnectDefaults/namespace",
          live: "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-OTHER",
          desired: "service-connect",
        },
      ]);
    });
  });
});

// --- every fixture is covered above -----------------------------------------------------------------

describe("fixture coverage", () => {
  it("every fixture file is exercised by this file", () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));
    const covered = readFileSync(fileURLToPath(import.meta.url), "utf8");
    for (const f of files) expect(covered, f).toContain(`"${f}"`);
  });

  it("no response carries our managed-by tag (so (a) exercises the unmanaged path)", () => {
    for (const f of readdirSync(FIXTURES).filter((x) => x.endsWith(".json"))) {
      const text = readFileSync(join(FIXTURES, f), "utf8");
      expect(text, f).not.toContain(MANAGED_BY_TAG);
    }
  });
});
