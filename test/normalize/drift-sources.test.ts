/**
 * One block per false-drift source of peers.md §4.2 that applies to task definitions, services and
 * clusters. Each test names the real describe output it uses (test/fixtures/describe, sources in its
 * README.md); where no real output exists, the case is minimal (usually a real output with one edit),
 * says so, and cites the issue from peers.md. Each block also checks the other side: a real change of
 * the same field is still reported (missed drift is as bad as false drift).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Cluster, ContainerDefinition, Service, Tag, TaskDefinition, Volume } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import {
  API_VERSION,
  type Kind,
  type Manifest,
  ManifestSet,
  type Metadata,
  type SpecByKind,
} from "../../manifests/types.js";
import { CLUSTER_RULES, canonicalCluster, liveClusterToSpec } from "../../reconcilers/cluster/normalize.js";
import { planCluster } from "../../reconcilers/cluster/reconciler.js";
import { diffIntent } from "../../reconcilers/diff/compare.js";
import type { ResourcePlan } from "../../reconcilers/plan.js";
import { MANAGED_BY_TAG, type ReconcileOptions } from "../../reconcilers/reconciler.js";
import { canonicalService, liveServiceToSpec, SERVICE_RULES } from "../../reconcilers/service/normalize.js";
import { planService } from "../../reconcilers/service/reconciler.js";
import {
  canonicalTaskDefinition,
  liveTaskDefinitionToSpec,
  TASK_DEFINITION_RULES,
} from "../../reconcilers/task-definition/normalize.js";
import { planTaskDefinition, type RevisionLive } from "../../reconcilers/task-definition/reconciler.js";
import { matchedRevision } from "../../reconcilers/testing.js";

// --- fixture plumbing (the same few helpers as fixtures.test.ts) ------------------------------------

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/describe");

type DescribedTaskDefinition = { taskDefinition: TaskDefinition; tags?: Tag[] };
interface Fixture<K extends Kind> {
  desired: SpecByKind[K];
  response: K extends "TaskDefinition" ? DescribedTaskDefinition : K extends "Service" ? Service : Cluster;
  drift_sources: number[];
}

function fixture<K extends "TaskDefinition" | "Service" | "Cluster">(file: string, _kind: K): Fixture<K> {
  return JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Fixture<K>;
}

const OPTIONS: ReconcileOptions = { instance: "ecs-reconciler", mode: "enforce", adopt: false, allowReplace: false };
const source = { file: "fixture", line: 1, lineOf: () => 1 };
const OURS: Tag = { key: MANAGED_BY_TAG, value: "ecs-reconciler" };

function manifest<K extends Kind>(kind: K, spec: SpecByKind[K], metadata: Metadata): Manifest<K> {
  return { apiVersion: API_VERSION, kind, metadata, spec, source };
}

const revisionFromArn = (arn: string) => arn.slice(arn.indexOf("task-definition/") + "task-definition/".length);

function planTdRevisions(family: string, desired: SpecByKind["TaskDefinition"], candidates: RevisionLive[]) {
  const m = manifest("TaskDefinition", desired, { name: family });
  return planTaskDefinition(m, {
    live: { candidates },
    set: new ManifestSet([m]),
    snapshot: new Map(),
    planned: new Map(),
    options: OPTIONS,
  });
}

function planTd(desired: SpecByKind["TaskDefinition"], described: DescribedTaskDefinition): ResourcePlan {
  const td = described.taskDefinition;
  return planTdRevisions(td.family!, desired, [{ arn: td.taskDefinitionArn!, described }]);
}

/**
 * Plans a service. A bare-family taskDefinition resolves through a TaskDefinition plan: `tdPlan` if
 * given, else one that matched the revision the original response runs.
 */
function planSvc(
  desired: SpecByKind["Service"],
  service: Service,
  opts: { tdPlan?: ResourcePlan; resolved?: string; ignore?: string[] } = {},
): ResourcePlan {
  const cluster = service.clusterArn!.split("/").pop()!;
  const m = manifest("Service", desired, {
    name: service.serviceName!,
    cluster,
    ...(opts.ignore ? { reconcile: { ignore: opts.ignore } } : {}),
  });
  const planned = new Map<string, ResourcePlan>();
  const family = desired.taskDefinition;
  if (opts.tdPlan) planned.set(opts.tdPlan.key, opts.tdPlan);
  else if (family && (opts.resolved || service.taskDefinition))
    planned.set(`TaskDefinition/${family}`, {
      ...matchedRevision(family, 0),
      resolvedRevision: opts.resolved ?? revisionFromArn(service.taskDefinition!),
    });
  return planService(m, {
    live: { service, clusterExists: true },
    set: new ManifestSet([m]),
    snapshot: new Map(),
    planned,
    options: OPTIONS,
  });
}

function planCl(desired: SpecByKind["Cluster"], cluster: Cluster): ResourcePlan {
  const m = manifest("Cluster", desired, { name: cluster.clusterName! });
  return planCluster(m, {
    live: { cluster },
    set: new ManifestSet([m]),
    snapshot: new Map(),
    planned: new Map(),
    options: OPTIONS,
  });
}

function edited<T>(value: T, edit: (v: T) => void): T {
  const copy = structuredClone(value);
  edit(copy);
  return copy;
}

/** A task definition spec with the first container changed (desired side). */
function withContainer0(
  spec: SpecByKind["TaskDefinition"],
  change: (c: ContainerDefinition) => void,
): SpecByKind["TaskDefinition"] {
  return edited(spec, (s) => change(s.containerDefinitions![0]!));
}

const c0 = (r: DescribedTaskDefinition) => r.taskDefinition.containerDefinitions![0]!;

function inSync(plan: ResourcePlan) {
  expect(plan.changes).toEqual([]);
  expect(plan.action).toBe("none");
}

