import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { container, ec2Td, errorAt, fargateTd } from "./test-helpers.js";

describe("ulimits", () => {
  it("accepts soft limits up to the hard limit", () => {
    const ulimits = [
      { name: "nofile" as const, softLimit: 65535, hardLimit: 65535 },
      { name: "core" as const, softLimit: 0, hardLimit: 0 },
    ];
    expect(errorsOf(ec2Td({ containerDefinitions: [container({ memory: 256, ulimits })] }))).toEqual([]);
  });

  it("allows only nofile on Fargate", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          ulimits: [
            { name: "nofile", softLimit: 1024, hardLimit: 1024 },
            { name: "core", softLimit: 0, hardLimit: 0 },
          ],
        }),
      ],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "name: core",
        "spec.containerDefinitions[0].ulimits[1].name",
        "core: on Fargate only the nofile ulimit can be set; remove this one",
      ),
    ]);
  });

  it("rejects a soft limit above the hard limit", () => {
    const text = fargateTd({
      containerDefinitions: [container({ ulimits: [{ name: "nofile", softLimit: 4096, hardLimit: 1024 }] })],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "softLimit: 4096",
        "spec.containerDefinitions[0].ulimits[0].softLimit",
        "(4096) must not exceed hardLimit (1024)",
      ),
    ]);
  });

  it("rejects a ulimit set twice", () => {
    const text = fargateTd({
      containerDefinitions: [
        container({
          ulimits: [
            { name: "nofile", softLimit: 1024, hardLimit: 1024 },
            { name: "nofile", softLimit: 2048, hardLimit: 2048 },
          ],
        }),
      ],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- name: nofile",
        "spec.containerDefinitions[0].ulimits[1].name",
        "nofile is set twice in this container; keep one",
        "softLimit: 1024",
      ),
    ]);
  });

  it("leaves unknown names to the schema", () => {
    const text = fargateTd({
      containerDefinitions: [container({ ulimits: [{ name: "files" as never, softLimit: 1, hardLimit: 1 }] })],
    });
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "- name: files",
        "spec.containerDefinitions[0].ulimits[0].name",
        'must be one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack, got "files"',
      ),
    ]);
  });
});
