/**
 * The CLI's outside: exit codes, and stdout carrying only a command's output (CONTRACT.md §1, §3).
 * Offline commands run everywhere; the ones that read AWS run against a private moto_server.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";
import { awsCli, type Moto, requireMoto, startMoto } from "../support/moto.js";
import {
  awsEnvFor,
  copyExamples,
  EXAMPLES,
  type JsonPlan,
  type JsonStatus,
  RATE,
  removeDir,
  resourceOf,
  stackTraceIn,
  startRecorder,
  tempDir,
} from "../support/workspace.js";

const COMMANDS = ["validate", "diff", "apply", "status"];

describe("CLI without AWS", () => {
  it("--help exits 0 and lists the commands on stdout", async () => {
    const res = await runCli(["--help"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: ecs-reconciler /);
    for (const c of COMMANDS) expect(res.stdout).toMatch(new RegExp(`^ {2}${c} `, "m"));
    expect(res.stderr).toBe("");
  });

  it("<command> --help exits 0 and documents its options", async () => {
    const res = await runCli(["apply", "--help"]);
    expect(res.code).toBe(0);
    for (const flag of ["--file", "--dry-run", "--allow-replace", "--adopt", "--output"])
      expect(res.stdout).toContain(flag);
  });

  it("--version prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const res = await runCli(["--version"]);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe(version);
  });

  it("an unknown command exits 1 with the error on stderr", async () => {
    const res = await runCli(["frobnicate"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
    expect(res.stdout).toBe("");
    expect(stackTraceIn(res.stderr)).toBeUndefined();
  });

  it("an unknown option exits 1", async () => {
    const res = await runCli(["validate", "-f", EXAMPLES, "--no-such-flag"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown option '--no-such-flag'");
    expect(res.stdout).toBe("");
  });

  it("a command without -f exits 1 and says so", async () => {
    const results = await Promise.all(COMMANDS.map(async (c) => ({ c, ...(await runCli([c])) })));
    for (const { c, ...res } of results) {
      expect(res.code, c).toBe(1);
      expect(res.stderr, c).toContain("no manifests given");
      expect(res.stdout, c).toBe("");
    }
  });

  it("validate on the examples exits 0 with only the result on stdout", async () => {
    const res = await runCli(["validate", "-f", EXAMPLES]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toBe("Valid: 1 Cluster, 2 TaskDefinition, 2 Service.\n");
    expect(res.stderr).toContain("validated 5 manifests");
  });

  it("validate -o json prints one JSON document", async () => {
    const res = await runCli(["validate", "-f", EXAMPLES, "-o", "json"]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ valid: true, resources: 5 });
  });

  it("-f may be repeated and takes files as well as directories", async () => {
    const res = await runCli([
      "validate",
      "-f",
      join(EXAMPLES, "cluster.yaml"),
      "-f",
      join(EXAMPLES, "web.yaml"),
      "-o",
      "json",
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ valid: true, resources: 3 });
  });

  it("--endpoint-url overrides AWS_ENDPOINT_URL; an AWS error exits 1 with one line, no stack trace", async () => {
    const fromEnv = await startRecorder();
    const fromFlag = await startRecorder();
    try {
      const res = await runCli(
        ["diff", "-f", EXAMPLES, "--endpoint-url", fromFlag.url, ...RATE],
        awsEnvFor(fromEnv.url),
      );
      expect(res.code).toBe(1);
      expect(res.stdout).toBe("");
      expect(res.stderr).toMatch(/^error: AccessDeniedException: recording server/m);
      expect(stackTraceIn(res.stderr)).toBeUndefined();
      expect(fromFlag.requests.length).toBeGreaterThan(0);
      expect(fromEnv.requests).toEqual([]);
    } finally {
      await fromEnv.close();
      await fromFlag.close();
    }
  });

  it("an unreachable endpoint exits 1 with one line, no stack trace", async () => {
    const res = await runCli(["status", "-f", EXAMPLES, ...RATE], awsEnvFor("http://127.0.0.1:1"));
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^error: .*ECONNREFUSED/m);
    expect(stackTraceIn(res.stderr)).toBeUndefined();
  });
});

describe.skipIf(!requireMoto())("CLI against moto_server", () => {
  let moto: Moto;
  const dirs: string[] = [];
  const aws = (...args: string[]) => awsCli(moto, args);
  /** A copy of the examples with its own cluster and family names. */
  const examples = (suffix: string) => {
    const dir = copyExamples(tempDir("ecs-reconciler-cli-"), suffix);
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    // Every service reports 2 running tasks, so rollouts complete and services can be Healthy.
    moto = await startMoto({ MOTO_ECS_SERVICE_RUNNING: "2" });
  });
  afterAll(async () => {
    await moto?.stop();
    for (const d of dirs) removeDir(d);
  });

  it("diff -o json: stdout is one JSON document, exit 2 with changes pending", async () => {
    const dir = examples("-dj");
    // Without the variable that silences it, the AWS SDK warns about Node 20 (moto-gaps.md): on stderr.
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...env } = moto.env;
    const res = await runCli(["diff", "-f", dir, "-o", "json", ...RATE], env);
    expect(res.code, res.stderr).toBe(2);
    expect(res.stdout.trimStart().startsWith("{")).toBe(true);
    expect(res.stdout).not.toContain("Warning");
    const plan = JSON.parse(res.stdout) as JsonPlan;
    expect(Object.keys(plan).sort()).toEqual(["resources", "summary"]);
    expect(plan.summary).toEqual({ create: 3, update: 0, register: 2, replace: 0, delete: 0, unchanged: 0 });
    for (const r of plan.resources) {
      expect(["create", "update", "register", "replace", "delete", "none"]).toContain(r.action);
      for (const c of r.changes) {
        expect(c.path).toMatch(/^(\/[^/]+)+$/);
        expect(c).toHaveProperty("live");
        expect(c).toHaveProperty("desired");
      }
    }
    expect(resourceOf(plan, "Service", "web-dj", "demo-dj").cluster).toBe("demo-dj");
    expect(stackTraceIn(res.stderr)).toBeUndefined();
    // Nothing of the plan leaks to stderr, nothing but the plan is on stdout.
    expect(res.stderr).not.toContain('"resources"');
  });

  it("apply -o json: the result on stdout as one JSON document, progress logs on stderr", async () => {
    const dir = examples("-aj");
    const res = await runCli(["apply", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as JsonPlan & { results: { key: string; outcome: string }[] };
    expect(out.summary.create).toBe(3);
    expect(out.results.map((r) => r.outcome)).toEqual(Array(5).fill("applied"));
    expect(res.stderr).toContain("Cluster demo-aj: created");
    expect(res.stderr).toContain("Service demo-aj/web-aj: created");
    expect(res.stdout).not.toContain("created\n");

    const again = await runCli(["diff", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as JsonPlan).summary).toEqual({
      create: 0,
      update: 0,
      register: 0,
      replace: 0,
      delete: 0,
      unchanged: 5,
    });
  });

  it("status -o json: the CONTRACT.md shape; exit 2 until all Synced and Healthy, then 0", async () => {
    const dir = examples("-st");
    const missing = await runCli(["status", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(missing.code, missing.stderr).toBe(2);
    const before = JSON.parse(missing.stdout) as JsonStatus;
    expect(before.resources).toHaveLength(5);
    for (const r of before.resources) {
      expect(Object.keys(r).sort()).toEqual(
        r.kind === "Service"
          ? ["cluster", "health", "kind", "message", "name", "sync"]
          : ["health", "kind", "message", "name", "sync"],
      );
      expect(r.sync).toBe("OutOfSync");
      expect(r.health).toBe("Missing");
      expect(typeof r.message).toBe("string");
    }

    expect((await runCli(["apply", "-f", dir, ...RATE], moto.env)).code).toBe(0);
    const healthy = await runCli(["status", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(healthy.code, healthy.stdout).toBe(0);
    const after = JSON.parse(healthy.stdout) as JsonStatus;
    expect(after.resources.map((r) => [r.kind, r.cluster ?? "", r.name, r.sync, r.health])).toEqual([
      ["Cluster", "", "demo-st", "Synced", "Healthy"],
      ["TaskDefinition", "", "web-st", "Synced", "Healthy"],
      ["TaskDefinition", "", "worker-st", "Synced", "Healthy"],
      ["Service", "demo-st", "web-st", "Synced", "Healthy"],
      ["Service", "demo-st", "worker-st", "Synced", "Healthy"],
    ]);

    // Drift makes the resource OutOfSync, and status exit 2.
    aws("ecs", "update-service", "--cluster", "demo-st", "--service", "web-st", "--desired-count", "1");
    const drifted = await runCli(["status", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(drifted.code, drifted.stdout).toBe(2);
    const web = (JSON.parse(drifted.stdout) as JsonStatus).resources.find(
      (r) => r.name === "web-st" && r.kind === "Service",
    );
    expect(web?.sync).toBe("OutOfSync");
  });

  it("apply --dry-run prints the plan and changes nothing", async () => {
    const dir = examples("-dry");
    const res = await runCli(["apply", "--dry-run", "-f", dir, ...RATE], moto.env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("Cluster demo-dry will be created");
    expect(res.stdout).toContain("Service demo-dry/web-dry will be created");
    expect(res.stdout).toContain(
      "Plan: 3 to add, 0 to change, 2 to register, 0 to replace, 0 to destroy; 0 unchanged.",
    );
    expect(res.stdout).not.toContain("Apply complete");

    const clusters = aws("ecs", "describe-clusters", "--clusters", "demo-dry") as {
      clusters: { status: string }[];
    };
    expect(clusters.clusters.filter((c) => c.status === "ACTIVE")).toEqual([]);
    const tds = aws("ecs", "list-task-definitions", "--family-prefix", "web-dry") as { taskDefinitionArns: string[] };
    expect(tds.taskDefinitionArns).toEqual([]);

    const json = await runCli(["apply", "--dry-run", "-f", dir, "-o", "json", ...RATE], moto.env);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as JsonPlan).summary.create).toBe(3);
    const after = await runCli(["diff", "-f", dir, ...RATE], moto.env);
    expect(after.code).toBe(2);
  });
});