// --- fixtures used below -----------------------------------------------------------------------------

const sleep360 = fixture("td-cli-sleep360-ec2.json", "TaskDefinition");
const helloWorld = fixture("td-cli-hello-world-two-containers.json", "TaskDefinition");
const fpApp = fixture("td-fargate-awsvpc-secrets-2026.json", "TaskDefinition");
const consoleTd = fixture("td-console-fargate-healthcheck.json", "TaskDefinition");
const envOrder = fixture("td-env-order-partial.json", "TaskDefinition");
const svcEc2 = fixture("svc-cli-ec2-implicit-launch-type.json", "Service");
const svcExternal = fixture("svc-cli-external-controller.json", "Service");
const svcCps = fixture("svc-cli-fargate-capacity-provider-alarms.json", "Service");
const svcTags = fixture("svc-cli-fargate-tags.json", "Service");
const svcFp = fixture("svc-fargate-alb-2026.json", "Service");
const svcTutorial = fixture("svc-fargate-cli-tutorial-private-subnet.json", "Service");
const svcConnect = fixture("svc-service-connect-default-namespace.json", "Service");
const clusterFp = fixture("cluster-fargate-capacity-provider-2026.json", "Cluster");
const clusterCps = fixture("cluster-put-capacity-providers-base-default.json", "Cluster");
const clusterConnect = fixture("cluster-service-connect-defaults.json", "Cluster");

// --- task definition ---------------------------------------------------------------------------------

describe("#1 essential omitted → returned true", () => {
  it("td-cli-hello-world-two-containers.json: essential not in the spec, true on both containers", () => {
    expect(helloWorld.drift_sources).toContain(1);
    inSync(planTd(helloWorld.desired, helloWorld.response));
  });

  it("td-cli-sleep360-ec2.json: essential: true written explicitly matches", () => {
    inSync(planTd(sleep360.desired, sleep360.response));
  });

  it("minimal case (hello-world with essential not echoed): essential: true still matches", () => {
    // No real output omits essential; built from td-cli-hello-world-two-containers.json.
    const live = edited(helloWorld.response, (r) => {
      for (const c of r.taskDefinition.containerDefinitions!) delete c.essential;
    });
    const desired = withContainer0(helloWorld.desired, (c) => {
      c.essential = true;
    });
    inSync(planTd(desired, live));
  });

  it("td-cli-sleep360-ec2.json: essential turned false is drift", () => {
    const live = edited(sleep360.response, (r) => {
      c0(r).essential = false;
    });
    expect(planTd(sleep360.desired, live).changes).toEqual([
      { op: "change", path: "/containerDefinitions/0/essential", live: false, desired: true },
    ]);
  });
});

describe("#2 portMappings[].protocol omitted → returned tcp", () => {
  it("td-console-fargate-healthcheck.json: protocol not in the spec, tcp returned", () => {
    expect(consoleTd.drift_sources).toContain(2);
    inSync(planTd(consoleTd.desired, consoleTd.response));
  });

  it("td-cli-hello-world-two-containers.json: protocol tcp written, none returned (older outputs)", () => {
    const desired = withContainer0(helloWorld.desired, (c) => {
      c.portMappings = [{ containerPort: 80, hostPort: 80, protocol: "tcp" }];
    });
    inSync(planTd(desired, helloWorld.response));
  });

  it("td-fargate-awsvpc-secrets-2026.json: a mapping switched to udp is drift (another item)", () => {
    const live = edited(fpApp.response, (r) => {
      c0(r).portMappings![0]!.protocol = "udp";
    });
    expect(planTd(fpApp.desired, live).changes).toEqual([
      { op: "add", path: "/containerDefinitions/0/portMappings/0", desired: { containerPort: 8080, protocol: "tcp" } },
      {
        op: "remove",
        path: "/containerDefinitions/0/portMappings",
        live: { containerPort: 8080, hostPort: 8080, protocol: "udp" },
      },
    ]);
  });
});

describe("#3 portMappings[].hostPort: awsvpc returns containerPort; bridge 0 ≡ absent", () => {
  it("td-fargate-awsvpc-secrets-2026.json: hostPort omitted, 8080 returned (awsvpc)", () => {
    expect(fpApp.drift_sources).toContain(3);
    inSync(planTd(fpApp.desired, fpApp.response));
  });

  it("minimal case (awsvpc, hostPort not echoed): hostPort = containerPort written matches", () => {
    // Built from td-fargate-awsvpc-secrets-2026.json; cf. techservicesillinois/terraform-aws-ecs-service#33.
    const live = edited(fpApp.response, (r) => {
      delete c0(r).portMappings![0]!.hostPort;
    });
    const desired = withContainer0(fpApp.desired, (c) => {
      c.portMappings = [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }];
    });
    inSync(planTd(desired, live));
  });

  it("minimal case (bridge): hostPort 0 written, none returned — and the reverse", () => {
    // Built from td-cli-hello-world-two-containers.json (bridge: no networkMode returned).
    const noHostPort = edited(helloWorld.response, (r) => {
      c0(r).portMappings = [{ containerPort: 80 }];
    });
    const zero = withContainer0(helloWorld.desired, (c) => {
      c.portMappings = [{ containerPort: 80, hostPort: 0 }];
    });
    inSync(planTd(zero, noHostPort));
    const zeroLive = edited(helloWorld.response, (r) => {
      c0(r).portMappings = [{ containerPort: 80, hostPort: 0 }];
    });
    const omitted = withContainer0(helloWorld.desired, (c) => {
      c.portMappings = [{ containerPort: 80 }];
    });
    inSync(planTd(omitted, zeroLive));
  });

  it("bridge: dynamic (0) written, a fixed host port live is drift", () => {
    const desired = withContainer0(helloWorld.desired, (c) => {
      c.portMappings = [{ containerPort: 80, hostPort: 0 }];
    });
    expect(planTd(desired, helloWorld.response).changes).toEqual([
      { op: "change", path: "/containerDefinitions/0/portMappings/0/hostPort", live: 80, desired: 0 },
    ]);
  });
});

