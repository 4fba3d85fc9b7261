import type { Registry } from "prom-client";
import { type Clock, systemClock } from "./clock.js";
import { defaultControllerRateLimiter } from "./rate-limiter.js";
import { startResync } from "./resync.js";
import { type Reconcile, runWorkers } from "./workers.js";
import { WorkQueue } from "./workqueue.js";

/** The few logger methods the runtime uses (pino fits). */
export interface RuntimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ControllerOptions {
  name: string;
  workers: number;
  resyncIntervalMs: number;
  shutdownTimeoutMs: number;
  registry: Registry;
  logger: RuntimeLogger;
  /** Refreshes whatever the reconciles read and returns every key; at start and every resync. */
  listKeys: () => Promise<string[]>;
  reconcile: Reconcile;
  clock?: Clock;
}

export interface ControllerHandle {
  queue: WorkQueue;
  /** True once every key of the first listing has been reconciled once. */
  isReady(): boolean;
  readonly ready: Promise<void>;
  /** Adds keys now (a manifest changed). */
  enqueue(keys: readonly string[]): void;
  /** Stops intake, lets in-flight reconciles finish within the shutdown timeout. */
  stop(): Promise<void>;
}

/**
 * The controller runtime: a workqueue, N workers, a jittered resync. It knows nothing of what a key
 * means; reconcile does (controller-runtime's Manager + Controller, in small).
 */
export async function startController(o: ControllerOptions): Promise<ControllerHandle> {
  const clock = o.clock ?? systemClock;
  const queue = new WorkQueue({
    name: o.name,
    clock,
    registry: o.registry,
    rateLimiter: defaultControllerRateLimiter({ clock }),
  });
  let initial: Set<string> | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => {
    markReady = r;
  });
  let isReady = false;
  const settleInitial = (key: string) => {
    if (!initial?.delete(key) || initial.size > 0 || isReady) return;
    isReady = true;
    markReady();
  };

  const workers = runWorkers({
    queue,
    workers: o.workers,
    clock,
    reconcile: async (key, signal) => {
      try {
        return await o.reconcile(key, signal);
      } finally {
        settleInitial(key);
      }
    },
    onError: (key, error) => o.logger.error({ key, err: error }, "reconcile failed; retrying with backoff"),
  });

  const enqueue = (keys: readonly string[]) => {
    for (const k of keys) queue.add(k);
  };

  // Ready means "every key has been reconciled once": the first pass starts at the first listing
  // that succeeds (AWS may be unreachable at start; the listing is retried, /readyz stays 503).
  const beginFirstPass = (keys: readonly string[]) => {
    initial = new Set(keys);
    if (initial.size === 0) {
      isReady = true;
      markReady();
    }
  };
  const listAndEnqueue = async () => {
    const keys = await o.listKeys();
    if (initial === undefined) beginFirstPass(keys);
    enqueue(keys);
  };
  let stopped = false;
  const firstListing = async (delayMs: number): Promise<void> => {
    try {
      await listAndEnqueue();
    } catch (err) {
      o.logger.error({ err, retryInMs: delayMs }, "listing failed; retrying");
      if (!stopped) clock.setTimeout(() => void firstListing(Math.min(delayMs * 2, o.resyncIntervalMs)), delayMs);
    }
  };
  await firstListing(1000);

  const resync = startResync({
    intervalMs: o.resyncIntervalMs,
    clock,
    enqueueAll: listAndEnqueue,
    onError: (err) => o.logger.error({ err }, "resync failed"),
  });

  return {
    queue,
    isReady: () => isReady,
    ready,
    enqueue,
    async stop() {
      stopped = true;
      resync.stop();
      const result = await workers.stop(o.shutdownTimeoutMs);
      if (result.timedOut)
        o.logger.warn(
          { abandoned: result.abandonedKeys },
          "shutdown grace period ran out; in-flight reconciles aborted",
        );
    },
  };
}
