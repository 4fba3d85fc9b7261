import { InvalidArgumentError } from "commander";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `10m`, `1h`, `1m30s`; a bare number is seconds. Returns milliseconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== t)
    throw new InvalidArgumentError(`expected a duration like 30s, 10m or 1h, got "${text}"`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** `HOST:PORT`, `:PORT` (all interfaces) or `PORT`. */
export function parseAddress(text: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || !(port >= 0 && port < 65536)) throw new InvalidArgumentError(`expected HOST:PORT, got "${text}"`);
  const host = (m[1] ?? "").replace(/^\[(.*)\]$/, "$1");
  return { host: host || "0.0.0.0", port };
}