describe("#4 container cpu omitted → returned 0", () => {
  it("td-fargate-awsvpc-secrets-2026.json: cpu not in the spec, 0 returned", () => {
    expect(fpApp.drift_sources).toContain(4);
    inSync(planTd(fpApp.desired, fpApp.response));
  });

  it("minimal case (cpu not echoed): cpu: 0 written matches", () => {
    // Built from td-fargate-awsvpc-secrets-2026.json; cf. hashicorp/terraform#17737.
    const live = edited(fpApp.response, (r) => {
      delete c0(r).cpu;
    });
    const desired = withContainer0(fpApp.desired, (c) => {
      c.cpu = 0;
    });
    inSync(planTd(desired, live));
  });

  it("cpu 0 written, 256 live is drift", () => {
    const live = edited(fpApp.response, (r) => {
      c0(r).cpu = 256;
    });
    const desired = withContainer0(fpApp.desired, (c) => {
      c.cpu = 0;
    });
    expect(planTd(desired, live).changes).toEqual([
      { op: "change", path: "/containerDefinitions/0/cpu", live: 256, desired: 0 },
    ]);
  });
});

describe("#5 empty arrays returned for omitted lists", () => {
  it("td-cli-sleep360-ec2.json: portMappings/environment/mountPoints/volumesFrom/volumes [] returned", () => {
    expect(sleep360.drift_sources).toContain(5);
    inSync(planTd(sleep360.desired, sleep360.response));
  });

  it("td-console-fargate-healthcheck.json: the console's empty environmentFiles/ulimits/secretOptions", () => {
    inSync(planTd(consoleTd.desired, consoleTd.response));
  });

  it("td-cli-sleep360-ec2.json: empty lists written explicitly match [] and absent alike", () => {
    const desired = withContainer0(sleep360.desired, (c) => {
      Object.assign(c, { environment: [], mountPoints: [], secrets: [], dockerLabels: {}, ulimits: [] });
    });
    inSync(planTd({ ...desired, volumes: [], placementConstraints: [] }, sleep360.response));
  });

  it("an explicitly empty list while live has items is drift", () => {
    const desired = withContainer0(helloWorld.desired, (c) => {
      c.portMappings = [];
    });
    expect(planTd(desired, helloWorld.response).changes).toEqual([
      {
        op: "change",
        path: "/containerDefinitions/0/portMappings",
        live: [{ containerPort: 80, hostPort: 80, protocol: "tcp" }],
        desired: [],
      },
    ]);
  });
});

describe("#6 healthCheck interval/timeout/retries defaults 30/5/3", () => {
  it("td-console-fargate-healthcheck.json: only command written, 30/5/3 returned", () => {
    expect(consoleTd.drift_sources).toContain(6);
    inSync(planTd(consoleTd.desired, consoleTd.response));
  });

  it("minimal case (defaults not echoed): 30/5/3 written explicitly matches", () => {
    // Built from td-console-fargate-healthcheck.json; cf. hashicorp/terraform-provider-aws#22060.
    const live = edited(consoleTd.response, (r) => {
      c0(r).healthCheck = { command: c0(r).healthCheck!.command };
    });
    const desired = withContainer0(consoleTd.desired, (c) => {
      Object.assign(c.healthCheck!, { interval: 30, timeout: 5, retries: 3 });
    });
    inSync(planTd(desired, live));
  });

  it("an interval changed to 60 while the manifest says 30 is drift", () => {
    const live = edited(consoleTd.response, (r) => {
      c0(r).healthCheck!.interval = 60;
    });
    const desired = withContainer0(consoleTd.desired, (c) => {
      c.healthCheck!.interval = 30;
    });
    expect(planTd(desired, live).changes).toEqual([
      { op: "change", path: "/containerDefinitions/0/healthCheck/interval", live: 60, desired: 30 },
    ]);
  });
});

describe("#7 environment and secrets order", () => {
  it("td-env-order-partial.json: XAP_T, SE, XAP_E, ST returned as ST, XAP_T, SE, XAP_E", () => {
    expect(envOrder.drift_sources).toContain(7);
    const live = liveTaskDefinitionToSpec(envOrder.response.taskDefinition, undefined);
    expect(diffIntent(envOrder.desired, live, TASK_DEFINITION_RULES)).toEqual([]);
  });

  it("minimal case (secrets returned reversed): built from td-fargate-awsvpc-secrets-2026.json", () => {
    // fp-app kept the order; reversing it is the reordering aws/aws-sdk-java#3043 shows for environment.
    const live = edited(fpApp.response, (r) => {
      c0(r).secrets!.reverse();
      c0(r).environment!.reverse();
    });
    inSync(planTd(fpApp.desired, live));
  });

  it("td-env-order-partial.json: a value change is reported at the manifest's index", () => {
    const live = edited(envOrder.response, (r) => {
      c0(r).environment![0]!.value = "B"; // ST: index 3 in the manifest
    });
    expect(
      diffIntent(envOrder.desired, liveTaskDefinitionToSpec(live.taskDefinition, undefined), TASK_DEFINITION_RULES),
    ).toEqual([{ op: "change", path: "/containerDefinitions/0/environment/3/value", live: "B", desired: "A" }]);
  });
});

