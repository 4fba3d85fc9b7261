/** Task volumes and the containers' mount points into them. */
import type { Finding } from "./finding.js";
import { at, duplicates, type Rule } from "./util.js";

/**
 * - DockerVolumeConfiguration.autoprovision: "This field is only used if the scope is shared"; scope
 *   defaults to task. With scope task, ECS rejects `false` ("When 'scope' parameter is 'task', 'autoprovision'
 *   must either not be specified or set to 'True'", terraform-provider-aws#5907) and the agent fails to start
 *   the task with `true` (same thread, rexray#1317), so the only working choice is to omit it.
 * - MountPoint.sourceVolume "Must be a volume name referenced in the name parameter of task definition volume".
 * - Volume names identify volumes, so they must be unique.
 */
export const volumeRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  const volumes = m.spec.volumes ?? [];
  for (const [name, i] of duplicates(volumes, (v) => v.name))
    out.push(at(["volumes", i, "name"], `volume name ${name} is used twice; volume names must be unique`));
  volumes.forEach((v, i) => {
    const dvc = v.dockerVolumeConfiguration;
    if (dvc?.autoprovision !== undefined && dvc.scope !== "shared")
      out.push(
        at(
          ["volumes", i, "dockerVolumeConfiguration", "autoprovision"],
          `only applies to scope: shared (scope is ${dvc.scope ?? "task, the default"}); remove autoprovision or set scope: shared`,
        ),
      );
  });
  const names = new Set(volumes.map((v) => v.name));
  (m.spec.containerDefinitions ?? []).forEach((c, i) => {
    c.mountPoints?.forEach((mp, j) => {
      if (mp.sourceVolume !== undefined && !names.has(mp.sourceVolume))
        out.push(
          at(
            ["containerDefinitions", i, "mountPoints", j, "sourceVolume"],
            `no volume named ${mp.sourceVolume} in spec.volumes; add it there or fix the name`,
          ),
        );
    });
  });
  return out;
};
