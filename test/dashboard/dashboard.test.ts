/**
 * docs/dashboards/ecs-reconciler.json against the metrics the controller really exports: every
 * metric name in every panel's PromQL (and in the template variables' queries) is registered by
 * ResourceMetrics, the AWS metrics or the workqueue metrics, with the labels the query uses; every
 * metric of CONTRACT.md §6 (indeed every metric the controller exports) is on some panel.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { workQueueMetrics } from "../../controllers/workqueue-metrics.js";
import { ResourceMetrics } from "../../reconcilers/metrics.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DASHBOARD_PATH = join(ROOT, "docs", "dashboards", "ecs-reconciler.json");
const CONTRACT_PATH = join(ROOT, "..", "shared", "CONTRACT.md");
/** The data source placeholder of an exported dashboard, filled in by Grafana's import. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's placeholder syntax, not a template
const DS_UID = "${DS_PROMETHEUS}";

/** CONTRACT.md §6, as of writing (cross-checked against the file itself when it is at hand). */
const CONTRACT_METRICS = [
  "ecs_reconciler_resource_info",
  "ecs_reconciler_drifted_fields",
  "ecs_reconciler_rollout_state",
  "ecs_reconciler_reconcile_total",
  "ecs_reconciler_reconcile_duration_seconds",
  "ecs_reconciler_aws_requests_total",
  "ecs_reconciler_aws_request_duration_seconds",
  "workqueue_depth",
  "workqueue_adds_total",
  "workqueue_retries_total",
  "workqueue_queue_duration_seconds",
  "workqueue_work_duration_seconds",
  "ecs_reconciler_build_info",
];

// ---- what the controller exports ----

interface Exported {
  type: string;
  labels: string[];
}

async function exportedMetrics(): Promise<Map<string, Exported>> {
  const registry = new Registry();
  new ResourceMetrics(registry, "test");
  workQueueMetrics(registry);
  const out = new Map<string, Exported>();
  for (const m of await registry.getMetricsAsJSON()) {
    const metric = registry.getSingleMetric(m.name) as unknown as { labelNames?: string[] };
    out.set(m.name, { type: String(m.type), labels: [...(metric.labelNames ?? [])] });
  }
  return out;
}

/** The exported metric a series name belongs to (a histogram's _bucket, _sum and _count included). */
function seriesOwner(series: string, exported: Map<string, Exported>): { name: string; labels: string[] } | undefined {
  const direct = exported.get(series);
  if (direct) return { name: series, labels: direct.labels };
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = m ? exported.get(m[1]!) : undefined;
  if (!m || !base || base.type !== "histogram") return undefined;
  return { name: m[1]!, labels: m[2] === "bucket" ? [...base.labels, "le"] : base.labels };
}

// ---- PromQL, just enough of it ----

/** Keywords that are not followed by "(" (functions and aggregations always are). */
const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"]);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/gi;

/** The expression with strings, Grafana variables, label matchers and ranges emptied. */
function blank(expr: string): string {
  return expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, "1")
    .replace(/\{[^}]*\}/g, "{}")
    .replace(/\[[^\]]*\]/g, "[]");
}

/** Metric names in a PromQL expression: identifiers that are neither functions, keywords nor label names. */
function metricNames(expr: string): string[] {
  const text = blank(expr).replace(GROUPING, " ");
  const names: string[] = [];
  const token = /(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?:ms|[smhdwy])*)|([a-zA-Z_:][\w:]*)|(\S)/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const id = m[2];
    if (!id) continue;
    const next = text.slice(token.lastIndex).trimStart()[0];
    if (next === "(" || KEYWORDS.has(id.toLowerCase())) continue;
    names.push(id);
  }
  return [...new Set(names)];
}

