import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { FARGATE_SIZES, parseCpu, parseMemory } from "./task-size.js";
import { errorAt, fargateTd } from "./test-helpers.js";

describe("task size units", () => {
  it.each([
    ["256", 256],
    ["0.25 vCPU", 256],
    ["1 vcpu", 1024],
    ["2vCPU", 2048],
    ["1.1 vCPU", undefined],
    ["two", undefined],
  ])("parses cpu %s", (text, units) => expect(parseCpu(text)).toBe(units));

  it.each([
    ["512", 512],
    ["1 GB", 1024],
    ["1GB", 1024],
    ["0.5 gb", 512],
    ["1 GiB", undefined],
  ])("parses memory %s", (text, mib) => expect(parseMemory(text)).toBe(mib));
});

describe("Fargate task sizes", () => {
  it.each([
    ["256", "512"],
    ["256", "2 GB"],
    ["0.5 vCPU", "4GB"],
    ["1024", "8192"],
    ["2 vCPU", "16 GB"],
    ["4096", "30720"],
    ["8 vCPU", "60 GB"],
    ["16384", "122880"],
  ])("accepts cpu %s with memory %s", (cpu, memory) => {
    expect(errorsOf(fargateTd({ cpu, memory }))).toEqual([]);
  });

  it("has the documented number of combinations", () => {
    expect([...FARGATE_SIZES.values()].map((m) => m.length)).toEqual([3, 4, 7, 13, 23, 12, 12]);
  });

  const cases = [
    {
      name: "memory not offered with the cpu",
      over: { cpu: "256", memory: "4096" },
      needle: 'memory: "4096"',
      field: "spec.memory",
      message: "4096 MiB is not available on Fargate with cpu 256; use 512, 1024, 2048 MiB",
    },
    {
      name: "memory off the step",
      over: { cpu: "8192", memory: "18432" },
      needle: 'memory: "18432"',
      field: "spec.memory",
      message:
        "18432 MiB is not available on Fargate with cpu 8192; use 16384-61440 in steps of 4096 (16 GB to 60 GB) MiB",
    },
    {
      name: "a cpu Fargate doesn't offer",
      over: { cpu: "768", memory: "2048" },
      needle: 'cpu: "768"',
      field: "spec.cpu",
      message: "768 CPU units is not a Fargate size; use one of 256, 512, 1024, 2048, 4096, 8192, 16384",
    },
    {
      name: "no task memory",
      over: { memory: undefined },
      needle: "spec:",
      field: "spec",
      message: 'missing memory: Fargate requires task-level memory, e.g. memory: "512"',
    },
    {
      name: "an unreadable cpu",
      over: { cpu: "one" },
      needle: "cpu: one",
      field: "spec.cpu",
      message: 'expected CPU units like "1024" or vCPUs like "1 vCPU", got "one"',
    },
    {
      name: "Windows below 1 vCPU",
      over: {
        cpu: "512",
        memory: "1024",
        runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" as const },
      },
      needle: 'cpu: "512"',
      field: "spec.cpu",
      message: "Windows containers on Fargate need at least 1 vCPU (1024 units), got 512",
    },
  ];
  it.each(cases)("rejects $name", ({ over, needle, field, message }) => {
    const text = fargateTd(over);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
