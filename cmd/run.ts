import pino from "pino";
import { Registry } from "prom-client";
import { startHttpServer } from "../controllers/http-server.js";
import { startController } from "../controllers/manager.js";
import { fingerprintPaths, startPollWatcher } from "../controllers/poll-watcher.js";
import type { ReconcileMode } from "../manifests/types.js";
import { ContinuousReconciler } from "../reconcilers/continuous.js";
import { ResourceMetrics } from "../reconcilers/metrics.js";
import { buildApi, CliError, type GlobalOptions, reconcileOptions } from "./context.js";
import { VERSION } from "./version.js";

export interface RunOptions {
  intervalMs: number;
  metricsAddr: { host: string; port: number };
  mode: ReconcileMode;
  workers: number;
  shutdownTimeoutMs: number;
  watchIntervalMs: number;
}

/** Credentials and secret values never reach the logs, whatever object carries them. */
const REDACT = [
  "*.secretAccessKey",
  "*.sessionToken",
  "*.password",
  "*.credentials",
  "*.environment[*].value",
  "*.secrets[*].valueFrom",
  "err.$response",
];

/**
 * The long-running controller: reconciles on a timer and on manifest changes, serves /metrics,
 * /healthz and /readyz, and exits 0 on SIGTERM or SIGINT after in-flight work finished.
 */
export async function runCommand(o: GlobalOptions, r: RunOptions): Promise<number> {
  if (o.file.length === 0) throw new CliError("no manifests given: use -f FILE_OR_DIR");
  const logger = pino({ base: { app: "ecs-reconciler", version: VERSION }, redact: REDACT });
  const registry = new Registry();
  const metrics = new ResourceMetrics(registry, VERSION);
  const api = buildApi(o, registry);
  const loop = new ContinuousReconciler({
    paths: o.file,
    api,
    metrics,
    options: reconcileOptions(o, { mode: r.mode }),
    logger,
  });
  // Signals are taken first: a SIGTERM during the first pass (AWS slow or unreachable) must still
  // stop the process cleanly, and as PID 1 an unhandled SIGTERM would be ignored altogether.
  const stopping = new Promise<string>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  // The fingerprint is taken before loading, so an edit made during the (possibly long) first pass
  // is seen by the watcher rather than folded into its baseline.
  const loadedAt = fingerprintPaths(o.file);
  loop.reload();

  let ready = () => false;
  const server = await startHttpServer({ ...r.metricsAddr, registry, isReady: () => ready() });
  logger.info(
    { address: `${server.address.address}:${server.address.port}`, mode: r.mode, intervalMs: r.intervalMs },
    `serving /metrics, /healthz and /readyz on port ${server.address.port}`,
  );

  const started = startController({
    name: "ecs-reconciler",
    workers: r.workers,
    resyncIntervalMs: r.intervalMs,
    shutdownTimeoutMs: r.shutdownTimeoutMs,
    registry,
    logger,
    listKeys: () => loop.listKeys(),
    reconcile: (key, signal) => loop.reconcileKey(key, signal),
  });
  // The first listing may take long (or retry): a signal meanwhile stops the process all the same.
  const first = await Promise.race([started, stopping]);
  if (typeof first === "string") {
    logger.info({ signal: first }, "stopped before the first pass finished");
    void started.then((c) => c.stop());
    await server.close();
    return 0;
  }
  const controller = first;
  loop.enqueue = (keys) => controller.enqueue(keys);
  ready = () => loop.loaded && controller.isReady();
  void controller.ready.then(() => logger.info({ resources: loop.keys.length }, "first pass complete: ready"));

  const watcher = startPollWatcher({
    intervalMs: r.watchIntervalMs,
    fingerprint: () => fingerprintPaths(o.file),
    initial: loadedAt,
    onChange: () => {
      const { changed } = loop.reload();
      controller.enqueue(changed);
    },
    onError: (err) => logger.error({ err }, "manifest watch failed"),
  });

  const signal = await stopping;
  logger.info({ signal, graceMs: r.shutdownTimeoutMs }, "shutting down: finishing in-flight reconciles");
  watcher.stop();
  await controller.stop();
  await server.close();
  logger.info("stopped");
  return 0;
}
