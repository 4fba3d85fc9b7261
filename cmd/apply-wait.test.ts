/**
 * apply --wait as a user sees it, in-process with aws-sdk-client-mock: a rolling deployment that
 * completes exits 0; one the circuit breaker rolls back exits 1 naming the service, the reason and
 * the last service events.
 */
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadFromText } from "../manifests/testing.js";
import { MANAGED_BY_TAG } from "../reconcilers/reconciler.js";
import { applyCommand } from "./apply.js";
import type { GlobalOptions } from "./context.js";

const ecs = mockClient(ECSClient);
const ARN = "arn:aws:ecs:us-east-1:123456789012";
const OURS = [{ key: MANAGED_BY_TAG, value: "ecs-reconciler" }];
const YAML = `apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata: {name: web}
spec:
  containerDefinitions:
    - {name: web, image: "nginx:1.28", memory: 128}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata: {name: web, cluster: prod}
spec: {taskDefinition: web, desiredCount: 2, launchType: EC2}
`;

function service(deployments: Service["deployments"], taskDefinition: string): Service {
  return {
    serviceName: "web",
    serviceArn: `${ARN}:service/prod/web`,
    status: "ACTIVE",
    desiredCount: 2,
    runningCount: 2,
    launchType: "EC2",
    taskDefinition,
    deployments,
    tags: OURS,
    events: [
      { message: "(service web) has started 2 tasks: (task 1a2b) (task 3c4d)." },
      { message: "(service web) deployment ecs-svc/222 deployment failed: tasks failed to start." },
    ],
  };
}

describe("apply --wait", () => {
  let stderr: string[];
  beforeEach(() => {
    ecs.reset();
    stderr = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    ecs.on(DescribeClustersCommand).resolves({ clusters: [] });
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [`${ARN}:task-definition/web:7`] });
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: `${ARN}:task-definition/web:7`,
        containerDefinitions: [{ name: "web", image: "nginx:1.27", memory: 128 }],
      },
      tags: OURS,
    });
    ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: `${ARN}:task-definition/web:8` } });
    ecs.on(UpdateServiceCommand).resolves({});
  });
  afterEach(() => vi.restoreAllMocks());

  async function apply() {
    const { dir } = loadFromText(YAML);
    const o: GlobalOptions = {
      file: [dir],
      output: "text",
      instance: "ecs-reconciler",
      showSecrets: false,
      apiRateShare: 1000,
    };
    return applyCommand(o, { dryRun: false, allowReplace: false, adopt: false, wait: true, timeoutMs: 60_000 });
  }

  it("exits 0 once the new deployment has COMPLETED", async () => {
    const before = service(
      [{ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: `${ARN}:task-definition/web:7` }],
      `${ARN}:task-definition/web:7`,
    );
    const after = service(
      [
        {
          status: "PRIMARY",
          rolloutState: "COMPLETED",
          taskDefinition: `${ARN}:task-definition/web:8`,
          runningCount: 2,
          desiredCount: 2,
        },
      ],
      `${ARN}:task-definition/web:8`,
    );
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [before] })
      .resolves({ services: [after] });
    expect(await apply()).toBe(0);
    const out = stderr.join("");
    expect(out).toContain("waiting for 1 rollout (timeout 60s)");
    expect(out).toContain("Service prod/web: done COMPLETED: new 2/2");
    expect(out).toContain("all rollouts complete");
  });

  it("exits 1 when the circuit breaker rolls the deployment back, naming service, reason and events", async () => {
    const before = service(
      [{ status: "PRIMARY", rolloutState: "COMPLETED", taskDefinition: `${ARN}:task-definition/web:7` }],
      `${ARN}:task-definition/web:7`,
    );
    const rollingBack = service(
      [
        {
          status: "PRIMARY",
          rolloutState: "IN_PROGRESS",
          taskDefinition: `${ARN}:task-definition/web:7`,
          runningCount: 1,
          desiredCount: 2,
        },
        {
          status: "ACTIVE",
          rolloutState: "FAILED",
          rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start.",
          taskDefinition: `${ARN}:task-definition/web:8`,
          failedTasks: 3,
        },
      ],
      `${ARN}:task-definition/web:7`,
    );
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [before] })
      .resolves({ services: [rollingBack] });
    expect(await apply()).toBe(1);
    const out = stderr.join("");
    expect(out).toContain(
      "error: Service prod/web: rolling back: ECS deployment circuit breaker: tasks failed to start",
    );
    expect(out).toContain("  event: (service web) deployment ecs-svc/222 deployment failed: tasks failed to start.");
    expect(out).not.toContain("all rollouts complete");
  });
});
