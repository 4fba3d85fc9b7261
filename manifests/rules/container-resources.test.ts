import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt, fargateTd } from "./test-helpers.js";

describe("container memory and cpu", () => {
  it("accepts container memory without task memory on EC2, and containers within the task size", () => {
    expect(errorsOf(ec2Td({ containerDefinitions: [container({ memoryReservation: 128 })] }))).toEqual([]);
    expect(errorsOf(ec2Td({ containerDefinitions: [container({ memory: 256, memoryReservation: 256 })] }))).toEqual([]);
    expect(
      errorsOf(
        fargateTd({
          cpu: "1 vCPU",
          memory: "2 GB",
          containerDefinitions: [
            container({ cpu: 512, memory: 1024 }),
            container({ name: "log", cpu: 512, memoryReservation: 1024, portMappings: undefined }),
          ],
        }),
      ),
    ).toEqual([]);
  });

  const cases = [
    {
      name: "no memory anywhere on EC2",
      text: ec2Td({ containerDefinitions: [container()] }),
      needle: "- name: web",
      field: "spec.containerDefinitions[0]",
      message: "set memory or memoryReservation (MiB) on the container, or memory on the task: one of them is required",
    },
    {
      name: "a reservation above the hard limit",
      text: ec2Td({ containerDefinitions: [container({ memory: 256, memoryReservation: 512 })] }),
      needle: "memoryReservation: 512",
      field: "spec.containerDefinitions[0].memoryReservation",
      message: "(512) must not exceed memory (256), the hard limit",
    },
    {
      name: "a container with more memory than the task",
      text: fargateTd({ containerDefinitions: [container({ memory: 1024 })] }),
      needle: "memory: 1024",
      field: "spec.containerDefinitions[0].memory",
      message: "(1024 MiB) is more than the task memory (512 MiB)",
    },
    {
      name: "containers reserving more memory than the task",
      text: fargateTd({
        containerDefinitions: [
          container({ memoryReservation: 300 }),
          container({ name: "log", memoryReservation: 300, portMappings: undefined }),
        ],
      }),
      needle: 'memory: "512"',
      field: "spec.memory",
      message: "containers reserve 600 MiB in total, more than the task memory (512 MiB); raise it or lower theirs",
    },
    {
      name: "containers reserving more cpu than the task",
      text: fargateTd({ containerDefinitions: [container({ cpu: 512 })] }),
      needle: 'cpu: "256"',
      field: "spec.cpu",
      message: "containers reserve 512 CPU units in total, more than the task cpu (256); raise it or lower theirs",
    },
  ];
  it.each(cases)("rejects $name", ({ text, needle, field, message }) => {
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
