/**
 * Periodic resync: every interval (jittered) enqueue every known key, so drift made outside the
 * operator is found even when nothing else changed. Like controller-runtime's SyncPeriod it is a
 * safety net; per-key polling belongs in ReconcileResult.requeueAfterMs.
 */
import { type Clock, systemClock, type TimerHandle } from "./clock.js";

export interface ResyncOptions {
  intervalMs: number;
  /** Enqueues all keys. Async is allowed: the next interval starts once it settles, so runs never overlap. */
  enqueueAll: () => void | Promise<void>;
  /**
   * Each wait is intervalMs * (1 ± jitter), uniformly. Default 0.1 (Flux-style ±, spreading
   * replicas and restarts apart without drifting the mean period).
   */
  jitter?: number;
  /** Uniform in [0, 1); injectable for tests. Default Math.random. */
  random?: () => number;
  clock?: Clock;
  /** Told when enqueueAll throws; the schedule continues either way. */
  onError?: (error: unknown) => void;
}

export interface ResyncHandle {
  /** Cancels the next run. A run already in progress finishes but schedules nothing. */
  stop(): void;
}

/** Starts the schedule; the first run is one (jittered) interval from now, not immediately. */
export function startResync(options: ResyncOptions): ResyncHandle {
  const clock = options.clock ?? systemClock;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.1));
  const random = options.random ?? Math.random;
  let timer: TimerHandle | undefined;
  let stopped = false;

  const scheduleNext = () => {
    if (stopped) return;
    const waitMs = options.intervalMs * (1 + jitter * (2 * random() - 1));
    timer = clock.setTimeout(run, waitMs);
  };

  const run = async () => {
    timer = undefined;
    try {
      await options.enqueueAll();
    } catch (error) {
      try {
        options.onError?.(error);
      } catch {
        // A failing error hook must not end the schedule.
      }
    }
    scheduleNext();
  };

  scheduleNext();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
