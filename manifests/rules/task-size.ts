/** Task-level cpu and memory: their formats, and the combinations Fargate offers. */
import type { Finding } from "./finding.js";
import { at, isFargateTaskDefinition, isWindows, type Rule } from "./util.js";

/** cpu: CPU units ("1024") or vCPUs ("1 vCPU", "0.25 vcpu"); 1 vCPU = 1024 units. */
export function parseCpu(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? 1024 : 1);
  return Number.isInteger(n) ? n : undefined;
}

/** memory: MiB ("2048") or GB ("2 GB", "2GB", "0.5 GB"); 1 GB = 1024 MiB. */
export function parseMemory(v: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? 1024 : 1);
  return Number.isInteger(n) ? n : undefined;
}

const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** RegisterTaskDefinition memory doc: Fargate's CPU units → the memory values (MiB) each allows. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)], // Linux platform 1.4.0 or later
  [16384, range(32768, 122880, 8192)], // Linux platform 1.4.0 or later
]);

const gb = (mib: number) => `${mib / 1024} GB`;
const describe = (values: readonly number[]) =>
  values.length <= 4
    ? values.join(", ")
    : `${values[0]}-${values.at(-1)} in steps of ${values[1]! - values[0]!} (${gb(values[0]!)} to ${gb(values.at(-1)!)})`;

/**
 * Fargate "requires" task-level cpu and memory and offers fixed combinations; Windows containers on Fargate
 * need at least 1 vCPU. Any task definition's cpu/memory must parse as units/MiB or as vCPU/GB.
 * ARM64 on Fargate is not checked here.
 */
export const taskSizeRules: Rule<"TaskDefinition"> = (m) => {
  const out: Finding[] = [];
  const { cpu: cpuText, memory: memText } = m.spec;
  const cpu = cpuText === undefined ? undefined : parseCpu(cpuText);
  const mem = memText === undefined ? undefined : parseMemory(memText);
  if (cpuText !== undefined && cpu === undefined)
    out.push(at(["cpu"], `expected CPU units like "1024" or vCPUs like "1 vCPU", got ${JSON.stringify(cpuText)}`));
  if (memText !== undefined && mem === undefined)
    out.push(at(["memory"], `expected MiB like "2048" or GB like "2 GB", got ${JSON.stringify(memText)}`));
  if (!isFargateTaskDefinition(m)) return out;

  if (cpuText === undefined) out.push(at([], 'missing cpu: Fargate requires task-level cpu, e.g. cpu: "256"'));
  if (memText === undefined) out.push(at([], 'missing memory: Fargate requires task-level memory, e.g. memory: "512"'));
  if (cpu === undefined || mem === undefined) return out;
  const allowed = FARGATE_SIZES.get(cpu);
  if (!allowed)
    out.push(at(["cpu"], `${cpu} CPU units is not a Fargate size; use one of ${[...FARGATE_SIZES.keys()].join(", ")}`));
  else if (!allowed.includes(mem))
    out.push(at(["memory"], `${mem} MiB is not available on Fargate with cpu ${cpu}; use ${describe(allowed)} MiB`));
  if (isWindows(m) && cpu < 1024)
    out.push(at(["cpu"], `Windows containers on Fargate need at least 1 vCPU (1024 units), got ${cpu}`));
  return out;
};
