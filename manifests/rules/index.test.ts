import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { RULES } from "./index.js";

/** A realistic set that uses most of what the rules look at; none of it is wrong. */
const REALISTIC = `apiVersion: ecs-reconciler.io/v1alpha1
kind: Cluster
metadata:
  name: prod
spec:
  capacityProviders: [FARGATE, FARGATE_SPOT, asg-workers]
  defaultCapacityProviderStrategy:
    - {capacityProvider: FARGATE, base: 1, weight: 1}
    - {capacityProvider: FARGATE_SPOT, weight: 3}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata:
  name: api
spec:
  requiresCompatibilities: [FARGATE]
  networkMode: awsvpc
  cpu: "0.5 vCPU"
  memory: "1 GB"
  runtimePlatform: {operatingSystemFamily: LINUX, cpuArchitecture: ARM64}
  containerDefinitions:
    - name: api
      image: ghcr.io/acme/api:1.2.3
      portMappings:
        - {containerPort: 8080, name: http, appProtocol: http}
      environment:
        - {name: PORT, value: "8080"}
      secrets:
        - {name: DB_URL, valueFrom: "arn:aws:ssm:eu-west-1:111111111111:parameter/db"}
      ulimits:
        - {name: nofile, softLimit: 65535, hardLimit: 65535}
      dependsOn:
        - {containerName: migrate, condition: SUCCESS}
    - name: migrate
      image: ghcr.io/acme/api:1.2.3
      essential: false
      command: [migrate]
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: TaskDefinition
metadata:
  name: log-agent
spec:
  networkMode: host
  containerDefinitions:
    - name: agent
      image: fluent/fluent-bit:3
      memoryReservation: 64
      portMappings: [{containerPort: 2020, hostPort: 2020}]
      linuxParameters:
        tmpfs: [{containerPath: /buffers, size: 128}]
      mountPoints: [{sourceVolume: docker, containerPath: /var/lib/docker, readOnly: true}]
  volumes:
    - name: docker
      host: {sourcePath: /var/lib/docker}
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: api
  cluster: prod
spec:
  taskDefinition: api
  desiredCount: 3
  capacityProviderStrategy:
    - {capacityProvider: FARGATE, base: 1, weight: 1}
    - {capacityProvider: FARGATE_SPOT, weight: 2}
  networkConfiguration:
    awsvpcConfiguration: {subnets: [subnet-a, subnet-b], securityGroups: [sg-api]}
  loadBalancers:
    - {targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/api/abc", containerName: api, containerPort: 8080}
  healthCheckGracePeriodSeconds: 30
  deploymentConfiguration:
    maximumPercent: 200
    minimumHealthyPercent: 50
    deploymentCircuitBreaker: {enable: true, rollback: true}
  serviceConnectConfiguration:
    enabled: true
    namespace: internal
    services:
      - portName: http
        discoveryName: api
        clientAliases: [{port: 80, dnsName: api.internal}]
---
apiVersion: ecs-reconciler.io/v1alpha1
kind: Service
metadata:
  name: log-agent
  cluster: prod
spec:
  taskDefinition: log-agent
  schedulingStrategy: DAEMON
  launchType: EC2
  placementConstraints: [{type: memberOf, expression: "attribute:role == worker"}]
  deploymentConfiguration: {maximumPercent: 100, minimumHealthyPercent: 0}
`;

describe("checkSemantics", () => {
  it("has rules for every kind that has ECS-side constraints", () => {
    expect(Object.entries(RULES).map(([kind, rules]) => [kind, rules.length > 0])).toEqual([
      ["CapacityProvider", true],
      ["Cluster", true],
      ["TaskDefinition", true],
      ["Service", true],
      ["TaskSet", true],
    ]);
  });

  it("finds nothing wrong in a realistic set", () => {
    expect(errorsOf(REALISTIC)).toEqual([]);
  });

  it("reports findings from several manifests with their lines, in file order", () => {
    const text = REALISTIC.replace("desiredCount: 3", "desiredCount: -3").replace(
      "softLimit: 65535, hardLimit: 65535",
      "softLimit: 65536, hardLimit: 65535",
    );
    expect(errorsOf(text)).toEqual([
      "manifests.yaml:31: spec.containerDefinitions[0].ulimits[0].softLimit: (65536) must not exceed hardLimit (65535)",
      "manifests.yaml:64: spec.desiredCount: must be a whole number, 0 or more, got -3",
    ]);
  });
});
