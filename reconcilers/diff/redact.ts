import type { Change } from "./compare.js";
import { isPlainObject } from "./values.js";

export const REDACTED = "(sensitive)";

/** Values that are secrets or point at them: environment values, secret references. */
const SENSITIVE = [/\/environment\/\*\/value$/, /\/secrets\/\*\/valueFrom$/, /\/secretOptions\/\*\/valueFrom$/];

const pattern = (path: string) => path.replace(/\/\d+(?=\/|$)/g, "/*");

function redactAt(value: unknown, path: string): unknown {
  if (SENSITIVE.some((re) => re.test(pattern(path)))) return value === undefined ? value : REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactAt(v, `${path}/0`));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAt(v, `${path}/${k}`)]));
  return value;
}

/** A change with its secret values replaced; a `remove` of a list item carries the item itself. */
export function redactChange(change: Change): Change {
  const at = change.op === "remove" && !/\/\d+$/.test(change.path) ? `${change.path}/0` : change.path;
  const out: Change = { ...change };
  if ("live" in change) out.live = redactAt(change.live, at);
  if ("desired" in change) out.desired = redactAt(change.desired, at);
  return out;
}
