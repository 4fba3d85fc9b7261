import { type GlobalOptions, loadDesired, log } from "./context.js";

/** Offline: parse, schema, references, semantic rules. Throws InvalidManifestsError (exit 1). */
export function validateCommand(o: GlobalOptions): number {
  const set = loadDesired(o);
  const counts = new Map<string, number>();
  for (const m of set.selected) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(", ") || "no resources";
  if (o.output === "json") process.stdout.write(`${JSON.stringify({ valid: true, resources: set.selected.length })}\n`);
  else process.stdout.write(`Valid: ${summary}.\n`);
  log(`validated ${set.all.length} manifests`);
  return 0;
}
