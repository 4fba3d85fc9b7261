/**
 * The Dockerfile, checked without a Docker engine (none runs here or in CI).
 *
 * 1. Lint: the rules that matter for this image (pinned base image, non-root user, health check,
 *    exec-form entrypoint, `npm ci` only, no dev dependencies in the final stage...), and hadolint
 *    as well when it happens to be installed.
 * 2. Replay: every stage is rebuilt in a temporary directory that stands for its root file system.
 *    COPY takes the build context through .dockerignore (or another stage's tree), RUN steps run
 *    there (`npm ...` in the WORKDIR with the stage's ENV, from the local npm cache; `ln -s` inside
 *    the stage's tree), then the final tree's ENTRYPOINT + CMD is started as the container would be,
 *    against an AWS endpoint that refuses connections: /healthz answers 200, the HEALTHCHECK
 *    command passes, node is the process itself (no npm, npx or shell), and SIGTERM ends it with 0.
 *
 * The replay runs `npm ci` twice; with a warm npm cache it takes well under a minute.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

// ---- Dockerfile parsing ----

interface Instruction {
  keyword: string;
  /** `--name=value` flags before the arguments (`--from`, `--mount`, `--interval`...). */
  flags: Record<string, string>;
  /** The arguments after the flags, as written. */
  args: string;
  /** The arguments when written in exec (JSON array) form. */
  exec?: string[];
  line: number;
}

interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical: { text: string; line: number }[] = [];
  let buffer = "";
  let start = 0;
  text.split("\n").forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comment lines are dropped, also between the continued lines of one instruction.
    if (trimmed.startsWith("#") || (buffer === "" && trimmed === "")) return;
    if (buffer === "") start = i + 1;
    if (/\\\s*$/.test(raw)) {
      buffer += `${raw.replace(/\\\s*$/, "")} `;
      return;
    }
    logical.push({ text: (buffer + raw).trim(), line: start });
    buffer = "";
  });

  const stages: Stage[] = [];
  for (const { text: instruction, line } of logical) {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(instruction)!;
    const keyword = m[1]!.toUpperCase();
    let args = m[2]!;
    const flags: Record<string, string> = {};
    for (let f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(args); f; f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(args)) {
      flags[f[1]!] = f[2] ?? "true";
      args = args.slice(f[0].length);
    }
    let exec: string[] | undefined;
    if (args.startsWith("[")) {
      try {
        exec = JSON.parse(args) as string[];
      } catch {
        // shell form that happens to start with "["
      }
    }
    if (keyword === "FROM") {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(args);
      if (!from) throw new Error(`Dockerfile:${line}: cannot parse FROM ${args}`);
      stages.push({ image: from[1]!, name: from[2], instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile:${line}: ${keyword} before the first FROM`);
    stage.instructions.push({ keyword, flags, args, exec, line });
  }
  return stages;
}

const STAGES = parseDockerfile(DOCKERFILE);
const FINAL = STAGES.at(-1)!;

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);

/** ENV KEY=VALUE [KEY=VALUE...] or ENV KEY VALUE. */
function envOf(instruction: Instruction): Record<string, string> {
  const unquote = (v: string) => v.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
  if (!/^\S+=/.test(instruction.args)) {
    const [key, ...value] = instruction.args.split(/\s+/);
    return { [key!]: unquote(value.join(" ")) };
  }
  return Object.fromEntries(
    (instruction.args.match(/\S+=("[^"]*"|'[^']*'|\S*)/g) ?? []).map((kv) => {
      const eq = kv.indexOf("=");
      return [kv.slice(0, eq), unquote(kv.slice(eq + 1))];
    }),
  );
}

/** The HEALTHCHECK's command, exec form: `HEALTHCHECK [flags] CMD [...]`. */
function healthcheckCommand(instruction: Instruction): string[] | undefined {
  const m = /^CMD\s+(\[[\s\S]*\])\s*$/.exec(instruction.args);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string[];
  } catch {
    return undefined;
  }
}

// ---- .dockerignore (Go filepath.Match plus `**`, last match wins, `!` re-includes) ----

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      re += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const negated = l.startsWith("!");
      const pattern = posix.normalize((negated ? l.slice(1) : l).trim()).replace(/^\/+|\/+$/g, "");
      return { negated, re: globToRegExp(pattern) };
    });
  return (path) => {
    // A pattern that matches a directory excludes everything under it.
    const segments = path.split("/");
    const candidates = segments.map((_, i) => segments.slice(0, i + 1).join("/"));
    let ignored = false;
    for (const rule of rules) if (candidates.some((c) => rule.re.test(c))) ignored = !rule.negated;
    return ignored;
  };
}

const IGNORED = dockerignore(
  existsSync(join(ROOT, ".dockerignore")) ? readFileSync(join(ROOT, ".dockerignore"), "utf8") : "",
);

// ---- the replay ----

interface Tree {
  /** The host directory that stands for the stage's "/". */
  root: string;
  workdir: string;
  env: Record<string, string>;
}

const host = (tree: Tree, path: string) =>
  join(tree.root, posix.isAbsolute(path) ? path : posix.join(tree.workdir, path));

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

/** The host environment minus what would not be in a build container (vitest's NODE_ENV, npm's own variables). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_ENV" && !/^npm_/i.test(k)));
}

function copyFromContext(sources: string[], dest: string, tree: Tree): void {
  const target = host(tree, dest);
  const intoDir = sources.length > 1 || dest.endsWith("/");
  for (const src of sources) {
    const rel = posix.normalize(src).replace(/^\.?\/+/, "");
    const from = join(ROOT, rel);
    if (!existsSync(from) || IGNORED(rel))
      throw new Error(`COPY ${src}: not in the build context (missing, or excluded by .dockerignore)`);
    const to = statSync(from).isDirectory() ? target : intoDir ? join(target, basename(rel)) : target;
    cpSync(from, to, { recursive: true, filter: (p) => !IGNORED(relative(ROOT, p).split("\\").join("/")) });
  }
}

function copyFromStage(sources: string[], dest: string, from: Tree, tree: Tree): void {
  const target = host(tree, dest);
  const intoDir = sources.length > 1 || dest.endsWith("/");
  for (const src of sources) {
    const path = host(from, src);
    if (!existsSync(path)) throw new Error(`COPY --from: ${src} does not exist in that stage`);
    const to = statSync(path).isDirectory() ? target : intoDir ? join(target, basename(src)) : target;
    cpSync(path, to, { recursive: true });
  }
}

async function replayRun(command: string, tree: Tree): Promise<void> {
  for (const step of command.split("&&").map((s) => s.trim())) {
    if (/[|;<>'"`$()]/.test(step)) throw new Error(`the replay cannot run shell syntax in RUN ${step}`);
    const argv = step.split(/\s+/);
    if (argv[0] === "npm") {
      const cwd = host(tree, tree.workdir);
      const env = {
        ...cleanEnv(),
        ...tree.env,
        // The RUN's --mount=type=cache of /root/.npm is the local npm cache here.
        npm_config_prefer_offline: "true",
        npm_config_update_notifier: "false",
      };
      const r = await run("npm", argv.slice(1), { cwd, env });
      if (r.code !== 0) throw new Error(`RUN ${step} failed (${r.code}):\n${r.output}`);
    } else if (argv[0] === "ln" && argv[1] === "-s" && argv.length === 4) {
      const link = host(tree, argv[3]!);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(host(tree, argv[2]!), link);
    } else {
      throw new Error(`the replay does not know RUN ${step}: teach test/container/dockerfile.test.ts`);
    }
  }
}

