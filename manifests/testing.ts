/** Test helpers: load manifests from YAML text (written to a temporary directory, so file:line is real). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadResult, loadManifests } from "./load.js";

/** Writes `files` (name → YAML text) to a fresh temp directory and loads it. */
export function loadFromText(files: Record<string, string> | string): LoadResult & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "ecs-reconciler-test-"));
  const entries = typeof files === "string" ? { "manifests.yaml": files } : files;
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
  return { ...loadManifests([dir]), dir };
}

/** The errors of loading `files`, as `basename:line: field: message` strings. */
export function errorsOf(files: Record<string, string> | string): string[] {
  const { errors, dir } = loadFromText(files);
  return errors.map((e) => e.toString().replace(`${dir}/`, ""));
}