describe("#8 container order", () => {
  // No real describe output with reordered containers exists (README of the fixtures); minimal case built
  // from td-cli-hello-world-two-containers.json; cf. aws/aws-cdk#20732 (Terraform and ecspresso sort by name).
  const reversed = edited(helloWorld.response, (r) => {
    r.taskDefinition.containerDefinitions!.reverse();
  });

  it("minimal case: containers returned as mysql, wordpress for wordpress, mysql", () => {
    inSync(planTd(helloWorld.desired, reversed));
  });

  it("minimal case: a change in the reordered list is reported at the manifest's container index", () => {
    const live = edited(reversed, (r) => {
      c0(r).image = "mysql:8"; // mysql, index 1 in the manifest
    });
    expect(planTd(helloWorld.desired, live).changes).toEqual([
      { op: "change", path: "/containerDefinitions/1/image", live: "mysql:8", desired: "mysql" },
    ]);
  });
});

describe("#9 linuxParameters.capabilities returned as {add: [], drop}", () => {
  // No real describe output; minimal case on td-fargate-awsvpc-secrets-2026.json; cf.
  // https://github.com/braintrustdata/terraform-aws-braintrust-data-plane/pull/335 ("AWS persists
  // linuxParameters.capabilities as {add=[], drop=["ALL"]}").
  const liveWith = (capabilities: { add?: string[]; drop?: string[] }) =>
    edited(fpApp.response, (r) => {
      c0(r).linuxParameters = { capabilities };
    });
  const desiredWith = (capabilities: { add?: string[]; drop?: string[] }) =>
    withContainer0(fpApp.desired, (c) => {
      c.linuxParameters = { capabilities };
    });

  it("minimal case: drop written, {add: [], drop} returned", () => {
    inSync(planTd(desiredWith({ drop: ["ALL"] }), liveWith({ add: [], drop: ["ALL"] })));
  });

  it("minimal case: {add: [], drop} written, {drop} returned; drop in another order", () => {
    inSync(planTd(desiredWith({ add: [], drop: ["NET_RAW", "ALL"] }), liveWith({ drop: ["ALL", "NET_RAW"] })));
  });

  it("an added capability is drift when the manifest says add: []", () => {
    expect(
      planTd(desiredWith({ add: [], drop: ["ALL"] }), liveWith({ add: ["SYS_PTRACE"], drop: ["ALL"] })).changes,
    ).toEqual([
      {
        op: "change",
        path: "/containerDefinitions/0/linuxParameters/capabilities/add",
        live: ["SYS_PTRACE"],
        desired: [],
      },
    ]);
  });
});

describe("#10 volumes: configuredAtLaunch, docker autoprovision/labels/driverOpts, EFS rootDirectory", () => {
  // No real describe output with these volumes (fixtures README); minimal cases on
  // td-fargate-awsvpc-secrets-2026.json; cf. https://github.com/hashicorp/terraform-provider-aws/pull/40853
  // (closing #40801, #15810, #38153) and https://github.com/hashicorp/terraform/issues/23985.
  const liveWith = (volumes: Volume[]) =>
    edited(fpApp.response, (r) => {
      r.taskDefinition.volumes = volumes;
    });
  const desiredWith = (volumes: Volume[]) => ({ ...fpApp.desired, volumes });

  it("minimal case: configuredAtLaunch false written, not returned", () => {
    inSync(planTd(desiredWith([{ name: "data", configuredAtLaunch: false }]), liveWith([{ name: "data" }])));
  });

  it("minimal case: EFS rootDirectory '/', transitEncryption and iam DISABLED written, not returned", () => {
    const efs = { fileSystemId: "fs-1", authorizationConfig: { accessPointId: "fsap-1" } };
    const desired = desiredWith([
      {
        name: "efs",
        efsVolumeConfiguration: {
          ...efs,
          rootDirectory: "/",
          transitEncryption: "DISABLED",
          authorizationConfig: { accessPointId: "fsap-1", iam: "DISABLED" },
        },
      },
    ]);
    inSync(planTd(desired, liveWith([{ name: "efs", efsVolumeConfiguration: efs }])));
  });

  it("minimal case: docker shared volume with autoprovision false, empty labels/driverOpts, not returned", () => {
    const desired = desiredWith([
      {
        name: "cache",
        dockerVolumeConfiguration: {
          scope: "shared",
          autoprovision: false,
          driver: "local",
          labels: {},
          driverOpts: {},
        },
      },
    ]);
    const live = liveWith([{ name: "cache", dockerVolumeConfiguration: { scope: "shared", driver: "local" } }]);
    inSync(planTd(desired, live));
  });

  it("minimal case: docker scope task written, scope not returned", () => {
    const desired = desiredWith([{ name: "tmp", dockerVolumeConfiguration: { scope: "task", driver: "local" } }]);
    inSync(planTd(desired, liveWith([{ name: "tmp", dockerVolumeConfiguration: { driver: "local" } }])));
  });

  it("real changes are still drift: rootDirectory, a driver option, configuredAtLaunch, autoprovision", () => {
    const desired = desiredWith([
      { name: "efs", efsVolumeConfiguration: { fileSystemId: "fs-1", rootDirectory: "/" } },
      { name: "cache", dockerVolumeConfiguration: { scope: "shared", autoprovision: false, driverOpts: { a: "1" } } },
      { name: "data", configuredAtLaunch: false },
    ]);
    const live = liveWith([
      { name: "data", configuredAtLaunch: true },
      { name: "efs", efsVolumeConfiguration: { fileSystemId: "fs-1", rootDirectory: "/data" } },
      {
        name: "cache",
        dockerVolumeConfiguration: { scope: "shared", autoprovision: true, driverOpts: { a: "1", b: "2" } },
      },
    ]);
    expect(planTd(desired, live).changes).toEqual([
      { op: "change", path: "/volumes/0/efsVolumeConfiguration/rootDirectory", live: "/data", desired: "/" },
      { op: "change", path: "/volumes/1/dockerVolumeConfiguration/autoprovision", live: true, desired: false },
      { op: "remove", path: "/volumes/1/dockerVolumeConfiguration/driverOpts/b", live: "2" },
      { op: "change", path: "/volumes/2/configuredAtLaunch", live: true, desired: false },
    ]);
  });
});

