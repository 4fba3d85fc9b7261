/**
 * Retry delays for the work queue, after client-go's util/workqueue/default_rate_limiters.go.
 * The defaults follow Flux rather than client-go (1 s and 15 min instead of 5 ms and 1000 s): a
 * retry here costs AWS API calls, so the first retry waits a second.
 */
import { type Clock, systemClock } from "./clock.js";

export interface RateLimiter {
  /** Delay in ms before key may be retried; records one more failure for it. */
  when(key: string): number;
  /** Clears the failure history of key (call it on success, or failures are tracked forever). */
  forget(key: string): void;
  /** Failures recorded for key since the last forget. */
  numRequeues(key: string): number;
}

export interface ExponentialBackoffOptions {
  /** Delay after the first failure. Default 1000 ms. */
  baseDelayMs?: number;
  /** Ceiling for any delay, jitter included. Default 15 min. */
  maxDelayMs?: number;
  /**
   * Fraction in [0, 1] the delay may be shortened by at random, so keys that failed together
   * do not all retry in the same instant. Default 0.1. Jitter only shortens: maxDelayMs stays a
   * true ceiling, and random() = 0 gives exact doubling.
   */
  jitter?: number;
  /** Uniform in [0, 1); injectable for tests. Default Math.random. */
  random?: () => number;
}

/** Per-key exponential backoff: base * 2^failures, capped, minus up to `jitter` of it. */
export class ExponentialBackoffRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: ExponentialBackoffOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60 * 1000;
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.1));
    this.random = options.random ?? Math.random;
  }

  when(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    // 2 ** failures overflows to Infinity for large counts; Math.min then yields the cap.
    const backoffMs = Math.min(this.baseDelayMs * 2 ** failures, this.maxDelayMs);
    return backoffMs * (1 - this.jitter * this.random());
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

export interface TokenBucketOptions {
  /** Tokens added per second. Default 10. */
  qps?: number;
  /** Bucket size: retries allowed back to back before qps applies. Default 100. */
  burst?: number;
  clock?: Clock;
}

/**
 * Overall retry budget shared by all keys, like client-go's BucketRateLimiter (golang.org/x/time/rate
 * Reserve().Delay()). Every call takes a token; when the bucket is empty the token is borrowed from
 * the future and the delay says when it will exist. Keys are ignored, so forget is a no-op.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly qps: number;
  private readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private lastRefillMs: number;

  constructor(options: TokenBucketOptions = {}) {
    this.qps = options.qps ?? 10;
    this.burst = options.burst ?? 100;
    this.clock = options.clock ?? systemClock;
    this.tokens = this.burst;
    this.lastRefillMs = this.clock.now();
  }

  when(_key: string): number {
    const nowMs = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.lastRefillMs) / 1000) * this.qps);
    this.lastRefillMs = nowMs;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  forget(_key: string): void {}

  numRequeues(_key: string): number {
    return 0;
  }
}

/** Asks every limiter (each keeps its own state) and waits for the slowest, like client-go's MaxOf. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(key: string): number {
    return Math.max(0, ...this.limiters.map((limiter) => limiter.when(key)));
  }

  forget(key: string): void {
    for (const limiter of this.limiters) limiter.forget(key);
  }

  numRequeues(key: string): number {
    return Math.max(0, ...this.limiters.map((limiter) => limiter.numRequeues(key)));
  }
}

/**
 * client-go's DefaultControllerRateLimiter shape: per-key exponential backoff (1 s → 15 min, 10 %
 * jitter) combined with an overall bucket (10 qps, burst 100) that only shapes retries, never fresh adds.
 */
export function defaultControllerRateLimiter(
  options: ExponentialBackoffOptions & TokenBucketOptions = {},
): RateLimiter {
  return new MaxOfRateLimiter(new ExponentialBackoffRateLimiter(options), new TokenBucketRateLimiter(options));
}
