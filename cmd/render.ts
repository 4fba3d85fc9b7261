import type { Change } from "../reconcilers/diff/compare.js";
import { redactChange } from "../reconcilers/diff/redact.js";
import { type Plan, type ResourcePlan, summarize } from "../reconcilers/plan.js";

export interface RenderOptions {
  color: boolean;
  showSecrets: boolean;
}

const SYMBOL = { create: "+", update: "~", register: "+", replace: "-/+", delete: "-", none: " " } as const;
const VERB = {
  create: "will be created",
  update: "will be updated in place",
  register: "will get a new revision",
  replace: "must be replaced (delete, then create)",
  delete: "will be deleted",
  none: "is in sync",
} as const;

export function resourceTitle(r: Pick<ResourcePlan, "kind" | "name" | "cluster">): string {
  return `${r.kind} ${r.cluster ? `${r.cluster}/` : ""}${r.name}`;
}

function paint(text: string, code: number, on: boolean): string {
  return on ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function show(v: unknown): string {
  if (v === undefined) return "(none)";
  const s = JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

function changeLine(c: Change, o: RenderOptions): string {
  const shown = o.showSecrets ? c : redactChange(c);
  if (c.op === "add") return paint(`      + ${c.path}: ${show(shown.desired)}`, 32, o.color);
  if (c.op === "remove") return paint(`      - ${c.path}: ${show(shown.live)}`, 31, o.color);
  return paint(`      ~ ${c.path}: ${show(shown.live)} → ${show(shown.desired)}`, 33, o.color);
}

/** A Terraform-like plan: a header per resource, one line per change, one summary line. */
export function renderPlan(plan: Plan, o: RenderOptions): string {
  const lines: string[] = [];
  const changed = plan.resources.filter((r) => r.action !== "none" || r.sync === "OutOfSync");
  for (const r of changed) {
    if (r.action === "none") {
      // Out of sync with nothing to do now: a rollout under way, or one that rolled back.
      const state = r.health === "Progressing" ? "is rolling out" : `is out of sync (${r.health})`;
      lines.push(`  # ${resourceTitle(r)} ${state}: ${r.healthMessage ?? r.notes[0] ?? ""}`, "");
      continue;
    }
    lines.push(`  # ${resourceTitle(r)} ${VERB[r.action]}`);
    for (const note of r.notes) lines.push(`  #   ${note}`);
    if (r.blocked) lines.push(paint(`  #   blocked: ${r.blocked}`, 31, o.color));
    lines.push(`  ${SYMBOL[r.action]} ${resourceTitle(r)}`);
    for (const c of r.changes) lines.push(changeLine(c, o));
    lines.push("");
  }
  lines.push(summaryLine(plan));
  return `${lines.join("\n")}\n`;
}

export function summaryLine(plan: Plan): string {
  const s = summarize(plan);
  const waiting = plan.resources.filter((r) => r.action === "none" && r.sync === "OutOfSync").length;
  if (s.create + s.update + s.register + s.replace + s.delete === 0)
    return waiting
      ? `Nothing to change now; ${waiting} out of sync (a rollout under way or rolled back), ${s.unchanged - waiting} in sync.`
      : `No changes. ${s.unchanged} resource${s.unchanged === 1 ? "" : "s"} in sync.`;
  return `Plan: ${s.create} to add, ${s.update} to change, ${s.register} to register, ${s.replace} to replace, ${s.delete} to destroy; ${s.unchanged} unchanged.`;
}

/** CONTRACT.md §3: the `diff --output json` object. */
export function planJson(plan: Plan, o: Pick<RenderOptions, "showSecrets">): object {
  return {
    resources: plan.resources.map((r) => ({
      kind: r.kind,
      ...(r.cluster ? { cluster: r.cluster } : {}),
      name: r.name,
      action: r.action,
      changes: r.changes.map((c) => {
        const shown = o.showSecrets ? c : redactChange(c);
        return { path: c.path, op: c.op, live: shown.live ?? null, desired: shown.desired ?? null };
      }),
      ...(r.notes.length ? { notes: r.notes } : {}),
      ...(r.blocked ? { blocked: r.blocked } : {}),
      mode: r.mode,
    })),
    summary: summarize(plan),
  };
}
