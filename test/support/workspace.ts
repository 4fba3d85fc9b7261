/**
 * Helpers for end-to-end tests that drive the CLI: temporary copies of manifests, the JSON the CLI
 * prints (CONTRACT.md §3), and a loopback HTTP server that records every request sent to it (to prove
 * that a command made no AWS call).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./cli.js";

export const EXAMPLES = join(ROOT, "manifests", "examples", "web");

/** The tag every resource ecs-reconciler creates carries. */
export const MANAGED_BY = "ecs-reconciler.io/managed-by";

/** Against moto the limiter need not protect a shared account: tests run it at 20x the usual share. */
export const RATE = ["--api-rate-share", "20"];

/** A fresh temporary directory; remove it with removeDir. */
export function tempDir(prefix = "ecs-reconciler-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Copies manifests/examples/web into `dir`. With `suffix`, every metadata.name, metadata.cluster and bare
 * spec.taskDefinition family gets it appended (demo → demo-x, web → web-x), so several tests can share
 * one moto_server without seeing each other's resources.
 */
export function copyExamples(dir: string, suffix = ""): string {
  cpSync(EXAMPLES, dir, { recursive: true });
  if (suffix) {
    for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
      const path = join(dir, f);
      const text = readFileSync(path, "utf8")
        .replace(/^( {2}name: )([A-Za-z0-9_-]+)/gm, `$1$2${suffix}`)
        .replace(/^( {2}cluster: )([A-Za-z0-9_-]+)/gm, `$1$2${suffix}`)
        .replace(/^( {2}taskDefinition: )([A-Za-z0-9_-]+)(?=\s|$)/gm, `$1$2${suffix}`);
      writeFileSync(path, text);
    }
  }
  return dir;
}

/** Rewrites one file in place with `edit`; throws when the edit changed nothing (a stale test). */
export function editFile(path: string, edit: (text: string) => string): void {
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`editFile(${path}): the edit changed nothing`);
  writeFileSync(path, after);
}

// ---- the CLI's JSON (CONTRACT.md §3) ----

export interface JsonChange {
  path: string;
  op?: string;
  live: unknown;
  desired: unknown;
}

export interface JsonResource {
  kind: string;
  cluster?: string;
  name: string;
  action: "create" | "update" | "register" | "replace" | "delete" | "none";
  changes: JsonChange[];
  notes?: string[];
  blocked?: string;
}

export interface JsonPlan {
  resources: JsonResource[];
  summary: Record<"create" | "update" | "register" | "replace" | "delete" | "unchanged", number>;
}

export interface JsonStatus {
  resources: {
    kind: string;
    cluster?: string;
    name: string;
    sync: string;
    health: string;
    message: string;
  }[];
}

/** The resource of a plan by kind and name (and cluster for cluster-scoped kinds); throws if absent. */
export function resourceOf(plan: JsonPlan, kind: string, name: string, cluster?: string): JsonResource {
  const r = plan.resources.find(
    (x) => x.kind === kind && x.name === name && (cluster === undefined || x.cluster === cluster),
  );
  if (!r) throw new Error(`no ${kind} ${cluster ? `${cluster}/` : ""}${name} in plan: ${JSON.stringify(plan)}`);
  return r;
}

function at(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let v: unknown = value;
  for (const seg of pointer.split("/").slice(1)) {
    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/**
 * The live and desired values a plan reports at `path`. CONTRACT.md §3 lets a change inside a list of
 * keyed items be reported at the item or at the field: a change at a prefix of `path` counts, read at
 * the rest of the pointer. Undefined when no change covers `path`.
 */
export function changeAt(resource: JsonResource, path: string): { live: unknown; desired: unknown } | undefined {
  for (const c of resource.changes) {
    if (c.path === path) return { live: c.live, desired: c.desired };
    if (path.startsWith(`${c.path}/`)) {
      const rest = path.slice(c.path.length);
      const live = at(c.live, rest);
      const desired = at(c.desired, rest);
      if (live !== undefined || desired !== undefined) return { live, desired };
    }
  }
  return undefined;
}

// ---- a recording HTTP server ----

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 (free port) that records every request and answers each with an
 * AWS-style AccessDeniedException (not retried by the SDK), so a client that does call fails fast.
 */
export function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    req.resume();
    req.on("end", () => {
      res.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "AccessDeniedException" });
      res.end(JSON.stringify({ __type: "AccessDeniedException", message: "recording server: no AWS here" }));
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Environment for the CLI that points every AWS endpoint at `endpoint`, with dummy credentials. */
export function awsEnvFor(endpoint: string): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _profile, ...inherited } = process.env;
  return {
    ...inherited,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_SESSION_TOKEN: "",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_ECS: endpoint,
    AWS_ENDPOINT_URL_AUTO_SCALING: endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  };
}

/** Lines of a stack trace, or a JS error header followed by one, in `text`. */
export function stackTraceIn(text: string): string | undefined {
  const m = /^\s+at .+$/m.exec(text) ?? /node:internal/.exec(text) ?? /\b\w*Error: [^\n]*\n\s+at /.exec(text);
  return m?.[0];
}