async function build(workspace: string): Promise<Map<Stage, Tree>> {
  const trees = new Map<Stage, Tree>();
  for (const [i, stage] of STAGES.entries()) {
    const tree: Tree = { root: join(workspace, stage.name ?? `stage-${i}`), workdir: "/", env: {} };
    mkdirSync(tree.root, { recursive: true });
    trees.set(stage, tree);
    for (const ins of stage.instructions) {
      switch (ins.keyword) {
        case "WORKDIR":
          tree.workdir = posix.resolve(tree.workdir, ins.args);
          mkdirSync(host(tree, tree.workdir), { recursive: true });
          break;
        case "ENV":
          Object.assign(tree.env, envOf(ins));
          break;
        case "COPY": {
          const parts = ins.exec ?? ins.args.split(/\s+/);
          const dest = parts.at(-1)!;
          const sources = parts.slice(0, -1);
          if (ins.flags.from) {
            const from = STAGES.find((s) => s.name === ins.flags.from);
            if (!from || !trees.has(from))
              throw new Error(`COPY --from=${ins.flags.from}: no earlier stage of that name`);
            copyFromStage(sources, dest, trees.get(from)!, tree);
          } else copyFromContext(sources, dest, tree);
          break;
        }
        case "RUN":
          await replayRun(ins.args, tree);
          break;
        case "ADD":
          throw new Error(`Dockerfile:${ins.line}: ADD is not replayed; use COPY`);
        default:
          // USER, EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD, ARG, LABEL, STOPSIGNAL: metadata, checked below.
          break;
      }
    }
  }
  return trees;
}

// ---- helpers for the running container ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function get(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

function exited(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error(`still running ${ms} ms after SIGTERM`)), ms);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

/**
 * The container's argv for `docker run IMAGE [ARGS...]`: ENTRYPOINT + (ARGS or CMD), the program
 * looked up on the image's PATH inside the tree, container paths mapped to the tree or to `mounts`.
 */
function containerArgv(tree: Tree, mounts: Record<string, string>, runArgs?: string[]): string[] {
  const entrypoint = last(FINAL, "ENTRYPOINT")!.exec!;
  const cmd = runArgs ?? last(FINAL, "CMD")?.exec ?? [];
  const [program, ...args] = [...entrypoint, ...cmd];
  const PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  let resolved: string | undefined;
  if (program!.includes("/")) resolved = host(tree, program!);
  else resolved = PATH.map((d) => host(tree, posix.join(d, program!))).find((p) => existsSync(p));
  // node itself comes with the base image, not from the Dockerfile.
  if (!resolved && program === "node") resolved = process.execPath;
  if (!resolved) throw new Error(`ENTRYPOINT ${program}: not found on the image's PATH`);
  const mapped = args.map((a) => mounts[a] ?? (posix.isAbsolute(a) && existsSync(host(tree, a)) ? host(tree, a) : a));
  return [resolved, ...mapped];
}

// ---- the tests ----

