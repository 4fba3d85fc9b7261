/**
 * `ecs-reconciler run` end to end against moto_server: readiness, every CONTRACT metric, drift made
 * with the AWS CLI corrected (enforce) or only counted (observe), a broken manifest edit that
 * changes nothing, a removed manifest whose series disappear, and SIGTERM.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.js";
import { eventually, type RunningController, startController } from "../support/controller.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";

const CONTRACT_METRICS = [
  "ecs_reconciler_resource_info",
  "ecs_reconciler_drifted_fields",
  "ecs_reconciler_rollout_state",
  "ecs_reconciler_reconcile_total",
  "ecs_reconciler_reconcile_duration_seconds_bucket",
  "ecs_reconciler_aws_requests_total",
  "ecs_reconciler_aws_request_duration_seconds_bucket",
  "workqueue_depth",
  "workqueue_adds_total",
  "workqueue_retries_total",
  "workqueue_queue_duration_seconds_bucket",
  "workqueue_work_duration_seconds_bucket",
  "ecs_reconciler_build_info",
];

const desiredCountOf = (moto: Moto, service: string) =>
  (
    awsCli(moto, ["ecs", "describe-services", "--cluster", "demo", "--services", service]) as {
      services: { desiredCount: number }[];
    }
  ).services[0]!.desiredCount;

const FAST = ["--interval", "2s", "--watch-interval", "200ms", "--api-rate-share", "20", "--shutdown-timeout", "10s"];

describe.skipIf(!requireMoto())("ecs-reconciler run", () => {
  let moto: Moto;
  let dir: string;
  let ctl: RunningController | undefined;

  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), "ecs-reconciler-run-"));
    cpSync(join(ROOT, "manifests/examples/web"), dir, { recursive: true });
  });
  afterAll(async () => {
    await ctl?.stop("SIGKILL");
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("converges, becomes ready, and exports every CONTRACT metric", async () => {
    ctl = await startController(["-f", dir, ...FAST], moto.env);
    await eventually("healthz", async () => (await ctl!.get("/healthz")).status === 200);
    await eventually("readyz", async () => (await ctl!.get("/readyz")).status === 200);
    const metrics = (await ctl.get("/metrics")).text;
    for (const name of CONTRACT_METRICS) expect(metrics, name).toContain(`${name}{`);
    expect(
      await ctl.metric("ecs_reconciler_resource_info", { kind: "Service", name: "web", sync_status: "Synced" }),
    ).toBe(1);
    expect(await ctl.metric("ecs_reconciler_drifted_fields", { kind: "Service", name: "web" })).toBe(0);
    expect(await ctl.metric("ecs_reconciler_rollout_state", { service: "web", state: "IN_PROGRESS" })).toBe(1);
    expect(await ctl.metric("ecs_reconciler_build_info")).toBe(1);
    expect(await ctl.metric("ecs_reconciler_aws_requests_total", { operation: "CreateService", code: "OK" })).toBe(2);
    expect(desiredCountOf(moto, "web")).toBe(2);
  });

  it("corrects drift made out of band (enforce), and leaves alone what the manifest ignores", async () => {
    awsCli(moto, ["ecs", "update-service", "--cluster", "demo", "--service", "web", "--desired-count", "5"]);
    awsCli(moto, ["ecs", "update-service", "--cluster", "demo", "--service", "worker", "--desired-count", "9"]);
    await eventually("web back to 2", async () => desiredCountOf(moto, "web") === 2);
    const line = await eventually("the change logged", async () =>
      ctl!.logs().find((l) => l.includes('"msg":"update Service demo/web"')),
    );
    expect(JSON.parse(line)).toMatchObject({
      kind: "Service",
      cluster: "demo",
      name: "web",
      changes: [{ path: "/desiredCount", live: 5, desired: 2 }],
    });
    expect(desiredCountOf(moto, "worker")).toBe(9);
  });

  it("a broken manifest edit changes nothing and keeps the last good state; ready stays up", async () => {
    const writesBefore = await ctl!.metric("ecs_reconciler_aws_requests_total", { operation: "UpdateService" });
    const web = join(dir, "web.yaml");
    const good = readFileSync(web, "utf8");
    writeFileSync(web, `${good.replace("desiredCount: 2", "desiredCount: 3")}\n  : : broken [\n`);
    await eventually(
      "load error counted",
      async () => ((await ctl!.metric("ecs_reconciler_manifest_load_errors_total")) ?? 0) >= 1,
    );
    expect(await ctl!.metric("ecs_reconciler_manifests_valid")).toBe(0);
    expect((await ctl!.get("/readyz")).status).toBe(200);
    // Two resyncs later, still nothing written and the service untouched.
    await new Promise((r) => setTimeout(r, 4500));
    expect(await ctl!.metric("ecs_reconciler_aws_requests_total", { operation: "UpdateService" })).toBe(writesBefore);
    expect(desiredCountOf(moto, "web")).toBe(2);
    writeFileSync(web, good);
    await eventually("manifests valid again", async () => (await ctl!.metric("ecs_reconciler_manifests_valid")) === 1);
  });

  it("a manifest change is reconciled, and a removed manifest's series disappear (nothing deleted)", async () => {
    const web = join(dir, "web.yaml");
    writeFileSync(web, readFileSync(web, "utf8").replace("desiredCount: 2", "desiredCount: 3"));
    await eventually("web scaled to 3", async () => desiredCountOf(moto, "web") === 3);
    rmSync(join(dir, "worker.yaml"));
    await eventually("worker series gone", async () => {
      const text = (await ctl!.get("/metrics")).text;
      return !text.includes('name="worker"') && !text.includes('service="worker"');
    });
    expect(desiredCountOf(moto, "worker")).toBe(9);
  });

  it("exits 0 on SIGTERM within the grace period", async () => {
    const { code, ms } = await ctl!.stop("SIGTERM");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(ctl!.logs().some((l) => l.includes('"msg":"stopped"'))).toBe(true);
    ctl = undefined;
  });

  it("observe mode counts drift and changes nothing", async () => {
    ctl = await startController(["-f", dir, ...FAST, "--mode", "observe"], moto.env);
    await eventually("readyz", async () => (await ctl!.get("/readyz")).status === 200);
    awsCli(moto, ["ecs", "update-service", "--cluster", "demo", "--service", "web", "--desired-count", "6"]);
    await eventually(
      "drift counted",
      async () => (await ctl!.metric("ecs_reconciler_drifted_fields", { kind: "Service", name: "web" })) === 1,
    );
    expect(
      await ctl!.metric("ecs_reconciler_resource_info", { kind: "Service", name: "web", sync_status: "OutOfSync" }),
    ).toBe(1);
    await new Promise((r) => setTimeout(r, 2500));
    expect(desiredCountOf(moto, "web")).toBe(6);
    expect(await ctl!.metric("ecs_reconciler_aws_requests_total", { operation: "UpdateService" })).toBeUndefined();
    expect((await ctl!.stop("SIGINT")).code).toBe(0);
    ctl = undefined;
  });
});
