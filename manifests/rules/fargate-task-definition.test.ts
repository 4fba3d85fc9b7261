import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt, fargateTd } from "./test-helpers.js";

describe("Fargate task definitions", () => {
  it("accepts SYS_PTRACE and initProcessEnabled, and the same settings without FARGATE", () => {
    expect(
      errorsOf(
        fargateTd({
          containerDefinitions: [
            container({ linuxParameters: { initProcessEnabled: true, capabilities: { add: ["SYS_PTRACE"] } } }),
          ],
        }),
      ),
    ).toEqual([]);
    expect(errorsOf(ec2Td({ containerDefinitions: [container({ memory: 256, privileged: true })] }))).toEqual([]);
  });

  const cases = [
    {
      name: "a network mode other than awsvpc",
      over: { networkMode: "bridge" as const },
      needle: "networkMode: bridge",
      field: "spec.networkMode",
      message: "Fargate requires awsvpc, got bridge",
    },
    {
      name: "no network mode",
      over: { networkMode: undefined },
      needle: "requiresCompatibilities:",
      field: "spec.requiresCompatibilities",
      message: "Fargate requires networkMode: awsvpc; add it to the spec",
    },
    {
      name: "a privileged container",
      over: { containerDefinitions: [container({ privileged: true })] },
      needle: "privileged: true",
      field: "spec.containerDefinitions[0].privileged",
      message: "not supported on Fargate (requiresCompatibilities includes FARGATE); remove it",
    },
    {
      name: "tmpfs",
      over: {
        containerDefinitions: [container({ linuxParameters: { tmpfs: [{ containerPath: "/tmp", size: 64 }] } })],
      },
      needle: "tmpfs:",
      field: "spec.containerDefinitions[0].linuxParameters.tmpfs",
      message: "not supported on Fargate (requiresCompatibilities includes FARGATE); remove it",
    },
    {
      name: "an added capability other than SYS_PTRACE",
      over: { containerDefinitions: [container({ linuxParameters: { capabilities: { add: ["NET_ADMIN"] } } })] },
      needle: "- NET_ADMIN",
      field: "spec.containerDefinitions[0].linuxParameters.capabilities.add[0]",
      message: "Fargate can only add SYS_PTRACE, got NET_ADMIN; remove it",
    },
    {
      name: "a Docker volume",
      over: { volumes: [{ name: "data", dockerVolumeConfiguration: { scope: "shared" as const, driver: "local" } }] },
      needle: "dockerVolumeConfiguration:",
      field: "spec.volumes[0].dockerVolumeConfiguration",
      message: "Docker volumes are not supported on Fargate (requiresCompatibilities includes FARGATE); remove it",
    },
    {
      name: "host pid mode",
      over: { pidMode: "host" as const },
      needle: "pidMode: host",
      field: "spec.pidMode",
      message: "Fargate supports only pidMode task; remove it or use task",
    },
  ];
  it.each(cases)("rejects $name", ({ over, needle, field, message }) => {
    const text = fargateTd(over);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
