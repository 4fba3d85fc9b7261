import type { Finding } from "./rules/finding.js";
import type { AnyManifest, ManifestSet } from "./types.js";

/** `arn:aws:ecs:region:acct:task-definition/family:3` or `family:3`: pinned, outside the manifests. */
export function isLiteralTaskDefinition(ref: string): boolean {
  return ref.startsWith("arn:") || /^[A-Za-z0-9_-]+:\d+$/.test(ref);
}

/**
 * References between manifests. A bare family must name a TaskDefinition manifest; literal revisions,
 * ARNs, clusters and capacity providers may live outside the manifests and are checked against AWS by
 * diff/apply instead.
 */
export function checkReferences(set: ManifestSet): { manifest: AnyManifest; finding: Finding }[] {
  const out: { manifest: AnyManifest; finding: Finding }[] = [];
  for (const m of set.all) {
    if (m.kind === "Service" || m.kind === "TaskSet") {
      const ref = m.spec.taskDefinition;
      if (typeof ref === "string" && !isLiteralTaskDefinition(ref) && !set.get("TaskDefinition", ref)) {
        out.push({
          manifest: m,
          finding: {
            pointer: "/spec/taskDefinition",
            message: `no TaskDefinition manifest with family "${ref}" (to use a revision not managed here, write ${ref}:REVISION or its ARN)`,
          },
        });
      }
    }
    if (m.kind === "TaskSet") {
      const service = m.spec.service;
      const svc = typeof service === "string" ? set.get("Service", service, m.metadata.cluster) : undefined;
      if (svc && svc.spec.deploymentController?.type !== "EXTERNAL") {
        out.push({
          manifest: m,
          finding: {
            pointer: "/spec/service",
            message: `service "${service}" does not use deploymentController type EXTERNAL, so it cannot have task sets`,
          },
        });
      }
    }
  }
  return out;
}
