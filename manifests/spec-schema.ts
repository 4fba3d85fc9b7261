import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Finding } from "./rules/finding.js";
import capacityProvider from "./schema/CapacityProvider.spec.schema.json" with { type: "json" };
import cluster from "./schema/Cluster.spec.schema.json" with { type: "json" };
import service from "./schema/Service.spec.schema.json" with { type: "json" };
import taskDefinition from "./schema/TaskDefinition.spec.schema.json" with { type: "json" };
import taskSet from "./schema/TaskSet.spec.schema.json" with { type: "json" };
import type { Kind } from "./types.js";

/** Generated from the SDK's request types by scripts/gen-schema.ts. */
export const SPEC_SCHEMAS: Record<Kind, object> = {
  CapacityProvider: capacityProvider,
  Cluster: cluster,
  TaskDefinition: taskDefinition,
  Service: service,
  TaskSet: taskSet,
};

let compiled: Map<Kind, ValidateFunction> | undefined;

function validators(): Map<Kind, ValidateFunction> {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addFormat("date-time", true);
    compiled = new Map(Object.entries(SPEC_SCHEMAS).map(([k, s]) => [k as Kind, ajv.compile(s)]));
  }
  return compiled;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

function expectedType(t: string): string {
  return t === "object" ? "a mapping" : t === "array" ? "a list" : t;
}

function toFinding(err: ErrorObject, spec: unknown): Finding {
  const at = `/spec${err.instancePath}`;
  const value = err.instancePath
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (v, seg) => (v && typeof v === "object" ? (v as Record<string, unknown>)[seg.replace(/~1/g, "/")] : undefined),
      spec,
    );
  switch (err.keyword) {
    case "additionalProperties": {
      const field = (err.params as { additionalProperty: string }).additionalProperty;
      return { pointer: `${at}/${field}`, message: "unknown field (not in the ECS API)" };
    }
    case "required": {
      const field = (err.params as { missingProperty: string }).missingProperty;
      return { pointer: at, message: `missing required field ${field}` };
    }
    case "type": {
      const want = expectedType((err.params as { type: string }).type);
      // The value itself is not echoed: it may be a secret (an environment value, a password).
      const quote = want === "string" && typeof value === "number" ? " (quote it)" : "";
      return { pointer: at, message: `expected ${want}, got ${describe(value)}${quote}` };
    }
    case "enum": {
      const allowed = (err.params as { allowedValues: unknown[] }).allowedValues;
      return { pointer: at, message: `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}` };
    }
    case "minProperties":
    case "maxProperties":
      return { pointer: at, message: "set exactly one of its fields" };
    default:
      return { pointer: at, message: err.message ?? "invalid" };
  }
}

/** Validates a spec against its kind's schema; one finding per problem, deduplicated. */
export function checkSpec(kind: Kind, spec: unknown): Finding[] {
  const validate = validators().get(kind)!;
  if (validate(spec)) return [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const err of validate.errors ?? []) {
    // "if"/"anyOf" wrappers repeat their children's errors.
    if (err.keyword === "if" || err.keyword === "anyOf") continue;
    const f = toFinding(err, spec);
    const id = `${f.pointer} ${f.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      findings.push(f);
    }
  }
  return findings;
}
