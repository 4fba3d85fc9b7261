import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { ec2Service, ec2Td, errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const tg = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/1";

describe("loadBalancers", () => {
  it("accepts an ALB target group on a container port, and a Classic LB in bridge mode", () => {
    expect(
      errorsOf(
        file(
          fargateTd(),
          fargateService({ loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }] }),
        ),
      ),
    ).toEqual([]);
    expect(
      errorsOf(
        file(
          ec2Td(),
          ec2Service({ loadBalancers: [{ loadBalancerName: "web-elb", containerName: "web", containerPort: 80 }] }),
        ),
      ),
    ).toEqual([]);
  });

  const cases = [
    {
      name: "a container that isn't in the task definition",
      lb: { targetGroupArn: tg, containerName: "api", containerPort: 80 },
      needle: "containerName: api",
      field: "spec.loadBalancers[0].containerName",
      message: "no container named api in TaskDefinition web",
    },
    {
      name: "a port the container doesn't map",
      lb: { targetGroupArn: tg, containerName: "web", containerPort: 8080 },
      needle: "containerPort: 8080",
      field: "spec.loadBalancers[0].containerPort",
      message: "container web in TaskDefinition web has no portMappings entry with containerPort 8080",
    },
    {
      name: "both a target group and a Classic load balancer",
      lb: { targetGroupArn: tg, loadBalancerName: "web-elb", containerName: "web", containerPort: 80 },
      needle: "loadBalancerName: web-elb",
      field: "spec.loadBalancers[0].loadBalancerName",
      message: "set either targetGroupArn (Application/Network Load Balancer) or loadBalancerName (Classic), not both",
    },
    {
      name: "a Classic load balancer with awsvpc",
      lb: { loadBalancerName: "web-elb", containerName: "web", containerPort: 80 },
      needle: "loadBalancerName: web-elb",
      field: "spec.loadBalancers[0].loadBalancerName",
      message:
        "Classic Load Balancers are not supported with networkMode awsvpc (TaskDefinition web); use an Application or Network Load Balancer target group",
    },
    {
      name: "an entry without a container",
      lb: { targetGroupArn: tg, containerPort: 80 },
      needle: "- targetGroupArn:",
      field: "spec.loadBalancers[0]",
      message: "set containerName: the container that receives the traffic",
    },
  ];
  it.each(cases)("rejects $name", ({ lb, needle, field, message }) => {
    const text = file(fargateTd(), fargateService({ loadBalancers: [lb] }));
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });

  it("rejects more than five target groups", () => {
    const lbs = Array.from({ length: 6 }, () => ({ targetGroupArn: tg, containerName: "web", containerPort: 80 }));
    const text = file(fargateTd(), fargateService({ loadBalancers: lbs }));
    expect(errorsOf(text)).toEqual([
      errorAt(
        text,
        "loadBalancers:",
        "spec.loadBalancers",
        "has 6 entries; a service can attach at most 5 target groups",
      ),
    ]);
  });
});
