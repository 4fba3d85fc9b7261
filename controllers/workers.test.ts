import { describe, expect, it, vi } from "vitest";
import { type Clock, FakeClock } from "./clock.js";
import { ExponentialBackoffRateLimiter } from "./rate-limiter.js";
import { type Reconcile, runWorkers, TerminalError } from "./workers.js";
import { WorkQueue } from "./workqueue.js";

/** Lets pending promise callbacks run (no timers involved). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (clock: Clock, ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));

/** Advances fake time in steps, letting workers react after each step. */
async function advance(clock: FakeClock, ms: number, stepMs = 10) {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    clock.advance(Math.min(stepMs, ms - elapsed));
    await flush();
  }
}

function newQueue() {
  const clock = new FakeClock();
  const rateLimiter = new ExponentialBackoffRateLimiter({ random: () => 0 });
  return { clock, queue: new WorkQueue({ name: "test", clock, rateLimiter }) };
}

describe("runWorkers", () => {
  it("never reconciles one key on two workers at once, yet runs different keys in parallel", async () => {
    const { clock, queue } = newQueue();
    const active = new Set<string>();
    const runs: string[] = [];
    let overlaps = 0;
    let maxParallel = 0;
    const reconcile: Reconcile = async (key) => {
      if (active.has(key)) overlaps++;
      active.add(key);
      maxParallel = Math.max(maxParallel, active.size);
      runs.push(key);
      await sleep(clock, 100);
      active.delete(key);
    };
    const workers = runWorkers({ queue, workers: 8, reconcile });
    for (const key of ["a", "b", "c", "d"]) queue.add(key);
    await flush();
    for (let i = 0; i < 5; i++) {
      queue.add("a"); // re-added while processing, five times
      queue.add("b");
      await advance(clock, 10);
    }
    await advance(clock, 500);
    expect(overlaps).toBe(0);
    expect(maxParallel).toBe(4);
    expect(runs.sort()).toEqual(["a", "a", "b", "b", "c", "d"]);
    await workers.stop(1000);
  });

  it("retries a failing key with growing backoff, reports each error, and forgets on success", async () => {
    const { clock, queue } = newQueue();
    const runsAt: number[] = [];
    const onError = vi.fn();
    const reconcile: Reconcile = async () => {
      runsAt.push(clock.now());
      if (runsAt.length <= 3) throw new Error(`failure ${runsAt.length}`);
    };
    const workers = runWorkers({ queue, workers: 2, reconcile, onError });
    queue.add("a");
    await flush();
    await advance(clock, 10_000, 100);
    expect(runsAt).toEqual([0, 1000, 3000, 7000]);
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError).toHaveBeenCalledWith("a", new Error("failure 1"));
    expect(queue.numRequeues("a")).toBe(0);
    await workers.stop(1000);
  });

  it("treats a synchronous throw as a failure, and does not requeue a TerminalError", async () => {
    const { clock, queue } = newQueue();
    const onError = vi.fn();
    let runs = 0;
    const reconcile: Reconcile = (key) => {
      runs++;
      if (key === "sync") throw new Error("sync");
      return Promise.reject(new TerminalError("invalid spec"));
    };
    const workers = runWorkers({ queue, workers: 1, reconcile, onError });
    queue.add("terminal");
    queue.add("sync");
    await advance(clock, 60_000, 1000);
    expect(onError.mock.calls.map(([key]) => key).slice(0, 2)).toEqual(["terminal", "sync"]);
    expect(queue.numRequeues("terminal")).toBe(0);
    expect(queue.numRequeues("sync")).toBeGreaterThan(1); // still retrying
    expect(runs).toBeGreaterThan(3);
    await workers.stop(1000);
  });

  it("requeues after requeueAfterMs on success, with the backoff reset", async () => {
    const { clock, queue } = newQueue();
    const runsAt: number[] = [];
    const reconcile: Reconcile = async () => {
      runsAt.push(clock.now());
      return { requeueAfterMs: 30_000 };
    };
    const workers = runWorkers({ queue, workers: 1, reconcile });
    queue.addRateLimited("a"); // one recorded failure, ready at 1 s
    await advance(clock, 70_000, 500);
    expect(runsAt).toEqual([1000, 31_000, 61_000]);
    expect(queue.numRequeues("a")).toBe(0);
    await workers.stop(1000);
  });

  it("stop lets in-flight reconciles finish, drops queued keys, and clears its timer", async () => {
    const { clock, queue } = newQueue();
    const started: string[] = [];
    let signal: AbortSignal | undefined;
    const reconcile: Reconcile = async (key, s) => {
      started.push(key);
      signal = s;
      await sleep(clock, 1000);
    };
    const workers = runWorkers({ queue, workers: 1, reconcile });
    queue.add("a");
    queue.add("b");
    await flush();
    let result: unknown;
    void workers.stop(5000).then((r) => {
      result = r;
    });
    await advance(clock, 1000, 100);
    expect(result).toEqual({ timedOut: false, abandonedKeys: [] });
    expect(started).toEqual(["a"]);
    expect(signal?.aborted).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    await workers.stopped;
  });

  it("stop aborts a stuck reconcile after the timeout and returns without it", async () => {
    const { clock, queue } = newQueue();
    let signal: AbortSignal | undefined;
    const reconcile: Reconcile = (_key, s) => {
      signal = s;
      return new Promise(() => {}); // ignores the signal: never settles
    };
    const workers = runWorkers({ queue, workers: 3, reconcile });
    queue.add("stuck");
    await flush();
    let result: unknown;
    const stopping = workers.stop(5000).then((r) => {
      result = r;
    });
    expect(workers.stop(1)).toBe(workers.stop(5000)); // idempotent
    await advance(clock, 4999, 1000);
    expect(result).toBeUndefined();
    expect(signal?.aborted).toBe(false);
    clock.advance(1);
    await stopping;
    expect(signal?.aborted).toBe(true);
    expect(result).toEqual({ timedOut: true, abandonedKeys: ["stuck"] });
  });

  it("loops exit when the queue is shut down by someone else", async () => {
    const { queue } = newQueue();
    const workers = runWorkers({ queue, workers: 4, reconcile: async () => {} });
    queue.shutDown();
    await workers.stopped;
  });

  it("rejects a worker count that is not a positive integer", () => {
    const { queue } = newQueue();
    expect(() => runWorkers({ queue, workers: 0, reconcile: async () => {} })).toThrow(RangeError);
  });
});
