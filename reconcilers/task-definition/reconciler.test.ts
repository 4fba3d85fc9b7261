import type { TaskDefinition } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { ARN, ctxOf, manifestOf, OURS } from "../testing.js";
import { planTaskDefinition, type TaskDefinitionLive } from "./reconciler.js";

const YAML = (
  container = "{name: web, image: 'nginx:1', memory: 128, portMappings: [{containerPort: 80}]}",
  extra = "",
) => `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web}
spec:
  cpu: 0.25 vCPU
  memory: 0.5 GB
  containerDefinitions:
    - ${container}
${extra}`;

/** What DescribeTaskDefinition returns for the YAML above, with everything ECS fills in. */
function revision(rev: number, image = "nginx:1", tags = OURS): TaskDefinitionLive["candidates"][number] {
  const taskDefinition: TaskDefinition = {
    taskDefinitionArn: `${ARN}:task-definition/web:${rev}`,
    family: "web",
    revision: rev,
    status: "ACTIVE",
    cpu: "256",
    memory: "512",
    requiresAttributes: [{ name: "com.amazonaws.ecs.capability.docker-remote-api.1.18" }],
    compatibilities: ["EC2"],
    registeredAt: new Date(),
    containerDefinitions: [
      {
        name: "web",
        image,
        memory: 128,
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 0, protocol: "tcp" }],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
      },
    ],
    volumes: [],
    placementConstraints: [],
  };
  return { arn: taskDefinition.taskDefinitionArn!, described: { taskDefinition, tags } };
}

function plan(live: TaskDefinitionLive | undefined, yaml = YAML()) {
  const { set, m } = manifestOf("TaskDefinition", yaml);
  return planTaskDefinition(m, ctxOf(set, live));
}

describe("planTaskDefinition", () => {
  it("registers the first revision of a new family, tagged as ours", () => {
    const p = plan(undefined);
    expect(p.action).toBe("register");
    expect(p.operations[0]).toMatchObject({ name: "RegisterTaskDefinition", input: { family: "web", tags: OURS } });
  });

  it("does not register when a revision matches, whatever ECS filled in (units, defaults, describe-only fields)", () => {
    const p = plan({ candidates: [revision(4)] });
    expect(p.changes).toEqual([]);
    expect(p.action).toBe("none");
    expect(p.resolvedRevision).toBe("web:4");
  });

  it("accepts an equal revision registered by someone else (CI), untagged, as the one in use", () => {
    const p = plan({ candidates: [revision(9, "nginx:1", []), revision(4)] });
    expect(p.action).toBe("none");
    expect(p.resolvedRevision).toBe("web:9");
  });

  it("registers when the content differs, showing the change against the revision in use", () => {
    const p = plan({ candidates: [revision(5, "nginx:2", [])] });
    expect(p.action).toBe("register");
    expect(p.changes).toEqual([
      { op: "change", path: "/containerDefinitions/0/image", live: "nginx:2", desired: "nginx:1" },
    ]);
    // A new revision overwrites nothing, so a foreign revision does not block it.
    expect(p.blocked).toBeUndefined();
    expect(p.notes).toContain("compared with web:5");
  });

  it("an extra environment variable added out of band is drift; reordered ones are not", () => {
    const yaml = YAML(
      "{name: web, image: 'nginx:1', memory: 128, environment: [{name: A, value: '1'}, {name: B, value: '2'}]}",
    );
    const live = revision(3);
    live.described.taskDefinition!.containerDefinitions![0]!.environment = [
      { name: "B", value: "2" },
      { name: "A", value: "1" },
    ];
    expect(plan({ candidates: [live] }, yaml).action).toBe("none");
    live.described.taskDefinition!.containerDefinitions![0]!.environment!.push({ name: "DEBUG", value: "1" });
    expect(plan({ candidates: [live] }, yaml).changes).toEqual([
      { op: "remove", path: "/containerDefinitions/0/environment", live: { name: "DEBUG", value: "1" } },
    ]);
  });

  it("a tag-only difference tags the matching revision instead of registering", () => {
    const p = plan({ candidates: [revision(4)] }, YAML(undefined, "  tags: [{key: team, value: web}]"));
    expect(p.action).toBe("update");
    expect(p.operations).toEqual([
      {
        service: "ecs",
        name: "TagResource",
        input: { resourceArn: `${ARN}:task-definition/web:4`, tags: [{ key: "team", value: "web" }] },
      },
    ]);
  });
});

describe("metadata.reconcile.ignore on register", () => {
  it("an ignored image keeps the image of the revision in use; only the real change is made", () => {
    const yaml = `${YAML("{name: web, image: placeholder, memory: 256, portMappings: [{containerPort: 80}]}")}`.replace(
      "metadata: {name: web}",
      "metadata: {name: web, reconcile: {ignore: [/containerDefinitions/0/image]}}",
    );
    const p = plan({ candidates: [revision(5, "repo/web:ci-sha-123")] }, yaml);
    expect(p.action).toBe("register");
    expect(p.changes).toEqual([{ op: "change", path: "/containerDefinitions/0/memory", live: 128, desired: 256 }]);
    const sent = p.operations[0]!.input as { containerDefinitions: { image: string; memory: number }[] };
    expect(sent.containerDefinitions[0]).toMatchObject({ image: "repo/web:ci-sha-123", memory: 256 });
  });
});
