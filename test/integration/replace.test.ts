/**
 * Changes ECS cannot make in place, and resources the reconciler does not own: the built CLI against a
 * private moto_server, with the AWS CLI as an independent witness. Each test has its own cluster.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "../support/cli.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";
import {
  changeAt,
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
  serviceArn: string;
  status: string;
  desiredCount: number;
  launchType?: string;
  taskDefinition: string;
  tags?: Tag[];
  deployments: { id: string; status: string; createdAt: number; launchType?: string }[];
}

const tagValue = (tags: Tag[] | undefined, key: string) => tags?.find((t) => t.key === key)?.value;

describe.skipIf(!requireMoto())("create-only changes and ownership against moto_server", () => {
  let moto: Moto;
  const dirs: string[] = [];
  let subnet: string;
  let securityGroup: string;

  const aws = (...args: string[]) => awsCli(moto, args);
  const cli = async (dir: string, ...args: string[]): Promise<CliResult> => {
    const res = await runCli([...args, "-f", dir, ...RATE], moto.env);
    expect(stackTraceIn(res.stderr), res.stderr).toBeUndefined();
    return res;
  };
  const describeServices = (cluster: string, name: string): Service[] =>
    (
      aws("ecs", "describe-services", "--cluster", cluster, "--services", name, "--include", "TAGS") as {
        services: Service[];
      }
    ).services;
  const activeService = (cluster: string, name: string): Service => {
    const active = describeServices(cluster, name).filter((s) => s.status === "ACTIVE");
    expect(active).toHaveLength(1);
    return active[0]!;
  };
  const workspace = (files: Record<string, string>): string => {
    const dir = tempDir("ecs-reconciler-replace-");
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };

  /** A cluster, an awsvpc task definition for EC2 and Fargate, and a service "api" on EC2. */
  const awsvpcApp = (cluster: string) => `# A service whose task definition runs on EC2 and Fargate alike (awsvpc).
apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata:
  name: ${cluster}
spec:
  tags:
    - key: env
      value: test
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata:
  name: ${cluster}-app
spec:
  networkMode: awsvpc
  requiresCompatibilities: [EC2, FARGATE]
  cpu: "256"
  memory: "512"
  containerDefinitions:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
      essential: true
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: api
  cluster: ${cluster}
spec:
  taskDefinition: ${cluster}-app
  desiredCount: 1
  launchType: EC2
  networkConfiguration:
    awsvpcConfiguration:
      subnets: [${subnet}]
      securityGroups: [${securityGroup}]
  tags:
    - key: tier
      value: api
`;

  beforeAll(async () => {
    moto = await startMoto();
    // awsvpc services need a subnet and a security group that exist in moto's EC2.
    const vpc = (aws("ec2", "create-vpc", "--cidr-block", "10.10.0.0/16") as { Vpc: { VpcId: string } }).Vpc.VpcId;
    subnet = (
      aws("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.10.1.0/24") as { Subnet: { SubnetId: string } }
    ).Subnet.SubnetId;
    securityGroup = (
      aws("ec2", "create-security-group", "--group-name", "replace-test", "--description", "test", "--vpc-id", vpc) as {
        GroupId: string;
      }
    ).GroupId;
  });
  afterAll(async () => {
    await moto?.stop();
    for (const d of dirs) removeDir(d);
  });

  it("a launchType change is a replace: blocked without --allow-replace, delete + recreate with it", async () => {
    const dir = workspace({ "app.yaml": awsvpcApp("replace-lt") });
    const created = await cli(dir, "apply");
    expect(created.code, created.stderr).toBe(0);
    expect((await cli(dir, "diff")).code).toBe(0);
    const before = activeService("replace-lt", "api");
    expect(before.launchType).toBe("EC2");
    const beforeDeployment = before.deployments.find((d) => d.status === "PRIMARY")!;
    expect(beforeDeployment).toBeDefined();

    editFile(join(dir, "app.yaml"), (t) => t.replace("launchType: EC2", "launchType: FARGATE"));

    const diff = await cli(dir, "diff", "-o", "json");
    expect(diff.code, diff.stderr).toBe(2);
    const plan = JSON.parse(diff.stdout) as JsonPlan;
    const svc = resourceOf(plan, "Service", "api", "replace-lt");
    expect(svc.action).toBe("replace");
    expect(changeAt(svc, "/launchType")).toEqual({ live: "EC2", desired: "FARGATE" });
    expect(svc.changes).toHaveLength(1);
    expect(plan.summary).toEqual({ create: 0, update: 0, register: 0, replace: 1, delete: 0, unchanged: 2 });

    // Without --allow-replace: exit 1, a message saying why and how, and nothing changed.
    const refused = await cli(dir, "apply");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Service replace-lt\/api: .*--allow-replace/);
    expect(refused.stderr).toContain("nothing was changed");
    const unchanged = activeService("replace-lt", "api");
    expect(unchanged.launchType).toBe("EC2");
    expect(unchanged.deployments.map((d) => d.id)).toEqual(before.deployments.map((d) => d.id));
    expect(unchanged.tags).toEqual(before.tags);

    // With --allow-replace: the old service is deleted and a new one created under the same name.
    const replaced = await cli(dir, "apply", "--allow-replace");
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toContain("Service replace-lt/api: replaced");
    const after = activeService("replace-lt", "api");
    expect(after.launchType).toBe("FARGATE");
    // moto returns no createdAt for services, and a service ARN is derived from cluster and name (the
    // same for the new service on real ECS too): the new service shows in its own first deployment.
    const afterDeployment = after.deployments.find((d) => d.status === "PRIMARY")!;
    expect(after.deployments).toHaveLength(1);
    expect(afterDeployment.id).not.toBe(beforeDeployment.id);
    expect(afterDeployment.createdAt).toBeGreaterThan(beforeDeployment.createdAt);
    expect(afterDeployment.launchType).toBe("FARGATE");
    expect(tagValue(after.tags, MANAGED_BY)).toBe("ecs-reconciler");
    expect(tagValue(after.tags, "tier")).toBe("api");
    expect(after.taskDefinition).toBe(before.taskDefinition);

    const settled = await cli(dir, "diff");
    expect(settled.code, settled.stdout).toBe(0);
  });

  it("a service created out of band is not changed without --adopt; --adopt takes it over and converges", async () => {
    const dir = workspace({
      "base.yaml": `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata:
  name: adopt
spec:
  tags:
    - key: env
      value: test
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata:
  name: adopt-app
spec:
  containerDefinitions:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
      memory: 64
`,
    });
    expect((await cli(dir, "apply")).code).toBe(0);
    // Someone else's service, made with the AWS CLI: no managed-by tag.
    aws(
      "ecs",
      "create-service",
      "--cluster",
      "adopt",
      "--service-name",
      "legacy",
      "--task-definition",
      "adopt-app:1",
      "--desired-count",
      "1",
      "--launch-type",
      "EC2",
      "--tags",
      "key=owner,value=someone-else",
    );
    const before = activeService("adopt", "legacy");
    expect(tagValue(before.tags, MANAGED_BY)).toBeUndefined();

    writeFileSync(
      join(dir, "legacy.yaml"),
      `apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: legacy
  cluster: adopt
spec:
  taskDefinition: adopt-app
  desiredCount: 3
  launchType: EC2
`,
    );
    const diff = await cli(dir, "diff", "-o", "json");
    expect(diff.code, diff.stderr).toBe(2);
    const svc = resourceOf(JSON.parse(diff.stdout) as JsonPlan, "Service", "legacy", "adopt");
    expect(svc.action).toBe("update");
    expect(changeAt(svc, "/desiredCount")).toEqual({ live: 1, desired: 3 });
    expect(svc.blocked).toMatch(/not managed/);

    const refused = await cli(dir, "apply");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Service adopt\/legacy: .*not managed/);
    expect(refused.stderr).toContain("--adopt");
    expect(refused.stderr).toContain("nothing was changed");
    const untouched = activeService("adopt", "legacy");
    expect(untouched.desiredCount).toBe(1);
    expect(untouched.tags).toEqual(before.tags);

    const adopted = await cli(dir, "apply", "--adopt");
    expect(adopted.code, adopted.stderr).toBe(0);
    const after = activeService("adopt", "legacy");
    expect(after.desiredCount).toBe(3);
    expect(tagValue(after.tags, MANAGED_BY)).toBe("ecs-reconciler");
    // Adopting adds our tag; it does not strip what others set.
    expect(tagValue(after.tags, "owner")).toBe("someone-else");

    const settled = await cli(dir, "diff");
    expect(settled.code, settled.stdout).toBe(0);
    // Now ours: a later change applies without --adopt.
    editFile(join(dir, "legacy.yaml"), (t) => t.replace("desiredCount: 3", "desiredCount: 2"));
    const again = await cli(dir, "apply");
    expect(again.code, again.stderr).toBe(0);
    expect(activeService("adopt", "legacy").desiredCount).toBe(2);
  });

  // apply --dry-run is documented as "print the plan only": the plan of THIS apply, flags included.
  it("apply --dry-run --allow-replace previews the replace as allowed, and changes nothing", async () => {
    const dir = workspace({ "app.yaml": awsvpcApp("dry-replace") });
    expect((await cli(dir, "apply")).code).toBe(0);
    const before = activeService("dry-replace", "api");
    editFile(join(dir, "app.yaml"), (t) => t.replace("launchType: EC2", "launchType: FARGATE"));

    const res = await cli(dir, "apply", "--dry-run", "--allow-replace", "-o", "json");
    expect(res.code, res.stderr).toBe(0);
    const svc = resourceOf(JSON.parse(res.stdout) as JsonPlan, "Service", "api", "dry-replace");
    expect(svc.action).toBe("replace");
    expect(activeService("dry-replace", "api").deployments.map((d) => d.id)).toEqual(
      before.deployments.map((d) => d.id),
    );
    // With --allow-replace the apply would run: the preview must not call it blocked.
    expect(svc.blocked).toBeUndefined();
  });

  it("apply --dry-run --adopt previews the adoption, and changes nothing", async () => {
    const dir = workspace({
      "app.yaml": `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata:
  name: dry-adopt
spec: {}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata:
  name: dry-adopt-app
spec:
  containerDefinitions:
    - name: app
      image: public.ecr.aws/docker/library/busybox:1.36
      memory: 64
`,
    });
    expect((await cli(dir, "apply")).code).toBe(0);
    aws(
      "ecs",
      "create-service",
      "--cluster",
      "dry-adopt",
      "--service-name",
      "legacy",
      "--task-definition",
      "dry-adopt-app:1",
      "--desired-count",
      "1",
      "--launch-type",
      "EC2",
    );
    writeFileSync(
      join(dir, "legacy.yaml"),
      `apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: legacy
  cluster: dry-adopt
spec:
  taskDefinition: dry-adopt-app
  desiredCount: 3
`,
    );

    const res = await cli(dir, "apply", "--dry-run", "--adopt", "-o", "json");
    expect(res.code, res.stderr).toBe(0);
    const svc = resourceOf(JSON.parse(res.stdout) as JsonPlan, "Service", "legacy", "dry-adopt");
    expect(svc.action).toBe("update");
    expect(changeAt(svc, "/desiredCount")).toEqual({ live: 1, desired: 3 });
    const untouched = activeService("dry-adopt", "legacy");
    expect(untouched.desiredCount).toBe(1);
    expect(tagValue(untouched.tags, MANAGED_BY)).toBeUndefined();
    // apply --adopt would tag and update it (the previous test): the preview must say so, not "blocked".
    expect(svc.blocked).toBeUndefined();
    expect(svc.notes?.join("\n")).toMatch(/adopting/);
  });
});
