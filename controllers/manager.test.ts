import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";
import { startController } from "./manager.js";

const quiet = { info() {}, warn() {}, error() {} };
const flush = () => new Promise((r) => setImmediate(r));

describe("startController", () => {
  it("is ready once every key of the first listing was reconciled once", async () => {
    const clock = new FakeClock();
    const release = new Map<string, () => void>();
    const seen: string[] = [];
    const ctl = await startController({
      name: "t",
      workers: 2,
      resyncIntervalMs: 60_000,
      shutdownTimeoutMs: 1000,
      registry: new Registry(),
      logger: quiet,
      clock,
      listKeys: async () => ["a", "b"],
      reconcile: (key) => {
        seen.push(key);
        return new Promise<void>((r) => release.set(key, r));
      },
    });
    await flush();
    expect(seen.sort()).toEqual(["a", "b"]);
    release.get("a")!();
    await flush();
    expect(ctl.isReady()).toBe(false);
    release.get("b")!();
    await ctl.ready;
    expect(ctl.isReady()).toBe(true);
    await ctl.stop();
  });

  it("retries a failed first listing and is not ready until one succeeds", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const ctl = await startController({
      name: "t2",
      workers: 1,
      resyncIntervalMs: 60_000,
      shutdownTimeoutMs: 1000,
      registry: new Registry(),
      logger: quiet,
      clock,
      listKeys: async () => {
        calls++;
        if (calls === 1) throw new Error("AWS unreachable");
        return ["a"];
      },
      reconcile: async () => {},
    });
    expect(ctl.isReady()).toBe(false);
    clock.advance(1000);
    await ctl.ready;
    expect(calls).toBe(2);
    await ctl.stop();
  });

  it("resyncs every interval, enqueueing every key again", async () => {
    const clock = new FakeClock();
    const counts = new Map<string, number>();
    const ctl = await startController({
      name: "t3",
      workers: 1,
      resyncIntervalMs: 10_000,
      shutdownTimeoutMs: 1000,
      registry: new Registry(),
      logger: quiet,
      clock,
      listKeys: async () => ["a"],
      reconcile: async (key) => {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      },
    });
    await ctl.ready;
    clock.advance(11_000);
    await flush();
    await flush();
    expect(counts.get("a")).toBe(2);
    await ctl.stop();
  });
});
