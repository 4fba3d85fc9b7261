import { escapePointerSegment } from "../../manifests/errors.js";
import { deepEqual, isEmptyValue, isPlainObject, stableStringify } from "./values.js";

/** One difference between desired and live, at a JSON pointer into the manifest's spec. */
export interface Change {
  /** add: set in the manifest, absent live. remove: live only (an extra list item). change: both differ. */
  op: "add" | "remove" | "change";
  path: string;
  live?: unknown;
  desired?: unknown;
}

/**
 * How a list at one path compares. Paths are patterns with `*` for list indices and map keys
 * (`/containerDefinitions/*\/environment`).
 *  - key: items are matched by key, order is irrelevant, extra live items are drift;
 *  - set: scalar items, order is irrelevant;
 *  - partial: keyed, but live items the manifest does not name are not drift (tags others add).
 * Lists without a rule compare position by position.
 */
export interface ListRule {
  key?: (item: unknown) => string;
  set?: boolean;
  partial?: boolean;
}

export interface CompareRules {
  lists?: Record<string, ListRule>;
  /** Maps compared as a whole (extra live keys are drift), e.g. dockerLabels; other objects are structs. */
  wholeMaps?: readonly string[];
  /** Pointers never compared (metadata.reconcile.ignore), with everything below them. */
  ignore?: readonly string[];
}

const toPattern = (segments: readonly string[]): string =>
  segments.map((s) => `/${/^\d+$/.test(s) ? "*" : escapePointerSegment(s)}`).join("");

/**
 * Intent diff: compares only what `desired` sets. Both sides must already be normalized. A field the
 * manifest omits is never drift; a list or whole map the manifest sets is compared in full.
 */
export function diffIntent(desired: unknown, live: unknown, rules: CompareRules = {}): Change[] {
  const changes: Change[] = [];
  const ignored = (path: string) => (rules.ignore ?? []).some((p) => path === p || path.startsWith(`${p}/`));
  const wholeMaps = new Set(rules.wholeMaps ?? []);

  const walk = (d: unknown, l: unknown, segments: string[], patternSegs: string[]): void => {
    const path = segments.map((s) => `/${escapePointerSegment(s)}`).join("");
    if (d === undefined || ignored(path)) return;
    const pattern = toPattern(patternSegs);
    // A struct with no fields set sets nothing; an empty list or whole map says "none" and is compared.
    if (isPlainObject(d) && Object.values(d).every((v) => v === undefined) && !wholeMaps.has(pattern)) return;
    // A partial list given as [] names no items: items other systems keep there are not drift.
    if (Array.isArray(d) && d.length === 0 && rules.lists?.[pattern]?.partial) return;
    // Lists and whole maps that are empty are compared as "none"; a struct is walked member by member.
    if (isEmptyValue(d) && (!isPlainObject(d) || wholeMaps.has(pattern) || !isPlainObject(l))) {
      if (!isEmptyValue(l)) changes.push({ op: "change", path, live: l, desired: d });
      return;
    }
    if (isPlainObject(d)) {
      if (!isPlainObject(l)) {
        changes.push(isEmptyValue(l) ? { op: "add", path, desired: d } : { op: "change", path, live: l, desired: d });
        return;
      }
      const map = wholeMaps.has(pattern);
      for (const [k, v] of Object.entries(d)) walk(v, l[k], [...segments, k], [...patternSegs, map ? "*" : k]);
      if (map)
        for (const [k, v] of Object.entries(l))
          if (!(k in d) && !isEmptyValue(v) && !ignored(`${path}/${escapePointerSegment(k)}`))
            changes.push({ op: "remove", path: `${path}/${escapePointerSegment(k)}`, live: v });
      return;
    }
    if (Array.isArray(d)) {
      const liveList = Array.isArray(l) ? l : [];
      if (!Array.isArray(l) && !isEmptyValue(l)) {
        changes.push({ op: "change", path, live: l, desired: d });
        return;
      }
      const rule = rules.lists?.[pattern];
      if (rule?.set) {
        const norm = (xs: unknown[]) => xs.map(stableStringify).sort();
        if (!deepEqual(norm(d), norm(liveList))) changes.push({ op: "change", path, live: l ?? [], desired: d });
        return;
      }
      if (rule?.key) {
        const liveByKey = new Map(liveList.map((item) => [rule.key!(item), item]));
        const desiredKeys = new Set<string>();
        d.forEach((item, i) => {
          const key = rule.key!(item);
          desiredKeys.add(key);
          const match = liveByKey.get(key);
          const at = [...segments, String(i)];
          if (match === undefined) {
            const itemPath = at.map((s) => `/${escapePointerSegment(s)}`).join("");
            if (!ignored(itemPath)) changes.push({ op: "add", path: itemPath, desired: item });
          } else walk(item, match, at, [...patternSegs, "0"]);
        });
        if (!rule.partial)
          for (const [key, item] of liveByKey)
            if (!desiredKeys.has(key)) changes.push({ op: "remove", path, live: item });
        return;
      }
      if (d.length !== liveList.length) {
        changes.push({ op: "change", path, live: l ?? [], desired: d });
        return;
      }
      d.forEach((item, i) => {
        walk(item, liveList[i], [...segments, String(i)], [...patternSegs, "0"]);
      });
      return;
    }
    if (!deepEqual(d, l))
      changes.push(isEmptyValue(l) ? { op: "add", path, desired: d } : { op: "change", path, live: l, desired: d });
  };

  walk(desired, live, [], []);
  return changes;
}

/** Key function over named fields, filling a default for a field the item leaves out. */
export function keyBy(...fields: (string | [string, unknown])[]): (item: unknown) => string {
  return (item) =>
    fields
      .map((f) => {
        const [name, fallback] = Array.isArray(f) ? f : [f, undefined];
        const v = isPlainObject(item) ? item[name] : undefined;
        return stableStringify(v ?? fallback ?? null);
      })
      .join("|");
}
