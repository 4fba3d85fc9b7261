/**
 * Keyed work queue with client-go semantics (util/workqueue queue.go, delaying_queue.go,
 * rate_limiting_queue.go). The queue holds keys, never events: reconciliation is level-based, so a
 * burst of N changes to one key costs one reconcile.
 *
 * - Stingy: a key is handed to at most one worker at a time (`processing`), and adds of a key that
 *   already needs processing coalesce (`dirty`).
 * - A key added while a worker holds it is queued again when that worker calls done().
 * - Fair: otherwise keys come out in the order they were added.
 */
import { Registry } from "prom-client";
import { type Clock, systemClock, type TimerHandle } from "./clock.js";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";
import { type WorkQueueMetrics, workQueueMetrics } from "./workqueue-metrics.js";

export interface WorkQueueOptions {
  /** Value of the `name` label on the workqueue_* metrics. */
  name: string;
  clock?: Clock;
  /** Delays for addRateLimited. Default: defaultControllerRateLimiter on the same clock. */
  rateLimiter?: RateLimiter;
  /** Where the workqueue_* metrics live. Omitted: a private registry nobody scrapes. */
  registry?: Registry;
}

interface DelayedAdd {
  readyAtMs: number;
  timer: TimerHandle;
}

export class WorkQueue {
  readonly name: string;
  readonly clock: Clock;
  private readonly rateLimiter: RateLimiter;
  private readonly metrics: WorkQueueMetrics;
  private readonly labels: { name: string };

  /** Keys ready for a worker, oldest first; each key at most once. */
  private readonly ready: string[] = [];
  /** Keys that need processing: those in `ready`, plus those re-added while being processed. */
  private readonly dirty = new Set<string>();
  /** Keys a worker holds, with the time it got them (work duration, stuck-worker gauges). */
  private readonly processing = new Map<string, number>();
  /** When each dirty key was added, i.e. became dirty (queue duration). */
  private readonly addedAtMs = new Map<string, number>();
  /** Keys scheduled by addAfter, not yet added. */
  private readonly delayed = new Map<string, DelayedAdd>();
  /** Pending get() calls, served in call order. */
  private readonly getters: Array<(key: string | undefined) => void> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private shuttingDown = false;

  constructor(options: WorkQueueOptions) {
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter({ clock: this.clock });
    this.metrics = workQueueMetrics(options.registry ?? new Registry());
    this.labels = { name: this.name };
    this.zeroMetrics();
    // Held for the registry's lifetime, like the queue's series: queues are few and long-lived.
    this.metrics.inProgressReporters.add(() => this.reportInProgress());
  }

  /** Marks key as needing processing. Ignored after shutDown. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics.adds.inc(this.labels);
    this.dirty.add(key);
    this.addedAtMs.set(key, this.clock.now());
    // A worker holds it: done() will queue it, so it is never processed twice at once.
    if (this.processing.has(key)) return;
    this.ready.push(key);
    this.updateDepth();
    this.serveGetters();
  }

  /**
   * Adds key after delayMs. If key is already scheduled, the earlier time wins: a later call can
   * bring it forward, never push it back. Counts as a retry, as in client-go.
   */
  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    this.metrics.retries.inc(this.labels);
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAtMs = this.clock.now() + delayMs;
    const scheduled = this.delayed.get(key);
    if (scheduled && scheduled.readyAtMs <= readyAtMs) return;
    if (scheduled) this.clock.clearTimeout(scheduled.timer);
    const timer = this.clock.setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { readyAtMs, timer });
  }

  /** Adds key after the rate limiter's delay for it (backoff grows until forget). */
  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Resets key's backoff. Call it whenever a reconcile succeeds, or failures are tracked forever. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * Next key to process; the caller must call done(key) when finished. Waits while the queue is
   * empty. After shutDown it still hands out keys already queued, then resolves undefined.
   */
  get(): Promise<string | undefined> {
    if (this.ready.length > 0) return Promise.resolve(this.take());
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Releases key; if it was added again meanwhile, it goes back to the end of the queue. */
  done(key: string): void {
    const startedAtMs = this.processing.get(key);
    if (startedAtMs === undefined) return;
    this.processing.delete(key);
    this.metrics.workDuration.observe(this.labels, (this.clock.now() - startedAtMs) / 1000);
    // Re-queued even while shutting down: the add was accepted before the shutdown.
    if (this.dirty.has(key)) {
      this.ready.push(key);
      this.updateDepth();
      this.serveGetters();
    }
    this.resolveDrainWaiters();
  }

  /** Stops accepting adds and drops delayed ones; get() drains what is queued, then resolves undefined. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { timer } of this.delayed.values()) this.clock.clearTimeout(timer);
    this.delayed.clear();
    // Getters wait only when nothing is queued, so there is nothing left for them.
    for (const resolve of this.getters.splice(0)) resolve(undefined);
    this.resolveDrainWaiters();
  }

  /** shutDown, then resolves once every queued key has been taken and every taken key is done. */
  shutDownWithDrain(): Promise<void> {
    this.shutDown();
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.resolveDrainWaiters();
    });
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Keys ready for a worker (not counting delayed keys or keys being processed). */
  len(): number {
    return this.ready.length;
  }

  private take(): string {
    const key = this.ready.shift()!;
    const nowMs = this.clock.now();
    this.dirty.delete(key);
    this.processing.set(key, nowMs);
    this.metrics.queueDuration.observe(this.labels, (nowMs - (this.addedAtMs.get(key) ?? nowMs)) / 1000);
    this.addedAtMs.delete(key);
    this.updateDepth();
    return key;
  }

  private serveGetters(): void {
    while (this.getters.length > 0 && this.ready.length > 0) this.getters.shift()!(this.take());
  }

  private resolveDrainWaiters(): void {
    if (!this.shuttingDown || this.ready.length > 0 || this.processing.size > 0) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private updateDepth(): void {
    this.metrics.depth.set(this.labels, this.ready.length);
  }

  private reportInProgress(): void {
    const nowMs = this.clock.now();
    let totalSeconds = 0;
    let longestSeconds = 0;
    for (const startedAtMs of this.processing.values()) {
      const seconds = (nowMs - startedAtMs) / 1000;
      totalSeconds += seconds;
      longestSeconds = Math.max(longestSeconds, seconds);
    }
    this.metrics.unfinishedWork.set(this.labels, totalSeconds);
    this.metrics.longestRunningProcessor.set(this.labels, longestSeconds);
  }

  /** Series exist at 0 from the start, so rate() and absent() behave before the first add. */
  private zeroMetrics(): void {
    this.metrics.depth.set(this.labels, 0);
    this.metrics.adds.inc(this.labels, 0);
    this.metrics.retries.inc(this.labels, 0);
    this.metrics.queueDuration.zero(this.labels);
    this.metrics.workDuration.zero(this.labels);
    this.reportInProgress();
  }
}
