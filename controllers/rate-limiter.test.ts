import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";
import {
  defaultControllerRateLimiter,
  ExponentialBackoffRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
} from "./rate-limiter.js";

const noJitter = () => 0;

describe("ExponentialBackoffRateLimiter", () => {
  it("doubles from 1 s per failure up to the 15 min cap, per key", () => {
    const limiter = new ExponentialBackoffRateLimiter({ random: noJitter });
    const delays = Array.from({ length: 12 }, () => limiter.when("a"));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 512000, 900000, 900000]);
    expect(limiter.numRequeues("a")).toBe(12);
    expect(limiter.when("b")).toBe(1000);
  });

  it("starts over after forget", () => {
    const limiter = new ExponentialBackoffRateLimiter({ random: noJitter, baseDelayMs: 500, maxDelayMs: 3000 });
    expect([limiter.when("a"), limiter.when("a"), limiter.when("a"), limiter.when("a")]).toEqual([
      500, 1000, 2000, 3000,
    ]);
    limiter.forget("a");
    expect(limiter.numRequeues("a")).toBe(0);
    expect(limiter.when("a")).toBe(500);
  });

  it("stays capped after very many failures (no Infinity/NaN)", () => {
    const limiter = new ExponentialBackoffRateLimiter({ random: noJitter, maxDelayMs: 60_000 });
    for (let i = 0; i < 2000; i++) limiter.when("a");
    expect(limiter.when("a")).toBe(60_000);
  });

  it("jitter only shortens, by at most the jitter fraction", () => {
    const highest = new ExponentialBackoffRateLimiter({ jitter: 0.1, random: () => 0 });
    const lowest = new ExponentialBackoffRateLimiter({ jitter: 0.1, random: () => 0.999999 });
    const middle = new ExponentialBackoffRateLimiter({ jitter: 0.1, random: () => 0.5 });
    expect(highest.when("a")).toBe(1000);
    expect(lowest.when("a")).toBeCloseTo(900, 3);
    expect(middle.when("a")).toBe(950);
    for (let i = 0; i < 20; i++) lowest.when("a");
    expect(lowest.when("a")).toBeGreaterThanOrEqual(0.9 * 900_000);
    expect(lowest.when("a")).toBeLessThanOrEqual(900_000);
  });

  it("with Math.random, every delay lies within [0.9, 1] of the exponential value", () => {
    const limiter = new ExponentialBackoffRateLimiter();
    for (let failures = 0; failures < 15; failures++) {
      const exact = Math.min(1000 * 2 ** failures, 900_000);
      const delay = limiter.when("a");
      expect(delay).toBeGreaterThanOrEqual(0.9 * exact);
      expect(delay).toBeLessThanOrEqual(exact);
    }
  });
});

describe("TokenBucketRateLimiter", () => {
  it("allows a burst, then spaces calls at 1/qps, and refills over time", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucketRateLimiter({ qps: 10, burst: 3, clock });
    expect([bucket.when("a"), bucket.when("b"), bucket.when("c")]).toEqual([0, 0, 0]);
    expect(bucket.when("d")).toBeCloseTo(100);
    expect(bucket.when("e")).toBeCloseTo(200);
    clock.advance(1000); // 10 tokens earned, 2 owed, capped at burst 3
    expect([bucket.when("a"), bucket.when("a"), bucket.when("a")]).toEqual([0, 0, 0]);
    expect(bucket.when("a")).toBeCloseTo(100);
  });
});

describe("MaxOfRateLimiter / defaultControllerRateLimiter", () => {
  it("waits for the slowest limiter and forgets in all of them", () => {
    const clock = new FakeClock();
    const limiter = new MaxOfRateLimiter(
      new ExponentialBackoffRateLimiter({ random: noJitter, baseDelayMs: 10 }),
      new TokenBucketRateLimiter({ qps: 1, burst: 1, clock }),
    );
    expect(limiter.when("a")).toBe(10); // backoff wins, bucket had a token
    expect(limiter.when("a")).toBeCloseTo(1000); // bucket wins
    expect(limiter.numRequeues("a")).toBe(2);
    limiter.forget("a");
    expect(limiter.numRequeues("a")).toBe(0);
  });

  it("defaults to 1 s per-key backoff behind a 10 qps / burst 100 bucket", () => {
    const clock = new FakeClock();
    expect(defaultControllerRateLimiter({ clock, random: noJitter }).when("a")).toBe(1000);
    // A tiny base makes the shared bucket visible: 100 retries pass, the 101st waits 1/10 s.
    const limiter = defaultControllerRateLimiter({ clock, random: noJitter, baseDelayMs: 5 });
    const delays = Array.from({ length: 101 }, (_, i) => limiter.when(`key-${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays[100]).toBeCloseTo(100);
  });
});
