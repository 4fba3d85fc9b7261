import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { startHttpServer } from "./http-server.js";

describe("startHttpServer", () => {
  it("serves /metrics, /healthz, and /readyz that follows isReady", async () => {
    const registry = new Registry();
    new Counter({ name: "demo_total", help: "x", registers: [registry] }).inc(3);
    let ready = false;
    const srv = await startHttpServer({ host: "127.0.0.1", port: 0, registry, isReady: () => ready });
    const url = (p: string) => `http://127.0.0.1:${srv.address.port}${p}`;
    try {
      expect((await fetch(url("/healthz"))).status).toBe(200);
      expect((await fetch(url("/readyz"))).status).toBe(503);
      ready = true;
      expect((await fetch(url("/readyz"))).status).toBe(200);
      const metrics = await fetch(url("/metrics"));
      expect(metrics.headers.get("content-type")).toContain("text/plain");
      expect(await metrics.text()).toContain("demo_total 3");
      expect((await fetch(url("/nope"))).status).toBe(404);
      expect((await fetch(url("/metrics"), { method: "POST" })).status).toBe(405);
    } finally {
      await srv.close();
    }
  });
});
