/**
 * `npm run demo`: the tool's main jobs against a private moto_server on loopback.
 *  1. one-shot: validate, diff (the plan), apply, diff again (in sync, exit 0);
 *  2. the controller (`run`): metrics on http://127.0.0.1:9090/metrics, a change made behind its
 *     back and corrected, until Ctrl-C.
 *
 *   npm run demo                       # runs until Ctrl-C
 *   npm run demo -- --exit-after 20    # stops by itself (for scripts)
 */
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { CLI, ROOT } from "../test/support/cli.js";
import { freePort, MOTO_INSTALL_HINT, motoAvailable, startMoto } from "../test/support/moto.js";

const { values } = parseArgs({ options: { "exit-after": { type: "string" }, port: { type: "string" } } });
const EXAMPLES = "manifests/examples/web";
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

function step(title: string, args: string[], env: NodeJS.ProcessEnv): number {
  process.stdout.write(`\n${bold(`$ ecs-reconciler ${args.join(" ")}`)}   # ${title}\n`);
  const r = spawnSync(process.execPath, [CLI, ...args], { env, cwd: ROOT, stdio: "inherit" });
  process.stdout.write(`(exit ${r.status})\n`);
  return r.status ?? 1;
}

if (!motoAvailable()) {
  console.error(`The demo needs moto_server (a local ECS API emulator). Install it with:\n  ${MOTO_INSTALL_HINT}`);
  process.exit(1);
}
const moto = await startMoto();
console.log(`moto_server (ECS emulator) listening on ${moto.endpoint}`);
const env = { ...moto.env };
// The demo's own SDK calls (the out-of-band change below) go to moto too.
Object.assign(process.env, moto.env);
const f = ["-f", EXAMPLES];
let failed = false;
failed ||= step("offline checks", ["validate", ...f], env) !== 0;
failed ||= step("the plan: everything is to be created", ["diff", ...f], env) !== 2;
failed ||= step("converge", ["apply", ...f], env) !== 0;
failed ||= step("in sync now: exit 0", ["diff", ...f], env) !== 0;
step("sync and health (moto starts no tasks, so services stay Progressing)", ["status", ...f], env);
if (failed) {
  await moto.stop();
  console.log("\nDemo FAILED (see the exit codes above).");
  process.exit(1);
}

// The controller: port 9090 when free, as documented; another one otherwise.
const port = values.port ? Number(values.port) : (await portFree(9090)) ? 9090 : await freePort();
const args = ["run", ...f, "--interval", "10s", "--metrics-addr", `127.0.0.1:${port}`];
process.stdout.write(`\n${bold(`$ ecs-reconciler ${args.join(" ")}`)}   # the controller; its logs are JSON lines\n`);
const controller = spawn(process.execPath, [CLI, ...args], { env, cwd: ROOT, stdio: "inherit" });
// Whatever ends the demo, the controller goes with it.
process.on("exit", () => controller.kill("SIGTERM"));
const stop = async (code: number) => {
  controller.kill("SIGTERM");
  await new Promise((r) => controller.once("exit", r));
  await moto.stop();
  process.exit(code);
};
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));
controller.once("exit", async (code) => {
  await moto.stop();
  process.exit(code ?? 1);
});

for (let i = 0; i < 100; i++) {
  const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await sleep(300);
}
console.log(`\n${bold(`Metrics: http://127.0.0.1:${port}/metrics`)}   (also /healthz and /readyz)`);

// A change behind the controller's back, as someone in the console would make it.
const ecs = new ECSClient({});
await ecs.send(new UpdateServiceCommand({ cluster: "demo", service: "web", desiredCount: 5 }));
console.log(bold("\nChanged demo/web's desiredCount to 5 out of band; the next resync (≤ 10 s) puts it back to 2..."));
for (let i = 0; i < 40; i++) {
  await sleep(500);
  const res = await ecs.send(new DescribeServicesCommand({ cluster: "demo", services: ["web"] }));
  if (res.services?.[0]?.desiredCount === 2) {
    console.log(bold("...corrected: desiredCount is 2 again. Ctrl-C stops the demo."));
    break;
  }
}
if (values["exit-after"]) {
  await sleep(Number(values["exit-after"]) * 1000);
  await stop(0);
}
