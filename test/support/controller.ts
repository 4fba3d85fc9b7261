/** Starts `ecs-reconciler run` as a subprocess and reads its HTTP endpoints. */
import { type ChildProcess, spawn } from "node:child_process";
import { CLI, ROOT } from "./cli.js";
import { freePort } from "./moto.js";

export interface RunningController {
  port: number;
  child: ChildProcess;
  logs(): string[];
  get(path: string): Promise<{ status: number; text: string }>;
  /** The value of one series, or undefined when /metrics does not have it. */
  metric(name: string, labels?: Record<string, string>): Promise<number | undefined>;
  /** Sends a signal and resolves with the exit code and how long the exit took. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

export async function startController(args: string[], env: NodeJS.ProcessEnv): Promise<RunningController> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "run", ...args, "--metrics-addr", `127.0.0.1:${port}`], {
    env,
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let buffer = "";
  const onData = (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, text: await res.text() };
  };
  return {
    port,
    child,
    logs: () => lines,
    get,
    async metric(name, labels = {}) {
      const { text } = await get("/metrics");
      for (const line of text.split("\n")) {
        if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
        if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
          return Number(line.split(" ").pop());
      }
      return undefined;
    },
    stop(signal = "SIGTERM") {
      const started = Date.now();
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
        child.once("exit", (code) => resolve({ code, ms: Date.now() - started }));
        child.kill(signal);
      });
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after timeoutMs. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
