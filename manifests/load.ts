import { readFileSync, statSync } from "node:fs";
import { checkEnvelope } from "./envelope.js";
import { ManifestError, pointerToField } from "./errors.js";
import { displayPath, expandManifestPaths, MAX_FILE_BYTES } from "./files.js";
import { parseYamlDocuments } from "./parse.js";
import { checkReferences } from "./references.js";
import { checkSemantics } from "./rules/index.js";
import { checkSpec } from "./spec-schema.js";
import { type AnyManifest, KINDS, keyOf, ManifestSet } from "./types.js";

export interface LoadResult {
  set: ManifestSet;
  errors: ManifestError[];
  files: string[];
}

/**
 * Reads, parses and validates every manifest under `paths`. Never throws for bad input: every problem
 * comes back as a ManifestError with file, line and field, and callers refuse to act when there is one.
 */
export function loadManifests(paths: readonly string[]): LoadResult {
  const errors: ManifestError[] = [];
  const { files, missing } = expandManifestPaths(paths);
  for (const p of missing) errors.push(new ManifestError(p, 0, "", "no such file or directory"));
  if (paths.length > 0 && files.length === 0 && missing.length === 0)
    errors.push(new ManifestError(paths.join(", "), 0, "", "no *.yaml or *.yml files found"));

  const manifests: AnyManifest[] = [];
  for (const path of files) {
    const file = displayPath(path);
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      errors.push(new ManifestError(file, 1, "", `file is ${size} bytes, over the 1 MiB limit for a manifest file`));
      continue;
    }
    const parsed = parseYamlDocuments(readFileSync(path, "utf8"), file);
    errors.push(...parsed.errors);
    for (const doc of parsed.docs) {
      const source = { file, line: doc.line, lineOf: doc.lineOf };
      const at = (pointer: string, message: string) =>
        new ManifestError(file, doc.lineOf(pointer), pointerToField(pointer), message);
      const envelope = checkEnvelope(doc.value);
      const findings = [...envelope.findings];
      if (envelope.kind && findings.length === 0) {
        findings.push(...checkSpec(envelope.kind, (doc.value as { spec: unknown }).spec));
      }
      if (findings.length > 0) {
        errors.push(...findings.map((f) => at(f.pointer, f.message)));
        continue;
      }
      manifests.push({ ...(doc.value as Omit<AnyManifest, "source">), source } as AnyManifest);
    }
  }

  // Duplicates: the first definition wins; each later one is an error pointing back at it.
  const firstByKey = new Map<string, AnyManifest>();
  const unique: AnyManifest[] = [];
  for (const m of manifests) {
    const key = keyOf(m);
    const first = firstByKey.get(key);
    if (first) {
      errors.push(
        new ManifestError(
          m.source.file,
          m.source.lineOf("/metadata/name"),
          "metadata.name",
          `duplicate ${key}, already defined at ${first.source.file}:${first.source.lineOf("/metadata/name")}`,
        ),
      );
    } else {
      firstByKey.set(key, m);
      unique.push(m);
    }
  }
  unique.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind));
  const set = new ManifestSet(unique);

  for (const { manifest, finding } of [...checkReferences(set), ...checkSemantics(set)]) {
    errors.push(
      new ManifestError(
        manifest.source.file,
        manifest.source.lineOf(finding.pointer),
        pointerToField(finding.pointer),
        finding.message,
      ),
    );
  }
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { set, errors, files };
}
