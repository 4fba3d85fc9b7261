import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt } from "./test-helpers.js";

const withTmpfs = (tmpfs: { containerPath: string; size: number }[]) =>
  ec2Td({ containerDefinitions: [container({ memory: 256, linuxParameters: { tmpfs } })] });

describe("tmpfs", () => {
  it("accepts an absolute path with a size", () => {
    expect(errorsOf(withTmpfs([{ containerPath: "/run/cache", size: 64 }]))).toEqual([]);
  });

  it.each([
    [
      "a relative path",
      [{ containerPath: "cache", size: 64 }],
      "containerPath: cache",
      "spec.containerDefinitions[0].linuxParameters.tmpfs[0].containerPath",
      'must be an absolute path (starting with /), got "cache"',
    ],
    [
      "a zero size",
      [{ containerPath: "/cache", size: 0 }],
      "size: 0",
      "spec.containerDefinitions[0].linuxParameters.tmpfs[0].size",
      "must be a whole number of MiB greater than 0, got 0",
    ],
  ])("rejects %s", (_, tmpfs, needle, field, message) => {
    const text = withTmpfs(tmpfs);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
