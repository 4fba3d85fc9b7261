/**
 * A corpus of bad input (test/cli/bad-input/, one case per file, what is wrong in a comment on top)
 * through validate, diff and apply as subprocesses. Each must exit 1, name file:line (and the field
 * where there is one) on stderr without a stack trace, print nothing on stdout, and send no request to
 * AWS: AWS_ENDPOINT_URL points at a recording server that must see none (CONTRACT.md §3).
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../support/cli.js";
import {
  awsEnvFor,
  EXAMPLES,
  type Recorder,
  removeDir,
  stackTraceIn,
  startRecorder,
  tempDir,
} from "../support/workspace.js";

const BAD = join(ROOT, "test", "cli", "bad-input");
const COMMANDS = ["validate", "diff", "apply"] as const;

interface Case {
  name: string;
  /** Directory the CLI runs in; `-f` paths and the file names in messages are relative to it. */
  cwd: string;
  args: string[];
  /** The file as the message names it. */
  file: string;
  /** The exact line, or undefined where the input has no line (a missing path, an empty directory). */
  line?: number;
  /** Dotted field the message names after file:line, when there is one. */
  field?: string;
  /** What the message must say. */
  message: RegExp;
  /** A text the named line must contain (keeps the expected line honest when a file is edited). */
  lineHas?: string;
}

const corpus = (file: string, line: number, message: RegExp, extra: Partial<Case> = {}): Case => ({
  name: file,
  cwd: BAD,
  args: ["-f", file],
  file,
  line,
  message,
  ...extra,
});

const CASES: Case[] = [
  corpus("broken-yaml.yaml", 7, /invalid YAML: .*same column/, { lineHas: " labels:" }),
  corpus("duplicate-key.yaml", 12, /invalid YAML: Map keys must be unique/, { lineHas: "desiredCount: 20" }),
  corpus("unknown-kind.yaml", 4, /unknown kind "Deployment"; expected one of .*Cluster/, {
    field: "kind",
    lineHas: "kind: Deployment",
  }),
  corpus("unknown-spec-field.yaml", 10, /unknown field/, { field: "spec.replicas", lineHas: "replicas: 3" }),
  corpus("wrong-type.yaml", 20, /expected number, got string/, {
    field: "spec.desiredCount",
    lineHas: 'desiredCount: "two"',
  }),
  corpus("wrong-type-nested.yaml", 12, /expected number, got string/, {
    field: "spec.containerDefinitions[0].portMappings[0].containerPort",
    lineHas: 'containerPort: "eighty"',
  }),
  corpus("missing-name.yaml", 4, /metadata\.name is required/, { field: "metadata", lineHas: "metadata:" }),
  corpus("dangling-reference.yaml", 10, /no TaskDefinition manifest with family "api"/, {
    field: "spec.taskDefinition",
    lineHas: "taskDefinition: api",
  }),
  corpus("alias-bomb.yaml", 3, /aliases expand too far/, { lineHas: "apiVersion:" }),
  {
    name: "duplicate resource in two files",
    cwd: BAD,
    args: ["-f", "duplicate"],
    file: "duplicate/b.yaml",
    line: 7,
    field: "metadata.name",
    message: /duplicate Cluster\/demo, already defined at duplicate\/a\.yaml:6/,
    lineHas: "name: demo",
  },
  {
    name: "an invalid file among valid ones",
    cwd: BAD,
    args: ["-f", EXAMPLES, "-f", "dangling-reference.yaml"],
    file: "dangling-reference.yaml",
    line: 10,
    field: "spec.taskDefinition",
    message: /no TaskDefinition manifest with family "api"/,
  },
];

