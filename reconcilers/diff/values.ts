/** Value helpers shared by the normalizers and the diff. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** ECS answers `[]`, `{}` or nothing for the same "unset": all three are one value here. */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && !hasDefined(v));
}

function hasDefined(o: Record<string, unknown>): boolean {
  return Object.values(o).some((v) => !isEmptyValue(v));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Date || b instanceof Date) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!deepEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/** A deep copy without undefined members (plans are data: they must survive JSON). */
export function clean<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clean(x)) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = clean(x);
    return out as T;
  }
  return v;
}

/** `base` with `over` laid on top, objects merged key by key, lists and scalars taken from `over`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return clean(base);
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...(clean(base) as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = deepMerge(out[k], v);
    return out;
  }
  return clean(over);
}

/** Stable JSON text: keys sorted, for hashing and keys of unkeyed items. */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(",")}]`;
  if (isPlainObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}
