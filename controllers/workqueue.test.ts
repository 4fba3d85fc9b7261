import { type MetricValue, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";
import { ExponentialBackoffRateLimiter } from "./rate-limiter.js";
import { WorkQueue } from "./workqueue.js";

/** Lets pending promise callbacks run (no timers involved). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function newQueue(name = "test") {
  const clock = new FakeClock();
  const registry = new Registry();
  const rateLimiter = new ExponentialBackoffRateLimiter({ random: () => 0 });
  return { clock, registry, queue: new WorkQueue({ name, clock, registry, rateLimiter }) };
}

/** Value of one series of a metric for queue `name`; `series` picks e.g. the _sum of a histogram. */
async function metricValue(registry: Registry, metric: string, name: string, series = metric) {
  // Histogram series carry metricName (…_sum, …_count, …_bucket); the prom-client types omit it.
  const values = (await registry.getSingleMetric(metric)!.get()).values as Array<
    MetricValue<string> & { metricName?: string }
  >;
  return values.find((v) => v.labels.name === name && (v.metricName ?? metric) === series && v.labels.le === undefined)
    ?.value;
}

async function takeAll(queue: WorkQueue, count: number) {
  const keys: Array<string | undefined> = [];
  for (let i = 0; i < count; i++) keys.push(await queue.get());
  return keys;
}

describe("WorkQueue: dedup and order", () => {
  it("coalesces re-adds of a queued key and hands keys out in first-add order", async () => {
    const { queue } = newQueue();
    for (const key of ["a", "b", "a", "c", "b", "a"]) queue.add(key);
    expect(queue.len()).toBe(3);
    expect(await takeAll(queue, 3)).toEqual(["a", "b", "c"]);
    expect(queue.len()).toBe(0);
  });

  it("does not hand out a key being processed; a re-add runs once more after done", async () => {
    const { queue } = newQueue();
    queue.add("a");
    expect(await queue.get()).toBe("a");
    queue.add("a");
    queue.add("a");
    expect(queue.len()).toBe(0); // held by a worker: not queued yet
    let second: string | undefined;
    void queue.get().then((key) => {
      second = key;
    });
    await flush();
    expect(second).toBeUndefined();
    queue.done("a");
    await flush();
    expect(second).toBe("a");
    queue.done("a");
    expect(queue.len()).toBe(0); // both re-adds coalesced into that one extra run
  });

  it("serves waiting get() calls in call order as keys arrive", async () => {
    const { queue } = newQueue();
    const first = queue.get();
    const second = queue.get();
    queue.add("x");
    queue.add("y");
    expect([await first, await second]).toEqual(["x", "y"]);
  });
});

describe("WorkQueue: delayed and rate-limited adds", () => {
  it("addAfter keeps the earliest scheduled time", () => {
    const { queue, clock } = newQueue();
    queue.addAfter("a", 5000);
    queue.addAfter("a", 1000); // brings it forward
    queue.addAfter("a", 3000); // cannot push it back
    clock.advance(999);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    expect(clock.pendingTimers()).toBe(0); // the 5000 ms schedule was replaced, not kept
  });

  it("addAfter with no delay adds at once", () => {
    const { queue } = newQueue();
    queue.addAfter("a", 0);
    expect(queue.len()).toBe(1);
  });

  it("addRateLimited backs off 1 s, 2 s, 4 s per key, and forget starts over", async () => {
    const { queue, clock } = newQueue();
    const readyAfter = async (key: string) => {
      const start = clock.now();
      queue.addRateLimited(key);
      while (queue.len() === 0) clock.advance(100);
      expect(await queue.get()).toBe(key);
      queue.done(key);
      return clock.now() - start;
    };
    expect([await readyAfter("a"), await readyAfter("a"), await readyAfter("a")]).toEqual([1000, 2000, 4000]);
    expect(queue.numRequeues("a")).toBe(3);
    queue.forget("a");
    expect(queue.numRequeues("a")).toBe(0);
    expect(await readyAfter("a")).toBe(1000);
  });
});

describe("WorkQueue: shutdown", () => {
  it("ignores adds, drops delayed keys, drains what is queued, then get() resolves undefined", async () => {
    const { queue, clock } = newQueue();
    queue.add("a");
    queue.add("b");
    queue.addAfter("later", 1000);
    expect(await queue.get()).toBe("a");
    queue.shutDown();
    queue.add("c");
    queue.addRateLimited("d");
    expect(clock.pendingTimers()).toBe(0);
    expect(await queue.get()).toBe("b");
    expect(await queue.get()).toBeUndefined();
    expect(await queue.get()).toBeUndefined();
    expect(queue.isShuttingDown()).toBe(true);
  });

  it("releases parked get() calls with undefined", async () => {
    const { queue } = newQueue();
    const parked = [queue.get(), queue.get()];
    queue.shutDown();
    expect(await Promise.all(parked)).toEqual([undefined, undefined]);
  });

  it("shutDownWithDrain resolves only when queued keys are taken and every taken key is done", async () => {
    const { queue } = newQueue();
    queue.add("a");
    queue.add("b");
    expect(await queue.get()).toBe("a");
    queue.add("a"); // re-added while processing, before shutdown: must still run
    let drained = false;
    const drain = queue.shutDownWithDrain().then(() => {
      drained = true;
    });
    expect(await queue.get()).toBe("b");
    queue.done("b");
    queue.done("a");
    await flush();
    expect(drained).toBe(false);
    expect(await queue.get()).toBe("a");
    queue.done("a");
    await drain;
    expect(drained).toBe(true);
    expect(await queue.get()).toBeUndefined();
  });
});

describe("WorkQueue: metrics", () => {
  it("reports depth, adds, retries and durations under the client-go names, labelled by queue name", async () => {
    const { queue, registry, clock } = newQueue("services");
    expect(await metricValue(registry, "workqueue_adds_total", "services")).toBe(0); // pre-zeroed
    queue.add("a");
    queue.add("b");
    queue.add("a"); // coalesced: not an add
    expect(await metricValue(registry, "workqueue_depth", "services")).toBe(2);
    expect(await metricValue(registry, "workqueue_adds_total", "services")).toBe(2);
    expect(await registry.getSingleMetricAsString("workqueue_depth")).toContain('workqueue_depth{name="services"} 2');

    clock.advance(1500);
    expect(await queue.get()).toBe("a");
    expect(await metricValue(registry, "workqueue_depth", "services")).toBe(1);
    const queueSeconds = "workqueue_queue_duration_seconds";
    expect(await metricValue(registry, queueSeconds, "services", `${queueSeconds}_sum`)).toBe(1.5);

    clock.advance(2000);
    expect(await metricValue(registry, "workqueue_unfinished_work_seconds", "services")).toBe(2);
    expect(await metricValue(registry, "workqueue_longest_running_processor_seconds", "services")).toBe(2);
    queue.done("a");
    const workSeconds = "workqueue_work_duration_seconds";
    expect(await metricValue(registry, workSeconds, "services", `${workSeconds}_count`)).toBe(1);
    expect(await metricValue(registry, workSeconds, "services", `${workSeconds}_sum`)).toBe(2);
    expect(await metricValue(registry, "workqueue_unfinished_work_seconds", "services")).toBe(0);

    queue.addRateLimited("a");
    queue.addAfter("c", 10);
    expect(await metricValue(registry, "workqueue_retries_total", "services")).toBe(2);
  });

  it("lets several queues share one registry, each with its own series", async () => {
    const clock = new FakeClock();
    const registry = new Registry();
    const services = new WorkQueue({ name: "services", clock, registry });
    const clusters = new WorkQueue({ name: "clusters", clock, registry });
    services.add("a");
    clusters.add("x");
    clusters.add("y");
    expect(await metricValue(registry, "workqueue_depth", "services")).toBe(1);
    expect(await metricValue(registry, "workqueue_depth", "clusters")).toBe(2);
    expect(await metricValue(registry, "workqueue_adds_total", "clusters")).toBe(2);
    // A different registry gets its own metric objects.
    const other = new Registry();
    new WorkQueue({ name: "services", clock, registry: other });
    expect(await metricValue(other, "workqueue_depth", "services")).toBe(0);
    expect(await metricValue(registry, "workqueue_depth", "services")).toBe(1);
  });
});