describe("#11 systemControls", () => {
  it("td-fargate-awsvpc-secrets-2026.json: systemControls [] returned although omitted", () => {
    inSync(planTd(fpApp.desired, fpApp.response));
    inSync(
      planTd(
        withContainer0(fpApp.desired, (c) => {
          c.systemControls = [];
        }),
        fpApp.response,
      ),
    );
  });

  it("minimal case: set but read back empty (hashicorp/terraform-provider-aws#40034) is reported, not hidden", () => {
    // The revision really lacks the setting; hiding it would be missed drift.
    const desired = withContainer0(fpApp.desired, (c) => {
      c.systemControls = [{ namespace: "net.core.somaxconn", value: "1024" }];
    });
    expect(planTd(desired, fpApp.response).changes).toEqual([
      {
        op: "add",
        path: "/containerDefinitions/0/systemControls/0",
        desired: { namespace: "net.core.somaxconn", value: "1024" },
      },
    ]);
  });
});

describe("#12 task cpu/memory unit strings", () => {
  // No published response to a "1 vCPU"/"2 GB" request (fixtures README); the units are written against
  // real outputs that hold the digit strings ECS stores.
  it('td-console-fargate-healthcheck.json: "1 vCPU"/"2 GB" written, "1024"/"2048" returned', () => {
    inSync(planTd({ ...consoleTd.desired, cpu: "1 vCPU", memory: "2 GB" }, consoleTd.response));
  });

  it('td-fargate-awsvpc-secrets-2026.json: "0.25 vCPU"/"0.5 GB" (any case, no space) for "256"/"512"', () => {
    inSync(planTd({ ...fpApp.desired, cpu: "0.25 vcpu", memory: "0.5GB" }, fpApp.response));
  });

  it('"2 vCPU" written while 1024 is registered is drift (shown in CPU units)', () => {
    expect(planTd({ ...consoleTd.desired, cpu: "2 vCPU" }, consoleTd.response).changes).toEqual([
      { op: "change", path: "/cpu", live: "1024", desired: "2048" },
    ]);
  });

  it("canonicalTaskDefinition leaves digit strings alone", () => {
    expect(canonicalTaskDefinition({ cpu: "256", memory: "512", containerDefinitions: [] })).toMatchObject({
      cpu: "256",
      memory: "512",
    });
  });
});

describe("#13 describe-only fields", () => {
  const DESCRIBE_ONLY = [
    "taskDefinitionArn",
    "family",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
  ];
  it.each([
    ["td-cli-sleep360-ec2.json", sleep360],
    ["td-cli-hello-world-two-containers.json", helloWorld],
    ["td-console-fargate-healthcheck.json", consoleTd],
    ["td-fargate-awsvpc-secrets-2026.json", fpApp],
  ] as const)("%s: stripped, and the plan is in sync", (_file, fx) => {
    expect(fx.drift_sources).toContain(13);
    const spec = liveTaskDefinitionToSpec(fx.response.taskDefinition, fx.response.tags) as Record<string, unknown>;
    for (const f of DESCRIBE_ONLY) expect(spec, f).not.toHaveProperty(f);
    inSync(planTd(fx.desired, fx.response));
  });
});

// --- service -----------------------------------------------------------------------------------------

describe("#14 deploymentConfiguration and other service defaults", () => {
  const allDefaults: SpecByKind["Service"] = {
    deploymentConfiguration: {
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      deploymentCircuitBreaker: { enable: false, rollback: false },
      alarms: { alarmNames: [], enable: false, rollback: false },
      strategy: "ROLLING",
      bakeTimeInMinutes: 0,
    },
    schedulingStrategy: "REPLICA",
    deploymentController: { type: "ECS" },
    propagateTags: "NONE",
    enableECSManagedTags: false,
    enableExecuteCommand: false,
    healthCheckGracePeriodSeconds: 0,
    availabilityZoneRebalancing: "DISABLED",
    placementConstraints: [],
    placementStrategy: [],
    loadBalancers: [],
    serviceRegistries: [],
  };

  it("svc-cli-ec2-implicit-launch-type.json (2019, only 200/100 returned): every default written matches", () => {
    expect(svcEc2.drift_sources).toContain(14);
    inSync(planSvc(svcEc2.desired, svcEc2.response));
    inSync(planSvc({ ...svcEc2.desired, ...allDefaults }, svcEc2.response));
  });

  it("svc-fargate-alb-2026.json (circuit breaker, ROLLING, bake 0 returned): the same defaults match", () => {
    const {
      healthCheckGracePeriodSeconds: _,
      loadBalancers: __,
      availabilityZoneRebalancing: ___,
      ...rest
    } = allDefaults;
    inSync(planSvc({ ...svcFp.desired, ...rest, availabilityZoneRebalancing: "ENABLED" }, svcFp.response));
  });

  it("svc-cli-fargate-capacity-provider-alarms.json: alarms {[], false, false} returned", () => {
    inSync(
      planSvc(
        { ...svcCps.desired, deploymentConfiguration: { alarms: { alarmNames: [], enable: false, rollback: false } } },
        svcCps.response,
      ),
    );
  });

  it("svc-cli-external-controller.json: EXTERNAL still returns 200/100 and no service-level taskDefinition", () => {
    inSync(planSvc({ ...svcExternal.desired, deploymentConfiguration: { maximumPercent: 200 } }, svcExternal.response));
  });

  it("minimal case (DAEMON, built from svc-cli-ec2-implicit-launch-type.json): 100/0 written, none returned", () => {
    const live = edited(svcEc2.response, (s) => {
      s.schedulingStrategy = "DAEMON";
      delete s.deploymentConfiguration;
    });
    const desired = {
      ...svcEc2.desired,
      schedulingStrategy: "DAEMON" as const,
      deploymentConfiguration: { maximumPercent: 100, minimumHealthyPercent: 0 },
    };
    inSync(planSvc(desired, live));
  });

  it("a changed default is drift: minimumHealthyPercent 50 live, 100 written", () => {
    const live = edited(svcEc2.response, (s) => {
      s.deploymentConfiguration!.minimumHealthyPercent = 50;
    });
    expect(planSvc({ ...svcEc2.desired, ...allDefaults }, live).changes).toEqual([
      { op: "change", path: "/deploymentConfiguration/minimumHealthyPercent", live: 50, desired: 100 },
    ]);
  });
});

