#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
import { InvalidManifestsError } from "../manifests/errors.js";
import { PlanBlockedError } from "../reconcilers/act.js";
import { UnsupportedKindError } from "../reconcilers/engine.js";
import { DEFAULT_INSTANCE } from "../reconcilers/reconciler.js";
import { applyCommand } from "./apply.js";
import { CliError, type GlobalOptions, log } from "./context.js";
import { diffCommand } from "./diff.js";
import { parseAddress, parseDuration } from "./duration.js";
import { runCommand } from "./run.js";
import { statusCommand } from "./status.js";
import { validateCommand } from "./validate.js";
import { VERSION } from "./version.js";

const collect = (value: string, previous: string[]) => [...previous, value];

function share(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError("expected a positive number (above 1 only against an emulator)");
  return n;
}

/** Options every command takes. */
function withCommonOptions(cmd: Command, aws = true): Command {
  cmd
    .option("-f, --file <path>", "manifest file or directory (repeatable)", collect, [])
    .option("-l, --selector <key=value,...>", "only manifests whose metadata.labels match")
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"));
  if (aws)
    cmd
      .option("--region <region>", "AWS Region (default: the SDK's, e.g. AWS_REGION)")
      .option("--endpoint-url <url>", "AWS endpoint override (default: AWS_ENDPOINT_URL*)")
      .option("--instance <name>", "value of the ecs-reconciler.io/managed-by tag", DEFAULT_INSTANCE)
      .option("--api-rate-share <fraction>", "share of each ECS throttle bucket's sustained rate to use", share)
      .option("--show-secrets", "print environment values and secret references in diffs", false);
  return cmd;
}

type Handler = (o: GlobalOptions & Record<string, unknown>) => Promise<number> | number;

function action(handler: Handler) {
  return async (_opts: unknown, cmd: Command) => {
    const o = cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
    const code = await run(() => handler(o));
    // The SDK's keep-alive sockets and the limiters' timers could hold a finished command open:
    // exit explicitly, once what was written to stdout and stderr has been handed over.
    await Promise.all([process.stdout, process.stderr].map((s) => new Promise((r) => s.write("", r))));
    process.exit(code);
  };
}

/** Every failure ends as readable lines on stderr and exit 1: never a stack trace. */
async function run(fn: () => Promise<number> | number): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InvalidManifestsError) {
      for (const e of err.errors) log(e.toString());
      log(`${err.errors.length} error${err.errors.length === 1 ? "" : "s"}: nothing was changed`);
    } else if (err instanceof PlanBlockedError) {
      for (const p of err.blocked) log(`error: ${p.kind} ${p.cluster ? `${p.cluster}/` : ""}${p.name}: ${p.blocked}`);
      log("nothing was changed");
    } else if (err instanceof UnsupportedKindError || err instanceof CliError) {
      log(`error: ${err.message}`);
    } else {
      const e = err as Error;
      log(`error: ${e?.name && e.name !== "Error" ? `${e.name}: ` : ""}${e?.message ?? String(err)}`);
    }
    return 1;
  }
}

export function buildProgram(): Command {
  const program = new Command("ecs-reconciler")
    .description("Reconciles Amazon ECS clusters, task definitions and services with YAML manifests")
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride((err) => {
      // Usage errors exit 1 like every other error; --help and --version exit 0.
      process.exit(err.exitCode === 0 ? 0 : 1);
    });

  withCommonOptions(
    program.command("validate").description("offline: parse, schema and references (exit 0 valid, 1 invalid)"),
    false,
  ).action(action((o) => validateCommand(o)));

  withCommonOptions(
    program.command("diff").description("print the plan against live state (exit 0 in sync, 2 changes, 1 error)"),
  ).action(action((o) => diffCommand(o)));

  withCommonOptions(program.command("apply").description("converge live state to the manifests (exit 0 done, 1 error)"))
    .option("--dry-run", "print the plan only (same as diff)", false)
    .option("--allow-replace", "allow delete + recreate for changes ECS cannot make in place", false)
    .option("--adopt", "take ownership of existing resources without the managed-by tag", false)
    .option("--prune", "delete managed resources that left the manifests (not available yet)", false)
    .option("--wait", "wait until every rollout it started has settled; exit 1 if ECS failed or rolled one back", false)
    .option("--timeout <duration>", "how long --wait waits", parseDuration, 600_000)
    .action(
      action((o) =>
        applyCommand(o, {
          dryRun: Boolean(o.dryRun),
          allowReplace: Boolean(o.allowReplace),
          adopt: Boolean(o.adopt),
          wait: Boolean(o.wait),
          timeoutMs: o.timeout as number,
          prune: Boolean(o.prune),
        }),
      ),
    );

  withCommonOptions(
    program.command("status").description("sync and health of every resource (exit 0 all good, 2 otherwise)"),
  )
    .option("--wait", "first wait until every service and task set has settled", false)
    .option("--timeout <duration>", "how long --wait waits", parseDuration, 600_000)
    .option("--tasks", "list each service's tasks: status, health per container, stopped reason", false)
    .action(
      action((o) =>
        statusCommand(o, { wait: Boolean(o.wait), timeoutMs: o.timeout as number, tasks: Boolean(o.tasks) }),
      ),
    );

  withCommonOptions(
    program.command("run").description("the long-running controller: reconcile continuously (exit 0 on SIGTERM)"),
  )
    .option("--interval <duration>", "resync period (jittered)", parseDuration, 60_000)
    .option(
      "--metrics-addr <host:port>",
      "address of /metrics, /healthz, /readyz",
      parseAddress,
      parseAddress("0.0.0.0:9090"),
    )
    .addOption(
      new Option("--mode <mode>", "enforce converges; observe only reports drift")
        .choices(["enforce", "observe"])
        .default("enforce"),
    )
    .option("--workers <n>", "concurrent reconciles", (v) => positiveInt(v), 4)
    .option("--shutdown-timeout <duration>", "grace period for in-flight reconciles on SIGTERM", parseDuration, 30_000)
    .option("--watch-interval <duration>", "how often the manifest files are checked for changes", parseDuration, 2_000)
    .action(
      action((o) =>
        runCommand(o, {
          intervalMs: o.interval as number,
          metricsAddr: o.metricsAddr as { host: string; port: number },
          mode: o.mode as "enforce" | "observe",
          workers: o.workers as number,
          shutdownTimeoutMs: o.shutdownTimeout as number,
          watchIntervalMs: o.watchInterval as number,
        }),
      ),
    );

  return program;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number, 1 or more");
  return n;
}

await buildProgram().parseAsync(process.argv);
