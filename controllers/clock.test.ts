import { describe, expect, it } from "vitest";
import { FakeClock } from "./clock.js";

describe("FakeClock", () => {
  it("fires due timers in due order, with now() at each timer's due time", () => {
    const clock = new FakeClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(["late", clock.now()]), 300);
    clock.setTimeout(() => fired.push(["early", clock.now()]), 100);
    clock.setTimeout(() => fired.push(["tie-second", clock.now()]), 300);
    clock.advance(250);
    expect(fired).toEqual([["early", 1100]]);
    clock.advance(50);
    expect(fired).toEqual([
      ["early", 1100],
      ["late", 1300],
      ["tie-second", 1300],
    ]);
    expect(clock.now()).toBe(1300);
  });

  it("fires timers scheduled by timers within the same advance, and not cleared ones", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const cleared = clock.setTimeout(() => fired.push(-1), 50);
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 100);
    }, 100);
    clock.clearTimeout(cleared);
    clock.advance(1000);
    expect(fired).toEqual([100, 200]);
    expect(clock.now()).toBe(1000);
    expect(clock.pendingTimers()).toBe(0);
  });
});