describe("#15 platformVersion LATEST vs the resolved version", () => {
  it("svc-cli-fargate-tags.json: LATEST written, LATEST at service level, 1.3.0 in the deployment", () => {
    expect(svcTags.drift_sources).toContain(15);
    inSync(planSvc(svcTags.desired, svcTags.response));
  });

  it("svc-fargate-cli-tutorial-private-subnet.json: omitted, LATEST returned (0.0.1 in the deployment)", () => {
    inSync(planSvc(svcTutorial.desired, svcTutorial.response));
    inSync(planSvc({ ...svcTutorial.desired, platformVersion: "LATEST" }, svcTutorial.response));
  });

  it("minimal case (FARGATE service without platformVersion, built from svc-fargate-alb-2026.json)", () => {
    const live = edited(svcFp.response, (s) => {
      delete s.platformVersion;
    });
    inSync(planSvc({ ...svcFp.desired, platformVersion: "LATEST" }, live));
  });

  it("a pinned version differing from live is drift", () => {
    expect(planSvc({ ...svcTags.desired, platformVersion: "1.4.0" }, svcTags.response).changes).toEqual([
      { op: "change", path: "/platformVersion", live: "LATEST", desired: "1.4.0" },
    ]);
  });
});

describe("#16 assignPublicIp DISABLED default; subnet and security group order", () => {
  it("svc-fargate-cli-tutorial-private-subnet.json: omitted, DISABLED returned", () => {
    expect(svcTutorial.drift_sources).toContain(16);
    inSync(planSvc(svcTutorial.desired, svcTutorial.response));
  });

  it("svc-fargate-alb-2026.json: subnets returned in the other order", () => {
    const live = edited(svcFp.response, (s) => {
      s.networkConfiguration!.awsvpcConfiguration!.subnets!.reverse();
    });
    inSync(planSvc(svcFp.desired, live));
  });

  it("minimal case (assignPublicIp not echoed, built from svc-fargate-alb-2026.json): DISABLED written", () => {
    const live = edited(svcFp.response, (s) => {
      delete s.networkConfiguration!.awsvpcConfiguration!.assignPublicIp;
    });
    inSync(planSvc(svcFp.desired, live));
  });

  it("DISABLED written, ENABLED live is drift; omitted, it is not compared", () => {
    const live = edited(svcTutorial.response, (s) => {
      s.networkConfiguration!.awsvpcConfiguration!.assignPublicIp = "ENABLED";
    });
    inSync(planSvc(svcTutorial.desired, live));
    const desired = edited(svcTutorial.desired, (d) => {
      d.networkConfiguration!.awsvpcConfiguration!.assignPublicIp = "DISABLED";
    });
    expect(planSvc(desired, live).changes).toEqual([
      {
        op: "change",
        path: "/networkConfiguration/awsvpcConfiguration/assignPublicIp",
        live: "ENABLED",
        desired: "DISABLED",
      },
    ]);
  });
});

describe("#17 capacityProviderStrategy inherited from the cluster default", () => {
  // No pair shows a service created without a strategy reading back the cluster's; the capacity-provider
  // output cannot tell (fixtures README). cf. https://github.com/hashicorp/terraform-provider-aws/issues/11351,
  // #22823, #29143.
  it("svc-cli-fargate-capacity-provider-alarms.json: strategy written without base, base 0 returned", () => {
    expect(svcCps.drift_sources).toContain(17);
    inSync(planSvc(svcCps.desired, svcCps.response));
  });

  it("svc-cli-fargate-capacity-provider-alarms.json: the manifest omits the strategy (inherited): not drift", () => {
    const { capacityProviderStrategy: _, ...desired } = svcCps.desired;
    inSync(planSvc(desired, svcCps.response));
  });

  it("cluster-put-capacity-providers-base-default.json: default strategy items sent without base", () => {
    expect(clusterCps.drift_sources).toContain(17);
    inSync(planCl(clusterCps.desired, clusterCps.response));
  });

  it("a strategy written that differs from the inherited one is drift", () => {
    const desired = { ...svcCps.desired, capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] };
    expect(planSvc(desired, svcCps.response).changes).toEqual([
      { op: "add", path: "/capacityProviderStrategy/0", desired: { capacityProvider: "FARGATE_SPOT", weight: 1 } },
      {
        op: "remove",
        path: "/capacityProviderStrategy",
        live: { capacityProvider: "FARGATE", weight: 1, base: 0 },
      },
    ]);
  });
});

describe("#18 desiredCount changed by Application Auto Scaling", () => {
  // No describe output after scaling was published (fixtures README); minimal case on svc-fargate-alb-2026.json.
  // cf. https://github.com/hashicorp/terraform-provider-aws/issues/335.
  const scaled = edited(svcFp.response, (s) => {
    s.desiredCount = 7;
  });

  it("minimal case: desiredCount omitted from the manifest is never compared", () => {
    const { desiredCount: _, ...desired } = svcFp.desired;
    inSync(planSvc(desired, scaled));
  });

  it("minimal case: desiredCount set but listed in metadata.reconcile.ignore", () => {
    inSync(planSvc(svcFp.desired, scaled, { ignore: ["/desiredCount"] }));
  });

  it("desiredCount set and not ignored: the scaled value is drift", () => {
    expect(planSvc(svcFp.desired, scaled).changes).toEqual([
      { op: "change", path: "/desiredCount", live: 7, desired: 2 },
    ]);
  });
});

