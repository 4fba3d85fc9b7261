/**
 * `npm run demo`: the tool's main job against a private moto_server on loopback. Validates the
 * examples, shows the plan, applies it, and shows the diff in sync afterwards.
 */
import { spawnSync } from "node:child_process";
import { CLI, ROOT } from "../test/support/cli.js";
import { MOTO_INSTALL_HINT, motoAvailable, startMoto } from "../test/support/moto.js";

const EXAMPLES = "manifests/examples";

function step(title: string, args: string[], env: NodeJS.ProcessEnv): number {
  process.stdout.write(`\n\x1b[1m$ ecs-reconciler ${args.join(" ")}\x1b[0m   # ${title}\n`);
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
const f = ["-f", EXAMPLES];
let failed = false;
try {
  failed ||= step("offline checks", ["validate", ...f], env) !== 0;
  failed ||= step("the plan: everything is to be created", ["diff", ...f], env) !== 2;
  failed ||= step("converge", ["apply", ...f], env) !== 0;
  failed ||= step("in sync now: exit 0", ["diff", ...f], env) !== 0;
  step("sync and health (moto starts no tasks, so services stay Progressing)", ["status", ...f], env);
} finally {
  await moto.stop();
}
console.log(failed ? "\nDemo FAILED (see the exit codes above)." : "\nDemo complete. Next: the tour in README.md.");
process.exit(failed ? 1 : 0);
