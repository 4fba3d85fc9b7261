import { ListNamespacesCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { mockClient } from "aws-sdk-client-mock";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { AwsApi } from "./api.js";
import { chunk, familyOf, listNamespaceArns, revisionOf } from "./readers.js";

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
});
