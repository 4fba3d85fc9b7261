import { describe, expect, it } from "vitest";
import { parseAddress, parseDuration } from "./duration.js";

describe("parseDuration", () => {
  it.each([
    ["60s", 60_000],
    ["10m", 600_000],
    ["1h", 3_600_000],
    ["1m30s", 90_000],
    ["500ms", 500],
    ["45", 45_000],
  ])("%s → %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "10x", "m", "1m junk"])("rejects %j", (text) => expect(() => parseDuration(text)).toThrow(/duration/));
});

describe("parseAddress", () => {
  it("reads host:port, :port and a bare port", () => {
    expect(parseAddress("127.0.0.1:9090")).toEqual({ host: "127.0.0.1", port: 9090 });
    expect(parseAddress(":9090")).toEqual({ host: "0.0.0.0", port: 9090 });
    expect(parseAddress("9090")).toEqual({ host: "0.0.0.0", port: 9090 });
    expect(parseAddress("[::1]:9090")).toEqual({ host: "::1", port: 9090 });
    expect(() => parseAddress("host:99999")).toThrow(/HOST:PORT/);
  });
});
