import type { WaitProgress } from "../reconcilers/wait.js";
import { log } from "./context.js";

const SYMBOL = { progressing: "…", done: "✓", failed: "✗" } as const;

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/**
 * Progress of apply --wait / status --wait on stderr: in a terminal, one live line per resource,
 * redrawn in place; otherwise (CI logs) a plain line whenever a resource's line changes.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream = process.stderr,
): (p: WaitProgress[], elapsedMs: number) => void {
  let drawn = 0;
  const last = new Map<string, string>();
  return (progress, elapsedMs) => {
    const lines = progress.map((p) => `${SYMBOL[p.state]} ${p.title}  ${p.detail}  (${seconds(elapsedMs)})`);
    if (stream.isTTY) {
      if (drawn) stream.write(`\x1b[${drawn}A`);
      for (const line of lines) stream.write(`\x1b[2K${line}\n`);
      drawn = lines.length;
      return;
    }
    for (const p of progress) {
      const line = `${p.title}: ${p.state} ${p.detail}`;
      if (last.get(p.key) !== line) log(`${line} (${seconds(elapsedMs)})`);
      last.set(p.key, line);
    }
  };
}

/** After a failed wait: which resource, why, and what ECS said. */
export function reportFailures(progress: WaitProgress[]): void {
  for (const p of progress.filter((x) => x.state === "failed")) {
    log(`error: ${p.title}: ${p.reason ?? "failed"}`);
    for (const e of p.events ?? []) log(`  event: ${e}`);
  }
}
