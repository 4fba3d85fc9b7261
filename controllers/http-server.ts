import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface HttpServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** /readyz answers 200 once this is true (after the first full pass). */
  isReady: () => boolean;
}

export interface HttpServerHandle {
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * /metrics (Prometheus text), /healthz (the process is alive and serving), /readyz (ready to be
 * trusted: the first full pass is done). Nothing else is served.
 */
export async function startHttpServer(o: HttpServerOptions): Promise<HttpServerHandle> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/metrics") {
      o.registry
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": o.registry.contentType }).end(text))
        .catch((err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(`${err.message}\n`));
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    if (path === "/readyz") {
      const ready = o.isReady();
      res
        .writeHead(ready ? 200 : 503, { "content-type": "text/plain" })
        .end(ready ? "ready\n" : "not ready: first pass running\n");
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
  // A scrape that hangs must not hold the shutdown open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
