import { InvalidArgumentError } from "commander";
import { durationMs } from "../manifests/duration.js";

/** `500ms`, `30s`, `10m`, `1h`, `1m30s`; a bare number is seconds. Returns milliseconds. */
export function parseDuration(text: string): number {
  const ms = durationMs(text);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration like 30s, 10m or 1h, got "${text}"`);
  return ms;
}

/** `HOST:PORT`, `:PORT` (all interfaces) or `PORT`. */
export function parseAddress(text: string): { host: string; port: number } {
  const m = /^(?:(.*):)?(\d+)$/.exec(text.trim());
  const port = Number(m?.[2]);
  if (!m || !(port >= 0 && port < 65536)) throw new InvalidArgumentError(`expected HOST:PORT, got "${text}"`);
  const host = (m[1] ?? "").replace(/^\[(.*)\]$/, "$1");
  return { host: host || "0.0.0.0", port };
}
