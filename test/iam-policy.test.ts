/**
 * The README's least-privilege policy must list exactly the ECS actions the code calls: every
 * Command the reconcilers construct and every operation a plan can contain.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/cli.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith("testing.ts") ? [p] : [];
  });
}

const IAM_PREFIX: Record<string, string> = {
  ecs: "ecs",
  "auto-scaling": "autoscaling",
  servicediscovery: "servicediscovery",
};

/** Every AWS action the code can call: Commands it constructs (by the client they come from) and plan operations. */
function actionsInCode(): string[] {
  const found = new Set<string>();
  for (const file of [...sources(join(ROOT, "reconcilers")), ...sources(join(ROOT, "cmd"))]) {
    const text = readFileSync(file, "utf8");
    const clientOf = new Map<string, string>();
    for (const m of text.matchAll(/import \{([^}]*)\} from "@aws-sdk\/client-([a-z-]+)"/g))
      for (const name of m[1]!.split(",")) clientOf.set(name.replace(/^\s*type\s+/, "").trim(), m[2]!);
    for (const m of text.matchAll(/new ([A-Z][A-Za-z]+)Command\(/g)) {
      const client = clientOf.get(`${m[1]}Command`);
      if (!client) throw new Error(`${file}: ${m[1]}Command is not imported from an @aws-sdk client`);
      found.add(`${IAM_PREFIX[client]}:${m[1]}`);
    }
    for (const m of text.matchAll(/service: "ecs"(?: as const)?,\s*name: "([A-Z][A-Za-z]+)"/g))
      found.add(`ecs:${m[1]}`);
    // Task set operations are built by a small op(name, input) helper.
    for (const m of text.matchAll(/\bop\("([A-Z][A-Za-z]+)"/g)) found.add(`ecs:${m[1]}`);
  }
  return [...found].sort();
}

describe("docs/iam-policy.json", () => {
  it("allows exactly the AWS actions the code calls", () => {
    const policy = JSON.parse(readFileSync(join(ROOT, "docs/iam-policy.json"), "utf8")) as {
      Statement: { Action: string | string[] }[];
    };
    const allowed = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => !a.startsWith("iam:"))
      .sort();
    expect(allowed).toEqual(actionsInCode());
  });

  it("is the policy the README shows", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const action of actionsInCode()) expect(readme).toContain(action);
  });
});
