import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

describe("service counts", () => {
  it("accepts zero and positive whole numbers, and an omitted desiredCount", () => {
    expect(errorsOf(file(fargateTd(), fargateService({ desiredCount: 0, healthCheckGracePeriodSeconds: 60 })))).toEqual(
      [],
    );
    expect(errorsOf(file(fargateTd(), fargateService({ desiredCount: undefined })))).toEqual([]);
  });

  it.each([
    ["desiredCount", { desiredCount: -1 }, "desiredCount: -1", "must be a whole number, 0 or more, got -1"],
    ["desiredCount", { desiredCount: 1.5 }, "desiredCount: 1.5", "must be a whole number, 0 or more, got 1.5"],
    [
      "healthCheckGracePeriodSeconds",
      { healthCheckGracePeriodSeconds: -30 },
      "healthCheckGracePeriodSeconds: -30",
      "must be a whole number, 0 or more, got -30",
    ],
  ] as const)("rejects %s %o", (f, over, needle, message) => {
    const text = file(fargateTd(), fargateService(over));
    expect(errorsOf(text)).toEqual([errorAt(text, needle, `spec.${f}`, message)]);
  });

  it("rejects more than one service registry", () => {
    const text = file(
      fargateTd(),
      fargateService({ serviceRegistries: [{ registryArn: "arn:a" }, { registryArn: "arn:b" }] }),
    );
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "serviceRegistries:",
        "spec.serviceRegistries",
        "has 2 entries; a service can have only one service registry",
      ),
    ]);
  });
});
