import { describe, expect, it } from "vitest";
import { TASK_DEFINITION_RULES } from "../task-definition/normalize.js";
import { keepIgnoredLive } from "./ignore.js";

describe("keepIgnoredLive", () => {
  const desired = {
    cpu: "256",
    containerDefinitions: [
      { name: "app", image: "placeholder", memory: 1024 },
      { name: "sidecar", image: "envoy", memory: 64 },
    ],
  };
  // Live lists the containers in another order: the ignored image is found by container name.
  const live = {
    cpu: "512",
    containerDefinitions: [
      { name: "sidecar", image: "envoy", memory: 64 },
      { name: "app", image: "repo/app:ci-sha-123", memory: 512 },
    ],
  };

  it("sends the live value at an ignored pointer, matching keyed list items by key", () => {
    const sent = keepIgnoredLive(desired, live, ["/containerDefinitions/0/image"], TASK_DEFINITION_RULES);
    expect(sent.containerDefinitions[0]).toEqual({ name: "app", image: "repo/app:ci-sha-123", memory: 1024 });
    expect(desired.containerDefinitions[0]!.image).toBe("placeholder");
  });

  it("a top-level field takes the live value, or is left out when live has none", () => {
    expect(keepIgnoredLive(desired, live, ["/cpu"], TASK_DEFINITION_RULES).cpu).toBe("512");
    expect(keepIgnoredLive(desired, {}, ["/cpu"], TASK_DEFINITION_RULES)).not.toHaveProperty("cpu");
  });

  it("changes nothing without ignore, or for a pointer the manifest does not reach", () => {
    expect(keepIgnoredLive(desired, live, [], TASK_DEFINITION_RULES)).toBe(desired);
    expect(keepIgnoredLive(desired, live, ["/volumes/0/name"], TASK_DEFINITION_RULES)).toEqual(desired);
  });
});
