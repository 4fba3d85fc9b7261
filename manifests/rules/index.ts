import type { AnyManifest, ManifestSet } from "../types.js";
import type { Finding } from "./finding.js";

export type { Finding } from "./finding.js";

/**
 * Offline semantic validation: the rules ECS enforces at request time, checked at `validate` time so a
 * user learns them with file:line instead of from a failed API call halfway through an apply.
 */
export function checkSemantics(set: ManifestSet): { manifest: AnyManifest; finding: Finding }[] {
  const out: { manifest: AnyManifest; finding: Finding }[] = [];
  void set;
  return out;
}
