import { DescribeTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import { ListNamespacesCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { AwsApi } from "./api.js";
import { chunk, familyOf, listNamespaceArns, revisionOf, TaskDefinitionCache } from "./readers.js";

describe("readers", () => {
  it("chunks batches at the API maxima", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("reads revisions and families off ARNs and family:revision", () => {
    expect(revisionOf("arn:aws:ecs:us-east-1:1:task-definition/web:12")).toBe("web:12");
    expect(familyOf("arn:aws:ecs:us-east-1:1:task-definition/web-api:3")).toBe("web-api");
    expect(familyOf("web:4")).toBe("web");
  });

  it("lists Cloud Map namespaces by name, following pages", async () => {
    const sd = mockClient(ServiceDiscoveryClient);
    sd.on(ListNamespacesCommand, { MaxResults: 100, NextToken: undefined })
      .resolves({ Namespaces: [{ Name: "prod", Arn: "arn:ns/ns-1" }], NextToken: "t" })
      .on(ListNamespacesCommand, { MaxResults: 100, NextToken: "t" })
      .resolves({ Namespaces: [{ Name: "staging", Arn: "arn:ns/ns-2" }] });
    const api = new AwsApi({
      registry: new Registry(),
      serviceDiscovery: new ServiceDiscoveryClient({ region: "us-east-1" }),
    });
    expect(await listNamespaceArns(api)).toEqual(
      new Map([
        ["prod", "arn:ns/ns-1"],
        ["staging", "arn:ns/ns-2"],
      ]),
    );
    sd.restore();
  });

  it("describes a revision once, and stays bounded (least recently used out) in a long-running controller", async () => {
    const ecs = mockClient(ECSClient);
    ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({
      taskDefinition: { taskDefinitionArn: input.taskDefinition },
    }));
    const api = new AwsApi({ registry: new Registry(), ecs: new ECSClient({ region: "us-east-1" }), rateShare: 100 });
    const cache = new TaskDefinitionCache(api, 2);
    await cache.describe("web:1");
    await cache.describe("web:2");
    await cache.describe("web:1"); // a hit: web:1 becomes the most recently used
    await cache.describe("web:3"); // evicts web:2
    expect(cache.size).toBe(2);
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(3);
    await cache.describe("web:1");
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(3);
    await cache.describe("web:2");
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(4);
    ecs.restore();
  });
});