describe("Dockerfile lint", () => {
  it("has a build stage and a final stage, each on a pinned Node LTS major, never latest", () => {
    expect(STAGES.length).toBeGreaterThanOrEqual(2);
    for (const stage of STAGES) {
      if (STAGES.some((s) => s.name === stage.image)) continue; // FROM an earlier stage
      const [repo, tag] = stage.image.split(":");
      expect(repo, stage.image).toBe("node");
      expect(tag, `${stage.image}: pin the tag`).toBeDefined();
      expect(tag).not.toMatch(/latest|current|lts/);
      // An even major (the LTS lines) and a slim Debian variant.
      expect(tag, stage.image).toMatch(/^\d*[02468]-[a-z]+-slim$/);
    }
    // One Node major for building and running.
    expect(new Set(STAGES.map((s) => s.image.split(":")[1])).size).toBe(1);
  });

  it("runs the final stage as a non-root user with NODE_ENV=production", () => {
    const user = last(FINAL, "USER")?.args.split(":")[0];
    expect(user, "the final stage needs a USER").toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    // Nothing runs as root after the switch.
    const switched = all(FINAL, "USER").at(-1)!.line;
    expect(all(FINAL, "RUN").filter((r) => r.line > switched)).toEqual([]);
    const env = Object.assign({}, ...all(FINAL, "ENV").map(envOf));
    expect(env.NODE_ENV).toBe("production");
  });

  it("starts node directly in exec form, with a HEALTHCHECK on /healthz and port 9090 exposed", () => {
    const entrypoint = last(FINAL, "ENTRYPOINT");
    expect(entrypoint?.exec, "ENTRYPOINT in exec (JSON) form, so the program is PID 1").toBeDefined();
    expect(["npm", "npx", "yarn", "pnpm", "sh", "bash", "/bin/sh"]).not.toContain(entrypoint!.exec![0]);
    expect(last(FINAL, "CMD")?.exec, "CMD in exec (JSON) form").toBeDefined();
    expect(all(FINAL, "EXPOSE").flatMap((e) => e.args.split(/\s+/))).toContain("9090");
    const healthcheck = last(FINAL, "HEALTHCHECK");
    expect(healthcheck, "HEALTHCHECK present").toBeDefined();
    const command = healthcheckCommand(healthcheck!);
    expect(command?.[0], "HEALTHCHECK CMD in exec form, with node (the slim image has no curl)").toBe("node");
    expect(command!.join(" ")).toContain("127.0.0.1:9090/healthz");
    expect(healthcheck!.flags.timeout).toBeDefined();
  });

  it("installs with npm ci only, and without dev dependencies in the final stage", () => {
    for (const run of STAGES.flatMap((s) => all(s, "RUN"))) {
      expect(run.args, `Dockerfile:${run.line}`).not.toMatch(/\bnpm\s+(install|i|add)\b|\byarn\b(?!\w)/);
      expect(run.args, `Dockerfile:${run.line}: apt-get needs --no-install-recommends`).not.toMatch(
        /apt-get\s+install(?![^&]*--no-install-recommends)/,
      );
    }
    const finalRuns = all(FINAL, "RUN").map((r) => r.args);
    const installs = finalRuns.filter((r) => /\bnpm\s+ci\b/.test(r));
    expect(installs.length).toBe(1);
    expect(installs[0]).toMatch(/--omit=dev/);
    expect(installs[0]).toMatch(/--ignore-scripts/);
    // No compiling in the final stage: it takes dist/ from the build stage.
    expect(finalRuns.join("\n")).not.toMatch(/npm\s+run|tsc|\bnpx\b/);
    expect(all(FINAL, "COPY").every((c) => c.flags.from !== undefined)).toBe(true);
  });

  it("uses no ADD with a URL and no secrets in ENV or ARG", () => {
    for (const ins of STAGES.flatMap((s) => s.instructions)) {
      if (ins.keyword === "ADD") expect(ins.args).not.toMatch(/https?:\/\/|git@/);
      if (ins.keyword === "ENV" || ins.keyword === "ARG")
        expect(ins.args).not.toMatch(/AWS_SECRET|AWS_ACCESS_KEY|TOKEN|PASSWORD/i);
    }
  });

  it("keeps node_modules, dist, .git and test fixtures out of the build context", () => {
    for (const path of [
      "node_modules/yaml/package.json",
      "dist/cmd/main.js",
      ".git/HEAD",
      "test/fixtures/describe/README.md",
      "reconcilers/plan.test.ts",
    ])
      expect(IGNORED(path), path).toBe(true);
    for (const path of ["package.json", "package-lock.json", "tsconfig.build.json", "cmd/main.ts"])
      expect(IGNORED(path), path).toBe(false);
    expect(IGNORED("manifests/schema/Cluster.spec.schema.json")).toBe(false);
  });

  const hadolint = ["/usr/bin/hadolint", "/usr/local/bin/hadolint"].find((p) => existsSync(p));
  it.runIf(hadolint)("passes hadolint (when installed)", async () => {
    const r = await run(hadolint!, ["--no-color", join(ROOT, "Dockerfile")], { env: process.env });
    expect(r.code, r.output).toBe(0);
  });
});

