import { describe, expect, it, vi } from "vitest";
import { FakeClock } from "./clock.js";
import { startResync } from "./resync.js";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("startResync", () => {
  it("calls enqueueAll once per interval, not at start, until stopped", async () => {
    const clock = new FakeClock();
    const enqueueAll = vi.fn();
    const resync = startResync({ clock, intervalMs: 60_000, jitter: 0, enqueueAll });
    expect(enqueueAll).not.toHaveBeenCalled();
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await flush();
    }
    expect(enqueueAll).toHaveBeenCalledTimes(3);
    resync.stop();
    clock.advance(600_000);
    expect(enqueueAll).toHaveBeenCalledTimes(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("jitters each wait within intervalMs * (1 ± jitter)", () => {
    for (const [random, expectedWait] of [
      [0, 54_000],
      [0.5, 60_000],
      [0.999, 65_988],
    ] as const) {
      const clock = new FakeClock();
      const enqueueAll = vi.fn();
      startResync({ clock, intervalMs: 60_000, jitter: 0.1, random: () => random, enqueueAll });
      clock.advance(expectedWait - 1);
      expect(enqueueAll).not.toHaveBeenCalled();
      clock.advance(1);
      expect(enqueueAll).toHaveBeenCalledOnce();
    }
  });

  it("with Math.random, waits stay within ±10 %", async () => {
    const clock = new FakeClock();
    const calls: number[] = [];
    startResync({ clock, intervalMs: 1000, enqueueAll: () => void calls.push(clock.now()) });
    for (let i = 0; i < 2000; i++) {
      clock.advance(10);
      await flush();
    }
    const waits = calls.map((at, i) => at - (calls[i - 1] ?? 0));
    expect(waits.length).toBeGreaterThan(15);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(900);
      expect(wait).toBeLessThanOrEqual(1110); // 1100 plus one 10 ms step of resolution
    }
  });

  it("keeps its schedule when enqueueAll fails, and never overlaps a slow run", async () => {
    const clock = new FakeClock();
    const onError = vi.fn();
    let running = 0;
    let overlaps = 0;
    let calls = 0;
    const enqueueAll = async () => {
      calls++;
      if (running > 0) overlaps++;
      running++;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 1500)); // longer than the interval
      running--;
      throw new Error("list failed");
    };
    startResync({ clock, intervalMs: 1000, jitter: 0, enqueueAll, onError });
    for (let i = 0; i < 100; i++) {
      clock.advance(100);
      await flush();
    }
    expect(overlaps).toBe(0);
    expect(calls).toBe(4); // starts at 1000, 3500, 6000, 8500: each wait begins when the last run settled
    expect(onError).toHaveBeenCalledTimes(4);
  });
});
