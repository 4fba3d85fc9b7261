/** Container memory and cpu, against each other and against the task-level values. */
import type { Finding } from "./finding.js";
import { parseCpu, parseMemory } from "./task-size.js";
import { at, isWindows, type Rule } from "./util.js";

/**
 * ContainerDefinition docs:
 * - "If a task-level memory value is not specified, you must specify a non-zero integer for one or both of
 *   memory or memoryReservation in a container definition" (EC2/External; Fargate requires task memory,
 *   reported by task-size; Managed Instances left alone).
 * - memory "must be greater than memoryReservation" (equal values are common and not raised).
 * - "The total amount of memory reserved for all containers within a task must be lower than the task
 *   memory value", and container cpu in total must not exceed the task cpu. Windows is skipped: "Task-level
 *   CPU and memory parameters are ignored for Windows containers".
 */
export const containerResourceRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  const containers = m.spec.containerDefinitions ?? [];
  const compat = m.spec.requiresCompatibilities ?? [];
  const taskMem = m.spec.memory === undefined ? undefined : parseMemory(m.spec.memory);
  const taskCpu = m.spec.cpu === undefined ? undefined : parseCpu(m.spec.cpu);

  containers.forEach((c, i) => {
    const path = ["containerDefinitions", i];
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation > c.memory)
      out.push(
        at(
          [...path, "memoryReservation"],
          `(${c.memoryReservation}) must not exceed memory (${c.memory}), the hard limit`,
        ),
      );
    const needsOwnMemory =
      m.spec.memory === undefined && !compat.includes("FARGATE") && !compat.includes("MANAGED_INSTANCES");
    if (needsOwnMemory && !c.memory && !c.memoryReservation)
      out.push(
        at(
          path,
          "set memory or memoryReservation (MiB) on the container, or memory on the task: one of them is required",
        ),
      );
  });
  if (isWindows(m)) return out;

  if (taskMem !== undefined) {
    containers.forEach((c, i) => {
      if (c.memory !== undefined && c.memory > taskMem)
        out.push(
          at(["containerDefinitions", i, "memory"], `(${c.memory} MiB) is more than the task memory (${taskMem} MiB)`),
        );
    });
    const reserved = containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
    if (reserved > taskMem && containers.every((c) => (c.memory ?? 0) <= taskMem))
      out.push(
        at(
          ["memory"],
          `containers reserve ${reserved} MiB in total, more than the task memory (${taskMem} MiB); raise it or lower theirs`,
        ),
      );
  }
  if (taskCpu !== undefined) {
    const total = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
    if (total > taskCpu)
      out.push(
        at(
          ["cpu"],
          `containers reserve ${total} CPU units in total, more than the task cpu (${taskCpu}); raise it or lower theirs`,
        ),
      );
  }
  return out;
};
