import { escapePointerSegment, parsePointer } from "../../manifests/errors.js";
import type { CompareRules } from "./compare.js";
import { clean, isPlainObject } from "./values.js";

/**
 * `metadata.reconcile.ignore` means "never compared nor changed". The diff skips those paths; this
 * makes the writes skip them too: in what is about to be sent (the manifest's spec), each ignored
 * pointer takes the live value, or is removed when live has none. Pointers use the manifest's list
 * indices; a keyed list's item is found in live by its key (containers by name...), not by position.
 */
export function keepIgnoredLive<T extends object>(
  sent: T,
  live: object | undefined,
  ignore: readonly string[],
  rules: CompareRules,
): T {
  if (ignore.length === 0) return sent;
  const out = clean(sent) as Record<string, unknown>;
  for (const pointer of ignore) {
    const segments = parsePointer(pointer);
    if (segments.length === 0) continue;
    let target: unknown = out;
    let source: unknown = live;
    const pattern: string[] = [];
    for (const seg of segments.slice(0, -1)) {
      const next = step(target, source, seg, pattern, rules);
      if (!next) {
        target = undefined;
        break;
      }
      [target, source] = next;
    }
    if (target === undefined) continue;
    const last = segments.at(-1)!;
    const liveValue = step(target, source, last, pattern, rules)?.[1];
    if (Array.isArray(target) && /^\d+$/.test(last)) {
      if (liveValue !== undefined) target[Number(last)] = clean(liveValue);
    } else if (isPlainObject(target)) {
      if (liveValue !== undefined) target[last] = clean(liveValue);
      else delete target[last];
    }
  }
  return out as T;
}

/** One step down both trees: the sent value at `seg`, and its live counterpart. */
function step(
  target: unknown,
  source: unknown,
  seg: string,
  pattern: string[],
  rules: CompareRules,
): [unknown, unknown] | undefined {
  if (Array.isArray(target)) {
    if (!/^\d+$/.test(seg)) return undefined;
    const item = target[Number(seg)];
    const rule = rules.lists?.[pattern.map((p) => `/${escapePointerSegment(p)}`).join("")];
    const liveList = Array.isArray(source) ? source : [];
    const liveItem = rule?.key ? liveList.find((l) => rule.key!(l) === rule.key!(item)) : liveList[Number(seg)];
    pattern.push("*");
    return [item, liveItem];
  }
  if (isPlainObject(target)) {
    pattern.push(seg);
    return [target[seg], isPlainObject(source) ? source[seg] : undefined];
  }
  return undefined;
}
