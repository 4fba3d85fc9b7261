/**
 * The README tour, as a user does it: the built CLI as a subprocess against a private moto_server, on
 * a copy of manifests/examples/web, with the AWS CLI as an independent witness of what exists. The steps
 * run in order and share state (one cluster "demo", families web and worker).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../support/cli.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";
import {
  changeAt,
  copyExamples,
  editFile,
  type JsonPlan,
  MANAGED_BY,
  RATE,
  removeDir,
  resourceOf,
  stackTraceIn,
  tempDir,
} from "../support/workspace.js";

interface Tag {
  key: string;
  value: string;
}
interface Service {
  serviceName: string;
  serviceArn: string;
  status: string;
  desiredCount: number;
  taskDefinition: string;
  launchType?: string;
  tags?: Tag[];
}
interface Revision {
  taskDefinition: {
    taskDefinitionArn: string;
    revision: number;
    networkMode?: string;
    requiresCompatibilities?: string[];
    containerDefinitions: { name: string; image: string; environment?: Tag[] }[];
  };
  tags?: Tag[];
}

describe.skipIf(!requireMoto())("README tour against moto_server", () => {
  let moto: Moto;
  let dir: string;

  const cli = async (...args: string[]): Promise<CliResult> => {
    const res = await runCli([...args, "-f", dir, ...RATE], moto.env);
    expect(stackTraceIn(res.stderr), res.stderr).toBeUndefined();
    return res;
  };
  const diffJson = async (): Promise<{ code: number; plan: JsonPlan }> => {
    const res = await cli("diff", "-o", "json");
    expect([0, 2], res.stderr).toContain(res.code);
    return { code: res.code, plan: JSON.parse(res.stdout) as JsonPlan };
  };
  const aws = (...args: string[]) => awsCli(moto, args);
  /** The tour's services, described in one call. */
  const services = (): Record<"web" | "worker", Service> => {
    const out = aws(
      "ecs",
      "describe-services",
      "--cluster",
      "demo",
      "--services",
      "web",
      "worker",
      "--include",
      "TAGS",
    ) as {
      services: Service[];
    };
    expect(out.services.map((s) => s.serviceName).sort()).toEqual(["web", "worker"]);
    const byName = (n: string) => out.services.find((s) => s.serviceName === n)!;
    return { web: byName("web"), worker: byName("worker") };
  };
  const service = (name: "web" | "worker"): Service => services()[name];
  const revisions = (family: string): string[] =>
    (
      aws("ecs", "list-task-definitions", "--family-prefix", family) as { taskDefinitionArns: string[] }
    ).taskDefinitionArns.filter((arn) => arn.includes(`:task-definition/${family}:`));
  // Revisions are immutable, and tags are set at registration here: each is described once.
  const described = new Map<string, Revision>();
  const describeRevision = (td: string): Revision => {
    let rev = described.get(td);
    if (!rev) {
      rev = aws("ecs", "describe-task-definition", "--task-definition", td, "--include", "TAGS") as Revision;
      described.set(td, rev);
    }
    return rev;
  };
  const tagValue = (tags: Tag[] | undefined, key: string) => tags?.find((t) => t.key === key)?.value;
  /** Registers a revision of family web out of band: the container definitions of `from`, edited. */
  const registerLike = (from: string, edit: (c: Record<string, unknown>) => void = () => {}): string => {
    const td = describeRevision(from).taskDefinition;
    const containers = td.containerDefinitions.map((c) => {
      const copy = structuredClone(c) as Record<string, unknown>;
      edit(copy);
      return copy;
    });
    const out = aws(
      "ecs",
      "register-task-definition",
      "--family",
      "web",
      "--network-mode",
      td.networkMode ?? "bridge",
      "--requires-compatibilities",
      ...(td.requiresCompatibilities ?? ["EC2"]),
      "--container-definitions",
      JSON.stringify(containers),
    ) as { taskDefinition: { taskDefinitionArn: string } };
    return out.taskDefinition.taskDefinitionArn;
  };

  beforeAll(async () => {
    moto = await startMoto();
    dir = copyExamples(tempDir("ecs-reconciler-tour-"));
  });
  afterAll(async () => {
    await moto?.stop();
    removeDir(dir);
  });

  it("validate: the examples are valid (exit 0, the result on stdout)", async () => {
    const res = await runCli(["validate", "-f", dir], moto.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe("Valid: 1 Cluster, 2 TaskDefinition, 2 Service.\n");
  });

  it("diff: everything is to be created (exit 2)", async () => {
    const text = await cli("diff");
    expect(text.code, text.stderr).toBe(2);
    expect(text.stdout).toContain("Cluster demo will be created");
    expect(text.stdout).toContain("Service demo/web will be created");
    expect(text.stdout).toContain(
      "Plan: 3 to add, 0 to change, 2 to register, 0 to replace, 0 to destroy; 0 unchanged.",
    );

    const { code, plan } = await diffJson();
    expect(code).toBe(2);
    expect(plan.resources.map((r) => [r.kind, r.cluster ?? "", r.name, r.action])).toEqual([
      ["Cluster", "", "demo", "create"],
      ["TaskDefinition", "", "web", "register"],
      ["TaskDefinition", "", "worker", "register"],
      ["Service", "demo", "web", "create"],
      ["Service", "demo", "worker", "create"],
    ]);
    expect(changeAt(resourceOf(plan, "Service", "web", "demo"), "/desiredCount")).toEqual({ live: null, desired: 2 });
    expect(plan.summary).toEqual({ create: 3, update: 0, register: 2, replace: 0, delete: 0, unchanged: 0 });
    // diff is read-only.
    expect((aws("ecs", "list-clusters") as { clusterArns: string[] }).clusterArns).toEqual([]);
  });

  it("apply creates the cluster, task definitions and services (exit 0)", async () => {
    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("Apply complete: 5 applied, 0 failed, 0 skipped.");

    const clusters = aws("ecs", "describe-clusters", "--clusters", "demo", "--include", "TAGS", "SETTINGS") as {
      clusters: { clusterName: string; status: string; settings?: { name: string; value: string }[]; tags?: Tag[] }[];
    };
    expect(clusters.clusters).toHaveLength(1);
    const cluster = clusters.clusters[0]!;
    expect(cluster.status).toBe("ACTIVE");
    expect(cluster.settings).toContainEqual({ name: "containerInsights", value: "enabled" });
    expect(tagValue(cluster.tags, "team")).toBe("platform");
    expect(tagValue(cluster.tags, MANAGED_BY)).toBe("ecs-reconciler");

    for (const [family, image] of [
      ["web", "public.ecr.aws/nginx/nginx:1.27"],
      ["worker", "public.ecr.aws/docker/library/busybox:1.36"],
    ] as const) {
      expect(revisions(family)).toHaveLength(1);
      const td = describeRevision(`${family}:1`);
      expect(td.taskDefinition.containerDefinitions[0]!.image).toBe(image);
      expect(tagValue(td.tags, MANAGED_BY)).toBe("ecs-reconciler");
    }
    expect(describeRevision("web:1").taskDefinition.containerDefinitions[0]!.environment).toEqual([
      { name: "LOG_LEVEL", value: "info" },
    ]);

    const { web, worker } = services();
    expect(web.status).toBe("ACTIVE");
    expect(web.desiredCount).toBe(2);
    expect(web.launchType).toBe("EC2");
    expect(web.taskDefinition).toBe(describeRevision("web:1").taskDefinition.taskDefinitionArn);
    expect(tagValue(web.tags, "team")).toBe("web");
    expect(tagValue(web.tags, MANAGED_BY)).toBe("ecs-reconciler");

    expect(worker.desiredCount).toBe(1);
    expect(worker.taskDefinition).toBe(describeRevision("worker:1").taskDefinition.taskDefinitionArn);
    expect(tagValue(worker.tags, MANAGED_BY)).toBe("ecs-reconciler");
  });

  it("diff after apply: no changes (exit 0)", async () => {
    const res = await cli("diff");
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toContain("No changes. 5 resources in sync.");
  });

  it("diff names every out-of-band change with its pointer, live and desired values", async () => {
    aws("ecs", "update-service", "--cluster", "demo", "--service", "web", "--desired-count", "5");
    const web2 = registerLike("web:1", (c) => {
      c.image = "public.ecr.aws/nginx/nginx:1.28";
    });
    expect(web2).toMatch(/task-definition\/web:2$/);
    aws("ecs", "update-service", "--cluster", "demo", "--service", "web", "--task-definition", web2);
    // worker ignores /desiredCount (Application Auto Scaling owns it): not drift.
    aws("ecs", "update-service", "--cluster", "demo", "--service", "worker", "--desired-count", "7");
    aws("ecs", "tag-resource", "--resource-arn", service("web").serviceArn, "--tags", "key=team,value=hacked");
    const clusterArn = (aws("ecs", "describe-clusters", "--clusters", "demo") as { clusters: { clusterArn: string }[] })
      .clusters[0]!.clusterArn;
    aws("ecs", "tag-resource", "--resource-arn", clusterArn, "--tags", "key=team,value=nobody");

    const { code, plan } = await diffJson();
    expect(code).toBe(2);

    const svc = resourceOf(plan, "Service", "web", "demo");
    expect(svc.action).toBe("update");
    expect(changeAt(svc, "/desiredCount")).toEqual({ live: 5, desired: 2 });
    expect(changeAt(svc, "/tags/0/value")).toEqual({ live: "hacked", desired: "web" });
    const tdChange = changeAt(svc, "/taskDefinition");
    expect(tdChange?.live).toBe("web:2");
    // The desired revision is the one this apply registers (web:2's content is not the manifest's).
    expect(tdChange?.desired).toEqual(expect.stringMatching(/^web\b/));
    expect(tdChange?.desired).not.toBe("web:2");
    expect(svc.changes).toHaveLength(3);

    const td = resourceOf(plan, "TaskDefinition", "web");
    expect(td.action).toBe("register");
    expect(changeAt(td, "/containerDefinitions/0/image")).toEqual({
      live: "public.ecr.aws/nginx/nginx:1.28",
      desired: "public.ecr.aws/nginx/nginx:1.27",
    });
    expect(td.changes).toHaveLength(1);

    const cluster = resourceOf(plan, "Cluster", "demo");
    expect(cluster.action).toBe("update");
    expect(changeAt(cluster, "/tags/0/value")).toEqual({ live: "nobody", desired: "platform" });
    expect(cluster.changes).toHaveLength(1);

    const worker = resourceOf(plan, "Service", "worker", "demo");
    expect(worker.action).toBe("none");
    expect(worker.changes).toEqual([]);
    expect(resourceOf(plan, "TaskDefinition", "worker").action).toBe("none");

    expect(plan.summary).toEqual({ create: 0, update: 2, register: 1, replace: 0, delete: 0, unchanged: 2 });
  });

  it("apply converges the drift; worker keeps its externally scaled count", async () => {
    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);

    const arns = revisions("web");
    expect(arns).toHaveLength(3);
    const web3 = describeRevision("web:3");
    expect(web3.taskDefinition.containerDefinitions[0]!.image).toBe("public.ecr.aws/nginx/nginx:1.27");
    expect(tagValue(web3.tags, MANAGED_BY)).toBe("ecs-reconciler");

    const { web, worker } = services();
    expect(web.desiredCount).toBe(2);
    expect(web.taskDefinition).toBe(web3.taskDefinition.taskDefinitionArn);
    expect(tagValue(web.tags, "team")).toBe("web");
    expect(tagValue(web.tags, MANAGED_BY)).toBe("ecs-reconciler");

    const cluster = aws("ecs", "describe-clusters", "--clusters", "demo", "--include", "TAGS") as {
      clusters: { tags?: Tag[] }[];
    };
    expect(tagValue(cluster.clusters[0]!.tags, "team")).toBe("platform");

    expect(worker.desiredCount).toBe(7);
    expect(revisions("worker")).toHaveLength(1);
  });

  it("diff after converging: no changes (exit 0)", async () => {
    const res = await cli("diff");
    expect(res.code, res.stdout).toBe(0);
    expect(res.stdout).toContain("No changes.");
  });

  it("apply of an unchanged manifest registers no revision", async () => {
    const before = revisions("web");
    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("No changes.");
    expect(revisions("web")).toEqual(before);
    expect(revisions("worker")).toHaveLength(1);
    expect(service("web").taskDefinition).toBe(describeRevision("web:3").taskDefinition.taskDefinitionArn);
  });

  it("an edited manifest registers exactly one revision, and the service moves to it", async () => {
    const before = revisions("web");
    editFile(join(dir, "web.yaml"), (t) =>
      t.replace("image: public.ecr.aws/nginx/nginx:1.27", "image: public.ecr.aws/nginx/nginx:1.29"),
    );

    const { code, plan } = await diffJson();
    expect(code).toBe(2);
    const td = resourceOf(plan, "TaskDefinition", "web");
    expect(td.action).toBe("register");
    expect(changeAt(td, "/containerDefinitions/0/image")).toEqual({
      live: "public.ecr.aws/nginx/nginx:1.27",
      desired: "public.ecr.aws/nginx/nginx:1.29",
    });
    expect(resourceOf(plan, "Service", "web", "demo").action).toBe("update");
    expect(plan.summary).toEqual({ create: 0, update: 1, register: 1, replace: 0, delete: 0, unchanged: 3 });

    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);
    const after = revisions("web");
    expect(after).toHaveLength(before.length + 1);
    const added = after.filter((arn) => !before.includes(arn));
    expect(added).toHaveLength(1);
    const rev = describeRevision(added[0]!);
    expect(rev.taskDefinition.containerDefinitions[0]!.image).toBe("public.ecr.aws/nginx/nginx:1.29");
    expect(rev.taskDefinition.containerDefinitions[0]!.environment).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(tagValue(rev.tags, MANAGED_BY)).toBe("ecs-reconciler");
    expect(service("web").taskDefinition).toBe(added[0]);

    expect((await cli("diff")).code).toBe(0);
  });

  it("a revision registered out of band with equal content, and the service moved to it, is not drift", async () => {
    const current = service("web").taskDefinition;
    const equal = registerLike(current);
    expect(equal).not.toBe(current);
    aws("ecs", "update-service", "--cluster", "demo", "--service", "web", "--task-definition", equal);
    const before = revisions("web");

    const { code, plan } = await diffJson();
    expect(plan.resources.filter((r) => r.action !== "none")).toEqual([]);
    expect(code).toBe(0);

    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);
    expect(revisions("web")).toEqual(before);
    expect(service("web").taskDefinition).toBe(equal);
  });
});
