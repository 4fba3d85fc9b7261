import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt } from "./test-helpers.js";

const web = (over: Parameters<typeof container>[0] = {}) => container({ memory: 256, ...over });

describe("volumes", () => {
  it("accepts autoprovision on a shared Docker volume mounted by a container", () => {
    const text = ec2Td({
      volumes: [{ name: "data", dockerVolumeConfiguration: { scope: "shared", autoprovision: true, driver: "local" } }],
      containerDefinitions: [web({ mountPoints: [{ sourceVolume: "data", containerPath: "/data" }] })],
    });
    expect(errorsOf(text)).toEqual([]);
  });

  it.each([
    [true, "scope: task", "task"],
    [false, "driver: local", "task, the default"],
  ])("rejects autoprovision: %s without scope shared", (autoprovision, _, scope) => {
    const text = ec2Td({
      volumes: [
        {
          name: "data",
          dockerVolumeConfiguration:
            scope === "task" ? { scope: "task", autoprovision } : { autoprovision, driver: "local" },
        },
      ],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        `autoprovision: ${autoprovision}`,
        "spec.volumes[0].dockerVolumeConfiguration.autoprovision",
        `only applies to scope: shared (scope is ${scope}); remove autoprovision or set scope: shared`,
      ),
    ]);
  });

  it("rejects a mount point for a volume that isn't defined", () => {
    const text = ec2Td({
      containerDefinitions: [web({ mountPoints: [{ sourceVolume: "logs", containerPath: "/logs" }] })],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "sourceVolume: logs",
        "spec.containerDefinitions[0].mountPoints[0].sourceVolume",
        "no volume named logs in spec.volumes; add it there or fix the name",
      ),
    ]);
  });

  it("rejects a volume name used twice", () => {
    const text = ec2Td({ volumes: [{ name: "data" }, { name: "data" }] });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- name: data",
        "spec.volumes[1].name",
        "volume name data is used twice; volume names must be unique",
        "- name: data",
      ),
    ]);
  });
});
