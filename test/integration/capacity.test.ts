/**
 * Capacity providers and cluster capacity against moto_server, with the AWS CLI as the independent
 * client: a provider applied by Auto Scaling group name, drift in targetCapacity found and fixed, the
 * preflight refusing a missing group, and a provider still in use kept in its cluster.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";
import { type JsonPlan, MANAGED_BY, RATE, removeDir, tempDir } from "../support/workspace.js";

describe.skipIf(!requireMoto())("capacity providers against moto_server", () => {
  let moto: Moto;
  let dir: string;
  const cli = (...args: string[]) => runCli([...args, "-f", dir, ...RATE], moto.env);
  const aws = (...args: string[]): unknown => awsCli(moto, args);

  beforeAll(async () => {
    moto = await startMoto();
    aws(
      "autoscaling",
      "create-launch-configuration",
      "--launch-configuration-name",
      "app-lc",
      "--image-id",
      "ami-12c6146b",
      "--instance-type",
      "t3.micro",
    );
    aws(
      "autoscaling",
      "create-auto-scaling-group",
      "--auto-scaling-group-name",
      "app-asg",
      "--launch-configuration-name",
      "app-lc",
      "--min-size",
      "0",
      "--max-size",
      "2",
      "--availability-zones",
      "us-east-1a",
      "--new-instances-protected-from-scale-in",
    );
    dir = tempDir();
    cpSync(join(ROOT, "manifests/examples/ec2-capacity"), dir, { recursive: true });
  });
  afterAll(async () => {
    await moto?.stop();
    removeDir(dir);
  });

  const provider = () =>
    (
      aws("ecs", "describe-capacity-providers", "--capacity-providers", "app-ec2", "--include", "TAGS") as {
        capacityProviders: {
          autoScalingGroupProvider: Record<string, never>;
          tags: { key: string; value: string }[];
        }[];
      }
    ).capacityProviders[0]!;

  it("applies the provider by group name: ECS gets the group's ARN; the cluster gets its providers and default strategy", async () => {
    const res = await cli("apply");
    expect(res.code, res.stderr).toBe(0);
    const cp = provider();
    expect(cp.autoScalingGroupProvider.autoScalingGroupArn).toMatch(
      /^arn:aws:autoscaling:.*autoScalingGroupName\/app-asg$/,
    );
    expect(cp.autoScalingGroupProvider).toMatchObject({
      managedScaling: { status: "ENABLED", targetCapacity: 90 },
      managedTerminationProtection: "ENABLED",
    });
    expect(cp.tags).toContainEqual({ key: MANAGED_BY, value: "ecs-reconciler" });
    const cluster = (aws("ecs", "describe-clusters", "--clusters", "apps") as { clusters: Record<string, unknown>[] })
      .clusters[0]!;
    expect(cluster.capacityProviders).toEqual(["app-ec2", "FARGATE", "FARGATE_SPOT"]);
    expect(cluster.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
      // moto echoes the item as sent; ECS adds base: 0 (the normalizer treats both alike).
      expect.objectContaining({ capacityProvider: "FARGATE_SPOT", weight: 3 }),
    ]);
  });

  it("converges: moto drops a new service's strategy on create (moto-gaps.md), a second apply sets it, then diff exits 0", async () => {
    const first = await cli("diff", "-o", "json");
    const drifted = (JSON.parse(first.stdout) as JsonPlan).resources.filter((r) => r.action !== "none");
    expect(drifted.map((r) => [r.kind, r.name, r.changes.map((c) => c.path)])).toEqual([
      ["Service", "api", ["/capacityProviderStrategy/0"]],
    ]);
    expect((await cli("apply")).code).toBe(0);
    const after = await cli("diff");
    expect(after.code, after.stdout).toBe(0);
  });

  it("a targetCapacity changed out of band is drift at its pointer, and apply restores it", async () => {
    aws(
      "ecs",
      "update-capacity-provider",
      "--name",
      "app-ec2",
      "--auto-scaling-group-provider",
      "managedScaling={targetCapacity=50}",
    );
    const res = await cli("diff", "-o", "json");
    expect(res.code).toBe(2);
    const cp = (JSON.parse(res.stdout) as JsonPlan).resources.find((r) => r.kind === "CapacityProvider")!;
    expect(cp.action).toBe("update");
    expect(cp.changes).toEqual([
      { op: "change", path: "/autoScalingGroupProvider/managedScaling/targetCapacity", live: 50, desired: 90 },
    ]);
    expect((await cli("apply")).code).toBe(0);
    expect(provider().autoScalingGroupProvider).toMatchObject({ managedScaling: { targetCapacity: 90 } });
    expect((await cli("diff")).code).toBe(0);
  });

  it("status shows the cluster's capacity and the provider's health", async () => {
    const res = await cli("status", "-o", "json");
    const rows = (JSON.parse(res.stdout) as { resources: Record<string, unknown>[] }).resources;
    expect(rows.find((r) => r.kind === "CapacityProvider")).toMatchObject({ sync: "Synced", health: "Healthy" });
    expect(rows.find((r) => r.kind === "Cluster")).toMatchObject({
      sync: "Synced",
      health: "Healthy",
      message: "no container instances",
      capacity: { instances: 0, byStatus: {}, disconnected: 0 },
    });
  });

  it("never drops a provider a service still uses from its cluster, even a service outside the manifests", async () => {
    // With api.yaml in the set, validate already refuses (its strategy names a provider the cluster
    // would not have). Here the service lives on in AWS but its manifest went to another repository.
    const other = tempDir();
    for (const f of ["capacity-provider.yaml", "cluster.yaml"]) cpSync(join(dir, f), join(other, f));
    const cluster = join(other, "cluster.yaml");
    const before = readFileSync(cluster, "utf8");
    writeFileSync(cluster, before.replace("[app-ec2, FARGATE, FARGATE_SPOT]", "[FARGATE, FARGATE_SPOT]"));
    const res = await runCli(["apply", "-f", other, ...RATE], moto.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      "capacity provider app-ec2 is still used by services api: change their capacityProviderStrategy first",
    );
    expect(res.stderr).toContain("nothing was changed");
    const live = (
      aws("ecs", "describe-clusters", "--clusters", "apps") as { clusters: { capacityProviders: string[] }[] }
    ).clusters[0]!;
    expect(live.capacityProviders).toEqual(["app-ec2", "FARGATE", "FARGATE_SPOT"]);
    removeDir(other);
  });

  it("preflight: a provider on a group that does not exist is refused before any ECS call", async () => {
    const other = tempDir();
    writeFileSync(
      join(other, "cp.yaml"),
      readFileSync(join(dir, "capacity-provider.yaml"), "utf8")
        .replace("name: app-ec2", "name: ghost-ec2")
        .replace("autoScalingGroupArn: app-asg", "autoScalingGroupArn: ghost-asg"),
    );
    const res = await runCli(["apply", "-f", other, ...RATE], moto.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      'CapacityProvider ghost-ec2: Auto Scaling group "ghost-asg" does not exist in this account and Region',
    );
    const found = aws("ecs", "describe-capacity-providers", "--capacity-providers", "ghost-ec2") as {
      capacityProviders: unknown[];
    };
    expect(found.capacityProviders).toEqual([]);
    removeDir(other);
  });
});
