/**
 * manifests/schema/*.json are generated from the installed SDK's request types. When an SDK upgrade
 * adds or changes a field, this fails until `npm run gen:schema` is run, so the schema never lags.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateSchemas, SCHEMA_DIR, schemaFileName } from "../scripts/gen-schema.js";

describe("generated spec schemas", () => {
  it("match the installed @aws-sdk/client-ecs (run npm run gen:schema after an upgrade)", () => {
    for (const [kind, schema] of Object.entries(generateSchemas())) {
      const committed = JSON.parse(readFileSync(join(SCHEMA_DIR, schemaFileName(kind)), "utf8"));
      expect(committed, `${kind}: run npm run gen:schema`).toEqual(schema);
    }
  });

  it("cover the request fields users ask about", () => {
    const schemas = generateSchemas() as Record<
      string,
      { properties: Record<string, unknown>; definitions: Record<string, { properties: Record<string, unknown> }> }
    >;
    const container = schemas.TaskDefinition!.definitions.ContainerDefinition!.properties;
    for (const field of [
      "healthCheck",
      "logConfiguration",
      "linuxParameters",
      "ulimits",
      "systemControls",
      "secrets",
      "dependsOn",
      "firelensConfiguration",
    ])
      expect(container).toHaveProperty(field);
    expect(schemas.TaskDefinition!.definitions.Volume!.properties).toHaveProperty("efsVolumeConfiguration");
    expect(schemas.Service!.properties).toHaveProperty("serviceConnectConfiguration");
    expect(schemas.Service!.properties).not.toHaveProperty("serviceName");
    expect(schemas.Cluster!.properties).toHaveProperty("serviceConnectDefaults");
  });
});
