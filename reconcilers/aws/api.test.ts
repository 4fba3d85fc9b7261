import { Readable } from "node:stream";
import { DescribeClustersCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { AwsApi } from "./api.js";

/** An ECS client whose HTTP layer answers from a script, so the SDK's retry and our middleware really run. */
function scriptedClient(answers: Array<{ status: number; type?: string; body?: object }>) {
  const calls: string[] = [];
  const client = new ECSClient({
    region: "us-east-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    retryMode: "standard",
    maxAttempts: 3,
    // No real waiting between retries in tests.
    retryStrategy: undefined,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        calls.push(request.headers["x-amz-target"] ?? "?");
        const a = answers[Math.min(calls.length - 1, answers.length - 1)]!;
        const body = JSON.stringify(a.body ?? (a.type ? { __type: a.type, message: "scripted" } : {}));
        return {
          response: {
            statusCode: a.status,
            headers: {
              "content-type": "application/x-amz-json-1.1",
              ...(a.type ? { "x-amzn-errortype": a.type } : {}),
            },
            body: Readable.from([Buffer.from(body)]),
          },
        };
      },
    } as never,
  });
  return { client, calls };
}

async function counter(registry: Registry) {
  const metric = await registry.getSingleMetric("ecs_reconciler_aws_requests_total")!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.operation} ${v.labels.code}`, v.value]));
}

describe("AwsApi", () => {
  it("retries a ThrottlingException and counts every attempt, throttles included", async () => {
    const { client, calls } = scriptedClient([
      { status: 400, type: "ThrottlingException" },
      { status: 200, body: { clusters: [], failures: [] } },
    ]);
    const registry = new Registry();
    const api = new AwsApi({ registry, ecs: client, rateShare: 100 });
    const res = await api.ecs(new DescribeClustersCommand({ clusters: ["x"] }));
    expect(res.clusters).toEqual([]);
    expect(calls).toHaveLength(2);
    expect(await counter(registry)).toEqual({ "DescribeClusters ThrottlingException": 1, "DescribeClusters OK": 1 });
  });

  it("treats LimitExceededException as final: one attempt, the original error", async () => {
    const { client, calls } = scriptedClient([{ status: 400, type: "LimitExceededException" }]);
    const registry = new Registry();
    const api = new AwsApi({ registry, ecs: client, rateShare: 100 });
    const err = await api
      .ecs(new RegisterTaskDefinitionCommand({ family: "f", containerDefinitions: [] }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe("LimitExceededException");
    expect(calls).toHaveLength(1);
    expect(await counter(registry)).toEqual({ "RegisterTaskDefinition LimitExceededException": 1 });
  });

  it("paces a throttle category to its share of the sustained rate", async () => {
    const { client } = scriptedClient([{ status: 200, body: {} }]);
    // RegisterTaskDefinition: 1/s sustained; a share of 4 allows 4 calls per second window.
    const api = new AwsApi({ registry: new Registry(), ecs: client, rateShare: 4 });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        api.ecs(new RegisterTaskDefinitionCommand({ family: "f", containerDefinitions: [] })),
      ),
    );
    // The fifth call waits for the next window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
