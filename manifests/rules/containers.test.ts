import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, errorAt, fargateTd } from "./test-helpers.js";

const sidecar = (over: Parameters<typeof container>[0] = {}) =>
  container({ name: "init", image: "busybox", essential: false, portMappings: undefined, ...over });

describe("container definitions", () => {
  it("accepts unique names, an essential container, and dependencies on real containers", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          dependsOn: [
            { containerName: "init", condition: "SUCCESS" },
            { containerName: "proxy", condition: "HEALTHY" },
          ],
          volumesFrom: [{ sourceContainer: "init" }],
        }),
        sidecar(),
        sidecar({ name: "proxy", essential: undefined, healthCheck: { command: ["CMD", "true"] } }),
      ],
    });
    expect(errorsOf(text)).toEqual([]);
  });

  const cases = [
    {
      name: "a repeated container name",
      containers: [container(), container({ image: "nginx:2" })],
      needle: "- name: web",
      after: "nginx:1.27",
      field: "spec.containerDefinitions[1].name",
      message: "container name web is used twice; container names must be unique",
    },
    {
      name: "a container without an image",
      containers: [container({ image: undefined })],
      needle: "- name: web",
      field: "spec.containerDefinitions[0]",
      message: "missing required field image",
    },
    {
      name: "no essential container",
      containers: [container({ essential: false })],
      needle: "containerDefinitions:",
      field: "spec.containerDefinitions",
      message: "at least one container must be essential: set essential: true (or remove essential: false) on one",
    },
    {
      name: "a dependency on a missing container",
      containers: [container({ dependsOn: [{ containerName: "db", condition: "START" }] })],
      needle: "containerName: db",
      field: "spec.containerDefinitions[0].dependsOn[0].containerName",
      message: "no container named db in this task definition",
    },
    {
      name: "a dependency on itself",
      containers: [container({ dependsOn: [{ containerName: "web", condition: "START" }] })],
      needle: "containerName: web",
      field: "spec.containerDefinitions[0].dependsOn[0].containerName",
      message: "a container cannot depend on itself",
    },
    {
      name: "SUCCESS on an essential container",
      containers: [
        container({ dependsOn: [{ containerName: "init", condition: "SUCCESS" }] }),
        sidecar({ essential: true }),
      ],
      needle: "containerName: init",
      field: "spec.containerDefinitions[0].dependsOn[0].containerName",
      message: "condition SUCCESS needs init to be non-essential (essential: false), since it is expected to exit",
    },
    {
      name: "HEALTHY on a container without a health check",
      containers: [container({ dependsOn: [{ containerName: "init", condition: "HEALTHY" }] }), sidecar()],
      needle: "containerName: init",
      field: "spec.containerDefinitions[0].dependsOn[0].containerName",
      message: "condition HEALTHY needs a healthCheck on container init",
    },
    {
      name: "volumesFrom a missing container",
      containers: [container({ volumesFrom: [{ sourceContainer: "data" }] })],
      needle: "sourceContainer: data",
      field: "spec.containerDefinitions[0].volumesFrom[0].sourceContainer",
      message: "no container named data in this task definition",
    },
  ];
  it.each(cases)("rejects $name", ({ containers, needle, after, field, message }) => {
    const text = fargateTd({ containerDefinitions: containers });
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message, after)]);
  });
});
