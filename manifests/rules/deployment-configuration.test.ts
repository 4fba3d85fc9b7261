import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { ec2Service, ec2Td, errorAt, file } from "./test-helpers.js";

type Over = Parameters<typeof ec2Service>[0];
const replica = (deploymentConfiguration: NonNullable<Over>["deploymentConfiguration"], over: Over = {}) =>
  file(ec2Td(), ec2Service({ deploymentConfiguration, ...over }));
const daemon = (deploymentConfiguration: NonNullable<Over>["deploymentConfiguration"]) =>
  replica(deploymentConfiguration, { schedulingStrategy: "DAEMON", desiredCount: undefined });

describe("deploymentConfiguration percentages", () => {
  it.each([
    ["REPLICA defaults written out", replica({ maximumPercent: 200, minimumHealthyPercent: 100 })],
    ["REPLICA stop-then-start", replica({ maximumPercent: 100, minimumHealthyPercent: 0 })],
    ["REPLICA above 200", replica({ maximumPercent: 300, minimumHealthyPercent: 50 })],
    ["DAEMON defaults written out", daemon({ maximumPercent: 100, minimumHealthyPercent: 0 })],
    ["DAEMON keeping half", daemon({ maximumPercent: 100, minimumHealthyPercent: 50 })],
  ])("accepts %s", (_, text) => {
    expect(errorsOf(text)).toEqual([]);
  });

  const field = (f: string) => `spec.deploymentConfiguration.${f}`;
  const cases = [
    {
      name: "minimumHealthyPercent above 100",
      text: replica({ minimumHealthyPercent: 150 }),
      needle: "minimumHealthyPercent: 150",
      field: field("minimumHealthyPercent"),
      message: "must be an integer from 0 to 100, got 150",
    },
    {
      name: "a fractional maximumPercent",
      text: replica({ maximumPercent: 150.5 }),
      needle: "maximumPercent: 150.5",
      field: field("maximumPercent"),
      message: "must be a positive integer, got 150.5",
    },
    {
      name: "REPLICA maximumPercent below 100",
      text: replica({ maximumPercent: 50, minimumHealthyPercent: 0 }),
      needle: "maximumPercent: 50",
      field: field("maximumPercent"),
      message:
        "must be at least 100 for a REPLICA service, or fewer than desiredCount tasks could run (default 200), got 50",
    },
    {
      name: "DAEMON maximumPercent above 100",
      text: daemon({ maximumPercent: 200 }),
      needle: "maximumPercent: 200",
      field: field("maximumPercent"),
      message: "must be at most 100 for a DAEMON service (its default is 100), got 200",
    },
    {
      name: "minimumHealthyPercent above maximumPercent",
      text: daemon({ maximumPercent: 50, minimumHealthyPercent: 80 }),
      needle: "minimumHealthyPercent: 80",
      field: field("minimumHealthyPercent"),
      message: "(80) must not be greater than maximumPercent (50)",
    },
    {
      name: "both at 100",
      text: replica({ maximumPercent: 100, minimumHealthyPercent: 100 }),
      needle: "maximumPercent: 100",
      field: field("maximumPercent"),
      message:
        "maximumPercent and minimumHealthyPercent cannot both be 100: a deployment could neither start nor stop a task; raise maximumPercent or lower minimumHealthyPercent",
    },
    {
      name: "custom values with CODE_DEPLOY on EC2",
      text: replica(
        { maximumPercent: 150 },
        {
          deploymentController: { type: "CODE_DEPLOY" },
          loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "web", containerPort: 80 }],
        },
      ),
      needle: "maximumPercent: 150",
      field: field("maximumPercent"),
      message: "can't be customized with the CODE_DEPLOY deployment controller on the EC2 launch type; remove it",
    },
  ];
  it.each(cases)("rejects $name", ({ text, needle, field, message }) => {
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
