import { describe, expect, it } from "vitest";
import { clean, deepEqual, deepMerge, isEmptyValue, isPlainObject, stableStringify } from "./values.js";

describe("isEmptyValue: ECS answers [], {} or nothing for one 'unset'", () => {
  it.each([
    ["undefined", undefined, true],
    ["null", null, true],
    ["[]", [], true],
    ["{}", {}, true],
    ["object of empties", { a: undefined, b: [], c: {}, d: null }, true],
    ["nested empty objects", { a: { b: { c: [] } } }, true],
    ["false", false, false],
    ["0", 0, false],
    ['""', "", false],
    ["[[]] (a list with one item)", [[]], false],
    ["[null]", [null], false],
    ["object with a false member", { a: false }, false],
    ["Date", new Date(0), false],
  ] as const)("%s → %s", (_name, v, want) => {
    expect(isEmptyValue(v)).toBe(want);
  });
});

describe("isPlainObject", () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    [new Date(0), false],
    ["x", false],
  ] as const)("%j → %s", (v, want) => {
    expect(isPlainObject(v)).toBe(want);
  });
});

describe("deepEqual", () => {
  it.each([
    ["empties are equal across shapes", [], undefined, true],
    ["{} and null", {}, null, true],
    ["member absent vs []", { a: 1, b: [] }, { a: 1 }, true],
    ["member absent vs {} deep", { a: { b: {} } }, {}, true],
    ["key order does not matter", { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ["list order matters", [1, 2], [2, 1], false],
    ["list length", [1], [1, 1], false],
    ["false is not absent", { a: false }, {}, false],
    ["0 is not absent", 0, undefined, false],
    ["number vs string", 1, "1", false],
    ["nested difference", { a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 3 }] } }, false],
    ["Dates by value", new Date(5000), new Date(5000), true],
    ["Dates a second apart", new Date(5000), new Date(6000), false],
  ] as const)("%s", (_name, a, b, want) => {
    expect(deepEqual(a, b)).toBe(want);
    expect(deepEqual(b, a)).toBe(want);
  });
});

describe("deepEqual: known gap in values.ts", () => {
  // Dates are compared through String(), which has second resolution. Describe outputs' dates never reach
  // a normalized spec today (registeredAt, createdAt are dropped), so this is latent; drop `.fails` once
  // values.ts compares getTime().
  it("Dates a millisecond apart differ", () => {
    expect(deepEqual(new Date(5), new Date(6))).toBe(false);
  });
});

describe("clean", () => {
  it("drops undefined members at every depth and keeps null, false, 0 and empty lists", () => {
    const v = { a: undefined, b: null, c: false, d: 0, e: [], f: { g: undefined, h: [{ i: undefined, j: 1 }] } };
    expect(clean(v)).toStrictEqual({ b: null, c: false, d: 0, e: [], f: { h: [{ j: 1 }] } });
  });
  it("copies (no shared references)", () => {
    const v = { a: { b: [1] } };
    const c = clean(v);
    c.a.b.push(2);
    expect(v.a.b).toEqual([1]);
  });
  it("survives JSON unchanged", () => {
    const v = clean({ a: undefined, b: { c: 1 } });
    expect(JSON.parse(JSON.stringify(v))).toStrictEqual(v);
  });
});

describe("deepMerge: live with the manifest laid on top", () => {
  it.each([
    [
      "objects merge key by key",
      { maximumPercent: 200, minimumHealthyPercent: 100 },
      { maximumPercent: 150 },
      { maximumPercent: 150, minimumHealthyPercent: 100 },
    ],
    ["nested objects merge", { a: { b: 1, c: 2 }, d: 3 }, { a: { c: 9 } }, { a: { b: 1, c: 9 }, d: 3 }],
    ["lists are replaced, not merged", { a: [1, 2, 3] }, { a: [4] }, { a: [4] }],
    ["scalars are replaced", { a: 1 }, { a: "x" }, { a: "x" }],
    ["undefined over keeps base", { a: 1 }, undefined, { a: 1 }],
    ["undefined members of over keep base", { a: 1, b: 2 }, { a: undefined, b: 3 }, { a: 1, b: 3 }],
    ["over on undefined base", undefined, { a: { b: 1 } }, { a: { b: 1 } }],
    ["an object over a scalar replaces it", { a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
  ] as const)("%s", (_name, base, over, want) => {
    expect(deepMerge(base, over)).toStrictEqual(want);
  });
  it("does not change its inputs", () => {
    const base = { a: { b: 1 } };
    const over = { a: { c: 2 } };
    deepMerge(base, over);
    expect(base).toStrictEqual({ a: { b: 1 } });
    expect(over).toStrictEqual({ a: { c: 2 } });
  });
});

describe("stableStringify", () => {
  it.each([
    ["sorts keys at every depth", { b: 1, a: { d: 2, c: 3 } }, '{"a":{"c":3,"d":2},"b":1}'],
    ["keeps list order", [3, 1, 2], "[3,1,2]"],
    ["drops undefined members", { a: undefined, b: 1 }, '{"b":1}'],
    ["undefined alone is null", undefined, "null"],
    ["strings are JSON-quoted", "x", '"x"'],
    ["keys are JSON-quoted", { 'a"b': 1 }, '{"a\\"b":1}'],
  ] as const)("%s", (_name, v, want) => {
    expect(stableStringify(v)).toBe(want);
  });
  it("is the same for equal objects written in another key order", () => {
    expect(stableStringify({ name: "A", value: "1" })).toBe(stableStringify({ value: "1", name: "A" }));
  });
});