describe("#19 taskDefinition: family vs family:revision ARN; revisions registered outside the tool", () => {
  it("svc-fargate-alb-2026.json: bare family fp-app, fp-app:1 ARN returned", () => {
    expect(svcFp.drift_sources).toContain(19);
    inSync(planSvc(svcFp.desired, svcFp.response));
  });

  it("svc-fargate-alb-2026.json: a literal family:revision and a full ARN match the returned ARN", () => {
    inSync(planSvc({ ...svcFp.desired, taskDefinition: "fp-app:1" }, svcFp.response));
    inSync(planSvc({ ...svcFp.desired, taskDefinition: svcFp.response.taskDefinition! }, svcFp.response));
  });

  it("svc-fargate-alb-2026.json: a literal revision that differs is drift", () => {
    expect(planSvc({ ...svcFp.desired, taskDefinition: "fp-app:2" }, svcFp.response).changes).toEqual([
      { op: "change", path: "/taskDefinition", live: "fp-app:1", desired: "fp-app:2" },
    ]);
  });

  // A CI job registered fp-app:2 and moved the service to it (minimal case: td-fargate-awsvpc-secrets-2026.json
  // re-registered; cf. https://github.com/hashicorp/terraform-provider-aws/issues/632).
  const ciArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/fp-app:2";
  const onCiRevision = edited(svcFp.response, (s) => {
    s.taskDefinition = ciArn;
  });

  it("minimal case: CI registered the same content as fp-app:2: the TaskDefinition matches it, no drift", () => {
    const ci = edited(fpApp.response, (r) => {
      r.taskDefinition.taskDefinitionArn = ciArn;
      r.taskDefinition.revision = 2;
    });
    const tdPlan = planTdRevisions("fp-app", fpApp.desired, [{ arn: ciArn, described: ci }]);
    expect(tdPlan.action).toBe("none");
    expect(tdPlan.resolvedRevision).toBe("fp-app:2");
    inSync(planSvc(svcFp.desired, onCiRevision, { tdPlan }));
  });

  it("minimal case: CI registered another image as fp-app:2: a new revision, and the service drifts to it", () => {
    const ci = edited(fpApp.response, (r) => {
      r.taskDefinition.taskDefinitionArn = ciArn;
      c0(r).image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:ci";
    });
    const tdPlan = planTdRevisions("fp-app", fpApp.desired, [{ arn: ciArn, described: ci }]);
    expect(tdPlan.action).toBe("register");
    expect(tdPlan.changes).toEqual([
      {
        op: "change",
        path: "/containerDefinitions/0/image",
        live: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:ci",
        desired: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fp-app:v1",
      },
    ]);
    expect(planSvc(svcFp.desired, onCiRevision, { tdPlan }).changes).toEqual([
      { op: "change", path: "/taskDefinition", live: "fp-app:2", desired: "fp-app:(new revision)" },
    ]);
  });
});

describe("ecs-api.md §3.1 (no §4.2 number): roleArn, placementStrategy field", () => {
  const slr = "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";

  it("svc-cli-external-controller.json: role by name or by ARN matches the returned roleArn", () => {
    inSync(planSvc({ ...svcExternal.desired, role: "AWSServiceRoleForECS" }, svcExternal.response));
    inSync(planSvc({ ...svcExternal.desired, role: slr }, svcExternal.response));
  });

  it("svc-cli-external-controller.json: another role is drift (create-only: replace)", () => {
    const p = planSvc({ ...svcExternal.desired, role: "ecsServiceRole" }, svcExternal.response);
    expect(p.changes).toEqual([
      { op: "change", path: "/role", live: "AWSServiceRoleForECS", desired: "ecsServiceRole" },
    ]);
    expect(p.action).toBe("replace");
  });

  it("minimal case (built from svc-cli-ec2-implicit-launch-type.json): field host ≙ instanceId, binpack any case", () => {
    // cf. Terraform ordered_placement_strategy StateFunc (peers.md §4.1).
    const live = edited(svcEc2.response, (s) => {
      s.placementStrategy = [
        { type: "spread", field: "instanceId" },
        { type: "binpack", field: "memory" },
      ];
    });
    const desired = {
      ...svcEc2.desired,
      placementStrategy: [
        { type: "spread" as const, field: "host" },
        { type: "binpack" as const, field: "MEMORY" },
      ],
    };
    inSync(planSvc(desired, live));
  });

  it("a placement field that differs is drift", () => {
    const live = edited(svcEc2.response, (s) => {
      s.placementStrategy = [{ type: "spread", field: "attribute:ecs.availability-zone" }];
    });
    const desired = { ...svcEc2.desired, placementStrategy: [{ type: "spread" as const, field: "host" }] };
    expect(planSvc(desired, live).changes).toEqual([
      {
        op: "change",
        path: "/placementStrategy/0/field",
        live: "attribute:ecs.availability-zone",
        desired: "instanceId",
      },
    ]);
  });
});

