/**
 * Task sets on an EXTERNAL service against moto_server: the canary example applied with --wait
 * (create, promote), then a new image rolled out step by step (scale, promote, drain), checked
 * with the AWS CLI. moto reports task sets STEADY_STATE at once, so only the happy path plays here;
 * rollbacks and timeouts are in reconcilers/wait.test.ts with aws-sdk-client-mock.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";
import { MANAGED_BY, RATE, removeDir, tempDir } from "../support/workspace.js";

interface TaskSetJson {
  id: string;
  status: string;
  externalId: string;
  taskDefinition: string;
  scale: { value: number };
  tags?: { key: string; value: string }[];
}

describe.skipIf(!requireMoto())("task sets against moto_server", () => {
  let moto: Moto;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, "-f", dir, ...RATE], moto.env);
  const taskSets = () =>
    (
      awsCli(moto, [
        "ecs",
        "describe-task-sets",
        "--cluster",
        "canary-demo",
        "--service",
        "storefront",
        "--include",
        "TAGS",
      ]) as {
        taskSets: TaskSetJson[];
      }
    ).taskSets;

  beforeAll(async () => {
    moto = await startMoto();
    // awsvpc task sets need a subnet and security group that exist, in a VPC with DNS hostnames.
    const vpc = (awsCli(moto, ["ec2", "create-vpc", "--cidr-block", "10.7.0.0/16"]) as { Vpc: { VpcId: string } }).Vpc
      .VpcId;
    awsCli(moto, ["ec2", "modify-vpc-attribute", "--vpc-id", vpc, "--enable-dns-hostnames"]);
    const subnet = (
      awsCli(moto, ["ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.7.1.0/24"]) as {
        Subnet: { SubnetId: string };
      }
    ).Subnet.SubnetId;
    const sg = (
      awsCli(moto, [
        "ec2",
        "create-security-group",
        "--group-name",
        "storefront",
        "--description",
        "t",
        "--vpc-id",
        vpc,
      ]) as { GroupId: string }
    ).GroupId;
    dir = tempDir();
    cpSync(join(ROOT, "manifests/examples/canary"), dir, { recursive: true });
    const ts = join(dir, "task-set.yaml");
    writeFileSync(
      ts,
      readFileSync(ts, "utf8")
        .replace("subnet-0123456789abcdef0", subnet)
        .replace("sg-0123456789abcdef0", sg)
        // Short pauses: the test plays the same steps in seconds.
        .replace("pause: 5m", "pause: 1s")
        .replace("pause: 10m", "pause: 1s"),
    );
  });
  afterAll(async () => {
    await moto?.stop();
    removeDir(dir);
  });

  it("apply --wait creates the first task set at 100% and makes it primary", async () => {
    const res = await cli("apply", "--wait", "--timeout", "2m");
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain("all rollouts complete");
    const sets = taskSets();
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({
      status: "PRIMARY",
      scale: { value: 100 },
      taskDefinition: expect.stringMatching(/storefront:1$/),
    });
    expect(sets[0]!.externalId).toMatch(/^storefront\/[0-9a-f]{12}$/);
    expect(sets[0]!.tags).toContainEqual({ key: MANAGED_BY, value: "ecs-reconciler" });
    expect((await cli("diff")).code).toBe(0);
  });

  it("a new image rolls out through the steps: scaled 10% → 50% → 100%, promoted, the old set drained", async () => {
    const svc = join(dir, "service.yaml");
    writeFileSync(svc, readFileSync(svc, "utf8").replace("nginx:1.27", "nginx:1.28"));
    const before = taskSets()[0]!;

    const plan = await cli("diff", "-o", "json");
    expect(plan.code).toBe(2);
    const res = await cli("apply", "--wait", "--timeout", "2m");
    expect(res.code, res.stderr).toBe(0);
    // The progress lines (not a terminal here) name each step as it happens.
    for (const line of [
      "step 1/3: new task set at 10%",
      "step 2/3: new task set to 50%",
      "step 3/3: new task set to 100%",
      "step 3/3: promoting the new task set",
    ])
      expect(res.stderr).toContain(line);

    const sets = taskSets();
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({
      status: "PRIMARY",
      scale: { value: 100 },
      taskDefinition: expect.stringMatching(/storefront:2$/),
    });
    expect(sets[0]!.id).not.toBe(before.id);
    expect(sets[0]!.externalId).not.toBe(before.externalId);
    expect((await cli("diff")).code).toBe(0);
  });

  it("status shows the task set's rollout as complete", async () => {
    const res = await cli("status", "-o", "json");
    const row = (JSON.parse(res.stdout) as { resources: Record<string, unknown>[] }).resources.find(
      (r) => r.kind === "TaskSet",
    );
    expect(row).toMatchObject({ sync: "Synced", health: "Healthy", rollout: { state: "COMPLETED" } });
  });
});
