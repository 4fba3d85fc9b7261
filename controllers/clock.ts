/**
 * Time source for the runtime. Everything in controllers/ that waits or measures goes through a
 * Clock, so tests drive time with FakeClock instead of sleeping.
 */

/** Opaque: only pass it back to clearTimeout of the clock that returned it. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch (real) or since the fake's start. */
  now(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node fires a timer longer than 2^31-1 ms (~24.8 days) immediately; clamp so it fires late-ish instead. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, delayMs) => globalThis.setTimeout(fn, Math.min(Math.max(0, delayMs), MAX_TIMER_DELAY_MS)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as NodeJS.Timeout),
};

interface FakeTimer {
  id: number;
  dueMs: number;
  fn: () => void;
}

/** Manual clock for tests: time moves only in advance(), which fires due timers in due order. */
export class FakeClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, dueMs: this.nowMs + Math.max(0, delayMs), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /**
   * Moves time forward by ms. Timers fire one at a time, earliest due first (ties: creation order),
   * with now() equal to their due time; timers they schedule within the window fire too.
   */
  advance(ms: number): void {
    const targetMs = this.nowMs + ms;
    for (let timer = this.nextDue(targetMs); timer; timer = this.nextDue(targetMs)) {
      this.timers.delete(timer.id);
      this.nowMs = timer.dueMs;
      timer.fn();
    }
    this.nowMs = targetMs;
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.size;
  }

  private nextDue(limitMs: number): FakeTimer | undefined {
    let next: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.dueMs > limitMs) continue;
      if (!next || timer.dueMs < next.dueMs || (timer.dueMs === next.dueMs && timer.id < next.id)) next = timer;
    }
    return next;
  }
}