describe("Dockerfile replayed without Docker", () => {
  const workspace = mkdtempSync(join(tmpdir(), "ecs-reconciler-image-"));
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(workspace, { recursive: true, force: true });
  });

  it("builds, runs /healthz with AWS unreachable, and exits 0 on SIGTERM", { timeout: 300_000 }, async () => {
    const started = Date.now();
    const trees = await build(join(workspace, "image"));
    const final = trees.get(FINAL)!;
    const app = host(final, final.workdir);
    const buildSeconds = (Date.now() - started) / 1000;

    // Production dependencies only, and nothing but them, the package files and dist/ in /app.
    expect(readdirSync(app).sort()).toEqual(["dist", "node_modules", "package-lock.json", "package.json"]);
    for (const dev of ["typescript", "vitest", "@biomejs/biome", "tsx", "aws-sdk-client-mock"])
      expect(existsSync(join(app, "node_modules", dev)), `devDependency ${dev} in the final image`).toBe(false);
    for (const dep of Object.keys(PACKAGE.dependencies))
      expect(existsSync(join(app, "node_modules", dep, "package.json")), dep).toBe(true);

    // The compiled CLI carries everything it reads at run time: the spec schemas it imports.
    const schemas = readdirSync(join(ROOT, "manifests", "schema")).filter((f) => f.endsWith(".json"));
    for (const schema of schemas)
      expect(existsSync(join(app, "dist", "manifests", "schema", schema)), schema).toBe(true);
    const main = join(app, "dist", "cmd", "main.js");
    expect(readFileSync(main, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    accessSync(main, constants.X_OK);

    // The container's view: manifests mounted at /manifests, AWS out of reach.
    const manifests = join(workspace, "manifests");
    mkdirSync(manifests);
    writeFileSync(
      join(manifests, "cluster.yaml"),
      [
        "apiVersion: ecs-reconciler.io/v1alpha1",
        "kind: Cluster",
        "metadata:",
        "  name: container-test",
        "spec:",
        "  settings:",
        "    - name: containerInsights",
        "      value: enabled",
        "",
      ].join("\n"),
    );
    const port = await freePort();
    const closedPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      // The image's PATH has node in /usr/local/bin; here it is wherever this node is.
      PATH: [dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
      HOME: workspace,
      ...final.env,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${closedPort}`,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: join(workspace, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(workspace, "no-aws-credentials"),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const argv = containerArgv(final, { "/manifests": manifests });
    expect(lstatSync(argv[0]!).isSymbolicLink() || argv[0] === process.execPath).toBe(true);

    // The same image, one-shot: validate works with production dependencies only.
    const [program, ...args] = containerArgv(final, {}, ["validate", "-f", manifests]);
    const validated = await run(program!, args, { env });
    expect(validated.code, validated.output).toBe(0);

    const logs: string[] = [];
    child = spawn(argv[0]!, [...argv.slice(1), "--metrics-addr", `127.0.0.1:${port}`], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d) => logs.push(String(d)));
    child.stderr!.on("data", (d) => logs.push(String(d)));

    let health: { status: number; body: string } | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      if (child.exitCode !== null) break;
      health = await get(`http://127.0.0.1:${port}/healthz`);
      if (health?.status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(health?.status, `GET /healthz; exit ${child.exitCode}; output:\n${logs.join("")}`).toBe(200);

    // node is the process itself: the shebang's env exec'd it in its own place.
    if (existsSync(`/proc/${child.pid}/cmdline`)) {
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, "utf8").split("\0");
      expect(basename(cmdline[0]!)).toBe("node");
      expect(cmdline[1]).toMatch(/ecs-reconciler$|main\.js$/);
    }

    // /metrics serves the controller's metrics, with the version read from the image's package.json.
    const metrics = await get(`http://127.0.0.1:${port}/metrics`);
    expect(metrics?.status).toBe(200);
    expect(metrics?.body).toMatch(
      new RegExp(`ecs_reconciler_build_info\\{[^}]*version="${PACKAGE.version.replace(/\./g, "\\.")}"`),
    );
    // /readyz answers (ready or not: the first pass cannot reach AWS).
    const ready = await get(`http://127.0.0.1:${port}/readyz`);
    expect([200, 500, 503]).toContain(ready?.status);

    // The image's HEALTHCHECK command, pointed at this port, passes.
    const [hcProgram, ...hcArgs] = healthcheckCommand(last(FINAL, "HEALTHCHECK")!)!;
    expect(hcProgram).toBe("node");
    const check = hcArgs.map((a) => a.replace("127.0.0.1:9090", `127.0.0.1:${port}`));
    const passing = await run(process.execPath, check, { env });
    expect(passing.code, passing.output).toBe(0);

    // SIGTERM, as `docker stop` and ECS send it to PID 1: a clean exit, soon.
    child.kill("SIGTERM");
    const end = await exited(child, 10_000);
    expect(end, logs.join("")).toEqual({ code: 0, signal: null });

    // And the HEALTHCHECK fails once the controller is gone.
    const failing = await run(process.execPath, check, { env });
    expect(failing.code).toBe(1);

    console.info(
      `container replay: build ${buildSeconds.toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});
