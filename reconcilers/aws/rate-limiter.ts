import PQueue from "p-queue";
import type { ThrottleCategory } from "./throttle-categories.js";

/** By default the reconciler uses at most half of each category's sustained rate. */
export const DEFAULT_RATE_SHARE = 0.5;

/**
 * One p-queue per throttle category. p-queue's interval cap is a fixed window, so the window is
 * sized to hold a whole number of calls at the target rate (e.g. 0.5/s → 1 call per 2 s).
 */
export class CategoryRateLimiter {
  private readonly queues = new Map<string, PQueue>();

  constructor(
    private readonly share: number = DEFAULT_RATE_SHARE,
    private readonly concurrency = 8,
  ) {
    if (!(share > 0)) throw new Error(`rate share must be > 0, got ${share}`);
  }

  /** Calls per second this limiter allows in a category. */
  rateOf(category: ThrottleCategory): number {
    return category.sustainedPerSecond * this.share;
  }

  schedule<T>(category: ThrottleCategory, task: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(category.name);
    if (!queue) {
      const rate = this.rateOf(category);
      const intervalCap = Math.max(1, Math.floor(rate));
      queue = new PQueue({
        concurrency: this.concurrency,
        intervalCap,
        interval: Math.ceil((1000 * intervalCap) / rate),
        carryoverConcurrencyCount: true,
      });
      this.queues.set(category.name, queue);
    }
    return queue.add(task, { throwOnTimeout: true }) as Promise<T>;
  }

  /** Calls waiting for a slot, across categories. */
  pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size + q.pending;
    return n;
  }
}