describe("#21 tags added by other systems", () => {
  // No service or TD output carrying foreign tags was found (fixtures README); minimal cases add the tags
  // ecs-api.md §7 lists to real outputs. cf. https://github.com/aws/containers-roadmap/issues/1747.
  const foreign: Tag[] = [
    { key: "aws:cloudformation:stack-name", value: "web" },
    { key: "ecs:service:stackId", value: "arn:aws:cloudformation:us-west-2:123456789012:stack/web/1" },
    { key: "AmazonECSManaged", value: "" },
  ];

  it("minimal case (svc-cli-fargate-tags.json + foreign tags): only the manifest's keys count", () => {
    const live = edited(svcTags.response, (s) => {
      s.tags = [...foreign, ...s.tags!.reverse()];
    });
    const p = planSvc(svcTags.desired, live);
    inSync(p);
    expect(p.unmanaged).toBe(true);
  });

  it("minimal case: with our managed-by tag as well, the service is in sync and owned", () => {
    const live = edited(svcTags.response, (s) => {
      s.tags = [...foreign, OURS, ...s.tags!];
    });
    const p = planSvc(svcTags.desired, live);
    inSync(p);
    expect(p.unmanaged).toBeUndefined();
  });

  it("minimal case (td-console-fargate-healthcheck.json + ecs:taskDefinition:createdFrom)", () => {
    const live = edited(consoleTd.response, (r) => {
      r.tags = [
        { key: "ecs:taskDefinition:createdFrom", value: "ecs-console-v2" },
        { key: "team", value: "hiring" },
      ];
    });
    inSync(planTd({ ...consoleTd.desired, tags: [{ key: "team", value: "hiring" }] }, live));
  });

  it("a task definition whose content matches but a manifest tag differs: TagResource, needs ownership", () => {
    const live = edited(consoleTd.response, (r) => {
      r.tags = [{ key: "team", value: "other" }];
    });
    const p = planTd({ ...consoleTd.desired, tags: [{ key: "team", value: "hiring" }] }, live);
    expect(p.changes).toEqual([{ op: "change", path: "/tags/0/value", live: "other", desired: "hiring" }]);
    expect(p.action).toBe("update");
    expect(p.operations).toEqual([
      expect.objectContaining({
        name: "TagResource",
        input: expect.objectContaining({ tags: [{ key: "team", value: "hiring" }] }),
      }),
    ]);
    // Not ours: the tag change is planned but blocked until --adopt.
    expect(p.unmanaged).toBe(true);
    expect(p.blocked).toMatch(/not managed by ecs-reconciler/);
  });

  it("minimal case (cluster-fargate-capacity-provider-2026.json + foreign tags): not drift", () => {
    const live = edited(clusterFp.response, (c) => {
      c.tags = [...foreign, ...c.tags!];
    });
    inSync(planCl(clusterFp.desired, live));
  });
});

describe("#22 Service Connect namespace: name vs ARN", () => {
  const nsArn = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-EXAMPLE";
  const namespaces = new Map([["service-connect", nsArn]]);

  it("cluster-service-connect-defaults.json: namespace sent by name, ARN returned: same once resolved", () => {
    expect(clusterConnect.drift_sources).toContain(22);
    const live = liveClusterToSpec(clusterConnect.response, namespaces);
    expect(diffIntent(canonicalCluster(clusterConnect.desired, namespaces), live, CLUSTER_RULES)).toEqual([]);
  });

  it("cluster-service-connect-defaults.json: without the Cloud Map lookup the mismatch is reported, not hidden", () => {
    // observe looks namespaces up whenever a manifest names one; without that lookup the two differ.
    expect(planCl(clusterConnect.desired, clusterConnect.response).changes).toEqual([
      { op: "change", path: "/serviceConnectDefaults/namespace", live: nsArn, desired: "service-connect" },
    ]);
  });

  it("svc-service-connect-default-namespace.json: namespace omitted (cluster default), config only in deployments[0]", () => {
    expect(svcConnect.drift_sources).toContain(22);
    inSync(planSvc(svcConnect.desired, svcConnect.response));
  });

  it("svc-service-connect-default-namespace.json: the name written matches the name the 2022 deployment shows", () => {
    const desired = edited(svcConnect.desired, (d) => {
      d.serviceConnectConfiguration!.namespace = "service-connect";
    });
    inSync(planSvc(desired, svcConnect.response));
  });

  it("minimal case (the same deployment read back with the ARN): name and ARN match once resolved", () => {
    const live = edited(svcConnect.response, (s) => {
      s.deployments![0]!.serviceConnectConfiguration!.namespace = nsArn;
    });
    const byName = edited(svcConnect.desired, (d) => {
      d.serviceConnectConfiguration!.namespace = "service-connect";
    });
    // planService resolves the bare family first; the literal revision stands in for that here.
    const desired = canonicalService({ ...byName, taskDefinition: "service-connect-nginx:1" }, namespaces);
    expect(diffIntent(desired, liveServiceToSpec(live, namespaces), SERVICE_RULES)).toEqual([]);
    // ...and the other way round: the ARN written, the name read back.
    const byArn = edited(svcConnect.desired, (d) => {
      d.serviceConnectConfiguration!.namespace = nsArn;
    });
    expect(
      diffIntent(
        canonicalService({ ...byArn, taskDefinition: "service-connect-nginx:1" }, namespaces),
        liveServiceToSpec(svcConnect.response, namespaces),
        SERVICE_RULES,
      ),
    ).toEqual([]);
  });

  it("a different namespace live is drift, with or without the lookup", () => {
    const other = "arn:aws:servicediscovery:us-west-2:123456789012:namespace/ns-OTHER";
    const live = edited(svcConnect.response, (s) => {
      s.deployments![0]!.serviceConnectConfiguration!.namespace = other;
    });
    const desired = edited(svcConnect.desired, (d) => {
      d.serviceConnectConfiguration!.namespace = "service-connect";
    });
    expect(planSvc(desired, live).changes).toEqual([
      { op: "change", path: "/serviceConnectConfiguration/namespace", live: other, desired: "service-connect" },
    ]);
    expect(
      diffIntent(
        canonicalService({ ...desired, taskDefinition: "service-connect-nginx:1" }, namespaces),
        liveServiceToSpec(live, namespaces),
        SERVICE_RULES,
      ),
    ).toEqual([{ op: "change", path: "/serviceConnectConfiguration/namespace", live: other, desired: nsArn }]);
  });
});
