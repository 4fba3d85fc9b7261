import { createHash } from "node:crypto";
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Clock, systemClock, type TimerHandle } from "./clock.js";

/**
 * A fingerprint of every file under `paths`: real path, size and mtime. Polling a fingerprint (rather
 * than fs.watch) survives what git-sync does: the checkout is swapped by replacing a symlink, which an
 * inotify watch on the old target never sees. Symlinks are resolved on every poll.
 */
export function fingerprintPaths(paths: readonly string[]): string {
  const hash = createHash("sha256");
  const visit = (p: string, depth: number): void => {
    if (depth > 32) return;
    let real: string;
    try {
      real = realpathSync(p);
    } catch {
      hash.update(`missing ${p}\n`);
      return;
    }
    const st = statSync(real, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      hash.update(`dir ${p} -> ${real}\n`);
      for (const e of readdirSync(real).sort()) if (!e.startsWith(".")) visit(join(p, e), depth + 1);
    } else hash.update(`file ${p} -> ${real} ${st.size} ${st.mtimeMs}\n`);
  };
  for (const p of paths) visit(p, 0);
  return hash.digest("hex");
}

export interface PollWatcherOptions {
  intervalMs: number;
  fingerprint: () => string;
  /** Called once per change seen; the next poll waits for it to settle. */
  onChange: () => void | Promise<void>;
  onError?: (err: unknown) => void;
  clock?: Clock;
  /** The fingerprint the current state was loaded at; without it, the one at start. */
  initial?: string;
}

export function startPollWatcher(o: PollWatcherOptions): { stop(): void } {
  const clock = o.clock ?? systemClock;
  let last = o.initial ?? o.fingerprint();
  let timer: TimerHandle | undefined;
  let stopped = false;
  const poll = async () => {
    try {
      const now = o.fingerprint();
      if (now !== last) {
        last = now;
        await o.onChange();
      }
    } catch (err) {
      o.onError?.(err);
    }
    if (!stopped) timer = clock.setTimeout(poll, o.intervalMs);
  };
  timer = clock.setTimeout(poll, o.intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