/** Label names in the matchers of each selector: `metric{a="x",b=~"y"}` → metric: [a, b]. */
function matcherLabels(expr: string): { metric: string; labels: string[] }[] {
  const text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  return [...text.matchAll(/([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/g)].map((m) => ({
    metric: m[1]!,
    labels: [...m[2]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!),
  }));
}

/** Label names in by/without/on/ignoring/group_left/group_right clauses. */
function groupingLabels(expr: string): string[] {
  return [...blank(expr).matchAll(GROUPING)].flatMap((m) =>
    m[2]!
      .split(",")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

// ---- the dashboard ----

interface Target {
  expr?: string;
  refId?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  definition?: string;
  query?: string | { query?: string };
  datasource?: { type?: string; uid?: string };
}
interface Dashboard {
  __inputs?: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

const DASHBOARD = JSON.parse(readFileSync(DASHBOARD_PATH, "utf8")) as Dashboard;
const PANELS = DASHBOARD.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const QUERY_PANELS = PANELS.filter((p) => p.type !== "row");
const TARGETS = QUERY_PANELS.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));
const VARIABLE_QUERIES = DASHBOARD.templating.list
  .filter((v) => v.type === "query")
  .map((v) => ({
    name: v.name,
    query: typeof v.query === "string" ? v.query : (v.query?.query ?? v.definition ?? ""),
  }));

/** label_values(metric, label) of a query variable; other variable queries are plain PromQL. */
function variableSeries(query: string): { exprs: string[]; labels: { metric: string; label: string }[] } {
  const m = /^\s*label_values\(\s*([^,]+?)\s*,\s*([a-zA-Z_]\w*)\s*\)\s*$/.exec(query);
  if (!m) return { exprs: [query], labels: [] };
  return { exprs: [m[1]!], labels: metricNames(m[1]!).map((metric) => ({ metric, label: m[2]! })) };
}

const usedNames = () => [
  ...TARGETS.flatMap((t) => metricNames(t.expr ?? "")),
  ...VARIABLE_QUERIES.flatMap((v) => variableSeries(v.query).exprs.flatMap(metricNames)),
];

describe("PromQL metric name extraction", () => {
  it.each([
    ['sum by (le, kind) (rate(a_bucket{kind=~"$kind"}[$__rate_interval]))', ["a_bucket"]],
    ["histogram_quantile(0.99, sum(rate(b_bucket[5m])) by (le, name))", ["b_bucket"]],
    ["a / on(instance) group_left(version) b offset 1h", ["a", "b"]],
    ['count(c{x!="y"}) or vector(0)', ["c"]],
    ['label_replace(d, "dst", "$1", "src", "(.*)")', ["d"]],
    ["sum without (name) (e) > bool 1e3", ["e"]],
    ["topk(5, f) unless g @ start()", ["f", "g"]],
    ["sum(rate(h[1m:30s])) / sum(rate(i[$__range])) * $factor", ["h", "i"]],
    ["max by(name)(workqueue_longest_running_processor_seconds)", ["workqueue_longest_running_processor_seconds"]],
  ])("%s", (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });

  it("finds label names in matchers and grouping clauses", () => {
    expect(matcherLabels('x{a="1",b=~"{weird}"} / y{c!~""}')).toEqual([
      { metric: "x", labels: ["a", "b"] },
      { metric: "y", labels: ["c"] },
    ]);
    expect(groupingLabels("sum by (le, kind) (x) / on(a) group_left() y")).toEqual(["le", "kind", "a"]);
  });
});

describe("docs/dashboards/ecs-reconciler.json", () => {
  it("is an importable Grafana dashboard with a DS_PROMETHEUS input and cluster and kind variables", () => {
    expect(DASHBOARD.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(DASHBOARD.uid).toBe("ecs-reconciler");
    expect(DASHBOARD.__inputs).toEqual([expect.objectContaining({ name: "DS_PROMETHEUS", pluginId: "prometheus" })]);
    expect(DASHBOARD.templating.list.map((v) => v.name)).toEqual(expect.arrayContaining(["cluster", "kind"]));
    for (const v of DASHBOARD.templating.list.filter((x) => x.type === "query"))
      expect(v.datasource?.uid, v.name).toBe(DS_UID);
    for (const p of QUERY_PANELS) {
      expect(p.datasource?.uid, p.title).toBe(DS_UID);
      expect(p.targets?.length, `${p.title} has no query`).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(t.datasource?.uid, p.title).toBe(DS_UID);
        expect(t.expr?.trim(), p.title).toBeTruthy();
      }
      expect(new Set(p.targets!.map((t) => t.refId)).size, `${p.title}: refIds must differ`).toBe(p.targets!.length);
    }
  });

  it("has unique panel ids and panels that neither overlap nor leave the 24-column grid", () => {
    const ids = PANELS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PANELS) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    for (const [i, a] of PANELS.entries())
      for (const b of PANELS.slice(i + 1)) {
        const overlap =
          a.gridPos.x < b.gridPos.x + b.gridPos.w &&
          b.gridPos.x < a.gridPos.x + a.gridPos.w &&
          a.gridPos.y < b.gridPos.y + b.gridPos.h &&
          b.gridPos.y < a.gridPos.y + a.gridPos.h;
        expect(overlap, `"${a.title}" overlaps "${b.title}"`).toBe(false);
      }
  });

  it("queries only metrics the controller exports, with labels they have", async () => {
    const exported = await exportedMetrics();
    const unknown = [...new Set(usedNames())].filter((n) => !seriesOwner(n, exported));
    expect(unknown, "metric names on the dashboard that the controller does not export").toEqual([]);

    for (const t of TARGETS) {
      const expr = t.expr ?? "";
      const owners = metricNames(expr).map((n) => seriesOwner(n, exported)!);
      for (const { metric, labels } of matcherLabels(expr)) {
        const owner = seriesOwner(metric, exported)!;
        for (const label of labels) expect(owner.labels, `${t.panel}: ${metric}{${label}}`).toContain(label);
      }
      const available = new Set(owners.flatMap((o) => o.labels));
      for (const label of groupingLabels(expr)) expect([...available], `${t.panel}: by (${label})`).toContain(label);
      for (const m of (t.legendFormat ?? "").matchAll(/\{\{\s*(\w+)\s*\}\}/g))
        expect([...available], `${t.panel}: legend {{${m[1]}}}`).toContain(m[1]);
    }
    for (const v of VARIABLE_QUERIES)
      for (const { metric, label } of variableSeries(v.query).labels)
        expect(seriesOwner(metric, exported)?.labels, `$${v.name}: ${v.query}`).toContain(label);
  });

  it("shows every metric of CONTRACT.md §6 and every other metric the controller exports", async () => {
    const shown = new Set(usedNames().map((n) => n.replace(/_(bucket|sum|count)$/, "")));
    for (const name of CONTRACT_METRICS) expect(shown, name).toContain(name);
    for (const name of (await exportedMetrics()).keys()) expect(shown, name).toContain(name);
  });

  it.runIf(existsSync(CONTRACT_PATH))("knows CONTRACT.md §6 as it stands", () => {
    const contract = readFileSync(CONTRACT_PATH, "utf8");
    const section = contract.split(/^## /m).find((s) => s.startsWith("6. Metrics")) ?? "";
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    const names = rows.flatMap((r) => [...r.split("|")[1]!.matchAll(/`([a-z_:][\w:]*)`/g)].map((m) => m[1]!));
    expect(names.sort()).toEqual([...CONTRACT_METRICS].sort());
  });
});
