/**
 * Starts a private moto_server on a free loopback port for one test file. Under CI (CI=true) a
 * missing moto_server fails the run; elsewhere the integration tests are skipped with a message
 * saying how to install it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

export const MOTO_INSTALL_HINT = "pip install 'moto[server]'  (moto 5; provides the moto_server command)";

export function motoAvailable(): boolean {
  try {
    execFileSync("moto_server", ["--help"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** True when integration tests should run; throws under CI when moto_server is missing. */
export function requireMoto(): boolean {
  if (motoAvailable()) return true;
  if (process.env.CI === "true")
    throw new Error(`moto_server is not installed, and CI=true forbids skipping: ${MOTO_INSTALL_HINT}`);
  console.warn(`SKIPPED: integration tests against moto_server (not installed). Install it with: ${MOTO_INSTALL_HINT}`);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Moto {
  endpoint: string;
  port: number;
  /** Environment for the SDK, the CLI under test and the AWS CLI, pointing at this moto. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startMoto(extraEnv: NodeJS.ProcessEnv = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...extraEnv },
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not start on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_SESSION_TOKEN: "",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_EC2_METADATA_DISABLED: "true",
  };
  return {
    endpoint,
    port,
    env,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

/** The AWS CLI against this moto, as an independent client; returns parsed JSON (or null). */
export function awsCli(moto: Moto, args: string[]): unknown {
  const out = execFileSync("aws", ["--endpoint-url", moto.endpoint, "--output", "json", ...args], {
    env: moto.env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return out.trim() ? JSON.parse(out) : null;
}