describe("bad input: exit 1, file:line on stderr, nothing on stdout, no AWS request", () => {
  let scratch: string;

  beforeAll(() => {
    scratch = tempDir("ecs-reconciler-bad-input-");
    // Over 1 MiB, and otherwise a valid manifest: refused for its size alone.
    const manifest = readFileSync(join(EXAMPLES, "cluster.yaml"), "utf8");
    const padding = `# ${"x".repeat(98)}\n`.repeat(Math.ceil((1024 * 1024) / 100) + 10);
    writeFileSync(
      join(scratch, "huge.yaml"),
      `# Over 1 MiB of comments after a valid manifest.\n${manifest}${padding}`,
    );
    expect(statSync(join(scratch, "huge.yaml")).size).toBeGreaterThan(1024 * 1024);
    mkdirSync(join(scratch, "empty"));
  });
  afterAll(() => removeDir(scratch));

  const scratchCases = (): Case[] => [
    {
      name: "a file over 1 MiB",
      cwd: scratch,
      args: ["-f", "huge.yaml"],
      file: "huge.yaml",
      line: 1,
      message: /over the 1 MiB limit/,
    },
    {
      name: "an empty directory",
      cwd: scratch,
      args: ["-f", "empty"],
      file: "empty",
      message: /no \*\.yaml or \*\.yml files found/,
    },
    {
      name: "a missing path",
      cwd: scratch,
      args: ["-f", "no-such-dir/web.yaml"],
      file: "no-such-dir/web.yaml",
      message: /no such file or directory/,
    },
  ];

  async function check(c: Case): Promise<void> {
    if (c.line !== undefined && c.lineHas !== undefined) {
      const text = readFileSync(join(c.cwd, c.file), "utf8").split("\n");
      expect(text[c.line - 1], `${c.file}:${c.line}`).toContain(c.lineHas);
    }
    const recorder: Recorder = await startRecorder();
    try {
      const env = awsEnvFor(recorder.url);
      const results = await Promise.all(
        COMMANDS.map(async (cmd) => {
          const aws = cmd === "validate" ? [] : ["--api-rate-share", "20"];
          return { cmd, ...(await runCli([cmd, ...c.args, ...aws], env, c.cwd)) };
        }),
      );
      for (const r of results) {
        const where = `${c.name}: ${r.cmd}\n--- stderr:\n${r.stderr}--- stdout:\n${r.stdout}`;
        expect(r.code, where).toBe(1);
        expect(r.stdout, where).toBe("");
        expect(stackTraceIn(r.stderr), where).toBeUndefined();
        const lines = r.stderr.split("\n").filter(Boolean);
        const prefix = c.line === undefined ? `${c.file}:` : `${c.file}:${c.line}: ${c.field ? `${c.field}: ` : ""}`;
        const named = lines.filter((l) => l.startsWith(prefix));
        expect(named, where).toHaveLength(1);
        expect(named[0], where).toMatch(c.message);
        if (c.line === undefined)
          expect(named[0], where).toMatch(new RegExp(`^${c.file.replace(/[.*]/g, "\\$&")}:(\\d+:)? `));
        // Only the error lines and the closing "nothing was changed".
        expect(lines.at(-1), where).toMatch(/^1 error: nothing was changed$/);
      }
      expect(recorder.requests, c.name).toEqual([]);
    } finally {
      await recorder.close();
    }
  }

  for (const c of CASES) it(c.name, () => check(c));
  it("a file over 1 MiB", () => check(scratchCases()[0]!));
  it("an empty directory", () => check(scratchCases()[1]!));
  it("a missing path", () => check(scratchCases()[2]!));

  it("-o json with bad input prints no partial JSON", async () => {
    const recorder = await startRecorder();
    try {
      const res = await runCli(
        ["diff", "-f", "wrong-type.yaml", "-o", "json", "--api-rate-share", "20"],
        awsEnvFor(recorder.url),
        BAD,
      );
      expect(res.code).toBe(1);
      expect(res.stdout).toBe("");
      expect(res.stderr).toContain("wrong-type.yaml:20: spec.desiredCount: expected number, got string");
      expect(recorder.requests).toEqual([]);
    } finally {
      await recorder.close();
    }
  });

  it("control: the recording server does see the requests of valid manifests", async () => {
    const recorder = await startRecorder();
    try {
      const res = await runCli(["diff", "-f", EXAMPLES, "--api-rate-share", "20"], awsEnvFor(recorder.url));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain("AccessDeniedException");
      expect(stackTraceIn(res.stderr)).toBeUndefined();
      expect(recorder.requests.length).toBeGreaterThan(0);
      expect(recorder.requests[0]!.headers["x-amz-target"]).toMatch(/^AmazonEC2ContainerServiceV20141113\.Describe/);
    } finally {
      await recorder.close();
    }
  });
});
