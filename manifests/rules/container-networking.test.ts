import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt, fargateTd } from "./test-helpers.js";

describe("container networking", () => {
  it("accepts links in bridge mode, and hostPort equal to containerPort in awsvpc", () => {
    const bridge = ec2Td({
      containerDefinitions: [
        container({ memory: 256, links: ["db"] }),
        container({
          name: "db",
          image: "postgres",
          memory: 256,
          portMappings: [{ containerPort: 5432, hostPort: 5432 }],
        }),
      ],
    });
    expect(errorsOf(bridge)).toEqual([]);
    expect(
      errorsOf(
        fargateTd({
          containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 80, name: "http" }] })],
        }),
      ),
    ).toEqual([]);
  });

  const cases = [
    {
      name: "a different hostPort in awsvpc",
      text: fargateTd({ containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })] }),
      needle: "hostPort: 8080",
      field: "spec.containerDefinitions[0].portMappings[0].hostPort",
      message: "must equal containerPort (80) with networkMode awsvpc; remove hostPort or set it to 80",
    },
    {
      name: "a different hostPort in host mode",
      text: ec2Td({
        networkMode: "host",
        containerDefinitions: [container({ memory: 256, portMappings: [{ containerPort: 80, hostPort: 81 }] })],
      }),
      needle: "hostPort: 81",
      field: "spec.containerDefinitions[0].portMappings[0].hostPort",
      message: "must equal containerPort (80) with networkMode host; remove hostPort or set it to 80",
    },
    {
      name: "links in awsvpc",
      text: ec2Td({ networkMode: "awsvpc", containerDefinitions: [container({ memory: 256, links: ["db"] })] }),
      needle: "links:",
      field: "spec.containerDefinitions[0].links",
      message: "only supported with networkMode bridge (this task uses awsvpc); remove links",
    },
    {
      name: "hostname in awsvpc",
      text: fargateTd({ containerDefinitions: [container({ hostname: "web1" })] }),
      needle: "hostname: web1",
      field: "spec.containerDefinitions[0].hostname",
      message: "not supported with networkMode awsvpc; remove hostname",
    },
    {
      name: "port mappings in none mode",
      text: ec2Td({ networkMode: "none", containerDefinitions: [container({ memory: 256 })] }),
      needle: "portMappings:",
      field: "spec.containerDefinitions[0].portMappings",
      message: "not allowed with networkMode none; remove portMappings or change networkMode",
    },
    {
      name: "a port name with uppercase letters",
      text: fargateTd({ containerDefinitions: [container({ portMappings: [{ containerPort: 80, name: "HTTP" }] })] }),
      needle: "name: HTTP",
      field: "spec.containerDefinitions[0].portMappings[0].name",
      message: "must be 1-64 lowercase letters, digits, underscores or hyphens, not starting with a hyphen",
    },
  ];
  it.each(cases)("rejects $name", ({ text, needle, field, message }) => {
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
