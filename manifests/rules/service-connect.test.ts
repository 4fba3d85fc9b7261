import type { ServiceConnectService } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { errorsOf } from "../testing.js";
import { errorAt, fargateService, fargateTd, file } from "./test-helpers.js";

const withServices = (services: ServiceConnectService[], taskDefinition = "web") =>
  file(
    fargateTd(),
    fargateService({ taskDefinition, serviceConnectConfiguration: { enabled: true, namespace: "internal", services } }),
  );

describe("Service Connect", () => {
  it("accepts a service on a named port with an alias", () => {
    expect(
      errorsOf(
        withServices([
          { portName: "http", discoveryName: "web-api", clientAliases: [{ port: 80, dnsName: "web.internal" }] },
        ]),
      ),
    ).toEqual([]);
    // A client-only service has no services; a literal revision's port names are unknown offline.
    expect(errorsOf(withServices([{ portName: "grpc" }], "web:7"))).toEqual([]);
  });

  const cases: { name: string; svc: ServiceConnectService; needle: string; field: string; message: string }[] = [
    {
      name: "a port name the task definition doesn't have",
      svc: { portName: "grpc" },
      needle: "portName: grpc",
      field: "spec.serviceConnectConfiguration.services[0].portName",
      message: 'no portMappings entry named "grpc" in TaskDefinition web (names there: http)',
    },
    {
      name: "a discoveryName starting with a hyphen",
      svc: { portName: "http", discoveryName: "-web" },
      needle: "discoveryName: -web",
      field: "spec.serviceConnectConfiguration.services[0].discoveryName",
      message: "must be 1-64 lowercase letters, digits, underscores or hyphens, not starting with a hyphen",
    },
    {
      name: "a discoveryName over 64 characters",
      svc: { portName: "http", discoveryName: "a".repeat(65) },
      needle: "discoveryName: aaaa",
      field: "spec.serviceConnectConfiguration.services[0].discoveryName",
      message: "must be 1-64 lowercase letters, digits, underscores or hyphens, not starting with a hyphen",
    },
    {
      name: "a client alias port out of range",
      svc: { portName: "http", clientAliases: [{ port: 70000 }] },
      needle: "port: 70000",
      field: "spec.serviceConnectConfiguration.services[0].clientAliases[0].port",
      message: "must be a port from 1 to 65535, got 70000",
    },
    {
      name: "a dnsName with characters DNS doesn't allow",
      svc: { portName: "http", clientAliases: [{ port: 80, dnsName: "web api" }] },
      needle: "dnsName: web api",
      field: "spec.serviceConnectConfiguration.services[0].clientAliases[0].dnsName",
      message: "must be 1-127 lowercase letters, digits, underscores, hyphens or periods, not starting with a hyphen",
    },
    {
      name: "two client aliases",
      svc: { portName: "http", clientAliases: [{ port: 80 }, { port: 8080 }] },
      needle: "clientAliases:",
      field: "spec.serviceConnectConfiguration.services[0].clientAliases",
      message: "has 2 entries; at most 1 is allowed",
    },
    {
      name: "an ingress port override of 0",
      svc: { portName: "http", ingressPortOverride: 0 },
      needle: "ingressPortOverride: 0",
      field: "spec.serviceConnectConfiguration.services[0].ingressPortOverride",
      message: "must be a port from 1 to 65535, got 0",
    },
  ];
  it.each(cases)("rejects $name", ({ svc, needle, field, message }) => {
    const text = withServices([svc]);
    expect(errorsOf(text)).toEqual([errorAt(text, needle, field, message)]);
  });
});
