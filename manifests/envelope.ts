import { durationMs } from "./duration.js";
import type { Finding } from "./rules/finding.js";
import { API_VERSION, CLUSTER_SCOPED, KINDS, type Kind } from "./types.js";

const ENVELOPE_KEYS = ["apiVersion", "kind", "metadata", "spec"];
const METADATA_KEYS = ["name", "cluster", "labels", "reconcile", "rollout"];
const ROLLOUT_KEYS = ["steps", "stepTimeout"];
const RECONCILE_KEYS = ["mode", "prune", "ignore"];
const MODES = ["enforce", "observe", "suspended"];
/** ECS names (clusters, services, families, capacity providers): letters, digits, hyphens, underscores. */
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function unknownKeys(obj: Record<string, unknown>, allowed: string[], at: string, what: string): Finding[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ pointer: `${at}/${k}`, message: `unknown field in ${what} (allowed: ${allowed.join(", ")})` }));
}

/** Checks everything around `spec`: apiVersion, kind, metadata. Returns the kind when it is known. */
export function checkEnvelope(doc: unknown): { kind?: Kind; findings: Finding[] } {
  if (!isObject(doc)) return { findings: [{ pointer: "", message: "a manifest must be a YAML mapping" }] };
  const findings = unknownKeys(doc, ENVELOPE_KEYS, "", "the manifest");
  if (doc.apiVersion !== API_VERSION) {
    findings.push({
      pointer: "/apiVersion",
      message:
        doc.apiVersion === undefined ? `missing; expected ${API_VERSION}` : `unsupported, expected ${API_VERSION}`,
    });
  }
  let kind: Kind | undefined;
  if (typeof doc.kind === "string" && (KINDS as readonly string[]).includes(doc.kind)) kind = doc.kind as Kind;
  else
    findings.push({
      pointer: "/kind",
      message: `${doc.kind === undefined ? "missing" : `unknown kind ${JSON.stringify(doc.kind)}`}; expected one of ${KINDS.join(", ")}`,
    });

  const md = doc.metadata;
  if (!isObject(md)) {
    findings.push({ pointer: "/metadata", message: "missing or not a mapping; metadata.name is required" });
  } else {
    findings.push(...unknownKeys(md, METADATA_KEYS, "/metadata", "metadata"));
    if (md.name === undefined) findings.push({ pointer: "/metadata", message: "metadata.name is required" });
    else if (typeof md.name !== "string" || !NAME_PATTERN.test(md.name))
      findings.push({ pointer: "/metadata/name", message: "must be 1-255 letters, digits, hyphens or underscores" });
    if (kind && CLUSTER_SCOPED.has(kind)) {
      if (md.cluster === undefined)
        findings.push({ pointer: "/metadata", message: `metadata.cluster is required for kind ${kind}` });
      else if (typeof md.cluster !== "string" || !NAME_PATTERN.test(md.cluster))
        findings.push({ pointer: "/metadata/cluster", message: "must be a cluster name (not an ARN)" });
    } else if (kind && md.cluster !== undefined) {
      findings.push({ pointer: "/metadata/cluster", message: `not used by kind ${kind}; remove it` });
    }
    if (md.labels !== undefined) {
      if (!isObject(md.labels)) findings.push({ pointer: "/metadata/labels", message: "expected a mapping" });
      else
        for (const [k, v] of Object.entries(md.labels))
          if (typeof v !== "string")
            findings.push({ pointer: `/metadata/labels/${k}`, message: "expected string (quote it)" });
    }
    if (md.reconcile !== undefined) findings.push(...checkReconcilePolicy(md.reconcile));
    if (md.rollout !== undefined) {
      if (kind && kind !== "TaskSet")
        findings.push({
          pointer: "/metadata/rollout",
          message: `only a TaskSet has a rollout; not used by kind ${kind}`,
        });
      else findings.push(...checkRollout(md.rollout));
    }
  }

  if (!isObject(doc.spec)) findings.push({ pointer: "/spec", message: "missing or not a mapping" });
  return kind ? { kind, findings } : { findings };
}

function checkReconcilePolicy(policy: unknown): Finding[] {
  const at = "/metadata/reconcile";
  if (!isObject(policy)) return [{ pointer: at, message: "expected a mapping" }];
  const findings = unknownKeys(policy, RECONCILE_KEYS, at, "metadata.reconcile");
  if (policy.mode !== undefined && !MODES.includes(policy.mode as string))
    findings.push({ pointer: `${at}/mode`, message: `must be one of ${MODES.join(", ")}` });
  if (policy.prune !== undefined && typeof policy.prune !== "boolean")
    findings.push({ pointer: `${at}/prune`, message: "expected boolean" });
  if (policy.ignore !== undefined) {
    if (!Array.isArray(policy.ignore)) findings.push({ pointer: `${at}/ignore`, message: "expected a list" });
    else
      policy.ignore.forEach((p, i) => {
        if (typeof p !== "string" || !(p === "" || p.startsWith("/")))
          findings.push({
            pointer: `${at}/ignore/${i}`,
            message: "expected a JSON pointer into spec, like /desiredCount",
          });
      });
  }
  return findings;
}

function checkRollout(rollout: unknown): Finding[] {
  const at = "/metadata/rollout";
  if (!isObject(rollout)) return [{ pointer: at, message: "expected a mapping" }];
  const findings = unknownKeys(rollout, ROLLOUT_KEYS, at, "metadata.rollout");
  const isDuration = (v: unknown) => (typeof v === "string" || typeof v === "number") && durationMs(v) !== undefined;
  if (rollout.stepTimeout !== undefined && !isDuration(rollout.stepTimeout))
    findings.push({ pointer: `${at}/stepTimeout`, message: "expected a duration like 10m" });
  if (rollout.steps === undefined) return findings;
  if (!Array.isArray(rollout.steps)) return [...findings, { pointer: `${at}/steps`, message: "expected a list" }];
  let previous = 0;
  rollout.steps.forEach((step, i) => {
    const p = `${at}/steps/${i}`;
    if (!isObject(step)) {
      findings.push({ pointer: p, message: "expected a mapping like {scale: 10, pause: 5m}" });
      return;
    }
    findings.push(...unknownKeys(step, ["scale", "pause"], p, "a rollout step"));
    const scale = step.scale;
    if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 1 || scale > 100)
      findings.push({ pointer: `${p}/scale`, message: "expected a whole percentage from 1 to 100" });
    else if (scale <= previous)
      findings.push({ pointer: `${p}/scale`, message: `steps must grow: ${scale} after ${previous}` });
    else previous = scale;
    if (step.pause !== undefined && !isDuration(step.pause))
      findings.push({ pointer: `${p}/pause`, message: "expected a duration like 5m" });
  });
  return findings;
}
