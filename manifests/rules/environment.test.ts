import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, errorAt, fargateTd } from "./test-helpers.js";

describe("environment and secrets", () => {
  it("accepts distinct names, and the same name in different containers", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          environment: [{ name: "PORT", value: "80" }],
          secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:x" }],
        }),
        container({ name: "worker", portMappings: undefined, environment: [{ name: "PORT", value: "81" }] }),
      ],
    });
    expect(errorsOf(text)).toEqual([]);
  });

  it("rejects a variable set twice in environment", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          environment: [
            { name: "PORT", value: "80" },
            { name: "PORT", value: "8080" },
          ],
        }),
      ],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- name: PORT",
        "spec.containerDefinitions[0].environment[1].name",
        "PORT is already set in environment of this container; set each variable once",
        'value: "80"',
      ),
    ]);
  });

  it("rejects a secret with the name of an environment variable", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          environment: [{ name: "TOKEN", value: "x" }],
          secrets: [{ name: "TOKEN", valueFrom: "arn:aws:ssm:t" }],
        }),
      ],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- name: TOKEN",
        "spec.containerDefinitions[0].secrets[0].name",
        "TOKEN is already set in environment of this container; set each variable once",
        "secrets:",
      ),
    ]);
  });
});
