/**
 * Generates the JSON Schema of each manifest kind's `spec` from the AWS SDK's own request types,
 * so the manifest schema can never lag behind the API: an SDK upgrade that adds a field changes
 * the generated schema, and test/schema-fresh.test.ts fails until it is regenerated.
 *
 *   npm run gen:schema            writes manifests/schema/*.schema.json
 *   generateSchemas()             used by the freshness test
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

type JsonSchema = Record<string, unknown>;

/** The request type each kind's spec mirrors, and the identity fields that live in metadata instead. */
export const KIND_SOURCES = {
  Cluster: { pkg: "@aws-sdk/client-ecs", type: "CreateClusterRequest", omit: ["clusterName"] },
  TaskDefinition: { pkg: "@aws-sdk/client-ecs", type: "RegisterTaskDefinitionRequest", omit: ["family"] },
  Service: {
    pkg: "@aws-sdk/client-ecs",
    type: "CreateServiceRequest",
    omit: ["serviceName", "cluster", "clientToken"],
  },
  CapacityProvider: { pkg: "@aws-sdk/client-ecs", type: "CreateCapacityProviderRequest", omit: ["name"] },
  TaskSet: { pkg: "@aws-sdk/client-ecs", type: "CreateTaskSetRequest", omit: ["cluster", "clientToken"] },
} as const;

const require = createRequire(import.meta.url);

function firstSentence(doc: string): string | undefined {
  const text = doc
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!text) return undefined;
  const end = text.search(/\.(\s|$)/);
  const sentence = end === -1 ? text : text.slice(0, end + 1);
  return sentence.length > 240 ? `${sentence.slice(0, 237)}...` : sentence;
}

class SchemaBuilder {
  readonly definitions: Record<string, JsonSchema> = {};
  constructor(private readonly checker: ts.TypeChecker) {}

  /** Schema of a property's type; named interfaces become shared definitions. */
  typeSchema(type: ts.Type): JsonSchema {
    const c = this.checker;
    // Smithy documents are free-form JSON.
    if (/^DocumentType( \| undefined)?$/.test(c.typeToString(type))) return {};
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (parts.length > 0 && parts.every((t) => t.isStringLiteral())) {
        return { type: "string", enum: parts.map((t) => (t as ts.StringLiteralType).value).sort() };
      }
      if (parts.length > 0 && parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
        return { type: "boolean" };
      }
      if (parts.length === 1) return this.typeSchema(parts[0] as ts.Type);
      const memberOf = parts.map((t) => {
        const symbol = t.getSymbol();
        const qualified = symbol ? c.getFullyQualifiedName(symbol) : "";
        return /\.[$\w]+Member$/.test(qualified)
          ? qualified
              .replace(/\.[$\w]+Member$/, "")
              .split(".")
              .pop()
          : undefined;
      });
      const unionName = memberOf[0];
      if (unionName && memberOf.every((n) => n === unionName)) return this.taggedUnionSchema(unionName, parts);
      throw new Error(`gen-schema: unsupported union ${c.typeToString(type)}`);
    }
    if (type.flags & ts.TypeFlags.String) return { type: "string" };
    if (type.flags & ts.TypeFlags.Number) return { type: "number" };
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (type.isStringLiteral()) return { type: "string", enum: [type.value] };
    if (c.isArrayType(type)) {
      const [item] = c.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: item ? this.typeSchema(item) : {} };
    }
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const name = symbol?.getName();
    if (name === "Date") return { type: "string", format: "date-time" };
    const index = type.getStringIndexType();
    if (index) return { type: "object", additionalProperties: this.typeSchema(index) };
    if (type.flags & ts.TypeFlags.Object && name && name !== "__type" && name !== "__object") {
      if (!this.definitions[name]) {
        this.definitions[name] = {}; // placeholder first: breaks cycles
        this.definitions[name] = this.objectSchema(type, []);
      }
      return { $ref: `#/definitions/${name}` };
    }
    if (type.flags & ts.TypeFlags.Object) return this.objectSchema(type, []);
    throw new Error(`gen-schema: unsupported type ${c.typeToString(type)}`);
  }

  /** Smithy unions (`X.AMember | X.$UnknownMember`): an object that sets exactly one member. */
  taggedUnionSchema(name: string, members: ts.Type[]): JsonSchema {
    if (!this.definitions[name]) {
      this.definitions[name] = {};
      const merged: JsonSchema = { type: "object", properties: {}, additionalProperties: false };
      for (const member of members) {
        const part = this.objectSchema(member, ["$unknown"]);
        Object.assign(merged.properties as object, part.properties);
      }
      this.definitions[name] = { ...merged, minProperties: 1, maxProperties: 1 };
    }
    return { $ref: `#/definitions/${name}` };
  }

  objectSchema(type: ts.Type, omit: readonly string[]): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const prop of this.checker.getPropertiesOfType(type)) {
      const key = prop.getName();
      if (omit.includes(key)) continue;
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (!decl) continue;
      const propType = this.checker.getTypeOfSymbolAtLocation(prop, decl);
      // Members typed `never` are the other arms of a Smithy union: not settable here.
      if (propType.flags & (ts.TypeFlags.Never | ts.TypeFlags.Undefined)) continue;
      if (propType.isUnion() && propType.types.every((t) => t.flags & (ts.TypeFlags.Never | ts.TypeFlags.Undefined)))
        continue;
      const schema = { ...this.typeSchema(propType) };
      const doc = firstSentence(ts.displayPartsToString(prop.getDocumentationComment(this.checker)));
      properties[key] = doc && !schema.$ref ? { description: doc, ...schema } : schema;
      if (!(prop.flags & ts.SymbolFlags.Optional)) required.push(key);
    }
    const schema: JsonSchema = { type: "object", properties, additionalProperties: false };
    if (required.length) schema.required = required.sort();
    return schema;
  }
}

/** Builds every kind's spec schema from the installed SDK's declaration files. */
export function generateSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [kind, source] of Object.entries(KIND_SOURCES)) {
    const entry = require.resolve(source.pkg).replace(/dist-cjs\/index\.js$/, "dist-types/index.d.ts");
    const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true });
    const checker = program.getTypeChecker();
    const file = program.getSourceFile(entry);
    if (!file) throw new Error(`gen-schema: cannot read ${entry}`);
    const moduleSymbol = checker.getSymbolAtLocation(file);
    const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === source.type);
    if (!exported) throw new Error(`gen-schema: ${source.pkg} exports no ${source.type}`);
    const resolved = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const builder = new SchemaBuilder(checker);
    const root = builder.objectSchema(checker.getDeclaredTypeOfSymbol(resolved), source.omit);
    out[kind] = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: `https://ecs-reconciler.io/schema/v1alpha1/${kind}.spec.json`,
      title: `${kind} spec (${source.type} without ${source.omit.join(", ")})`,
      ...root,
      definitions: Object.fromEntries(Object.entries(builder.definitions).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  return out;
}

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "manifests", "schema");

export function schemaFileName(kind: string): string {
  return `${kind}.spec.schema.json`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [kind, schema] of Object.entries(generateSchemas())) {
    writeFileSync(join(SCHEMA_DIR, schemaFileName(kind)), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote manifests/schema/${schemaFileName(kind)}`);
  }
}
