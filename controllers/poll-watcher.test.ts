import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";
import { fingerprintPaths, startPollWatcher } from "./poll-watcher.js";

describe("fingerprintPaths", () => {
  it("changes when a file changes, is added or removed", () => {
    const dir = mkdtempSync(join(tmpdir(), "fp-"));
    writeFileSync(join(dir, "a.yaml"), "a: 1\n");
    const first = fingerprintPaths([dir]);
    expect(fingerprintPaths([dir])).toBe(first);
    writeFileSync(join(dir, "a.yaml"), "a: 22\n");
    const second = fingerprintPaths([dir]);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, "b.yaml"), "b: 1\n");
    expect(fingerprintPaths([dir])).not.toBe(second);
  });

  it("sees a git-sync style swap of the checkout behind a symlink", () => {
    const root = mkdtempSync(join(tmpdir(), "gitsync-"));
    for (const rev of ["rev1", "rev2"]) {
      mkdirSync(join(root, rev));
      // Same names, same sizes: only the target of the link tells them apart.
      writeFileSync(join(root, rev, "app.yaml"), `rev: ${rev}\n`);
    }
    symlinkSync(join(root, "rev1"), join(root, "current"));
    const before = fingerprintPaths([join(root, "current")]);
    symlinkSync(join(root, "rev2"), join(root, "next"));
    renameSync(join(root, "next"), join(root, "current"));
    expect(fingerprintPaths([join(root, "current")])).not.toBe(before);
  });
});

describe("startPollWatcher", () => {
  it("calls onChange once per change seen", async () => {
    const clock = new FakeClock();
    let value = "a";
    let changes = 0;
    const w = startPollWatcher({ intervalMs: 100, clock, fingerprint: () => value, onChange: () => void changes++ });
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(0);
    value = "b";
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(1);
    w.stop();
  });
});
